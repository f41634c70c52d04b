#pragma once

#include <stdexcept>
#include <string>

namespace rs {

// Python's RuntimeError, as Flask raises it (working outside of a context, no secret key, …).
class RuntimeError : public std::runtime_error {
public:
    explicit RuntimeError(const std::string &message) : std::runtime_error(message) {}
};

} // namespace rs
