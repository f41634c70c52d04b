#pragma once

#include "tests/support/TestHeaders.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QString>

#include <memory>

class QTcpSocket;

namespace rs::test {

// One response as the client read it.
struct TestResponse {
    bool complete = false; // status line, headers and the whole body were read
    int status = 0;
    QByteArray reason;
    QByteArray version; // "HTTP/1.1"
    TestHeaders headers;
    QByteArray body; // de-chunked
    bool chunked = false;
    QList<QByteArray> chunks;  // the chunks as received, when chunked
    qint64 rawBytes = 0;       // bytes of the response on the wire (head + body + framing)
    bool closedByPeer = false; // the server closed the connection (after this response, or instead)
    bool timedOut = false;
    QString error; // why it is not complete

    QByteArray header(const QByteArray &name) const { return headers.value(name); }
    bool ok() const { return complete; }
};

// A blocking HTTP/1.x client for tests, over one QTcpSocket: what it sends is exactly what you ask
// for (use sendRaw() for malformed, pipelined or partial requests), and what it reads is parsed on
// its own (Content-Length, chunked, close-delimited, bodies absent after HEAD, 204 and 304).
// Works without an event loop, so it can run in any thread (one client per thread).
//
//   TestHttpClient client(server.port());
//   TestResponse r = client.get("/hello");
//   QCOMPARE(r.status, 200);
//   client.sendRaw("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
//   QList<TestResponse> both = client.readResponses(2);
class TestHttpClient {
public:
    explicit TestHttpClient(quint16 port, const QHostAddress &host = QHostAddress::LocalHost);
    ~TestHttpClient();
    TestHttpClient(const TestHttpClient &) = delete;
    TestHttpClient &operator=(const TestHttpClient &) = delete;

    // Milliseconds each connect/read may take (default 5000).
    void setTimeout(int ms) { timeoutMs_ = ms; }
    int timeout() const { return timeoutMs_; }

    // Connects if not connected. The request helpers call it themselves.
    bool connectToServer();
    bool isConnected() const;
    // Closes the connection (the next request opens a new one).
    void disconnect();

    // Sends bytes as they are; connects first if needed. False if they could not be written.
    bool sendRaw(const QByteArray &bytes);

    // Reads one response. `toHead` means it answers a HEAD request (no body, whatever the headers
    // say). A 1xx response (e.g. 100 Continue) is returned as a response of its own.
    TestResponse readResponse(bool toHead = false);
    // Reads `count` responses, stopping early at one that is not complete.
    QList<TestResponse> readResponses(int count, bool toHead = false);

    // Sends a request and reads its response. Host is added when missing, Content-Length when there
    // is a body (or for POST/PUT/PATCH) and no Transfer-Encoding is given.
    TestResponse request(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                         const TestHeaders &headers = {}, const QByteArray &version = "HTTP/1.1");
    TestResponse get(const QByteArray &target, const TestHeaders &headers = {});
    TestResponse head(const QByteArray &target, const TestHeaders &headers = {});
    TestResponse post(const QByteArray &target, const QByteArray &body, const TestHeaders &headers = {});

    // The bytes request() sends, for building pipelined or partial writes.
    QByteArray buildRequest(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                            const TestHeaders &headers = {}, const QByteArray &version = "HTTP/1.1") const;
    // A chunked body ("5\r\nhello\r\n…0\r\n\r\n") made of these pieces.
    static QByteArray chunkedBody(const QList<QByteArray> &pieces);

    // Waits until the server closes the connection (true) or `ms` passes (false). Bytes that arrive
    // meanwhile are kept for the next read (see pendingBytes()).
    bool waitForClose(int ms);
    // Bytes read but not yet consumed by a response.
    QByteArray pendingBytes() const { return buffer_; }
    // Waits up to `ms` for any bytes and returns (and consumes) everything buffered.
    QByteArray readRaw(int ms);

    quint16 localPort() const;

private:
    bool fill(int timeoutMs); // reads more into buffer_; false on timeout or close
    void noteClosed();

    QHostAddress host_;
    quint16 port_;
    std::unique_ptr<QTcpSocket> socket_;
    QByteArray buffer_;
    bool peerClosed_ = false;
    int timeoutMs_ = 5000;
};

} // namespace rs::test
