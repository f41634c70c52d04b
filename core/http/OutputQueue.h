#pragma once

#include <QByteArray>

#include <deque>

namespace rs::http {

// Bytes waiting to be written to one socket, in order. Small pieces (heads, short bodies) are
// copied into a reusable buffer so that a batch of pipelined responses leaves in one sendmsg();
// large bodies are queued as shared QByteArrays and written from there without a copy.
// Offsets count bytes since the connection opened, so that a caller can tell when a given response
// has left completely.
class OutputQueue {
public:
    // Bodies at least this large are queued by reference instead of copied.
    static constexpr qsizetype kShareThreshold = 8 * 1024;

    // The buffer to append small pieces to directly (it is the last queued segment).
    QByteArray &tail();
    void append(const char *data, qsizetype size) { tail().append(data, size); }
    void append(const QByteArray &data);

    // Writes as much as the socket takes without blocking. Returns false on a socket error (not
    // on EAGAIN).
    bool writeTo(int fd);

    bool empty() const { return queued() == 0; }
    qint64 queued() const { return appended() - written_; }
    // Offset just past the last byte queued so far.
    qint64 appended() const { return appendedBefore_ + tailSize(); }
    qint64 written() const { return written_; }

private:
    qsizetype tailSize() const { return tailOwned_ ? segments_.back().size() : 0; }
    void dropWritten(qint64 n);

    std::deque<QByteArray> segments_;
    qsizetype headOffset_ = 0;  // bytes of segments_.front() already written
    bool tailOwned_ = false;    // segments_.back() is ours to append to
    qint64 appendedBefore_ = 0; // bytes in segments before an owned tail, ever queued
    qint64 written_ = 0;
    QByteArray spare_; // an emptied buffer kept for reuse
};

} // namespace rs::http
