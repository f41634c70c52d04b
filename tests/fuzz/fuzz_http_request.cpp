// libFuzzer target: bytes from a socket → RequestParser (the http_parser wrapper) → HttpRequest →
// Request (Flask's request object) → routing, as Connection and the App run them.
//
// The input is fed twice: once whole, and once cut into small pieces (as read() may return it),
// and both runs must parse the same requests and fail in the same way. A request or failure that
// depends on where the reads split the stream is a bug even when nothing crashes. One known
// exception: a request line or header block that is over the limit *and* has a bad byte after the
// limit gets 431 or 400 depending on whether a read ended between the two (the size is checked when
// http_parser hands over a piece of text; a bad byte stops it before it hands over the rest). Both
// refuse the request, so that pair is accepted.
#include "core/framework/Request.h"
#include "core/framework/routing/Map.h"
#include "core/http/RequestParser.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace {

// Small limits, so that the 431 and 413 paths (also a chunked body over the limit) are within
// the fuzzer's reach with short inputs (the engine's are 16 KiB and 8 MiB; the code is the same).
// scripts/fuzz.sh runs this target with -max_len=4096.
constexpr qint64 kMaxHeaderBytes = 1024;
constexpr qint64 kMaxBodyBytes = 2048;

// The demo app's rule shapes: static, every converter, strict slashes, methods.
const rs::routing::Map &routes()
{
    static const rs::routing::Map *map = [] {
        auto *m = new rs::routing::Map; // never freed: lives as long as the process, like an app
        m->add(QStringLiteral("/"), QStringLiteral("index"));
        m->add(QStringLiteral("/docs/"), QStringLiteral("docs"));
        m->add(QStringLiteral("/users/<int:id>"), QStringLiteral("user"));
        m->add(QStringLiteral("/files/<path:p>"), QStringLiteral("files"));
        m->add(QStringLiteral("/cart/add/<item>"), QStringLiteral("cart_add"));
        m->add(QStringLiteral("/n/<float(signed=True):x>"), QStringLiteral("number"));
        m->add(QStringLiteral("/id/<uuid:u>"), QStringLiteral("by_uuid"));
        m->add(QStringLiteral("/lang/<any(en, fr, \"de\"):l>/<string(length=2):c>"), QStringLiteral("lang"));
        rs::routing::Rule::Options post;
        post.methods = QStringList{QStringLiteral("POST")};
        m->add(QStringLiteral("/login"), QStringLiteral("login"), post);
        return m;
    }();
    return *map;
}

// What one run saw: every request in order (a compact text) and how it ended.
struct Outcome {
    QByteArray requests;
    int failure = 0;
    QByteArray failureMessage;
};

// Logs the request; with `app`, also uses it as the app would: the Request accessors, the cookie
// lookup, the route match. (Only the whole-input run does: that work costs more than the parsing,
// and it does not depend on how the input was read.)
void handle(rs::http::HttpRequest &environ, QByteArray &log, bool app)
{
    if (app) {
        rs::Request request(environ);
        (void)request.fullPath();
        (void)request.url();
        (void)request.args();
        (void)request.cookie(QStringLiteral("session"));
        (void)environ.host();
        request.setMatch(routes().match(request.path(), request.method(), environ.rawQuery));
        (void)request.blueprints();
    }
    log += environ.method + ' ' + environ.target + ' ' + QByteArray::number(environ.httpMinor) + ' ' +
           (environ.keepAlive ? "ka " : "close ") + environ.rawPath + '?' + environ.rawQuery + '\n';
    for (const auto &[name, value] : environ.headers.fields())
        log += name + ": " + value + '\n';
    log += QByteArray::number(environ.body.size()) + ':' + environ.body + '\n';
}

// Feeds `data` in pieces of at most `piece` bytes, as Connection::consume does with its reads:
// parse until a request is complete, handle it, start the next one; stop after a request that
// ends the connection or when the parser rejects the input.
Outcome run(const char *data, std::size_t size, std::size_t piece, bool detach, bool app)
{
    rs::http::RequestParser parser(kMaxHeaderBytes, kMaxBodyBytes);
    parser.setPrototype(rs::http::HttpRequest{});
    Outcome out;
    std::size_t offset = 0;
    bool open = true;
    while (open && offset < size) {
        const std::size_t end = std::min(size, offset + piece);
        // Like Connection's pending buffer: bytes of this read that the parser has not taken yet.
        while (open && offset < end) {
            const qsizetype n = parser.execute(data + offset, static_cast<qsizetype>(end - offset));
            offset += static_cast<std::size_t>(n);
            (void)parser.takeContinueRequest();
            if (parser.failure() != rs::http::RequestParser::Failure::None) {
                open = false;
                break;
            }
            if (!parser.requestComplete()) {
                if (n == 0)
                    open = false; // no progress on input that is not a complete request: a bug
                break;
            }
            const bool keepAlive = parser.request().keepAlive;
            if (detach) {
                // A streamed response keeps the request alive past nextRequest(). This run also
                // goes on after a request that closes the connection, to feed the parser more.
                std::unique_ptr<rs::http::HttpRequest> kept = parser.detachRequest();
                handle(*kept, out.requests, app);
            } else {
                handle(parser.request(), out.requests, app);
                open = keepAlive; // Connection stops reading after a request that closes it
            }
            parser.nextRequest();
        }
    }
    out.failure = static_cast<int>(parser.failure());
    out.failureMessage = parser.failureMessage();
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto *bytes = reinterpret_cast<const char *>(data);
    const Outcome whole = run(bytes, size, size == 0 ? 1 : size, false, true);
    // Piece size from the input, so the fuzzer explores where the reads split.
    const std::size_t piece = size == 0 ? 1 : 1 + data[size - 1] % 7;
    const Outcome pieces = run(bytes, size, piece, false, false);
    using Failure = rs::http::RequestParser::Failure;
    const auto tooLargeOrBad = [](int f) {
        return f == static_cast<int>(Failure::HeaderTooLarge) || f == static_cast<int>(Failure::BadRequest);
    };
    const bool sameFailure =
        whole.failure == pieces.failure || (tooLargeOrBad(whole.failure) && tooLargeOrBad(pieces.failure));
    if (whole.requests != pieces.requests || !sameFailure) {
        std::fprintf(stderr,
                     "FUZZ CHECK FAILED: parse differs with %zu-byte reads:\nwhole (failure %d "
                     "%s):\n%s\npieces (failure %d "
                     "%s):\n%s\n",
                     piece, whole.failure, whole.failureMessage.constData(), whole.requests.constData(),
                     pieces.failure, pieces.failureMessage.constData(), pieces.requests.constData());
        std::abort();
    }
    (void)run(bytes, size, size == 0 ? 1 : size, true, false);
    return 0;
}
