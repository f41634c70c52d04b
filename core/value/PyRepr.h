#pragma once

#include <QString>

#include <string>

namespace rs {

// Python 3's repr(float): the shortest text that reads back to the same double, in fixed
// notation when the decimal exponent is in [-4, 16), else in scientific notation
// ("3.0", "0.1", "1e-07", "1e+16", "-0.0", "inf", "nan").
std::string pyFloatRepr(double value);

// Python 3's repr(str): single quotes unless the text contains ' and no ", escapes for
// backslash, the quote, \n \r \t and other non-printable characters (\xhh, \uhhhh, \Uhhhhhhhh).
QString pyStrRepr(const QString &value);

} // namespace rs
