#pragma once

#include "core/value/Value.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace rs::ui {

// The Session inspector: a pasted Flask session cookie (a value or a whole Cookie / Set-Cookie
// line) taken apart layer by layer — payload JSON ← zlib ← base64 ← timestamp ← signature — with
// the codec's verdict and its reason in its own words (bad signature, expired, malformed, bad
// payload). The payload can be edited and turned back into a cookie: Re-sign (valid, with a
// chosen key, now) or Mis-sign (deliberately wrong, saying how), then sent in one step to a
// chosen path (/home by default). Send never sends an older cookie than the payload shown:
// unsaved edits are re-signed first, or the send is refused, saying why.
// A flask-session cookie (an sid, signed or not) is recognised and its signature checked.
//
// Everything here is local computation with the engine's own codec (no I/O). Every function and
// signal: GUI thread.
class SessionInspector : public QWidget {
    Q_OBJECT
public:
    explicit SessionInspector(QWidget *parent = nullptr);

    // The running engine's SECRET_KEY: tried with the other keys and the default for Re-sign.
    // It is never displayed. An empty key means the engine has none.
    void setSecret(const QString &secret);
    // PERMANENT_SESSION_LIFETIME: the max-age the codec checks, in seconds.
    void setMaxAgeSeconds(qint64 seconds);
    // SESSION_COOKIE_NAME, "session" by default: which cookie of a pasted header line to take.
    void setCookieName(const QString &name);
    // Puts text into the cookie field (a value or a header line) and decodes it.
    void setCookieText(const QString &text);

    QString cookieName() const;
    // The cookie value found in the cookie field, as Send would send it.
    QString cookieValue() const { return value_; }
    // The path Send requests ("/home" unless the user typed another), always starting with '/'.
    QString sendPath() const;
    void setSendPath(const QString &path);
    // The verdict line: "accepted: …" or "rejected — <reason>: <details>".
    QString verdict() const;

    // What Mis-sign does.
    enum class MisSign { WrongKey, FlipSignatureCharacter };

signals:
    // "Send with this cookie": the lead puts the cookie into the client's jar and sends GET `path`
    // (e.g. "/home?x=1") to the running app.
    void sendWithCookieRequested(const QString &cookieName, const QString &cookieValue, const QString &path);

private:
    struct Key {
        QString label;
        QByteArray bytes;
    };
    QList<Key> keys() const;
    QList<QByteArray> keyBytes() const;
    void decode();
    void decodeFlaskSessionSid(const QByteArray &value, const QList<Key> &keys);
    void fillPayloadEditor(const QByteArray &json);
    void checkPayload();
    void refreshKeyChoices();
    // False (and why, under the buttons) when no cookie could be made.
    bool resign();
    void misSign();
    void sendWithCookie();
    // The payload editor holds something else than the cookie's payload.
    bool payloadEdited() const;
    void setVerdict(const QString &text, int good); // good: 1 ok, 0 rejected, -1 neither
    void addLayer(const QString &layer, const QString &result, int good, const QString &details,
                  const QString &tooltip = {});
    // The edited payload as a session dict; false with the error shown under the editor.
    bool editedSession(Value *out);
    void setCookieValue(const QByteArray &value);
    void showAction(const QString &text);

    QPlainTextEdit *cookieEdit_;
    QLineEdit *nameEdit_;
    QSpinBox *maxAge_;
    QCheckBox *useEngineKey_;
    QPlainTextEdit *extraKeys_;
    QLabel *verdict_;
    QTreeWidget *layers_;
    QPlainTextEdit *payloadEdit_;
    QLabel *pythonView_;
    QLabel *jsonError_;
    QComboBox *signKey_;
    QPushButton *resignButton_;
    QComboBox *misSignMode_;
    QPushButton *misSignButton_;
    QPushButton *sendButton_;
    QLineEdit *sendPath_;
    QLabel *action_;

    QByteArray engineSecret_;
    bool hasEngineSecret_ = false;
    QString value_;
    QString pastedName_; // the cookie name the pasted text gave, if any
    QString filledFrom_; // the cookie value whose payload the editor shows
    QString loadedJson_; // the editor's text as filled, to tell an edit apart
    QString verdictText_;
};

} // namespace rs::ui
