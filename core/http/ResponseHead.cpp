#include "core/http/ResponseHead.h"

#include "core/http/DateHeader.h"
#include "core/http/StatusText.h"

#include <charconv>
#include <cstring>

namespace rs::http {

namespace {
template <std::size_t N> bool named(const QByteArray &name, const char (&literal)[N])
{
    return name.size() == static_cast<qsizetype>(N - 1) && qstrnicmp(name.constData(), literal, N - 1) == 0;
}

// Writes into memory reserved up front: a head is a dozen small pieces, and QByteArray::append
// costs more per call than the copy itself.
class Cursor {
public:
    explicit Cursor(char *p) : p_(p) {}
    char *end() const { return p_; }

    template <std::size_t N> void literal(const char (&s)[N])
    {
        std::memcpy(p_, s, N - 1);
        p_ += N - 1;
    }
    void bytes(const char *s, std::size_t n)
    {
        std::memcpy(p_, s, n);
        p_ += n;
    }
    void bytes(const QByteArray &b) { bytes(b.constData(), static_cast<std::size_t>(b.size())); }
    void number(qint64 v) { p_ = std::to_chars(p_, p_ + 20, v).ptr; }
    // Header text must not contain line breaks: a CR or LF would let a value inject header lines.
    void clean(const QByteArray &b)
    {
        char *start = p_;
        bytes(b);
        for (char *q = start; q != p_; ++q)
            if (*q == '\r' || *q == '\n')
                *q = ' ';
    }

private:
    char *p_;
};
} // namespace

bool ResponseHead::asksToClose(const HttpResponse &response)
{
    for (const auto &[name, value] : response.headers.fields())
        if (named(name, "Connection") && value.toLower().contains("close"))
            return true;
    return false;
}

void ResponseHead::append(QByteArray &out, const HttpResponse &response, const Framing &framing)
{
    const std::string_view standardReason = StatusText::reason(response.status);
    const QByteArray &date = DateHeader::headerLine();
    // Room for everything below: the fixed lines are < 160 bytes, numbers < 21 bytes.
    qsizetype room =
        200 + date.size() + response.reason.size() + static_cast<qsizetype>(standardReason.size());
    for (const auto &[name, value] : response.headers.fields())
        room += name.size() + value.size() + 4;
    const qsizetype start = out.size();
    out.resize(start + room);
    Cursor c(out.data() + start);

    c.literal("HTTP/1.1 ");
    c.number(response.status);
    c.literal(" ");
    if (response.reason.isEmpty())
        c.bytes(standardReason.data(), standardReason.size());
    else
        c.clean(response.reason);
    c.literal("\r\n");

    bool hasLength = false;
    bool hasDate = false;
    bool hasServer = false;
    for (const auto &[name, value] : response.headers.fields()) {
        if (named(name, "Connection") || named(name, "Transfer-Encoding"))
            continue; // the server decides the framing
        if (named(name, "Content-Length"))
            hasLength = true;
        else if (named(name, "Date"))
            hasDate = true;
        else if (named(name, "Server"))
            hasServer = true;
        c.clean(name);
        c.literal(": ");
        c.clean(value);
        c.literal("\r\n");
    }
    if (framing.contentLength >= 0 && !hasLength && !framing.chunked) {
        c.literal("Content-Length: ");
        c.number(framing.contentLength);
        c.literal("\r\n");
    }
    if (framing.chunked)
        c.literal("Transfer-Encoding: chunked\r\n");
    if (!hasDate)
        c.bytes(date);
    if (!hasServer)
        c.literal("Server: RequestScope\r\n");
    if (framing.close)
        c.literal("Connection: close\r\n");
    else if (framing.http10)
        c.literal("Connection: keep-alive\r\n");
    c.literal("\r\n");
    out.resize(c.end() - out.constData());
}

} // namespace rs::http
