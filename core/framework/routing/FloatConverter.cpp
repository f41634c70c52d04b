#include "core/framework/routing/FloatConverter.h"

#include "core/framework/routing/ConverterArgs.h"
#include "core/framework/routing/PyNumber.h"

namespace rs::routing {

FloatConverter::FloatConverter(Options options)
    : NumberConverter(QStringLiteral("\\d+\\.\\d+"), std::move(options))
{
}

std::unique_ptr<Converter> FloatConverter::fromArgs(const QStringList &positional,
                                                    const QHash<QString, QString> &keyword)
{
    const QString name = QStringLiteral("float");
    const auto args = ConverterArgs::bind(
        name, {QStringLiteral("min"), QStringLiteral("max"), QStringLiteral("signed")}, positional, keyword);
    return std::make_unique<FloatConverter>(optionsFromArgs(name, std::nullopt, args[0], args[1], args[2]));
}

std::optional<Value> FloatConverter::parse(const QString &text) const
{
    const auto number = PyNumber::parseFloat(text);
    if (!number)
        return std::nullopt;
    return Value(*number);
}

std::optional<QString> FloatConverter::format(const Value &value) const
{
    const auto number = PyNumber::toFloat(value);
    if (!number)
        return std::nullopt;
    return Value(*number).toStr();
}

} // namespace rs::routing
