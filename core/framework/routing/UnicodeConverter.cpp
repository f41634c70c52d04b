#include "core/framework/routing/UnicodeConverter.h"

#include "core/framework/routing/ConverterArgs.h"

namespace rs::routing {

UnicodeConverter::UnicodeConverter(qint64 minLength, std::optional<qint64> maxLength,
                                   std::optional<qint64> length)
{
    if (length)
        regex_ = QStringLiteral("[^/]{%1}").arg(*length);
    else
        regex_ = QStringLiteral("[^/]{%1,%2}")
                     .arg(minLength)
                     .arg(maxLength ? QString::number(*maxLength) : QString());
}

std::unique_ptr<Converter> UnicodeConverter::fromArgs(const QStringList &positional,
                                                      const QHash<QString, QString> &keyword)
{
    const QString name = QStringLiteral("string");
    const auto args = ConverterArgs::bind(
        name, {QStringLiteral("minlength"), QStringLiteral("maxlength"), QStringLiteral("length")},
        positional, keyword);
    // Only an explicit None leaves maxlength/length unset; minlength=None fails as int(None) does.
    const auto optionalLength = [&](const std::optional<Value> &arg,
                                    const char *param) -> std::optional<qint64> {
        if (!arg || arg->isNone())
            return std::nullopt;
        return ConverterArgs::toLength(name, QLatin1String(param), *arg);
    };
    const qint64 minLength =
        args[0] ? ConverterArgs::toLength(name, QStringLiteral("minlength"), *args[0]) : 1;
    return std::make_unique<UnicodeConverter>(minLength, optionalLength(args[1], "maxlength"),
                                              optionalLength(args[2], "length"));
}

std::optional<Value> UnicodeConverter::toPython(const QString &part) const
{
    return Value(part);
}

} // namespace rs::routing
