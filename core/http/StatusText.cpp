#include "core/http/StatusText.h"

namespace rs::http {

std::string_view StatusText::reason(int status)
{
    // Werkzeug 2.2's werkzeug.http.HTTP_STATUS_CODES, so that phrases match what Flask sends.
    switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 102: return "Processing";
    case 103: return "Early Hints";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 203: return "Non Authoritative Information";
    case 204: return "No Content";
    case 205: return "Reset Content";
    case 206: return "Partial Content";
    case 207: return "Multi Status";
    case 208: return "Already Reported";
    case 226: return "IM Used";
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 305: return "Use Proxy";
    case 306: return "Switch Proxy";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Request Entity Too Large";
    case 414: return "Request URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Requested Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 418: return "I'm a teapot";
    case 421: return "Misdirected Request";
    case 422: return "Unprocessable Entity";
    case 423: return "Locked";
    case 424: return "Failed Dependency";
    case 425: return "Too Early";
    case 426: return "Upgrade Required";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 449: return "Retry With";
    case 451: return "Unavailable For Legal Reasons";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    case 506: return "Variant Also Negotiates";
    case 507: return "Insufficient Storage";
    case 508: return "Loop Detected";
    case 510: return "Not Extended";
    case 511: return "Network Authentication Failed";
    default: return "Unknown";
    }
}

std::string_view StatusText::description(int status)
{
    // werkzeug/exceptions.py, with the apostrophe escaped as Werkzeug's escape() does.
    switch (status) {
    case 400: return "The browser (or proxy) sent a request that this server could not understand.";
    case 408:
        return "The server closed the network connection because the browser didn&#39;t finish the request "
               "within the specified time.";
    case 413: return "The data value transmitted exceeds the capacity limit.";
    case 431: return "One or more header fields exceeds the maximum size.";
    case 500:
        return "The server encountered an internal error and was unable to complete your request. Either the "
               "server is overloaded or there is an error in the application.";
    default: return {};
    }
}

QByteArray StatusText::errorPage(int status)
{
    const std::string_view name = reason(status);
    const std::string_view text = description(status);
    QByteArray page;
    page.reserve(160 + 2 * static_cast<qsizetype>(name.size() + text.size()));
    page.append("<!doctype html>\n<html lang=en>\n<title>");
    page.append(QByteArray::number(status)).append(' ');
    page.append(name.data(), static_cast<qsizetype>(name.size()));
    page.append("</title>\n<h1>");
    page.append(name.data(), static_cast<qsizetype>(name.size()));
    page.append("</h1>\n<p>");
    page.append(text.data(), static_cast<qsizetype>(text.size()));
    page.append("</p>\n");
    return page;
}

} // namespace rs::http
