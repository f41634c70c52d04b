#pragma once

#include "core/framework/routing/Converter.h"

#include <QHash>
#include <QStringList>

#include <memory>

namespace rs::routing {

// "any(a, b, ...)": exactly one of the listed items.
class AnyConverter : public Converter {
public:
    explicit AnyConverter(QStringList items);
    static std::unique_ptr<Converter> fromArgs(const QStringList &positional,
                                               const QHash<QString, QString> &keyword);

    QString regex() const override { return regex_; }
    std::optional<Value> toPython(const QString &part) const override;
    // The item itself, not quoted (as werkzeug 2.2); nullopt when the value is not an item.
    std::optional<QString> toUrl(const Value &value) const override;

private:
    QStringList items_;
    QString regex_;
};

} // namespace rs::routing
