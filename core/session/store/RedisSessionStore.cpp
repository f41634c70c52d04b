#include "core/session/store/RedisSessionStore.h"

#include "core/fiber/Fiber.h"
#include "core/fiber/FiberSleep.h"
#include "core/fiber/Scheduler.h"
#include "core/session/store/SystemErrorText.h"

#include <QSet>
#include <QUrl>

#include <hiredis/hiredis.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <sys/socket.h>
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
    // The socket's mode follows the caller: blocking (with the socket timeouts) outside a fiber,
    // non-blocking inside one. hiredis reads REDIS_BLOCK to tell EAGAIN "timed out" from "wait".
    bool setBlocking(bool blocking)
    {
        if (bool(ctx->flags & REDIS_BLOCK) == blocking)
            return true;
        const int flags = ::fcntl(ctx->fd, F_GETFL);
        if (flags < 0 || ::fcntl(ctx->fd, F_SETFL, blocking ? flags & ~O_NONBLOCK : flags | O_NONBLOCK) < 0)
            return false;
        if (blocking)
            ctx->flags |= REDIS_BLOCK;
        else
            ctx->flags &= ~REDIS_BLOCK;
        return true;
    }
};

struct RedisSessionStore::ConnectionPool {
    std::vector<std::unique_ptr<Connection>> idle;
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
using Clock = std::chrono::steady_clock;

QString noAnswer(int timeoutMs)
{
    return QStringLiteral("no answer within %1 ms").arg(timeoutMs);
}

QString contextError(const redisContext *ctx, int timeoutMs)
{
    if (!ctx)
        return QStringLiteral("out of memory");
    // A blocking read or write that ran into the socket timeout reports EAGAIN.
    if (ctx->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK))
        return noAnswer(timeoutMs);
    const QString text = QString::fromLocal8Bit(ctx->errstr);
    return text.isEmpty() ? QStringLiteral("I/O error") : text;
}

bool appendCommand(redisContext *ctx, const QByteArrayList &args)
{
    std::vector<const char *> argv;
    std::vector<size_t> lens;
    for (const QByteArray &a : args) {
        argv.push_back(a.constData());
        lens.push_back(size_t(a.size()));
    }
    return redisAppendCommandArgv(ctx, int(argv.size()), argv.data(), lens.data()) == REDIS_OK;
}

std::chrono::milliseconds leftUntil(Clock::time_point deadline)
{
    return std::max(std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()),
                    std::chrono::milliseconds::zero());
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

std::unique_ptr<RedisSessionStore::Connection> RedisSessionStore::checkOut()
{
    ConnectionPool &pool = pools_.local([] { return std::make_unique<ConnectionPool>(); });
    if (pool.idle.empty())
        return std::make_unique<Connection>();
    std::unique_ptr<Connection> c = std::move(pool.idle.back());
    pool.idle.pop_back();
    return c;
}

void RedisSessionStore::checkIn(std::unique_ptr<Connection> c)
{
    ConnectionPool &pool = pools_.local([] { return std::make_unique<ConnectionPool>(); });
    // A burst of concurrent requests leaves many connections behind; keep a few for the next.
    if (c->ctx && pool.idle.size() < std::size_t(kMaxIdlePerThread))
        pool.idle.push_back(std::move(c));
}

bool RedisSessionStore::open(Connection &c, fiber::Scheduler *scheduler, QString *error)
{
    const QByteArray host = endpoint_.host.toUtf8();
    const timeval tv{timeoutMs_ / 1000, (timeoutMs_ % 1000) * 1000};
    if (!scheduler) {
        c.ctx = redisConnectWithTimeout(host.constData(), endpoint_.port, tv);
    } else {
        // connect() returns at once; the handshake is over when the socket turns writable.
        c.ctx = redisConnectNonBlock(host.constData(), endpoint_.port);
        if (c.ctx && !c.ctx->err) {
            if (!scheduler->waitWritable(c.ctx->fd, std::chrono::milliseconds(timeoutMs_))) {
                *error = systemErrorText(ETIMEDOUT); // what hiredis's blocking connect says
                return false;
            }
            int soError = 0;
            socklen_t len = sizeof soError;
            if (::getsockopt(c.ctx->fd, SOL_SOCKET, SO_ERROR, &soError, &len) < 0)
                soError = errno;
            if (soError != 0) {
                *error = systemErrorText(soError);
                return false;
            }
        }
    }
    if (!c.ctx || c.ctx->err) {
        *error = contextError(c.ctx, timeoutMs_);
        return false;
    }
    // The socket timeouts bound this connection's blocking commands, whichever mode made it
    // (hiredis's redisSetTimeout refuses a non-blocking context).
    ::setsockopt(c.ctx->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(c.ctx->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    redisEnableKeepAlive(c.ctx);
    return true;
}

bool RedisSessionStore::connect(Connection &c, fiber::Scheduler *scheduler, QString *error)
{
    if (!backoff_.tryAcquire(error))
        return false;
    // A fiber unwound in the middle (its worker stopped) must not leave the backoff's single
    // reconnect probe taken for good.
    struct Settle {
        ReconnectBackoff &backoff;
        bool settled = false;
        ~Settle()
        {
            if (!settled && backoff.down())
                backoff.failed(QStringLiteral("a reconnect was abandoned"));
        }
    } settle{backoff_};
    QString why;
    bool ok = open(c, scheduler, &why);
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
    if (ok && !setup.empty()) {
        std::vector<Reply> replies;
        ok = roundTrip(c, setup, replies, scheduler, &why);
        for (std::size_t i = 0; ok && i < setup.size(); ++i) {
            if (replies[i].type == REDIS_REPLY_ERROR) {
                why = QStringLiteral("%1 failed: %2")
                          .arg(QString::fromLatin1(setup[i].front()), QString::fromUtf8(replies[i].str));
                ok = false;
            }
        }
    }
    settle.settled = true;
    if (!ok) {
        *error = why;
        c.reset();
        backoff_.failed(why);
        return false;
    }
    backoff_.succeeded();
    return true;
}

bool RedisSessionStore::roundTrip(Connection &c, const std::vector<QByteArrayList> &commands,
                                  std::vector<Reply> &replies, fiber::Scheduler *scheduler, QString *error)
{
    replies.assign(commands.size(), Reply{});
    if (!c.setBlocking(scheduler == nullptr)) {
        *error = systemErrorText(errno);
        return false;
    }
    return scheduler ? roundTripYielding(c, commands, replies, *scheduler, error)
                     : roundTripBlocking(c, commands, replies, error);
}

bool RedisSessionStore::roundTripBlocking(Connection &c, const std::vector<QByteArrayList> &commands,
                                          std::vector<Reply> &replies, QString *error)
{
    for (const QByteArrayList &args : commands) {
        if (!appendCommand(c.ctx, args)) {
            *error = contextError(c.ctx, timeoutMs_);
            return false;
        }
    }
    for (std::size_t i = 0; i < commands.size(); ++i) {
        void *raw = nullptr;
        if (redisGetReply(c.ctx, &raw) != REDIS_OK || !raw) {
            *error = contextError(c.ctx, timeoutMs_);
            return false;
        }
        replies[i].assign(static_cast<redisReply *>(raw));
        freeReplyObject(raw);
    }
    return true;
}

bool RedisSessionStore::roundTripYielding(Connection &c, const std::vector<QByteArrayList> &commands,
                                          std::vector<Reply> &replies, fiber::Scheduler &scheduler,
                                          QString *error)
{
    // One deadline for the whole round trip: "no answer within N ms" means the same as when
    // blocking, however many waits it took.
    const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeoutMs_);
    for (const QByteArrayList &args : commands) {
        if (!appendCommand(c.ctx, args)) {
            *error = contextError(c.ctx, timeoutMs_);
            return false;
        }
    }
    for (int done = 0;;) {
        if (redisBufferWrite(c.ctx, &done) != REDIS_OK) {
            *error = contextError(c.ctx, timeoutMs_);
            return false;
        }
        if (done)
            break;
        if (!scheduler.waitWritable(c.ctx->fd, leftUntil(deadline))) {
            *error = noAnswer(timeoutMs_);
            return false;
        }
    }
    for (std::size_t i = 0; i < commands.size(); ++i) {
        void *raw = nullptr;
        for (;;) {
            if (redisGetReplyFromReader(c.ctx, &raw) != REDIS_OK) {
                *error = contextError(c.ctx, timeoutMs_);
                return false;
            }
            if (raw)
                break;
            if (!scheduler.waitReadable(c.ctx->fd, leftUntil(deadline))) {
                *error = noAnswer(timeoutMs_);
                return false;
            }
            if (redisBufferRead(c.ctx) != REDIS_OK) {
                *error = contextError(c.ctx, timeoutMs_);
                return false;
            }
        }
        replies[i].assign(static_cast<redisReply *>(raw));
        freeReplyObject(raw);
    }
    return true;
}

bool RedisSessionStore::pipeline(const std::vector<QByteArrayList> &commands, std::vector<Reply> &replies,
                                 QString *error)
{
    fiber::Scheduler *scheduler = fiber::Scheduler::ofThisThread();
    if (scheduler && fiber::Fiber::current() && !fiber::inScheduledFiber()) {
        // A request fiber that its scheduler is unwinding (the worker stops) and whose framework
        // code caught the unwind: blocking here would hold the stop for the store's timeout.
        *error = QStringLiteral("the worker is stopping");
        return false;
    }
    if (!fiber::inScheduledFiber())
        scheduler = nullptr;
    // Ours until it goes back: another fiber of this thread never writes between our command and
    // its answer. Dropped, not returned, when it fails (or when an unwinding fiber drops it).
    std::unique_ptr<Connection> c = checkOut();
    for (int attempt = 0;; ++attempt) {
        const bool reused = c->ctx != nullptr;
        if (!c->ctx && !connect(*c, scheduler, error))
            return false;
        if (roundTrip(*c, commands, replies, scheduler, error)) {
            checkIn(std::move(c));
            return true;
        }
        // The connection is unusable after an I/O error or a timeout. One that had been working
        // may only be stale (Redis restarted since): reconnect once and send again; every command
        // sent here (GET, SETEX, DEL, PING, SCAN, PTTL) is idempotent.
        c->reset();
        if (reused && attempt == 0)
            continue;
        backoff_.failed(*error);
        return false;
    }
}

bool RedisSessionStore::command(const QByteArrayList &args, Reply &reply, QString *error)
{
    std::vector<Reply> replies;
    if (!pipeline({args}, replies, error))
        return false;
    reply = std::move(replies.front());
    if (reply.type == REDIS_REPLY_ERROR) {
        *error = QStringLiteral("%1 failed: %2")
                     .arg(QString::fromLatin1(args.front()), QString::fromUtf8(reply.str));
        return false;
    }
    return true;
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
