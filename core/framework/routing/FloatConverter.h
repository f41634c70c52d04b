#pragma once

#include "core/framework/routing/NumberConverter.h"

#include <memory>

namespace rs::routing {

// "float(min=None, max=None, signed=False)": digits '.' digits, a leading '-' when signed.
class FloatConverter : public NumberConverter {
public:
    explicit FloatConverter(Options options = {});
    static std::unique_ptr<Converter> fromArgs(const QStringList &positional,
                                               const QHash<QString, QString> &keyword);

protected:
    std::optional<Value> parse(const QString &text) const override;
    std::optional<QString> format(const Value &value) const override;
};

} // namespace rs::routing
