#pragma once

#include "core/framework/routing/Converter.h"

#include <QHash>
#include <QStringList>

#include <optional>

namespace rs::routing {

// Werkzeug's NumberConverter, the base of int and float: optional sign, fixed digit count and
// min/max bounds (a value out of bounds does not match).
class NumberConverter : public Converter {
public:
    struct Options {
        qint64 fixedDigits = 0;
        std::optional<Value> min; // a number (int or float), as written in the rule
        std::optional<Value> max;
        bool isSigned = false;
    };

    QString regex() const override;
    int weight() const override { return 50; }
    std::optional<Value> toPython(const QString &part) const override;
    std::optional<QString> toUrl(const Value &value) const override;

    const Options &options() const { return options_; }

protected:
    NumberConverter(QString unsignedRegex, Options options);
    // Reads the bound arguments fixed_digits/min/max/signed; throws std::invalid_argument.
    static Options optionsFromArgs(const QString &converter, const std::optional<Value> &fixedDigits,
                                   const std::optional<Value> &min, const std::optional<Value> &max,
                                   const std::optional<Value> &isSigned);
    // num_convert(text) on matched text.
    virtual std::optional<Value> parse(const QString &text) const = 0;
    // str(num_convert(value)) when building; nullopt when Python would raise.
    virtual std::optional<QString> format(const Value &value) const = 0;

private:
    QString unsignedRegex_;
    Options options_;
};

} // namespace rs::routing
