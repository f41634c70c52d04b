#pragma once

#include "core/framework/routing/MatchResult.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <memory>
#include <unordered_map>
#include <vector>

namespace rs::routing {

class Rule;
struct RulePart;

// Werkzeug 2.2's StateMachineMatcher: a tree with one level per '/'-separated part. At each level
// static transitions are tried before dynamic ones, and dynamic ones in order of weight; the
// first rule reached whose methods allow the request wins. Fully static paths are also kept in
// one hash table so that matching them costs one lookup. Built during setup, read-only after.
class StateMachineMatcher {
public:
    StateMachineMatcher();
    ~StateMachineMatcher();

    void add(const Rule &rule);

    // `path` is percent-decoded; `method` upper or lower case; `query` kept on redirects.
    MatchResult match(const QString &path, QByteArrayView method, const QByteArray &query) const;
    QStringList allowedMethods(const QString &path) const;

private:
    struct State;
    struct Search;
    enum class Outcome { None, Found, SlashRequired };

    struct ViewHash {
        using is_transparent = void;
        std::size_t operator()(QStringView s) const noexcept { return qHash(s); }
    };
    using StaticMap = std::unordered_map<QString, std::unique_ptr<State>, ViewHash, std::equal_to<>>;

    struct State {
        StaticMap statics;
        std::vector<std::pair<const RulePart *, std::unique_ptr<State>>> dynamic;
        std::vector<const Rule *> rules;
    };

    Outcome search(const State &state, std::size_t index, Search &s) const;
    Outcome run(const QString &path, Search &s) const;
    void finish(MatchResult &result, Search &s) const;

    std::unique_ptr<State> root_;
    std::unordered_map<QString, const State *, ViewHash, std::equal_to<>> staticPaths_;
};

} // namespace rs::routing
