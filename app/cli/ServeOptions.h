#pragma once

#include "core/fiber/IdentMode.h"
#include "core/http/ServerConfig.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace rs::cli {

// What `serve` was asked to do, parsed and checked.
struct ServeOptions {
    http::ServerConfig server;
    QString session = QStringLiteral("cookie");
    QString redisUrl = QStringLiteral("redis://127.0.0.1:6379/0");
    QString memcached = QStringLiteral("127.0.0.1:11211");
    QString sessionDir;
    QString sqliteFile;
    std::optional<QString> secret;
    QString eventsPath; // empty = no events; "-" = stdout
    // What the context Locals key on (--ident); defaults to coroutine with --workers coroutines.
    fiber::IdentMode ident = fiber::IdentMode::Thread;
    bool identGiven = false; // --ident was on the command line

    // Why the Local ident is broken on purpose (thread on coroutine workers, or global); empty
    // when it is sound.
    QString brokenIdentWarning() const
    {
        return QString::fromStdString(fiber::brokenIdentWarning(ident, server.coroutines));
    }

    // Parses `serve`'s arguments (without the word "serve"). On a bad argument returns nullopt
    // and sets *error to one line saying what is wrong and what is allowed.
    static std::optional<ServeOptions> parse(const QStringList &arguments, QString *error,
                                             bool *helpShown = nullptr);
    static QString helpText();
};

} // namespace rs::cli
