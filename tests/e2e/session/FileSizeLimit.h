#pragma once

// RLIMIT_FSIZE lowered while this lives: every write past `bytes` fails with EFBIG (SIGXFSZ must
// be ignored, as `requestscope serve` does). Process-wide: also stops the test's own log files.
#include <QString>

#include <cerrno>
#include <cstring>

#include <sys/resource.h>

namespace rs::test {

class FileSizeLimit {
public:
    ~FileSizeLimit() { restore(); }
    bool set(rlim_t bytes, QString *error)
    {
        ::getrlimit(RLIMIT_FSIZE, &saved_);
        rlimit limit = saved_;
        limit.rlim_cur = bytes;
        if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) {
            *error = QStringLiteral("setrlimit: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
        set_ = true;
        return true;
    }
    void restore()
    {
        if (set_)
            ::setrlimit(RLIMIT_FSIZE, &saved_);
        set_ = false;
    }

private:
    rlimit saved_{};
    bool set_ = false;
};

} // namespace rs::test
