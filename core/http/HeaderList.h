#pragma once

#include <QByteArray>

#include <utility>
#include <vector>

namespace rs::http {

// Header fields in the order received or to be sent; names keep their case, lookups ignore it.
class HeaderList {
public:
    using Field = std::pair<QByteArray, QByteArray>;

    void add(QByteArray name, QByteArray value) { fields_.emplace_back(std::move(name), std::move(value)); }
    // Replaces every field of that name with one (appended when absent).
    void set(const QByteArray &name, QByteArray value);
    void remove(const QByteArray &name);
    // The first value of that name, or a null QByteArray.
    QByteArray value(const QByteArray &name) const;
    std::vector<QByteArray> values(const QByteArray &name) const;
    bool contains(const QByteArray &name) const { return !value(name).isNull(); }

    const std::vector<Field> &fields() const { return fields_; }
    bool empty() const { return fields_.empty(); }
    std::size_t size() const { return fields_.size(); }
    void clear() { fields_.clear(); }

private:
    std::vector<Field> fields_;
};

} // namespace rs::http
