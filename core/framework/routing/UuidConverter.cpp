#include "core/framework/routing/UuidConverter.h"

#include <QUuid>

namespace rs::routing {

std::unique_ptr<Converter> UuidConverter::fromArgs(const QStringList &, const QHash<QString, QString> &)
{
    return std::make_unique<UuidConverter>();
}

QString UuidConverter::regex() const
{
    return QStringLiteral("[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}");
}

std::optional<Value> UuidConverter::toPython(const QString &part) const
{
    return Value(QUuid::fromString(part));
}

std::optional<QString> UuidConverter::toUrl(const Value &value) const
{
    if (value.type() == Value::Type::Uuid)
        return value.toUuid().toString(QUuid::WithoutBraces);
    return value.toStr();
}

} // namespace rs::routing
