#pragma once

#include "core/http/HttpResponse.h"

#include <QByteArray>

namespace rs::http {

// Writes the status line and header block of a response. The server owns the framing headers:
// it adds Content-Length (unless the handler set one), Transfer-Encoding, Connection, and Date
// and Server when the handler did not set them.
class ResponseHead {
public:
    struct Framing {
        qint64 contentLength = -1; // added when >= 0 and the handler set none
        bool chunked = false;      // Transfer-Encoding: chunked
        bool close = false;        // Connection: close
        bool http10 = false;       // HTTP/1.0 peer: keep-alive must be announced
    };

    static void append(QByteArray &out, const HttpResponse &response, const Framing &framing);
    // True when the handler's own Connection header asks to close.
    static bool asksToClose(const HttpResponse &response);
};

} // namespace rs::http
