#pragma once

#include "core/framework/routing/Converter.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace rs::routing {

// Converter factories by name: string (default), int, float, path, uuid, any, plus any the app
// adds (app.url_map.converters['list'] = ListConverter in Flask).
class ConverterRegistry {
public:
    // Arguments as written in the rule: "<int(signed=True, min=3):x>" gives
    // positional = {} and keyword = {"signed": "True", "min": "3"}; "<any(red,blue):c>" gives
    // positional {"red","blue"}. Throws std::invalid_argument on a bad argument.
    using Factory = std::function<std::unique_ptr<Converter>(const QStringList &positional,
                                                             const QHash<QString, QString> &keyword)>;

    ConverterRegistry(); // registers Werkzeug's defaults
    void add(const QString &name, Factory factory);
    bool contains(const QString &name) const;
    // Throws std::invalid_argument("unknown converter 'x'") and the factory's errors.
    std::unique_ptr<Converter> create(const QString &name, const QStringList &positional,
                                      const QHash<QString, QString> &keyword) const;

private:
    QHash<QString, Factory> factories_;
};

} // namespace rs::routing
