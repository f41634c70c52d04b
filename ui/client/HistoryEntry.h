#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace rs::ui {

using HeaderPairs = QList<QPair<QByteArray, QByteArray>>;

// One request the client sent and what came back (or the error instead of a response).
struct HistoryEntry {
    // The request.
    QString method;
    QUrl url;
    HeaderPairs requestHeaders;
    QByteArray requestBody;
    QDateTime sentAt;

    // The response. status is 0 when no response arrived; then error says why, in words.
    int status = 0;
    QString reason;
    HeaderPairs responseHeaders;
    QByteArray body;       // at most kMaxKeptBodyBytes of it
    qint64 bodyBytes = 0;  // the whole body's size, also when `body` was cut
    double elapsedMs = 0;  // from send to the last byte
    quint64 requestId = 0; // the engine's id from X-Request-Id, 0 when absent
    QString error;

    static constexpr qint64 kMaxKeptBodyBytes = 256 * 1024;

    bool hasResponse() const { return status > 0; }
    bool bodyTruncated() const { return bodyBytes > body.size(); }
    // The first header of that name (case-insensitive), or an empty array.
    QByteArray responseHeader(const QByteArray &name) const;
    // "HTTP/1.1 200 OK" or "no response: <error>".
    QString statusLine() const;
};

} // namespace rs::ui
