#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QUuid>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace rs {

// A Python-like dynamic value: what a Flask session, `g`, a view argument or a JSON body holds.
// It has value semantics (copying copies the contents). Dicts keep insertion order, as Python's
// do; JSON output sorts keys by code point where Flask does (see PyJson).
//
// Integers outside int64 are kept exactly as decimal text (Python ints have no limit).
class Value {
public:
    enum class Type { None, Bool, Int, BigInt, Float, Str, Bytes, List, Tuple, Dict, Markup, Uuid, DateTime };

    using List = std::vector<Value>;
    using Item = std::pair<QString, Value>;
    using Dict = std::vector<Item>;

    struct BigInt {
        std::string digits;
    }; // optional '-' then decimal digits
    struct Tuple {
        List items;
    };
    struct Markup {
        QString html;
    };
    struct DictBox {
        Dict items;
    };

    Value() = default;
    Value(std::nullptr_t) {}
    Value(bool b) : v_(b) {}
    Value(int i) : v_(std::int64_t(i)) {}
    Value(long i) : v_(std::int64_t(i)) {}
    Value(long long i) : v_(std::int64_t(i)) {}
    Value(unsigned i) : v_(std::int64_t(i)) {}
    Value(double d) : v_(d) {}
    Value(const char *s) : v_(QString::fromUtf8(s)) {}
    Value(const QString &s) : v_(s) {}
    Value(QString &&s) : v_(std::move(s)) {}
    Value(const QByteArray &bytes) : v_(bytes) {}
    Value(List list) : v_(std::move(list)) {}
    Value(Tuple tuple) : v_(std::move(tuple)) {}
    Value(Dict dict) : v_(DictBox{std::move(dict)}) {}
    Value(Markup m) : v_(std::move(m)) {}
    Value(const QUuid &u) : v_(u) {}
    Value(const QDateTime &dt) : v_(dt) {}
    Value(BigInt big) : v_(std::move(big)) {}

    static Value dict(std::initializer_list<Item> items = {}) { return Value(Dict(items)); }
    static Value list(std::initializer_list<Value> items = {}) { return Value(List(items)); }
    static Value tuple(std::initializer_list<Value> items) { return Value(Tuple{List(items)}); }
    // Parses decimal text of any length; int64 when it fits.
    static Value integer(const std::string &decimal);

    Type type() const { return static_cast<Type>(v_.index()); }
    bool isNone() const { return type() == Type::None; }
    bool isBool() const { return type() == Type::Bool; }
    bool isInt() const { return type() == Type::Int || type() == Type::BigInt; }
    bool isFloat() const { return type() == Type::Float; }
    bool isStr() const { return type() == Type::Str; }
    bool isBytes() const { return type() == Type::Bytes; }
    bool isList() const { return type() == Type::List; }
    bool isTuple() const { return type() == Type::Tuple; }
    bool isDict() const { return type() == Type::Dict; }

    bool toBool() const; // Python truthiness
    std::int64_t toInt(std::int64_t fallback = 0) const;
    double toDouble(double fallback = 0) const;
    QString toStr() const; // the text of a Str or Markup; else str(value)
    QByteArray toBytes() const;
    const std::string &bigIntDigits() const { return std::get<BigInt>(v_).digits; }
    QUuid toUuid() const;
    QDateTime toDateTime() const;
    const QString &markupHtml() const { return std::get<Markup>(v_).html; }

    // List and tuple items; empty for other types.
    const List &items() const;
    List &items();        // list or tuple (throws std::logic_error otherwise)
    void append(Value v); // list only

    // Dict access (throws std::logic_error when not a dict).
    const Dict &dictItems() const;
    Dict &dictItems();
    bool contains(const QString &key) const;
    const Value *find(const QString &key) const;
    Value *find(const QString &key);
    Value get(const QString &key, Value fallback = {}) const;
    // Inserts when missing (at the end, like Python), replaces otherwise.
    void set(const QString &key, Value v);
    bool remove(const QString &key);
    Value &operator[](const QString &key); // inserts None when missing
    std::size_t size() const;              // len(): str, bytes, list, tuple, dict

    bool operator==(const Value &other) const;
    bool operator!=(const Value &other) const { return !(*this == other); }

    // Python's repr(), e.g. {'user': 'alex', 'n': [1, 2.5, None]} — used for short event values.
    QString repr() const;
    std::string reprUtf8(int maxChars = 96) const;

private:
    std::variant<std::monostate, bool, std::int64_t, BigInt, double, QString, QByteArray, List, Tuple,
                 DictBox, Markup, QUuid, QDateTime>
        v_;
};

} // namespace rs
