#include "core/framework/routing/ConverterArgs.h"

#include "core/framework/routing/PyNumber.h"

#include <QRegularExpression>

#include <stdexcept>

namespace rs::routing {

namespace {

std::invalid_argument typeError(const QString &converter, const QString &what)
{
    return std::invalid_argument(QStringLiteral("converter '%1': %2").arg(converter, what).toStdString());
}

} // namespace

void ConverterArgs::parse(const QString &arguments, QStringList &positional, QHash<QString, QString> &keyword)
{
    // werkzeug.routing.rules._converter_args_re, unchanged (Unicode \w, \d and \s as in Python).
    static const QRegularExpression argument(
        QStringLiteral(R"(((?<name>\w+)\s*=\s*)?(?<value>True|False|\d+.\d+|\d+.|\d+|[\w\d_.]+|)"
                       R"([urUR]?(?<stringval>"[^"]*?"|'[^']*'))\s*,)"),
        QRegularExpression::UseUnicodePropertiesOption);
    const QString text = arguments + QLatin1Char(',');
    auto it = argument.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        const QString raw = m.capturedStart(QStringLiteral("stringval")) >= 0
                                ? m.captured(QStringLiteral("stringval"))
                                : m.captured(QStringLiteral("value"));
        const QString name = m.captured(QStringLiteral("name"));
        if (name.isEmpty())
            positional.append(raw);
        else
            keyword.insert(name, raw);
    }
}

Value ConverterArgs::pythonize(const QString &raw)
{
    if (raw == QLatin1String("None"))
        return Value();
    if (raw == QLatin1String("True"))
        return Value(true);
    if (raw == QLatin1String("False"))
        return Value(false);
    if (auto i = PyNumber::parseInt(raw))
        return *i;
    if (auto f = PyNumber::parseFloat(raw))
        return Value(*f);
    if (raw.size() >= 1 && raw.front() == raw.back() &&
        (raw.front() == QLatin1Char('"') || raw.front() == QLatin1Char('\'')))
        return Value(raw.mid(1, raw.size() - 2));
    return Value(raw);
}

std::vector<std::optional<Value>> ConverterArgs::bind(const QString &converter, const QStringList &parameters,
                                                      const QStringList &positional,
                                                      const QHash<QString, QString> &keyword)
{
    if (positional.size() > parameters.size())
        throw typeError(converter, QStringLiteral("takes at most %1 arguments but %2 were given")
                                       .arg(parameters.size())
                                       .arg(positional.size()));
    std::vector<std::optional<Value>> bound(parameters.size());
    for (qsizetype i = 0; i < positional.size(); ++i)
        bound[i] = pythonize(positional[i]);
    for (auto it = keyword.cbegin(); it != keyword.cend(); ++it) {
        const qsizetype index = parameters.indexOf(it.key());
        if (index < 0)
            throw typeError(converter, QStringLiteral("unexpected keyword argument '%1'").arg(it.key()));
        if (bound[index])
            throw typeError(converter, QStringLiteral("multiple values for argument '%1'").arg(it.key()));
        bound[index] = pythonize(it.value());
    }
    return bound;
}

qint64 ConverterArgs::toLength(const QString &converter, const QString &parameter, const Value &value)
{
    const auto number = PyNumber::toInt(value);
    if (!number || number->type() != Value::Type::Int)
        throw typeError(converter,
                        QStringLiteral("%1 must be an integer, not %2").arg(parameter, value.repr()));
    return number->toInt();
}

} // namespace rs::routing
