#include "core/framework/routing/PathConverter.h"

namespace rs::routing {

std::unique_ptr<Converter> PathConverter::fromArgs(const QStringList &, const QHash<QString, QString> &)
{
    return std::make_unique<PathConverter>();
}

std::optional<Value> PathConverter::toPython(const QString &part) const
{
    return Value(part);
}

} // namespace rs::routing
