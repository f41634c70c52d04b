#pragma once

#include <QByteArray>

#include <string_view>

namespace rs::http {

// Reason phrases and the bodies of the error pages the server writes on its own.
class StatusText {
public:
    // Werkzeug's HTTP_STATUS_CODES phrase ("Not Found"), "Unknown" for other codes. Static storage.
    static std::string_view reason(int status);
    // Werkzeug's HTTPException description for the codes the server answers itself (400, 408,
    // 413, 431, 500), HTML-escaped as Werkzeug renders it; empty for others.
    static std::string_view description(int status);
    // The whole HTML body Werkzeug renders for that status (its HTTPException.get_body()).
    static QByteArray errorPage(int status);
};

} // namespace rs::http
