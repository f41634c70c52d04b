#pragma once

#include "ui/client/HistoryEntry.h"
#include "ui/models/RequestRecord.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace rs::ui {

// A curl command line as browsers' "Copy as cURL (bash)" and API docs write it, read into one
// request, and the way back. Parsing follows bash's quoting ('…', "…", $'…', backslash-newline)
// and curl's options; nothing is executed and no file is read. Every function: any thread.
class CurlCommand {
public:
    QString method = QStringLiteral("GET"); // as curl would send it: -X, else HEAD/POST/GET
    QString url;                            // as written (with -G data appended to the query)
    HeaderPairs headers;                    // in command order, curl's defaults last
    QByteArray body;
    // Options that were accepted but change nothing here, by their long name (e.g. "--location").
    QStringList flags;

    // The request `commandLine` describes, or nullopt with `*error` naming the offending word and
    // where it is ("line 1, column 23"); `*errorPosition` is that word's index in commandLine.
    static std::optional<CurlCommand> parse(const QString &commandLine, QString *error,
                                            int *errorPosition = nullptr);

    // One line of bash: `curl 'URL' [-X M | -I] -H 'Name: value'… [--data-raw 'body']`. Strings
    // are single-quoted ('\'' for a quote), or $'…' when they hold control characters or bytes
    // that are not UTF-8, so that parse(generate(x)) gives x back.
    static QString generate(const QString &method, const QString &url, const HeaderPairs &headers,
                            const QByteArray &body);
    QString toCommandLine() const { return generate(method, url, headers, body); }

    // A request the engine saw (from any client), as curl would send it again: the URL from its
    // Host header (127.0.0.1 when it had none), its recorded headers but Host and Content-Length.
    // The engine records no request body and cuts headers at about 400 bytes: `*note` says so
    // when that loses something (empty otherwise).
    static QString forRecord(const RequestRecord &record, QString *note = nullptr);

    // A word quoted for bash (exposed for tests and for the generator).
    static QString quote(const QByteArray &word);
};

} // namespace rs::ui
