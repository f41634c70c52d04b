#pragma once

#include "ui/client/HistoryEntry.h"

#include <QByteArray>
#include <QUrl>

namespace rs::ui {

// What "Send concurrently" sends: the same request `requests` times over `connections`
// keep-alive connections. http:// only.
struct LoadPlan {
    QByteArray method = "GET";
    QUrl url;
    HeaderPairs headers; // sent as given (a Cookie header included); Host and Content-Length are added
    QByteArray body;
    int requests = 1000;
    int connections = 8;
    int timeoutMs = 10'000; // per request, from send to the last byte
};

} // namespace rs::ui
