#pragma once

#include "core/framework/routing/Converter.h"

#include <QHash>
#include <QStringList>

#include <memory>

namespace rs::routing {

// "uuid": the hyphenated form only; the value is a QUuid (uuid.UUID in Python).
class UuidConverter : public Converter {
public:
    // Werkzeug's BaseConverter takes and ignores any arguments, so uuid(...) accepts them too.
    static std::unique_ptr<Converter> fromArgs(const QStringList &positional,
                                               const QHash<QString, QString> &keyword);

    QString regex() const override;
    std::optional<Value> toPython(const QString &part) const override;
    // str(value), not quoted: werkzeug trusts the value to be a UUID.
    std::optional<QString> toUrl(const Value &value) const override;
};

} // namespace rs::routing
