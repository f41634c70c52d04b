#include "core/session/store/MemcachedSessionStore.h"

#include "core/session/store/SystemErrorText.h"

#include <QHostAddress>
#include <QRegularExpression>

#include <libmemcached/memcached.h>

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace rs {

struct MemcachedSessionStore::Client {
    memcached_st *mc = nullptr;
    bool working = false; // an operation succeeded on it since it was made
    ~Client() { reset(); }
    void reset()
    {
        if (mc)
            memcached_free(mc);
        mc = nullptr;
        working = false;
    }
};

namespace {
constexpr qint64 kRelativeLimit = 60 * 60 * 24 * 30;

QString errorText(memcached_st *mc, memcached_return_t rc, int systemErrno)
{
    QString text = MemcachedSessionStore::readableError(QString::fromUtf8(memcached_last_error_message(mc)),
                                                        systemErrno);
    return text.isEmpty() ? QString::fromUtf8(memcached_strerror(mc, rc)) : text;
}

// Why a TCP connect to host:port fails right now: errno's value, or 0 when it succeeds or the
// name does not resolve (libmemcached says that itself).
int connectErrno(const QString &host, quint16 port, int timeoutMs)
{
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo *found = nullptr;
    if (::getaddrinfo(host.toUtf8().constData(), QByteArray::number(port).constData(), &hints, &found) != 0)
        return 0;
    int reason = 0;
    for (const addrinfo *a = found; a; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            reason = errno;
            continue;
        }
        reason = ::connect(fd, a->ai_addr, a->ai_addrlen) == 0 ? 0 : errno;
        if (reason == EINPROGRESS) {
            pollfd ready{fd, POLLOUT, 0};
            const int polled = ::poll(&ready, 1, timeoutMs);
            socklen_t length = sizeof reason;
            if (polled == 0)
                reason = ETIMEDOUT;
            else if (polled < 0)
                reason = errno;
            else if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &reason, &length) < 0)
                reason = errno;
        }
        ::close(fd);
        if (reason == 0)
            break;
    }
    ::freeaddrinfo(found);
    return reason;
}

// Failures that say nothing about the server being reachable.
bool isRequestError(memcached_return_t rc)
{
    return !memcached_fatal(rc) || rc == MEMCACHED_BAD_KEY_PROVIDED;
}
} // namespace

QString MemcachedSessionStore::readableError(QString message, int systemErrno)
{
    // "(0x7f1914017c80) CONNECTION FAILURE(Connection refused),  host: 127.0.0.1:5000 -> libmemcached/
    // connect.cc:163": the client's address goes (it would reach every browser in a 503 page), and
    // the source location, and the doubled spaces.
    static const QRegularExpression address(QStringLiteral("^\\(0x[0-9a-fA-F]+\\)\\s*"));
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    message.remove(address);
    const qsizetype arrow = message.indexOf(QLatin1String(" -> "));
    if (arrow >= 0)
        message.truncate(arrow);
    message = message.replace(spaces, QStringLiteral(" ")).trimmed();
    // Some failures come without the system's reason although errno has it.
    if (systemErrno != 0 && !message.isEmpty()) {
        const QString reason = systemErrorText(systemErrno);
        if (!message.contains(reason))
            message += QStringLiteral(" (%1)").arg(reason);
    }
    return message;
}

std::optional<MemcachedSessionStore::Endpoint> MemcachedSessionStore::parseServer(const QString &text,
                                                                                  QString *error)
{
    auto fail = [&](const QString &why) {
        *error =
            QStringLiteral("'%1' is not a memcached server: %2 (expected HOST:PORT, e.g. 127.0.0.1:11211)")
                .arg(text, why);
        return std::nullopt;
    };
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return fail(QStringLiteral("no port"));
    Endpoint e;
    e.host = text.left(colon);
    if (e.host.startsWith(QLatin1Char('[')) && e.host.endsWith(QLatin1Char(']')))
        e.host = e.host.mid(1, e.host.size() - 2);
    if (e.host.isEmpty() || e.host.contains(QLatin1Char(' ')) ||
        (e.host.contains(QLatin1Char(':')) && QHostAddress(e.host).isNull()))
        return fail(QStringLiteral("bad host"));
    bool ok = false;
    const int port = text.mid(colon + 1).toInt(&ok);
    if (!ok || port < 1 || port > 65535)
        return fail(QStringLiteral("the port must be 1..65535"));
    e.port = quint16(port);
    return e;
}

std::time_t MemcachedSessionStore::expirationFor(qint64 ttlSeconds, std::time_t now)
{
    return ttlSeconds > kRelativeLimit ? now + std::time_t(ttlSeconds) : std::time_t(ttlSeconds);
}

MemcachedSessionStore::MemcachedSessionStore(Endpoint endpoint, int timeoutMs)
    : endpoint_(std::move(endpoint)), timeoutMs_(timeoutMs)
{
}

MemcachedSessionStore::~MemcachedSessionStore() = default;

QString MemcachedSessionStore::where() const
{
    return endpoint_.host.contains(QLatin1Char(':'))
               ? QStringLiteral("[%1]:%2").arg(endpoint_.host).arg(endpoint_.port)
               : QStringLiteral("%1:%2").arg(endpoint_.host).arg(endpoint_.port);
}

bool MemcachedSessionStore::run(Op op, const QByteArray &key, const QByteArray &value, qint64 ttl,
                                Record *out, QString *error)
{
    Client &c = clients_.local([] { return std::make_unique<Client>(); });
    for (int attempt = 0;; ++attempt) {
        // While the server is down only the probe gets through; a working client goes ahead.
        if (!c.working && !backoff_.tryAcquire(error))
            return false;
        const bool reused = c.working;
        if (!c.mc) {
            c.mc = memcached_create(nullptr);
            if (!c.mc) {
                *error = QStringLiteral("out of memory");
                backoff_.failed(*error);
                return false;
            }
            const uint64_t ms = uint64_t(timeoutMs_);
            memcached_behavior_set(c.mc, MEMCACHED_BEHAVIOR_CONNECT_TIMEOUT, ms);
            memcached_behavior_set(c.mc, MEMCACHED_BEHAVIOR_POLL_TIMEOUT, ms);
            memcached_behavior_set(c.mc, MEMCACHED_BEHAVIOR_SND_TIMEOUT, ms * 1000);
            memcached_behavior_set(c.mc, MEMCACHED_BEHAVIOR_RCV_TIMEOUT, ms * 1000);
            memcached_behavior_set(c.mc, MEMCACHED_BEHAVIOR_TCP_NODELAY, 1);
            memcached_behavior_set(c.mc, MEMCACHED_BEHAVIOR_VERIFY_KEY, 1);
            const memcached_return_t rc =
                memcached_server_add(c.mc, endpoint_.host.toUtf8().constData(), endpoint_.port);
            if (memcached_failed(rc)) {
                *error = errorText(c.mc, rc, memcached_last_error_errno(c.mc));
                c.reset();
                backoff_.failed(*error);
                return false;
            }
        }
        memcached_return_t rc = MEMCACHED_SUCCESS;
        switch (op) {
        case Op::Get: {
            size_t length = 0;
            uint32_t flags = 0;
            char *data = memcached_get(c.mc, key.constData(), size_t(key.size()), &length, &flags, &rc);
            if (data) {
                out->status = Record::Status::Found;
                out->data = QByteArray(data, qsizetype(length));
                std::free(data);
            } else if (rc == MEMCACHED_NOTFOUND || rc == MEMCACHED_SUCCESS) {
                out->status = Record::Status::Missing;
                rc = MEMCACHED_SUCCESS;
            }
            break;
        }
        case Op::Set:
            rc = memcached_set(c.mc, key.constData(), size_t(key.size()), value.constData(),
                               size_t(value.size()), expirationFor(ttl, std::time(nullptr)), 0);
            break;
        case Op::Remove:
            rc = memcached_delete(c.mc, key.constData(), size_t(key.size()), 0);
            if (rc == MEMCACHED_NOTFOUND)
                rc = MEMCACHED_SUCCESS;
            break;
        case Op::Ping: rc = memcached_version(c.mc); break;
        }
        if (memcached_success(rc)) {
            if (!c.working)
                backoff_.succeeded();
            c.working = true;
            return true;
        }
        int systemErrno = memcached_last_error_errno(c.mc);
        // A get or version whose connect failed words it without the reason (libmemcached 1.1.4
        // replaces connect's "Connection refused" with its own message); a connect of our own
        // finds it. Only the one request the backoff lets through gets here during an outage.
        if (systemErrno == 0 && !reused && memcached_last_error(c.mc) == MEMCACHED_CONNECTION_FAILURE)
            systemErrno = connectErrno(endpoint_.host, endpoint_.port, timeoutMs_);
        *error = errorText(c.mc, rc, systemErrno);
        if (isRequestError(rc)) {
            // The server answered: it is up, only this request was refused.
            if (!c.working)
                backoff_.succeeded();
            c.working = true;
            return false;
        }
        c.reset();
        if (reused && attempt == 0)
            continue;
        backoff_.failed(*error);
        return false;
    }
}

bool MemcachedSessionStore::doGet(const QByteArray &key, Record &out, QString *error)
{
    return run(Op::Get, key, {}, 0, &out, error);
}

bool MemcachedSessionStore::doSet(const QByteArray &key, const QByteArray &value, qint64 ttlSeconds,
                                  QString *error)
{
    return run(Op::Set, key, value, ttlSeconds, nullptr, error);
}

bool MemcachedSessionStore::doList(const QByteArray &, int, std::vector<ListedRecord> &, QString *error)
{
    *error = QStringLiteral("memcached cannot list its keys: its protocol has no command to enumerate them, "
                            "so a session can only be read by its sid");
    return false;
}

bool MemcachedSessionStore::doRemove(const QByteArray &key, QString *error)
{
    return run(Op::Remove, key, {}, 0, nullptr, error);
}

bool MemcachedSessionStore::doPing(QString *error)
{
    return run(Op::Ping, {}, {}, 0, nullptr, error);
}

} // namespace rs
