#include "core/framework/routing/AnyConverter.h"

#include "core/framework/routing/ConverterArgs.h"

#include <QRegularExpression>

#include <stdexcept>

namespace rs::routing {

AnyConverter::AnyConverter(QStringList items) : items_(std::move(items))
{
    QStringList escaped;
    for (const QString &item : items_)
        escaped.append(QRegularExpression::escape(item));
    regex_ = QStringLiteral("(?:%1)").arg(escaped.join(QLatin1Char('|')));
}

std::unique_ptr<Converter> AnyConverter::fromArgs(const QStringList &positional,
                                                  const QHash<QString, QString> &keyword)
{
    if (!keyword.isEmpty())
        throw std::invalid_argument(QStringLiteral("converter 'any': unexpected keyword argument '%1'")
                                        .arg(keyword.cbegin().key())
                                        .toStdString());
    QStringList items;
    for (const QString &raw : positional) {
        // re.escape() in werkzeug only takes text, so any(1) or any(True) is an error there too.
        const Value item = ConverterArgs::pythonize(raw);
        if (!item.isStr())
            throw std::invalid_argument(
                QStringLiteral("converter 'any': item %1 is not a string").arg(item.repr()).toStdString());
        items.append(item.toStr());
    }
    return std::make_unique<AnyConverter>(items);
}

std::optional<Value> AnyConverter::toPython(const QString &part) const
{
    return Value(part);
}

std::optional<QString> AnyConverter::toUrl(const Value &value) const
{
    if (value.isStr() && items_.contains(value.toStr()))
        return value.toStr();
    return std::nullopt;
}

} // namespace rs::routing
