#pragma once

#include "core/value/Value.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace rs::routing {

class Converter;
class ConverterRegistry;

// One URL rule, Werkzeug-style: "/users/<int:id>", "/files/<path:p>", "/c/<any(red,blue):c>".
// Immutable once constructed. Construction throws std::invalid_argument with a clear message on
// a malformed rule or an unknown converter.
class Rule {
public:
    struct Options {
        QStringList methods; // empty = {"GET"}; HEAD is added whenever GET is present
        bool strictSlashes = true;
        bool provideAutomaticOptions = true; // adds OPTIONS unless the rule lists it itself
    };

    Rule(QString pattern, QString endpoint, Options options, const ConverterRegistry &converters);
    ~Rule();
    Rule(Rule &&) noexcept;
    Rule &operator=(Rule &&) noexcept;

    const QString &pattern() const;
    const QString &endpoint() const;
    const QStringList &methods() const;    // upper case, sorted, as matched (incl. HEAD/OPTIONS)
    bool providesAutomaticOptions() const; // true when OPTIONS was added automatically
    bool strictSlashes() const;
    const QStringList &arguments() const; // variable names in pattern order
    bool isStatic() const;                // no variables

    // Builds the path for these values (percent-encoded, as Werkzeug's to_url does). Values the
    // rule has no variable for are appended as a query string in the order given (Werkzeug's
    // Map does not sort them: url_for('x', b=2, a=1) gives "/x?b=2&a=1"). Returns nullopt if a
    // variable is missing or a converter refuses a value.
    std::optional<QString> build(const Value::Dict &values) const;

    struct Impl;
    const Impl &impl() const { return *d; }

private:
    std::unique_ptr<Impl> d;
};

} // namespace rs::routing
