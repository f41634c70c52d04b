#include "core/framework/routing/StateMachineMatcher.h"

#include "core/framework/routing/RuleImpl.h"
#include "core/framework/routing/UrlQuote.h"

#include <QVarLengthArray>

#include <algorithm>

namespace rs::routing {

// The state of one match attempt (werkzeug's closure variables in StateMachineMatcher.match).
struct StateMachineMatcher::Search {
    QByteArrayView method;
    QStringView path;
    // Inline capacity covers ordinary paths without touching the heap.
    QVarLengthArray<QStringView, 16> parts;
    QVarLengthArray<qsizetype, 16> offsets; // where each part starts in path
    QVarLengthArray<QStringView, 8> values;
    QStringList haveMatchFor;
    const Rule *rule = nullptr;
};

namespace {

// MapAdapter.match: "/" + path.lstrip("/") ("" stays ""); a path already in that form is kept
// as it is, without a copy.
QString requestPath(const QString &path)
{
    if (path.isEmpty() || (path.startsWith(QLatin1Char('/')) && !path.startsWith(QLatin1String("//"))))
        return path;
    qsizetype start = 0;
    while (start < path.size() && path[start] == QLatin1Char('/'))
        ++start;
    return QLatin1Char('/') + path.mid(start);
}

} // namespace

StateMachineMatcher::StateMachineMatcher() : root_(std::make_unique<State>()) {}

StateMachineMatcher::~StateMachineMatcher() = default;

void StateMachineMatcher::add(const Rule &rule)
{
    State *state = root_.get();
    bool allStatic = true;
    QStringList path;
    for (const RulePart &part : rule.impl().parts) {
        if (part.isStatic) {
            auto &next = state->statics[part.content];
            if (!next)
                next = std::make_unique<State>();
            state = next.get();
            path.append(part.content);
            continue;
        }
        allStatic = false;
        auto same = std::find_if(state->dynamic.begin(), state->dynamic.end(),
                                 [&](const auto &entry) { return entry.first->sameAs(part); });
        if (same == state->dynamic.end()) {
            // After every entry of lower or equal weight: a stable sort, as werkzeug's update().
            auto at = std::upper_bound(
                state->dynamic.begin(), state->dynamic.end(), part.weight,
                [](const Weighting &w, const auto &entry) { return w < entry.first->weight; });
            same = state->dynamic.insert(at, {&part, std::make_unique<State>()});
        }
        state = same->second.get();
    }
    state->rules.push_back(&rule);
    if (allStatic)
        staticPaths_.emplace(path.join(QLatin1Char('/')), state);
}

StateMachineMatcher::Outcome StateMachineMatcher::search(const State &state, std::size_t index,
                                                         Search &s) const
{
    const auto count = std::size_t(s.parts.size());
    if (index == count) {
        for (const Rule *rule : state.rules) {
            if (!rule->impl().allowsMethod(s.method)) {
                s.haveMatchFor += rule->methods();
            } else {
                s.rule = rule;
                return Outcome::Found;
            }
        }
        // The path would match with a trailing slash added.
        if (const auto slash = state.statics.find(QStringView()); slash != state.statics.end()) {
            for (const Rule *rule : slash->second->rules) {
                if (!rule->impl().allowsMethod(s.method))
                    continue;
                if (rule->strictSlashes())
                    return Outcome::SlashRequired;
                s.rule = rule;
                return Outcome::Found;
            }
        }
        return Outcome::None;
    }

    const QStringView part = s.parts[index];
    if (const auto next = state.statics.find(part); next != state.statics.end()) {
        if (const Outcome o = search(*next->second, index + 1, s); o != Outcome::None)
            return o;
    }
    for (const auto &[rulePart, next] : state.dynamic) {
        const QStringView target = rulePart->final ? s.path.mid(s.offsets[index]) : part;
        const auto m = rulePart->regex.match(target, 0, QRegularExpression::NormalMatch,
                                             QRegularExpression::AnchorAtOffsetMatchOption);
        if (!m.hasMatch())
            continue;
        const qsizetype mark = s.values.size();
        for (int g = 1; g <= rulePart->regex.captureCount(); ++g)
            s.values.push_back(m.capturedView(g));
        if (const Outcome o = search(*next, rulePart->final ? count : index + 1, s); o != Outcome::None)
            return o;
        s.values.resize(mark);
    }

    // A lone trailing slash left: rules without strict slashes match without it.
    if (index + 1 == count && part.isEmpty()) {
        for (const Rule *rule : state.rules) {
            if (rule->strictSlashes())
                continue;
            if (!rule->impl().allowsMethod(s.method)) {
                s.haveMatchFor += rule->methods();
            } else {
                s.rule = rule;
                return Outcome::Found;
            }
        }
    }
    return Outcome::None;
}

StateMachineMatcher::Outcome StateMachineMatcher::run(const QString &path, Search &s) const
{
    s.path = path;
    s.parts.clear();
    s.offsets.clear();
    s.values.clear();
    s.rule = nullptr;
    qsizetype start = 0;
    for (;;) {
        const qsizetype slash = path.indexOf(QLatin1Char('/'), start);
        const qsizetype end = slash < 0 ? path.size() : slash;
        s.parts.push_back(QStringView(path).mid(start, end - start));
        s.offsets.push_back(start);
        if (slash < 0)
            break;
        start = slash + 1;
    }
    return search(*root_, 0, s);
}

void StateMachineMatcher::finish(MatchResult &result, Search &s) const
{
    if (!s.haveMatchFor.isEmpty()) {
        s.haveMatchFor.removeDuplicates();
        s.haveMatchFor.sort();
        result.kind = MatchResult::Kind::MethodNotAllowed;
        result.allowedMethods = s.haveMatchFor;
    } else {
        result.kind = MatchResult::Kind::NotFound;
    }
}

MatchResult StateMachineMatcher::match(const QString &path, QByteArrayView method,
                                       const QByteArray &query) const
{
    QByteArray upperMethod;
    if (std::any_of(method.begin(), method.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
        upperMethod = method.toByteArray().toUpper();
        method = upperMethod;
    }
    MatchResult result;

    const QString pathPart = requestPath(path);

    // A fully static rule reached by static transitions only is what the tree search finds first.
    if (const auto hit = staticPaths_.find(QStringView(pathPart)); hit != staticPaths_.end()) {
        for (const Rule *rule : hit->second->rules) {
            if (rule->impl().allowsMethod(method)) {
                result.kind = MatchResult::Kind::Matched;
                result.rule = rule;
                return result;
            }
        }
    }

    Search s;
    s.method = method;
    const auto redirect = [&](const QString &target) {
        result.kind = MatchResult::Kind::Redirect;
        result.redirectPath = UrlQuote::redirectTarget(target, query);
        return result;
    };

    const Outcome first = run(pathPart, s);
    if (first == Outcome::SlashRequired)
        return redirect(pathPart + QLatin1Char('/'));
    if (first == Outcome::None) {
        const QString merged = Rule::Impl::mergeSlashes(pathPart);
        if (merged != pathPart) {
            const Outcome second = run(merged, s);
            if (second == Outcome::SlashRequired)
                return redirect(merged + QLatin1Char('/'));
            if (second == Outcome::Found)
                return redirect(merged);
        }
        finish(result, s);
        return result;
    }

    const Rule::Impl &rule = s.rule->impl();
    const std::size_t n = std::min<std::size_t>(s.values.size(), rule.arguments.size());
    result.viewArgs.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        auto value = rule.converters[i]->toPython(s.values[i].toString());
        // A converter turning the value down ends the match (werkzeug does not try other rules).
        if (!value) {
            result.viewArgs.clear();
            finish(result, s);
            return result;
        }
        result.viewArgs.emplace_back(rule.arguments[i], std::move(*value));
    }
    result.kind = MatchResult::Kind::Matched;
    result.rule = s.rule;
    return result;
}

QStringList StateMachineMatcher::allowedMethods(const QString &path) const
{
    const MatchResult result = match(path, "--", {});
    return result.kind == MatchResult::Kind::MethodNotAllowed ? result.allowedMethods : QStringList();
}

} // namespace rs::routing
