#include "core/framework/routing/IntegerConverter.h"

#include "core/framework/routing/ConverterArgs.h"
#include "core/framework/routing/PyNumber.h"

namespace rs::routing {

IntegerConverter::IntegerConverter(Options options)
    : NumberConverter(QStringLiteral("\\d+"), std::move(options))
{
}

std::unique_ptr<Converter> IntegerConverter::fromArgs(const QStringList &positional,
                                                      const QHash<QString, QString> &keyword)
{
    const QString name = QStringLiteral("int");
    const auto args = ConverterArgs::bind(name,
                                          {QStringLiteral("fixed_digits"), QStringLiteral("min"),
                                           QStringLiteral("max"), QStringLiteral("signed")},
                                          positional, keyword);
    return std::make_unique<IntegerConverter>(optionsFromArgs(name, args[0], args[1], args[2], args[3]));
}

std::optional<Value> IntegerConverter::parse(const QString &text) const
{
    return PyNumber::parseInt(text);
}

std::optional<QString> IntegerConverter::format(const Value &value) const
{
    const auto number = PyNumber::toInt(value);
    if (!number)
        return std::nullopt;
    return PyNumber::intText(*number);
}

} // namespace rs::routing
