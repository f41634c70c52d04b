#include "core/framework/routing/ConverterRegistry.h"

#include "core/framework/routing/AnyConverter.h"
#include "core/framework/routing/FloatConverter.h"
#include "core/framework/routing/IntegerConverter.h"
#include "core/framework/routing/PathConverter.h"
#include "core/framework/routing/UnicodeConverter.h"
#include "core/framework/routing/UuidConverter.h"

#include <stdexcept>

namespace rs::routing {

ConverterRegistry::ConverterRegistry()
{
    // werkzeug.routing.converters.DEFAULT_CONVERTERS
    add(QStringLiteral("default"), &UnicodeConverter::fromArgs);
    add(QStringLiteral("string"), &UnicodeConverter::fromArgs);
    add(QStringLiteral("any"), &AnyConverter::fromArgs);
    add(QStringLiteral("path"), &PathConverter::fromArgs);
    add(QStringLiteral("int"), &IntegerConverter::fromArgs);
    add(QStringLiteral("float"), &FloatConverter::fromArgs);
    add(QStringLiteral("uuid"), &UuidConverter::fromArgs);
}

void ConverterRegistry::add(const QString &name, Factory factory)
{
    factories_.insert(name, std::move(factory));
}

bool ConverterRegistry::contains(const QString &name) const
{
    return factories_.contains(name);
}

std::unique_ptr<Converter> ConverterRegistry::create(const QString &name, const QStringList &positional,
                                                     const QHash<QString, QString> &keyword) const
{
    const auto it = factories_.constFind(name);
    if (it == factories_.cend())
        throw std::invalid_argument(QStringLiteral("unknown converter '%1'").arg(name).toStdString());
    return (*it)(positional, keyword);
}

} // namespace rs::routing
