#pragma once

#include "core/framework/routing/MatchResult.h"
#include "core/http/HttpRequest.h"
#include "core/value/Value.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace rs {

namespace routing {
class Rule;
}

// Flask's request object over one parsed HTTP request (the WSGI environ). Reached from views
// through the `request` proxy. Used by the ident handling the request.
class Request {
public:
    using Pairs = std::vector<std::pair<QString, QString>>;

    explicit Request(http::HttpRequest &environ);
    ~Request();
    Request(const Request &) = delete;
    Request &operator=(const Request &) = delete;

    http::HttpRequest &environ() const { return *environ_; }
    std::uint64_t id() const { return environ_->id; }
    const QByteArray &method() const { return environ_->method; }
    const QString &path() const { return environ_->path; }
    QString fullPath() const; // "/p?q=1", or "/p?" when there is no query (as Werkzeug)
    QString host() const;     // Host header, or the server's address
    QString hostUrl() const;  // "http://host/"
    QString url() const;      // "http://host/p?q=1"
    QString remoteAddr() const;

    const Pairs &args() const; // query string, in order, duplicates kept
    QString arg(const QString &name, const QString &fallback = {}) const;
    QByteArray header(const QByteArray &name) const { return environ_->header(name); }
    const http::HeaderList &headers() const { return environ_->headers; }
    const Pairs &cookies() const; // Cookie header, in order; the first of a name wins
    std::optional<QString> cookie(const QString &name) const;
    const QByteArray &data() const { return environ_->body; }

    // Set by match_request.
    void setMatch(routing::MatchResult match);
    const routing::MatchResult &match() const { return match_; }
    bool matched() const { return match_.kind == routing::MatchResult::Kind::Matched; }
    const routing::Rule *urlRule() const { return match_.rule; }
    Value::Dict &viewArgs() { return match_.viewArgs; }
    QString endpoint() const;                                     // empty when no rule matched
    QString blueprint() const;                                    // "parent.child", or empty
    const QStringList &blueprints() const { return blueprints_; } // innermost first

    // The connection owns the environ and frees it after the response. A request whose context
    // outlives that — still on a stack another request shares, in the broken-on-purpose global
    // ident mode — keeps a copy, as Python keeps the environ dict alive while anything refers to
    // it; readers then see that request's data, never freed memory. Call with the contexts
    // serialised (the global mode runs requests under its interpreter lock).
    void keepEnvironCopy();

private:
    http::HttpRequest *environ_;
    std::unique_ptr<http::HttpRequest> kept_;
    routing::MatchResult match_;
    QStringList blueprints_;
    mutable std::optional<Pairs> args_;
    mutable std::optional<Pairs> cookies_;
};

} // namespace rs
