#pragma once

#include "core/framework/routing/Converter.h"

#include <QHash>
#include <QStringList>

#include <memory>

namespace rs::routing {

// "path": like string but spans slashes; it ends the rule's last matched part (part_isolating False).
class PathConverter : public Converter {
public:
    // Werkzeug's BaseConverter takes and ignores any arguments, so path(...) accepts them too.
    static std::unique_ptr<Converter> fromArgs(const QStringList &positional,
                                               const QHash<QString, QString> &keyword);

    QString regex() const override { return QStringLiteral("[^/].*?"); }
    int weight() const override { return 200; }
    bool matchesSlash() const override { return true; }
    std::optional<Value> toPython(const QString &part) const override;
};

} // namespace rs::routing
