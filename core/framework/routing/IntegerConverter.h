#pragma once

#include "core/framework/routing/NumberConverter.h"

#include <memory>

namespace rs::routing {

// "int(fixed_digits=0, min=None, max=None, signed=False)": digits, a leading '-' when signed.
class IntegerConverter : public NumberConverter {
public:
    explicit IntegerConverter(Options options = {});
    static std::unique_ptr<Converter> fromArgs(const QStringList &positional,
                                               const QHash<QString, QString> &keyword);

protected:
    std::optional<Value> parse(const QString &text) const override;
    std::optional<QString> format(const Value &value) const override;
};

} // namespace rs::routing
