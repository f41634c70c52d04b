#pragma once

#include <QString>

#include <system_error>

namespace rs {

// errno's text, e.g. "Connection refused". Any thread: the stores' worker threads call it at
// once, and strerror may hand them one shared buffer.
inline QString systemErrorText(int error)
{
    return QString::fromStdString(std::generic_category().message(error));
}

} // namespace rs
