#include "core/http/OutputQueue.h"

#include <cerrno>
#include <sys/socket.h>
#include <sys/uio.h>

namespace rs::http {

namespace {
constexpr int kMaxIov = 64;
constexpr qsizetype kSpareLimit = 256 * 1024; // larger buffers are freed rather than kept
} // namespace

QByteArray &OutputQueue::tail()
{
    if (!tailOwned_) {
        if (spare_.capacity() > 0) {
            segments_.push_back(std::move(spare_));
            spare_ = QByteArray();
        } else {
            segments_.emplace_back();
            segments_.back().reserve(4096);
        }
        tailOwned_ = true;
    }
    return segments_.back();
}

void OutputQueue::append(const QByteArray &data)
{
    if (data.size() < kShareThreshold) {
        tail().append(data);
        return;
    }
    appendedBefore_ += tailSize() + data.size();
    tailOwned_ = false;
    segments_.push_back(data);
}

bool OutputQueue::writeTo(int fd)
{
    while (!empty()) {
        iovec iov[kMaxIov];
        int count = 0;
        for (auto it = segments_.begin(); it != segments_.end() && count < kMaxIov; ++it) {
            const qsizetype skip = it == segments_.begin() ? headOffset_ : 0;
            if (it->size() - skip <= 0)
                continue;
            iov[count].iov_base = const_cast<char *>(it->constData() + skip);
            iov[count].iov_len = static_cast<size_t>(it->size() - skip);
            ++count;
        }
        msghdr msg{};
        msg.msg_iov = iov;
        msg.msg_iovlen = static_cast<size_t>(count);
        // sendmsg rather than writev: MSG_NOSIGNAL keeps a closed peer from raising SIGPIPE.
        const ssize_t n = ::sendmsg(fd, &msg, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno == EAGAIN || errno == EWOULDBLOCK;
        }
        dropWritten(n);
        if (n == 0)
            return true;
    }
    return true;
}

void OutputQueue::dropWritten(qint64 n)
{
    written_ += n;
    while (n > 0 && !segments_.empty()) {
        QByteArray &front = segments_.front();
        const qint64 left = front.size() - headOffset_;
        if (n < left) {
            headOffset_ += static_cast<qsizetype>(n);
            return;
        }
        n -= left;
        headOffset_ = 0;
        if (segments_.size() == 1 && tailOwned_) {
            // Keep the allocation: the next response will be appended to it.
            appendedBefore_ += front.size();
            if (front.capacity() <= kSpareLimit) {
                front.resize(0);
                spare_ = std::move(front);
            }
            segments_.pop_front();
            tailOwned_ = false;
        } else {
            segments_.pop_front();
        }
    }
    // Skip empty segments so that the front is always the next byte to write.
    while (!segments_.empty() && segments_.front().size() == 0 && !(segments_.size() == 1 && tailOwned_))
        segments_.pop_front();
}

} // namespace rs::http
