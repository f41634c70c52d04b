#pragma once

#include "core/framework/HttpException.h"

#include <QString>

namespace rs {

// A session store (Redis, memcached, files, SQLite) that cannot be reached or refused an
// operation. The request is answered 503 with a body naming the store and the error (Flask
// would give a bare 500); nothing is reported as saved.
class SessionStoreError : public HttpException {
public:
    // backend: "redis"; where: "127.0.0.1:6379"; error: "Connection refused".
    SessionStoreError(const QString &backend, const QString &where, const QString &error)
        : HttpException(
              503,
              QStringLiteral("The session store (%1 at %2) is unavailable: %3").arg(backend, where, error)),
          backend_(backend)
    {
    }
    const QString &backend() const { return backend_; }

private:
    QString backend_;
};

} // namespace rs
