#pragma once

#include "core/http/HeaderList.h"

#include <QByteArray>

#include <functional>

namespace rs::http {

// What the handler gives back. Either a complete body, or a generator that produces the body in
// chunks: it is called on the worker thread until it returns false, after the status line and
// headers have been written, and each chunk is written before the next call (chunked transfer
// encoding on HTTP/1.1; on HTTP/1.0 the body ends when the connection closes).
struct HttpResponse {
    int status = 200;
    QByteArray reason;  // empty: the standard reason phrase for `status`
    HeaderList headers; // Content-Length is added by the server for plain bodies
    QByteArray body;
    // Sets `chunk` and returns true while there is more; returns false when done (chunk ignored).
    std::function<bool(QByteArray &chunk)> bodyGenerator;
    // Called once after the last byte is written or when writing fails, on the worker thread,
    // with the number of bytes of body written. Used to pop contexts kept for a streamed body.
    std::function<void(bool completed, qint64 bodyBytes)> onFinished;
    // Forces Connection: close after this response.
    bool closeConnection = false;
};

// "Not Found" for 404; "Unknown" for codes it does not know.
QByteArray reasonPhrase(int status);

} // namespace rs::http
