#pragma once

#include "ui/client/HistoryEntry.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace rs::ui {

class RequestStore;

// The client's history as HAR 1.2, both ways. Not a widget: ClientPanel drives it, tests call it.
//
// write(): one entry per history row with the request as sent and the response as received
// (a body that is not valid UTF-8 goes as base64 with "encoding": "base64"; a request that got no
// answer has status 0 and its error in response._error, as Chrome writes it). When the response
// named the engine's request (X-Request-Id) the entry gets `_requestscope`: the id, and when
// `requests` still holds that record its phases with durations, the session's open outcome and
// save decision (with the reason and the explanation in words), store operations and errors.
// With `redact`, Cookie, Set-Cookie, Authorization and Proxy-Authorization values, cookie values
// and session store keys become "[redacted]".
//
// read(): a HAR file (ours or a browser's: unknown fields, pages, _initiator… are ignored) back
// into history entries. Every problem is named by its JSON path ("log.entries[3].request.url:
// missing"); an entry with a problem is left out and reported, the others are still returned.
class HistoryHar {
public:
    struct WriteOptions {
        bool redact = false;
        const RequestStore *requests = nullptr; // may be null: then `_requestscope` holds the id only
    };
    struct ReadResult {
        QList<HistoryEntry> entries;
        QStringList problems;    // "path: what is wrong", in file order
        bool unreadable = false; // the file as a whole could not be used (not JSON, no log.entries…)
        int total = 0;           // entries in the file
    };

    static QByteArray write(const QList<HistoryEntry> &entries, const WriteOptions &options);
    static QByteArray write(const QList<HistoryEntry> &entries) { return write(entries, WriteOptions()); }
    static ReadResult read(const QByteArray &har);
    // A HAR file larger than this is refused, not read (browsers' HARs with bodies reach tens of MB).
    static constexpr qint64 kMaxFileBytes = 256LL << 20;

    static constexpr const char *kRedacted = "[redacted]";
};

} // namespace rs::ui
