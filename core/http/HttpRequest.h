#pragma once

#include "core/http/HeaderList.h"

#include <QByteArray>
#include <QHostAddress>
#include <QString>

#include <cstdint>

namespace rs::http {

// One parsed request: everything a WSGI environ carries. Built by the connection's parser.
struct HttpRequest {
    std::uint64_t id = 0; // unique in the process, increasing; the events' `req`
    QByteArray method;    // "GET"
    QByteArray target;    // request-target as received: "/a%20b?x=1"
    QByteArray rawPath;   // percent-encoded path part of target: "/a%20b"
    QByteArray rawQuery;  // without '?': "x=1"
    QString path;         // percent-decoded UTF-8 path: "/a b"
    int httpMajor = 1;
    int httpMinor = 1;
    HeaderList headers;
    QByteArray body;       // de-chunked
    bool keepAlive = true; // after this request, per version and Connection header
    QHostAddress remoteAddress;
    quint16 remotePort = 0;
    QHostAddress localAddress;
    quint16 localPort = 0;

    QByteArray header(const QByteArray &name) const { return headers.value(name); }
    // "host:port" as the client sent it in Host, else the local address.
    QByteArray host() const;
};

} // namespace rs::http
