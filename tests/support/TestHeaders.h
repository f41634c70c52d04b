#pragma once

#include <QByteArray>

#include <initializer_list>
#include <utility>
#include <vector>

namespace rs::test {

// Header fields in order, names compared without case (like rs::http::HeaderList, but free of
// the engine so that any test can use it).
class TestHeaders {
public:
    using Field = std::pair<QByteArray, QByteArray>;

    TestHeaders() = default;
    TestHeaders(std::initializer_list<Field> fields) : fields_(fields) {}

    void add(QByteArray name, QByteArray value) { fields_.emplace_back(std::move(name), std::move(value)); }
    void set(const QByteArray &name, QByteArray value);
    void remove(const QByteArray &name);
    // The first value of that name, or a null QByteArray.
    QByteArray value(const QByteArray &name) const;
    std::vector<QByteArray> values(const QByteArray &name) const;
    bool contains(const QByteArray &name) const { return !value(name).isNull(); }
    int count(const QByteArray &name) const { return static_cast<int>(values(name).size()); }

    const std::vector<Field> &fields() const { return fields_; }
    bool empty() const { return fields_.empty(); }
    std::size_t size() const { return fields_.size(); }

private:
    std::vector<Field> fields_;
};

} // namespace rs::test
