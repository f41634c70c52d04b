#pragma once

#include "core/framework/routing/ConverterRegistry.h"
#include "core/framework/routing/MatchResult.h"
#include "core/framework/routing/Rule.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace rs::routing {

// The set of rules of one app, matched as Werkzeug 2.2 matches them (static parts before
// variable ones, converter weights, strict slashes, 404 vs 405). Rules are added while the app
// is being set up; after that, match() and build() may be called from any thread at once.
class Map {
public:
    Map();
    ~Map();

    ConverterRegistry &converters();
    // Setup only. Throws std::invalid_argument for a malformed rule.
    const Rule &add(const QString &pattern, const QString &endpoint, Rule::Options options = {});
    const std::vector<std::unique_ptr<Rule>> &rules() const;

    // `path` is percent-decoded; `query` is the raw query string (kept on redirects).
    MatchResult match(const QString &path, const QByteArray &method, const QByteArray &query = {}) const;
    // Methods any rule allows for this path (for automatic OPTIONS), sorted.
    QStringList allowedMethods(const QString &path) const;

    // url_for: the first rule of `endpoint` that can be built from `values` (and that allows
    // `method` when given). nullopt when none can.
    std::optional<QString> build(const QString &endpoint, const Value::Dict &values,
                                 const QByteArray &method = {}) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace rs::routing
