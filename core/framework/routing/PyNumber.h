#pragma once

#include "core/value/Value.h"

#include <QString>
#include <QStringView>

#include <optional>

namespace rs::routing {

// Python's int()/float()/str.zfill and numeric comparison, as the number converters need them
// (Unicode digits, underscores between digits, int vs float compared exactly).
class PyNumber {
public:
    // int(text): None when Python would raise ValueError.
    static std::optional<Value> parseInt(QStringView text);
    // float(text): None when Python would raise ValueError.
    static std::optional<double> parseFloat(QStringView text);
    // int(value) for an int, bool, float, str or bytes value.
    static std::optional<Value> toInt(const Value &value);
    // float(value) for an int, bool, float, str or bytes value.
    static std::optional<double> toFloat(const Value &value);
    // str(value) of an int value (Int or BigInt).
    static QString intText(const Value &value);
    // str.zfill(width).
    static QString zfill(const QString &text, qsizetype width);
    // -1, 0 or 1 for two numbers (int, bool or float); None when unordered (NaN) or not numbers.
    static std::optional<int> compare(const Value &a, const Value &b);
    // True for an Int, BigInt, Bool or Float value.
    static bool isNumber(const Value &value);
};

} // namespace rs::routing
