#pragma once

#include "core/http/HttpResponse.h"
#include "core/http/OutputQueue.h"
#include "core/http/RequestParser.h"

#include <QByteArray>

#include <cstdint>
#include <deque>
#include <functional>

namespace rs::http {

class Worker;

// One client connection on its worker: a non-blocking socket, its parser and its output queue.
// The worker's epoll tells it when to read or write; the worker's coarse timer calls checkTimeouts().
// Reads are answered in order: every complete request is handed to the handler at once, its
// response queued, and everything queued by one read leaves in one sendmsg().
// On a coroutine worker the handler runs in a fiber: the connection is busy (parsing paused) until
// that fiber has queued the response, and stays alive until it ends, even if closed meanwhile.
// Worker thread only.
class Connection {
public:
    Connection(Worker &worker, int fd);
    ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    int fd() const { return fd_; }
    bool isClosed() const { return phase_ == Phase::Closed; }
    // A request fiber still runs for this connection (coroutine mode): it must not be deleted.
    bool inFiber() const { return inFiber_; }
    // Position in the worker's list, kept by the worker for O(1) removal.
    std::size_t slot = 0;

    void onReadable();
    void onWritable();
    void checkTimeouts(qint64 nowMs);
    // Closes at once; responses not yet written count as failed.
    void abort();

private:
    enum class Phase {
        Open,      // reading requests
        Closing,   // last response queued: write it, then close
        Lingering, // written and FIN sent: discard what the client still sends, then close
        Closed,
    };

    // A queued response whose end (onFinished, request.end) waits until its last byte is written.
    struct Completion {
        std::uint64_t requestId;
        int status;
        qint64 start; // stream offsets
        qint64 bodyStart;
        qint64 end;
        qint64 bodyBytes; // body bytes the response carries (for a stream: written so far)
        bool streamed;
        std::int64_t startUs;
        std::function<void(bool, qint64)> onFinished;
        QByteArray tracedHead; // the status line and headers, kept only while tracing (request.end)
    };

    void consume(const char *data, qsizetype size);
    void consumePending();
    qsizetype parseSome(const char *data, qsizetype size);
    bool canParse() const;
    void handleRequest();
    void respond(std::uint64_t id, std::int64_t startUs, bool head, bool http10, bool keepAlive);
    void queueResponse(HttpResponse &response, std::uint64_t id, std::int64_t startUs, bool head, bool http10,
                       bool keepAlive);
    void streamResponse(HttpResponse &response, std::uint64_t id, std::int64_t startUs, bool http10,
                        bool keepAlive);
    void rejectRequest(int status, const char *type, const QByteArray &message);
    void flush();
    bool flushBlocking();
    void afterOutput();
    void completeWritten();
    void finish(const Completion &completion, bool completed);
    void updateInterest();
    void startLinger();
    void close();
    void emitError(std::uint64_t requestId, const char *type, const QByteArray &message);

    Worker &worker_;
    int fd_;
    Phase phase_ = Phase::Open;
    RequestParser parser_;
    OutputQueue out_;
    QByteArray pending_; // read but not yet parsed (parsing paused for output)
    qsizetype pendingOffset_ = 0;
    std::deque<Completion> completions_;
    std::uint32_t interest_ = 0; // epoll events registered
    bool busy_ = false;          // inside the handler or a streamed body
    bool inFiber_ = false;       // a request fiber runs (or waits) for this connection
    bool peerClosed_ = false;    // read returned 0
    bool servedRequest_ = false; // false until the first request began
    bool writeBlocked_ = false;
    qint64 idleSinceMs_ = 0;
    qint64 messageStartMs_ = 0;
    qint64 lastInputMs_ = 0;
    qint64 writeProgressMs_ = 0;
    qint64 lingerUntilMs_ = 0;
};

} // namespace rs::http
