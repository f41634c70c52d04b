#include "core/framework/routing/Rule.h"

#include "core/framework/routing/ConverterArgs.h"
#include "core/framework/routing/ConverterRegistry.h"
#include "core/framework/routing/RuleImpl.h"
#include "core/framework/routing/UrlQuote.h"

#include <QRegularExpression>

#include <stdexcept>

namespace rs::routing {

namespace {

std::invalid_argument ruleError(const QString &pattern, const QString &why)
{
    return std::invalid_argument(QStringLiteral("invalid url rule '%1': %2").arg(pattern, why).toStdString());
}

// werkzeug.routing.rules._part_re: a slash, static text, or <converter(arguments):variable>.
const QRegularExpression &partPattern()
{
    static const QRegularExpression re(QStringLiteral(R"((?:(?<slash>/)|(?<static>[^</]+)|)"
                                                      R"((?:<(?:(?<converter>[a-zA-Z_][a-zA-Z0-9_]*))"
                                                      R"((?:\((?<arguments>.*?)\))?:)?)"
                                                      R"((?<variable>[a-zA-Z_][a-zA-Z0-9_]*)>)))"));
    return re;
}

bool captured(const QRegularExpressionMatch &m, const QString &name)
{
    return m.capturedStart(name) >= 0;
}

qsizetype codePoints(const QString &text)
{
    qsizetype n = 0;
    for (const QChar c : text) {
        if (!c.isLowSurrogate())
            ++n;
    }
    return n;
}

QStringList ruleMethods(const Rule::Options &options, bool &automaticOptions)
{
    QStringList methods;
    for (const QString &m :
         options.methods.isEmpty() ? QStringList{QStringLiteral("GET")} : options.methods) {
        const QString upper = m.toUpper();
        if (!methods.contains(upper))
            methods.append(upper);
    }
    // Flask's add_url_rule adds OPTIONS unless the view handles it; Werkzeug's Rule adds HEAD.
    automaticOptions = options.provideAutomaticOptions && !methods.contains(QStringLiteral("OPTIONS"));
    if (automaticOptions)
        methods.append(QStringLiteral("OPTIONS"));
    if (methods.contains(QStringLiteral("GET")) && !methods.contains(QStringLiteral("HEAD")))
        methods.append(QStringLiteral("HEAD"));
    methods.sort();
    return methods;
}

// Rule._parse_rule: cuts the rule into parts, building each dynamic part's regular expression.
void parseRule(Rule::Impl &d, const QString &rule, const ConverterRegistry &registry)
{
    QString content;
    bool isStatic = true;
    bool final = false;
    std::vector<std::pair<int, int>> staticWeights;
    std::vector<int> argumentWeights;

    const auto finishPart = [&] {
        RulePart part;
        part.content = content;
        part.final = final;
        part.isStatic = isStatic;
        part.weight = Weighting{-int(staticWeights.size()), staticWeights, -int(argumentWeights.size()),
                                argumentWeights};
        if (!isStatic) {
            part.regex = QRegularExpression(content, QRegularExpression::UseUnicodePropertiesOption);
            if (!part.regex.isValid())
                throw ruleError(
                    d.pattern,
                    QStringLiteral("bad regular expression '%1': %2").arg(content, part.regex.errorString()));
            part.regex.optimize();
        }
        d.parts.push_back(std::move(part));
        content.clear();
        isStatic = true;
        final = false;
        staticWeights.clear();
        argumentWeights.clear();
    };
    const auto addStaticStep = [&](const QString &text) {
        const QString quoted = UrlQuote::quote(text.toUtf8(), "/:|+");
        if (!d.steps.empty() && !d.steps.back().dynamic)
            d.steps.back().text += quoted;
        else
            d.steps.push_back({false, quoted, -1});
    };

    qsizetype pos = 0;
    while (pos < rule.size()) {
        const auto m = partPattern().match(rule, pos, QRegularExpression::NormalMatch,
                                           QRegularExpression::AnchorAtOffsetMatchOption);
        if (!m.hasMatch())
            throw ruleError(d.pattern, QStringLiteral("malformed url rule"));

        if (captured(m, QStringLiteral("static"))) {
            const QString text = m.captured(QStringLiteral("static"));
            staticWeights.emplace_back(int(staticWeights.size()), -int(codePoints(text)));
            addStaticStep(text);
            content += isStatic ? text : QRegularExpression::escape(text);
        }
        if (captured(m, QStringLiteral("variable"))) {
            const QString name = m.captured(QStringLiteral("variable"));
            if (d.arguments.contains(name))
                throw ruleError(d.pattern, QStringLiteral("duplicate variable '%1'").arg(name));
            if (isStatic)
                content = QRegularExpression::escape(content);
            isStatic = false;

            QStringList positional;
            QHash<QString, QString> keyword;
            ConverterArgs::parse(m.captured(QStringLiteral("arguments")), positional, keyword);
            QString converterName = m.captured(QStringLiteral("converter"));
            if (converterName.isEmpty())
                converterName = QStringLiteral("default");
            std::unique_ptr<Converter> converter;
            try {
                converter = registry.create(converterName, positional, keyword);
            } catch (const std::invalid_argument &e) {
                throw ruleError(d.pattern, QString::fromUtf8(e.what()));
            }
            if (converter->matchesSlash())
                final = true;
            content += QLatin1Char('(') + converter->regex() + QLatin1Char(')');
            argumentWeights.push_back(converter->weight());
            d.steps.push_back({true, QString(), int(d.arguments.size())});
            d.arguments.append(name);
            d.converters.push_back(std::move(converter));
        }
        if (captured(m, QStringLiteral("slash"))) {
            addStaticStep(QStringLiteral("/"));
            if (final) {
                content += QLatin1Char('/');
            } else {
                // Python's \Z is PCRE's \z (PCRE's \Z also matches before a final newline).
                if (!isStatic)
                    content += QLatin1String("\\z");
                finishPart();
            }
        }
        pos = m.capturedEnd();
    }
    if (!isStatic)
        content += QLatin1String("\\z");
    finishPart();
}

} // namespace

Rule::Rule(QString pattern, QString endpoint, Options options, const ConverterRegistry &converters)
    : d(std::make_unique<Impl>())
{
    d->pattern = std::move(pattern);
    d->endpoint = std::move(endpoint);
    if (!d->pattern.startsWith(QLatin1Char('/')))
        throw ruleError(d->pattern, QStringLiteral("urls must start with a leading slash"));
    d->methods = ruleMethods(options, d->automaticOptions);
    d->strictSlashes = options.strictSlashes;
    // Flask's Map merges slashes by default, in rules as in requests.
    parseRule(*d, Impl::mergeSlashes(d->pattern), converters);
}

Rule::~Rule() = default;
Rule::Rule(Rule &&) noexcept = default;
Rule &Rule::operator=(Rule &&) noexcept = default;

const QString &Rule::pattern() const
{
    return d->pattern;
}

const QString &Rule::endpoint() const
{
    return d->endpoint;
}

const QStringList &Rule::methods() const
{
    return d->methods;
}

bool Rule::providesAutomaticOptions() const
{
    return d->automaticOptions;
}

bool Rule::strictSlashes() const
{
    return d->strictSlashes;
}

const QStringList &Rule::arguments() const
{
    return d->arguments;
}

bool Rule::isStatic() const
{
    return d->arguments.isEmpty();
}

std::optional<QString> Rule::build(const Value::Dict &values) const
{
    const auto lookup = [&](const QString &key) -> const Value * {
        for (const auto &[k, v] : values) {
            if (k == key)
                return &v;
        }
        return nullptr;
    };

    QString url;
    for (const Impl::BuildStep &step : d->steps) {
        if (!step.dynamic) {
            url += step.text;
            continue;
        }
        const Value *value = lookup(d->arguments[step.argument]);
        if (!value)
            return std::nullopt;
        const auto text = d->converters[step.argument]->toUrl(*value);
        if (!text)
            return std::nullopt;
        url += *text;
    }

    Value::Dict extra;
    for (const auto &item : values) {
        if (!d->arguments.contains(item.first))
            extra.push_back(item);
    }
    const QString query = UrlQuote::encodeQuery(extra);
    if (!query.isEmpty())
        url += QLatin1Char('?') + query;
    return url;
}

} // namespace rs::routing
