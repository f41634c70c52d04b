#pragma once

#include "core/trace/Event.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <map>
#include <vector>

namespace rs::trace {

// HAR 1.2 (the browsers' "Save all as HAR") from a recording: one entry per request the engine
// saw, with its method, URL (Host header + path + query), headers both ways (as recorded: cut at
// about 400 bytes), status, size and time, and the request's lifecycle under the custom field
// `_requestscope` (id, thread, ident, phases with durations, session open outcome and save
// decision with its reason, store operations, errors). With `redact`, Cookie, Set-Cookie and
// Authorization values become "[redacted]", in the headers and the cookie lists alike.
//
// Events carry engine time (t_us since the engine started), HAR wants wall-clock dates: the
// caller says which wall-clock instant the recording's last event happened at (a file's
// modification time is a good guess), and every date is placed relative to it.
class HarWriter {
public:
    explicit HarWriter(bool redact = false) : redact_(redact) {}
    void add(const Event &e);
    QByteArray finish(const QDateTime &lastEventAt);
    int entries() const { return static_cast<int>(order_.size()); }

private:
    struct Request {
        QString method, path, query, requestHeaders, responseHead;
        std::int64_t beginUs = -1, durUs = -1, bytes = 0;
        int status = 0;
        QString thread;
        std::uint64_t ident = 0;
        QJsonArray phases, store, errors;
        QJsonObject session;
        std::vector<std::pair<std::int64_t, QString>> openPhases; // beginUs, "phase name"
    };

    QJsonArray headers(const QString &text, bool request, QJsonArray *cookies, QString *statusLine) const;
    QString maybeRedact(const QString &name, const QString &value) const;

    bool redact_;
    std::map<std::uint64_t, Request> requests_;
    std::vector<std::uint64_t> order_; // request ids in order of their request.begin
    std::int64_t lastUs_ = 0;
};

} // namespace rs::trace
