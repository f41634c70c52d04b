#include "core/framework/routing/NumberConverter.h"

#include "core/framework/routing/PyNumber.h"

#include <stdexcept>

namespace rs::routing {

NumberConverter::NumberConverter(QString unsignedRegex, Options options)
    : unsignedRegex_(std::move(unsignedRegex)), options_(std::move(options))
{
}

NumberConverter::Options NumberConverter::optionsFromArgs(const QString &converter,
                                                          const std::optional<Value> &fixedDigits,
                                                          const std::optional<Value> &min,
                                                          const std::optional<Value> &max,
                                                          const std::optional<Value> &isSigned)
{
    const auto fail = [&](const QString &what) {
        return std::invalid_argument(QStringLiteral("converter '%1': %2").arg(converter, what).toStdString());
    };
    Options options;
    if (fixedDigits) {
        // len() and zfill() need an int; other types would only fail later, on every request.
        if (fixedDigits->type() != Value::Type::Int && !fixedDigits->isBool())
            throw fail(QStringLiteral("fixed_digits must be an integer, not %1").arg(fixedDigits->repr()));
        options.fixedDigits = fixedDigits->isBool() ? int(fixedDigits->toBool()) : fixedDigits->toInt();
    }
    // Comparing a number with anything else raises TypeError in Python on every request.
    for (const auto &[bound, name, target] :
         {std::tuple(min, "min", &options.min), std::tuple(max, "max", &options.max)}) {
        if (!bound || bound->isNone())
            continue;
        if (!PyNumber::isNumber(*bound))
            throw fail(QStringLiteral("%1 must be a number, not %2").arg(QLatin1String(name), bound->repr()));
        *target = *bound;
    }
    options.isSigned = isSigned && isSigned->toBool();
    return options;
}

QString NumberConverter::regex() const
{
    return options_.isSigned ? QStringLiteral("-?") + unsignedRegex_ : unsignedRegex_;
}

std::optional<Value> NumberConverter::toPython(const QString &part) const
{
    if (options_.fixedDigits && part.toUcs4().size() != options_.fixedDigits)
        return std::nullopt;
    auto value = parse(part);
    if (!value)
        return std::nullopt;
    if (options_.min && PyNumber::compare(*value, *options_.min) == -1)
        return std::nullopt;
    if (options_.max && PyNumber::compare(*value, *options_.max) == 1)
        return std::nullopt;
    return value;
}

std::optional<QString> NumberConverter::toUrl(const Value &value) const
{
    auto text = format(value);
    if (!text)
        return std::nullopt;
    if (options_.fixedDigits > 0)
        return PyNumber::zfill(*text, options_.fixedDigits);
    return text;
}

} // namespace rs::routing
