#include "core/session/Session.h"

#include "core/context/RuntimeError.h"
#include "core/trace/EventBus.h"

#include <stdexcept>

namespace rs {

namespace {
const QString kPermanent = QStringLiteral("_permanent");
}

Session::Session(Kind kind, Value data) : kind_(kind), data_(std::move(data))
{
    if (!data_.isDict())
        data_ = Value::dict();
}

QString Session::nullSessionMessage()
{
    return QStringLiteral(
        "The session is unavailable because no secret key was set.  Set the secret_key on the "
        "application to something unique and secret.");
}

QStringList Session::keys() const
{
    QStringList out;
    for (const auto &item : data_.dictItems())
        out.append(item.first);
    return out;
}

void Session::emitChange(int kind, const QString &key, const Value *value) const
{
    if (!trace::tracing())
        return;
    trace::Event e(static_cast<trace::EventKind>(kind));
    e.setText(0, key.toStdString(), 64);
    e.setText(1, value ? value->reprUtf8() : std::string("<missing>"));
    e.setBool(0, modified_);
    e.setBool(1, accessed_);
    const Value *p = data_.find(kPermanent);
    e.setBool(2, p && p->toBool());
    trace::emitEvent(e);
}

void Session::onUpdate()
{
    modified_ = true;
    accessed_ = true;
}

void Session::requireWritable() const
{
    if (kind_ == Kind::Null)
        throw RuntimeError(nullSessionMessage().toStdString());
}

Value Session::get(const QString &key, Value fallback)
{
    accessed_ = true;
    const Value *v = data_.find(key);
    emitChange(int(trace::EventKind::SessionRead), key, v);
    return v ? *v : fallback;
}

Value &Session::at(const QString &key)
{
    accessed_ = true;
    Value *v = data_.find(key);
    emitChange(int(trace::EventKind::SessionRead), key, v);
    if (!v)
        throw std::out_of_range("KeyError: " + Value(key).reprUtf8());
    return *v;
}

void Session::set(const QString &key, Value value)
{
    requireWritable();
    data_.set(key, std::move(value));
    onUpdate();
    emitChange(int(trace::EventKind::SessionWrite), key, data_.find(key));
}

void Session::remove(const QString &key)
{
    requireWritable();
    if (!data_.contains(key))
        throw std::out_of_range("KeyError: " + Value(key).reprUtf8());
    data_.remove(key);
    onUpdate();
    emitChange(int(trace::EventKind::SessionDelete), key, nullptr);
}

Value Session::pop(const QString &key, Value fallback)
{
    requireWritable();
    const Value *v = data_.find(key);
    if (!v)
        return fallback;
    Value out = *v;
    data_.remove(key);
    onUpdate();
    emitChange(int(trace::EventKind::SessionDelete), key, &out);
    return out;
}

Value &Session::setDefault(const QString &key, Value fallback)
{
    requireWritable();
    accessed_ = true;
    if (Value *v = data_.find(key)) {
        emitChange(int(trace::EventKind::SessionRead), key, v);
        return *v;
    }
    data_.set(key, std::move(fallback));
    onUpdate();
    Value *v = data_.find(key);
    emitChange(int(trace::EventKind::SessionWrite), key, v);
    return *v;
}

void Session::update(const Value &dict)
{
    requireWritable();
    for (const auto &item : dict.dictItems())
        data_.set(item.first, item.second);
    onUpdate();
    for (const auto &item : dict.dictItems())
        emitChange(int(trace::EventKind::SessionWrite), item.first, &item.second);
}

void Session::clear()
{
    requireWritable();
    data_ = Value::dict();
    onUpdate();
    emitChange(int(trace::EventKind::SessionDelete), QStringLiteral("*"), nullptr);
}

bool Session::permanent()
{
    return get(kPermanent, false).toBool();
}

void Session::setPermanent(bool permanent)
{
    set(kPermanent, permanent);
}

} // namespace rs
