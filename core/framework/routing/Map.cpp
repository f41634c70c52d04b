#include "core/framework/routing/Map.h"

#include "core/framework/routing/RuleImpl.h"
#include "core/framework/routing/StateMachineMatcher.h"

#include <QHash>

#include <algorithm>

namespace rs::routing {

struct Map::Private {
    ConverterRegistry converters;
    std::vector<std::unique_ptr<Rule>> rules;
    StateMachineMatcher matcher;
    // Per endpoint, in werkzeug's build order: more arguments first, then the order added.
    QHash<QString, std::vector<const Rule *>> byEndpoint;
};

namespace {

// Rule.suitable_for: the rule allows the method (when one is given) and every variable has a value.
bool suitable(const Rule &rule, const Value::Dict &values, QByteArrayView method)
{
    if (!method.isNull() && !rule.impl().allowsMethod(method))
        return false;
    for (const QString &argument : rule.arguments()) {
        const bool given = std::any_of(values.begin(), values.end(),
                                       [&](const Value::Item &item) { return item.first == argument; });
        if (!given)
            return false;
    }
    return true;
}

} // namespace

Map::Map() : d(std::make_unique<Private>()) {}

Map::~Map() = default;

ConverterRegistry &Map::converters()
{
    return d->converters;
}

const Rule &Map::add(const QString &pattern, const QString &endpoint, Rule::Options options)
{
    auto rule = std::make_unique<Rule>(pattern, endpoint, std::move(options), d->converters);
    const Rule *added = rule.get();
    d->rules.push_back(std::move(rule));
    d->matcher.add(*added);

    // Map.update sorts by build_compare_key, (-len(arguments)) here; a stable insert is the same.
    auto &list = d->byEndpoint[endpoint];
    const auto at = std::upper_bound(list.begin(), list.end(), added, [](const Rule *a, const Rule *b) {
        return a->arguments().size() > b->arguments().size();
    });
    list.insert(at, added);
    return *added;
}

const std::vector<std::unique_ptr<Rule>> &Map::rules() const
{
    return d->rules;
}

MatchResult Map::match(const QString &path, const QByteArray &method, const QByteArray &query) const
{
    return d->matcher.match(path, method, query);
}

QStringList Map::allowedMethods(const QString &path) const
{
    return d->matcher.allowedMethods(path);
}

std::optional<QString> Map::build(const QString &endpoint, const Value::Dict &values,
                                  const QByteArray &method) const
{
    const auto found = d->byEndpoint.constFind(endpoint);
    if (found == d->byEndpoint.cend())
        return std::nullopt;

    // MapAdapter.build drops None values before anything else.
    Value::Dict given;
    given.reserve(values.size());
    for (const auto &item : values) {
        if (!item.second.isNone())
            given.push_back(item);
    }

    // The first suitable rule decides: werkzeug raises when its converter refuses a value
    // rather than trying the next rule.
    const auto attempt = [&](QByteArrayView wanted, bool &decided) -> std::optional<QString> {
        for (const Rule *rule : *found) {
            if (suitable(*rule, given, wanted)) {
                decided = true;
                return rule->build(given);
            }
        }
        return std::nullopt;
    };

    bool decided = false;
    if (method.isEmpty()) {
        // Without a method werkzeug tries GET first, then any method.
        auto url = attempt("GET", decided);
        if (decided)
            return url;
        return attempt(QByteArrayView(), decided);
    }
    return attempt(method, decided);
}

} // namespace rs::routing
