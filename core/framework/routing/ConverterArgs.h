#pragma once

#include "core/value/Value.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace rs::routing {

// The argument list of a converter in a rule, "<int(4, signed=True):x>", read exactly as
// werkzeug.routing.rules.parse_converter_args reads it (text it cannot read is skipped, as there).
class ConverterArgs {
public:
    // Raw argument texts: string literals keep their quotes so pythonize() can tell "1" from 1.
    static void parse(const QString &arguments, QStringList &positional, QHash<QString, QString> &keyword);
    // werkzeug's _pythonize: None/True/False, int, float, else the text without its quotes.
    static Value pythonize(const QString &raw);
    // Binds the raw arguments to a converter's parameters as a Python call would; entries are
    // nullopt for parameters not given. Throws std::invalid_argument as Python raises TypeError.
    static std::vector<std::optional<Value>> bind(const QString &converter, const QStringList &parameters,
                                                  const QStringList &positional,
                                                  const QHash<QString, QString> &keyword);
    // int(value) for a length parameter; throws std::invalid_argument when Python would raise.
    static qint64 toLength(const QString &converter, const QString &parameter, const Value &value);
};

} // namespace rs::routing
