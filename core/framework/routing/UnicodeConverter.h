#pragma once

#include "core/framework/routing/Converter.h"

#include <QHash>
#include <QStringList>

#include <memory>
#include <optional>

namespace rs::routing {

// "string" and the default converter: one path segment, optionally of bounded length.
class UnicodeConverter : public Converter {
public:
    explicit UnicodeConverter(qint64 minLength = 1, std::optional<qint64> maxLength = std::nullopt,
                              std::optional<qint64> length = std::nullopt);
    static std::unique_ptr<Converter> fromArgs(const QStringList &positional,
                                               const QHash<QString, QString> &keyword);

    QString regex() const override { return regex_; }
    std::optional<Value> toPython(const QString &part) const override;

private:
    QString regex_;
};

} // namespace rs::routing
