#include "core/session/store/RedisSessionStore.h"

#include <QSet>
#include <QUrl>

#include <hiredis/hiredis.h>

#include <algorithm>
#include <cerrno>
#include <vector>

namespace rs {

struct RedisSessionStore::Connection {
    redisContext *ctx = nullptr;
    ~Connection() { reset(); }
    void reset()
    {
        if (ctx)
            redisFree(ctx);
        ctx = nullptr;
    }
};

struct RedisSessionStore::Reply {
    int type = 0;
    QByteArray str;
    long long integer = 0;
    std::vector<Reply> elements; // an array's items (SCAN)

    void assign(const redisReply *r)
    {
        type = r->type;
        if (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS || r->type == REDIS_REPLY_ERROR)
            str = QByteArray(r->str, qsizetype(r->len));
        integer = r->integer;
        elements.clear();
        if (r->type == REDIS_REPLY_ARRAY) {
            elements.resize(r->elements);
            for (size_t i = 0; i < r->elements; ++i)
                elements[i].assign(r->element[i]);
        }
    }
};

namespace {
QString contextError(const redisContext *ctx, int timeoutMs)
{
    if (!ctx)
        return QStringLiteral("out of memory");
    // A blocking read or write that ran into the socket timeout reports EAGAIN.
    if (ctx->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK))
        return QStringLiteral("no answer within %1 ms").arg(timeoutMs);
    const QString text = QString::fromLocal8Bit(ctx->errstr);
    return text.isEmpty() ? QStringLiteral("I/O error") : text;
}
} // namespace

std::optional<RedisSessionStore::Endpoint> RedisSessionStore::parseUrl(const QString &url, QString *error)
{
    auto fail = [&](const QString &why) {
        *error = QStringLiteral("'%1' is not a Redis URL: %2 (expected redis://host:port/db, e.g. "
                                "redis://127.0.0.1:6379/0)")
                     .arg(url, why);
        return std::nullopt;
    };
    const QUrl u(url, QUrl::StrictMode);
    if (!u.isValid())
        return fail(u.errorString().section(QLatin1Char(';'), 0, 0)); // without QUrl's dump of the parts
    if (u.scheme() != QLatin1String("redis"))
        return fail(u.scheme().isEmpty()
                        ? QStringLiteral("no scheme")
                        : QStringLiteral("the scheme must be redis, not %1").arg(u.scheme()));
    Endpoint e;
    e.host = u.host();
    if (e.host.isEmpty())
        return fail(QStringLiteral("no host"));
    if (u.port() == 0)
        return fail(QStringLiteral("port 0"));
    if (u.port() > 0)
        e.port = quint16(u.port());
    const QString path = u.path();
    if (!path.isEmpty() && path != QLatin1String("/")) {
        bool ok = false;
        const int db = path.mid(1).toInt(&ok);
        if (!path.startsWith(QLatin1Char('/')) || !ok || db < 0)
            return fail(QStringLiteral("the path must be a database number, not %1").arg(path));
        e.db = db;
    }
    if (u.hasQuery() || u.hasFragment())
        return fail(QStringLiteral("a query or fragment is not supported"));
    e.username = u.userName();
    e.password = u.password();
    return e;
}

RedisSessionStore::RedisSessionStore(Endpoint endpoint, int timeoutMs)
    : endpoint_(std::move(endpoint)), timeoutMs_(timeoutMs)
{
}

RedisSessionStore::~RedisSessionStore() = default;

QString RedisSessionStore::where() const
{
    return QStringLiteral("%1:%2/%3").arg(endpoint_.host).arg(endpoint_.port).arg(endpoint_.db);
}

bool RedisSessionStore::connect(Connection &c, QString *error)
{
    if (!backoff_.tryAcquire(error))
        return false;
    const timeval tv{timeoutMs_ / 1000, (timeoutMs_ % 1000) * 1000};
    c.ctx = redisConnectWithTimeout(endpoint_.host.toUtf8().constData(), endpoint_.port, tv);
    if (!c.ctx || c.ctx->err) {
        *error = contextError(c.ctx, timeoutMs_);
        c.reset();
        backoff_.failed(*error);
        return false;
    }
    redisSetTimeout(c.ctx, tv);
    redisEnableKeepAlive(c.ctx);
    // AUTH and SELECT belong to the connection: a failure there is a failed connect.
    std::vector<QByteArrayList> setup;
    if (!endpoint_.password.isEmpty()) {
        if (endpoint_.username.isEmpty())
            setup.push_back({"AUTH", endpoint_.password.toUtf8()});
        else
            setup.push_back({"AUTH", endpoint_.username.toUtf8(), endpoint_.password.toUtf8()});
    }
    if (endpoint_.db != 0)
        setup.push_back({"SELECT", QByteArray::number(endpoint_.db)});
    for (const QByteArrayList &args : setup) {
        std::vector<const char *> argv;
        std::vector<size_t> lens;
        for (const QByteArray &a : args) {
            argv.push_back(a.constData());
            lens.push_back(size_t(a.size()));
        }
        auto *r =
            static_cast<redisReply *>(redisCommandArgv(c.ctx, int(argv.size()), argv.data(), lens.data()));
        QString why;
        if (!r)
            why = contextError(c.ctx, timeoutMs_);
        else if (r->type == REDIS_REPLY_ERROR)
            why = QStringLiteral("%1 failed: %2")
                      .arg(QString::fromLatin1(args.front()), QString::fromUtf8(r->str));
        if (r)
            freeReplyObject(r);
        if (!why.isEmpty()) {
            *error = why;
            c.reset();
            backoff_.failed(why);
            return false;
        }
    }
    backoff_.succeeded();
    return true;
}

bool RedisSessionStore::command(const QByteArrayList &args, Reply &reply, QString *error)
{
    Connection &c = connections_.local([] { return std::make_unique<Connection>(); });
    std::vector<const char *> argv;
    std::vector<size_t> lens;
    for (const QByteArray &a : args) {
        argv.push_back(a.constData());
        lens.push_back(size_t(a.size()));
    }
    for (int attempt = 0;; ++attempt) {
        const bool reused = c.ctx != nullptr;
        if (!c.ctx && !connect(c, error))
            return false;
        auto *r =
            static_cast<redisReply *>(redisCommandArgv(c.ctx, int(argv.size()), argv.data(), lens.data()));
        if (!r) {
            // The connection is unusable after an I/O error. One that had been working may only
            // be stale (Redis restarted since): reconnect once and send the command again.
            *error = contextError(c.ctx, timeoutMs_);
            c.reset();
            if (reused && attempt == 0)
                continue;
            backoff_.failed(*error);
            return false;
        }
        reply.assign(r);
        freeReplyObject(r);
        if (reply.type == REDIS_REPLY_ERROR) {
            *error = QStringLiteral("%1 failed: %2")
                         .arg(QString::fromLatin1(args.front()), QString::fromUtf8(reply.str));
            return false;
        }
        return true;
    }
}

bool RedisSessionStore::pipeline(const std::vector<QByteArrayList> &commands, std::vector<Reply> &replies,
                                 QString *error)
{
    Connection &c = connections_.local([] { return std::make_unique<Connection>(); });
    replies.assign(commands.size(), Reply{});
    for (int attempt = 0;; ++attempt) {
        const bool reused = c.ctx != nullptr;
        if (!c.ctx && !connect(c, error))
            return false;
        bool appended = true;
        for (const QByteArrayList &args : commands) {
            std::vector<const char *> argv;
            std::vector<size_t> lens;
            for (const QByteArray &a : args) {
                argv.push_back(a.constData());
                lens.push_back(size_t(a.size()));
            }
            if (redisAppendCommandArgv(c.ctx, int(argv.size()), argv.data(), lens.data()) != REDIS_OK) {
                appended = false;
                break;
            }
        }
        bool answered = appended;
        for (std::size_t i = 0; answered && i < commands.size(); ++i) {
            void *raw = nullptr;
            if (redisGetReply(c.ctx, &raw) != REDIS_OK || !raw) {
                answered = false;
                break;
            }
            replies[i].assign(static_cast<redisReply *>(raw));
            freeReplyObject(raw);
        }
        if (answered)
            return true;
        // As in command(): the connection is unusable now; a stale one gets one more try. Every
        // command sent here only reads.
        *error = contextError(c.ctx, timeoutMs_);
        c.reset();
        if (reused && attempt == 0)
            continue;
        backoff_.failed(*error);
        return false;
    }
}

bool RedisSessionStore::doList(const QByteArray &prefix, int limit, std::vector<ListedRecord> &out,
                               QString *error)
{
    // MATCH is a glob: the prefix's own glob characters must match literally.
    QByteArray pattern;
    for (char ch : prefix) {
        if (ch == '*' || ch == '?' || ch == '[' || ch == ']' || ch == '\\')
            pattern += '\\';
        pattern += ch;
    }
    pattern += '*';
    // SCAN may return a key twice and visits keys in no order: collect them all, then take the
    // first `limit` by name, as the other stores do.
    QSet<QByteArray> keys;
    QByteArray cursor = "0";
    do {
        Reply reply;
        if (!command({"SCAN", cursor, "MATCH", pattern, "COUNT", "500"}, reply, error))
            return false;
        if (reply.type != REDIS_REPLY_ARRAY || reply.elements.size() != 2 ||
            reply.elements[1].type != REDIS_REPLY_ARRAY) {
            *error = QStringLiteral("SCAN answered with reply type %1").arg(reply.type);
            return false;
        }
        cursor = reply.elements[0].str;
        for (const Reply &key : reply.elements[1].elements)
            keys.insert(key.str);
    } while (cursor != "0");
    QByteArrayList sorted(keys.begin(), keys.end());
    std::sort(sorted.begin(), sorted.end());
    if (limit >= 0 && sorted.size() > limit)
        sorted.resize(limit);

    if (sorted.isEmpty())
        return true;
    std::vector<QByteArrayList> commands;
    commands.reserve(std::size_t(sorted.size()) * 2);
    for (const QByteArray &key : sorted) {
        commands.push_back({"GET", key});
        commands.push_back({"PTTL", key});
    }
    std::vector<Reply> replies;
    if (!pipeline(commands, replies, error))
        return false;
    for (qsizetype i = 0; i < sorted.size(); ++i) {
        const Reply &value = replies[std::size_t(i) * 2];
        const Reply &ttl = replies[std::size_t(i) * 2 + 1];
        // Gone since SCAN saw it, or not a string (another program's key under the same prefix).
        if (value.type != REDIS_REPLY_STRING || ttl.type != REDIS_REPLY_INTEGER || ttl.integer == -2)
            continue;
        const qint64 ttlSeconds = ttl.integer < 0 ? -1 : (ttl.integer + 999) / 1000;
        out.push_back({sorted[i], value.str, ttlSeconds});
    }
    return true;
}

bool RedisSessionStore::doGet(const QByteArray &key, Record &out, QString *error)
{
    Reply reply;
    if (!command({"GET", key}, reply, error))
        return false;
    if (reply.type == REDIS_REPLY_NIL) {
        out.status = Record::Status::Missing;
        return true;
    }
    if (reply.type != REDIS_REPLY_STRING) {
        *error = QStringLiteral("GET answered with reply type %1").arg(reply.type);
        return false;
    }
    out.status = Record::Status::Found;
    out.data = std::move(reply.str);
    return true;
}

bool RedisSessionStore::doSet(const QByteArray &key, const QByteArray &value, qint64 ttlSeconds,
                              QString *error)
{
    Reply reply;
    return command({"SETEX", key, QByteArray::number(ttlSeconds), value}, reply, error);
}

bool RedisSessionStore::doRemove(const QByteArray &key, QString *error)
{
    Reply reply;
    return command({"DEL", key}, reply, error);
}

bool RedisSessionStore::doPing(QString *error)
{
    Reply reply;
    return command({"PING"}, reply, error);
}

} // namespace rs
