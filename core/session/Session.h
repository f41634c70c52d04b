#pragma once

#include "core/value/Value.h"

#include <QString>
#include <QStringList>

namespace rs {

// Flask's session dict (SecureCookieSession / flask-session's ServerSideSession / NullSession).
// `modified` and `accessed` change exactly as Flask 2.2's table (reference §b.1) says, operation
// by operation — including the nested-mutation gotcha: `session.at("cart").append(x)` changes
// the data but not `modified`, so the change is not saved. Every read, write and delete is an
// event (session.read / session.write / session.delete) carrying the flags after it.
// A session belongs to one request and is used by the ident running it.
class Session {
public:
    enum class Kind { Cookie, ServerSide, Null };

    explicit Session(Kind kind = Kind::Cookie, Value data = Value::dict());

    Kind kind() const { return kind_; }
    bool isNull() const { return kind_ == Kind::Null; }

    // Neither accessed nor modified (Flask 2.2: `in`, len(), keys(), bool(), ==).
    bool contains(const QString &key) const { return data_.contains(key); }
    std::size_t size() const { return data_.size(); }
    bool empty() const { return data_.size() == 0; }
    QStringList keys() const;
    // The whole dict without touching the flags (what save_session serialises).
    const Value &data() const { return data_; }

    // s.get(key, default): accessed.
    Value get(const QString &key, Value fallback = {});
    // s[key]: accessed; the reference lets the caller mutate in place *without* marking the
    // session modified (the gotcha). Throws rs::KeyError-like std::out_of_range when missing.
    Value &at(const QString &key);
    // s[key] = value: modified and accessed, even when the value is the same.
    void set(const QString &key, Value value);
    // del s[key]: modified and accessed. Throws std::out_of_range when missing (KeyError).
    void remove(const QString &key);
    // s.pop(key, default): modified and accessed only when the key was there.
    Value pop(const QString &key, Value fallback = {});
    // s.setdefault(key, default): accessed; also modified when the key was missing.
    Value &setDefault(const QString &key, Value fallback);
    // s.update(dict): modified and accessed (even when empty).
    void update(const Value &dict);
    // s.clear(): modified and accessed (even when already empty).
    void clear();

    // session.permanent: the "_permanent" key. Reading sets accessed; setting stores the key
    // (so it is in the cookie) and marks the session modified.
    bool permanent();
    void setPermanent(bool permanent);

    bool modified() const { return modified_; }
    bool accessed() const { return accessed_; }
    // session.modified = True: the fix for the nested-mutation gotcha.
    void setModified(bool modified) { modified_ = modified; }
    void setAccessed(bool accessed) { accessed_ = accessed; }

    // Server-side sessions only: the session id, and whether it was issued by this request.
    const QString &sid() const { return sid_; }
    void setSid(QString sid) { sid_ = std::move(sid); }
    bool isNew() const { return new_; }
    void setNew(bool isNew) { new_ = isNew; }
    // Server-side sessions only: writing it to the store failed in this request (answered 503),
    // so the error response's own save_session does not try again — a retry that succeeded once
    // the store was back would save the session and send its cookie with a 503 that says it was
    // not saved.
    bool saveFailed() const { return saveFailed_; }
    void setSaveFailed(bool failed) { saveFailed_ = failed; }

    // The text Flask raises when a null session is written to.
    static QString nullSessionMessage();

private:
    void onUpdate();
    void requireWritable() const;
    void emitChange(int kind, const QString &key, const Value *value) const;

    Kind kind_;
    Value data_;
    bool modified_ = false;
    bool accessed_ = false;
    bool new_ = false;
    bool saveFailed_ = false;
    QString sid_;
};

} // namespace rs
