#include "ui/session/SessionInspector.h"

#include "core/session/ServerSideSessionInterface.h"
#include "core/session/codec/CookieLayers.h"
#include "core/session/codec/CookieSessionCodec.h"
#include "core/session/codec/FlaskSessionSigner.h"
#include "core/value/PyJson.h"
#include "core/value/TaggedJson.h"
#include "ui/session/DurationText.h"
#include "ui/session/PastedCookie.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace rs::ui {

namespace {
// Fixed hues that read on light and dark backgrounds alike.
const QColor kGood(0x2e, 0x9d, 0x4f);
const QColor kBad(0xd8, 0x4a, 0x3f);

QString utcText(std::uint64_t unixSeconds)
{
    return QDateTime::fromSecsSinceEpoch(qint64(unixSeconds), Qt::UTC)
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

QString elided(const QString &text, int max)
{
    return text.size() <= max ? text : text.left(max - 1) + QChar(0x2026);
}

QString reasonWords(codec::Failure failure)
{
    return codec::failureName(failure).replace(QLatin1Char('_'), QLatin1Char(' '));
}

QString typeWord(const Value &v)
{
    switch (v.type()) {
    case Value::Type::List: return QStringLiteral("a list");
    case Value::Type::Tuple: return QStringLiteral("a tuple");
    case Value::Type::Str: return QStringLiteral("a string");
    case Value::Type::None: return QStringLiteral("null");
    case Value::Type::Bool: return QStringLiteral("a boolean");
    default: return QStringLiteral("a number or other value");
    }
}

QPlainTextEdit *monospaceEdit(int lines, QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    const int lineHeight = edit->fontMetrics().lineSpacing();
    edit->setMinimumHeight(lineHeight * lines + 12);
    return edit;
}
} // namespace

SessionInspector::SessionInspector(QWidget *parent) : QWidget(parent)
{
    auto *cookieBox = new QGroupBox(tr("Cookie"), this);
    cookieEdit_ = monospaceEdit(2, cookieBox);
    cookieEdit_->setObjectName(QStringLiteral("cookieEdit"));
    cookieEdit_->setMaximumHeight(cookieEdit_->minimumHeight() * 2);
    cookieEdit_->setPlaceholderText(
        tr("Paste a session cookie: its value, session=…, or a whole Cookie: / Set-Cookie: line"));
    nameEdit_ = new QLineEdit(QStringLiteral("session"), cookieBox);
    nameEdit_->setObjectName(QStringLiteral("cookieName"));
    nameEdit_->setToolTip(
        tr("SESSION_COOKIE_NAME: which cookie of a header line to take, and the name Send uses"));
    maxAge_ = new QSpinBox(cookieBox);
    maxAge_->setObjectName(QStringLiteral("maxAge"));
    maxAge_->setRange(0, std::numeric_limits<int>::max());
    maxAge_->setValue(int(codec::CookieSessionCodec::kDefaultMaxAgeSeconds));
    maxAge_->setSuffix(tr(" s"));
    maxAge_->setToolTip(tr("PERMANENT_SESSION_LIFETIME: Flask refuses a cookie signed longer ago than this"));
    auto *cookieRow = new QHBoxLayout;
    cookieRow->addWidget(new QLabel(tr("Name"), cookieBox));
    cookieRow->addWidget(nameEdit_, 1);
    cookieRow->addWidget(new QLabel(tr("Max age"), cookieBox));
    cookieRow->addWidget(maxAge_, 1);
    auto *cookieLayout = new QVBoxLayout(cookieBox);
    cookieLayout->addWidget(cookieEdit_);
    cookieLayout->addLayout(cookieRow);

    auto *keyBox = new QGroupBox(tr("Secret keys"), this);
    useEngineKey_ = new QCheckBox(tr("The engine's SECRET_KEY (not known yet)"), keyBox);
    useEngineKey_->setObjectName(QStringLiteral("useEngineKey"));
    useEngineKey_->setEnabled(false);
    extraKeys_ = monospaceEdit(1, keyBox);
    extraKeys_->setObjectName(QStringLiteral("extraKeys"));
    extraKeys_->setMaximumHeight(extraKeys_->minimumHeight() * 2);
    extraKeys_->setPlaceholderText(tr("More keys, one a line: old keys of a rotation, or a guess"));
    auto *keyLayout = new QVBoxLayout(keyBox);
    keyLayout->addWidget(useEngineKey_);
    keyLayout->addWidget(extraKeys_);

    verdict_ = new QLabel(this);
    verdict_->setObjectName(QStringLiteral("verdict"));
    verdict_->setWordWrap(true);
    verdict_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = verdict_->font();
    bold.setBold(true);
    verdict_->setFont(bold);

    layers_ = new QTreeWidget(this);
    layers_->setObjectName(QStringLiteral("layers"));
    layers_->setHeaderLabels({tr("Layer"), tr("Result"), tr("Details")});
    layers_->setRootIsDecorated(false);
    layers_->setSelectionMode(QAbstractItemView::NoSelection);
    layers_->setWordWrap(true);
    layers_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    layers_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    layers_->header()->setStretchLastSection(true);
    // Five rows at most: no room wasted under them.
    layers_->setMaximumHeight(layers_->fontMetrics().lineSpacing() * 8 + 16);

    auto *payloadBox =
        new QGroupBox(tr("Payload (Flask's tagged JSON: \" t\" tuple, \" b\" bytes, …)"), this);
    payloadEdit_ = monospaceEdit(5, payloadBox);
    payloadEdit_->setObjectName(QStringLiteral("payloadEdit"));
    pythonView_ = new QLabel(payloadBox);
    pythonView_->setObjectName(QStringLiteral("pythonView"));
    pythonView_->setWordWrap(true);
    pythonView_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    pythonView_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    jsonError_ = new QLabel(payloadBox);
    jsonError_->setObjectName(QStringLiteral("jsonError"));
    jsonError_->setWordWrap(true);
    QPalette errorPalette = jsonError_->palette();
    errorPalette.setColor(QPalette::WindowText, kBad);
    jsonError_->setPalette(errorPalette);
    jsonError_->hide();

    signKey_ = new QComboBox(payloadBox);
    signKey_->setObjectName(QStringLiteral("signKey"));
    signKey_->setToolTip(tr("The key Re-sign uses"));
    resignButton_ = new QPushButton(tr("Re-sign"), payloadBox);
    resignButton_->setObjectName(QStringLiteral("resign"));
    resignButton_->setToolTip(tr("A valid cookie of this payload: signed with the chosen key, now"));
    misSignMode_ = new QComboBox(payloadBox);
    misSignMode_->setObjectName(QStringLiteral("misSignMode"));
    misSignMode_->addItem(tr("with a wrong key"), int(MisSign::WrongKey));
    misSignMode_->addItem(tr("flip a signature character"), int(MisSign::FlipSignatureCharacter));
    misSignButton_ = new QPushButton(tr("Mis-sign"), payloadBox);
    misSignButton_->setObjectName(QStringLiteral("misSign"));
    misSignButton_->setToolTip(tr("A cookie of this payload that Flask must refuse (bad signature)"));
    sendButton_ = new QPushButton(tr("Send with this cookie"), payloadBox);
    sendButton_->setObjectName(QStringLiteral("send"));
    sendButton_->setToolTip(tr("Put the cookie into the client's jar and send GET <path> with it; "
                               "payload edits are re-signed first"));
    sendPath_ = new QLineEdit(QStringLiteral("/home"), payloadBox);
    sendPath_->setObjectName(QStringLiteral("sendPath"));
    sendPath_->setPlaceholderText(QStringLiteral("/home"));
    sendPath_->setToolTip(tr("The path to send to, on the running app (e.g. /home, /cart, /whoami)"));
    auto *buttons = new QGridLayout;
    buttons->addWidget(resignButton_, 0, 0);
    buttons->addWidget(signKey_, 0, 1);
    buttons->addWidget(misSignButton_, 1, 0);
    buttons->addWidget(misSignMode_, 1, 1);
    buttons->addWidget(sendButton_, 2, 0);
    buttons->addWidget(sendPath_, 2, 1);
    buttons->setColumnStretch(1, 1);
    action_ = new QLabel(payloadBox);
    action_->setObjectName(QStringLiteral("action"));
    action_->setWordWrap(true);
    action_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *payloadLayout = new QVBoxLayout(payloadBox);
    payloadLayout->addWidget(payloadEdit_, 1);
    payloadLayout->addWidget(pythonView_);
    payloadLayout->addWidget(jsonError_);
    payloadLayout->addLayout(buttons);
    payloadLayout->addWidget(action_);

    // Stacked rather than side by side, so the inspector fits a narrow dock.
    auto *top = new QVBoxLayout;
    top->addWidget(cookieBox);
    top->addWidget(keyBox);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(verdict_);
    layout->addWidget(layers_, 1);
    layout->addWidget(payloadBox, 1);

    connect(cookieEdit_, &QPlainTextEdit::textChanged, this, &SessionInspector::decode);
    connect(nameEdit_, &QLineEdit::textChanged, this, &SessionInspector::decode);
    connect(maxAge_, &QSpinBox::valueChanged, this, &SessionInspector::decode);
    auto keysChanged = [this] {
        refreshKeyChoices();
        decode();
    };
    connect(useEngineKey_, &QCheckBox::toggled, this, keysChanged);
    connect(extraKeys_, &QPlainTextEdit::textChanged, this, keysChanged);
    connect(payloadEdit_, &QPlainTextEdit::textChanged, this, &SessionInspector::checkPayload);
    connect(resignButton_, &QPushButton::clicked, this, &SessionInspector::resign);
    connect(misSignButton_, &QPushButton::clicked, this, &SessionInspector::misSign);
    connect(sendButton_, &QPushButton::clicked, this, &SessionInspector::sendWithCookie);
    connect(sendPath_, &QLineEdit::returnPressed, this, &SessionInspector::sendWithCookie);

    refreshKeyChoices();
    decode();
}

void SessionInspector::setSecret(const QString &secret)
{
    engineSecret_ = secret.toUtf8();
    hasEngineSecret_ = !secret.isEmpty();
    useEngineKey_->setEnabled(hasEngineSecret_);
    useEngineKey_->setText(hasEngineSecret_ ? tr("The engine's SECRET_KEY")
                                            : tr("The engine's SECRET_KEY (the engine has none)"));
    const bool wasChecked = useEngineKey_->isChecked();
    useEngineKey_->setChecked(hasEngineSecret_);
    if (wasChecked == useEngineKey_->isChecked()) {
        refreshKeyChoices();
        decode();
    }
}

void SessionInspector::setMaxAgeSeconds(qint64 seconds)
{
    maxAge_->setValue(int(std::clamp<qint64>(seconds, 0, maxAge_->maximum())));
}

void SessionInspector::setCookieName(const QString &name)
{
    nameEdit_->setText(name);
}

void SessionInspector::setCookieText(const QString &text)
{
    cookieEdit_->setPlainText(text);
}

QString SessionInspector::cookieName() const
{
    if (!pastedName_.isEmpty())
        return pastedName_;
    const QString name = nameEdit_->text().trimmed();
    return name.isEmpty() ? QStringLiteral("session") : name;
}

QString SessionInspector::verdict() const
{
    return verdictText_;
}

QList<SessionInspector::Key> SessionInspector::keys() const
{
    // Oldest to newest, as Flask lists a rotation: the engine's current key last.
    QList<Key> out;
    for (const QString &line : extraKeys_->toPlainText().split(QLatin1Char('\n'))) {
        if (line.isEmpty())
            continue;
        out.append({QStringLiteral("'%1'").arg(elided(line, 24)), line.toUtf8()});
    }
    if (hasEngineSecret_ && useEngineKey_->isChecked())
        out.append({tr("the engine's SECRET_KEY"), engineSecret_});
    return out;
}

QList<QByteArray> SessionInspector::keyBytes() const
{
    QList<QByteArray> out;
    for (const Key &k : keys())
        out.append(k.bytes);
    return out;
}

void SessionInspector::refreshKeyChoices()
{
    const QString current = signKey_->currentText();
    signKey_->clear();
    const QList<Key> all = keys();
    for (const Key &k : all)
        signKey_->addItem(tr("with %1").arg(k.label));
    const int again = signKey_->findText(current);
    // Default: the newest key, the one Flask signs with.
    signKey_->setCurrentIndex(again >= 0 ? again : int(all.size()) - 1);
    checkPayload();
}

void SessionInspector::setVerdict(const QString &text, int good)
{
    verdictText_ = text;
    verdict_->setText(text);
    QPalette p = palette();
    if (good >= 0)
        p.setColor(QPalette::WindowText, good ? kGood : kBad);
    verdict_->setPalette(p);
}

void SessionInspector::addLayer(const QString &layer, const QString &result, int good, const QString &details,
                                const QString &tooltip)
{
    auto *item = new QTreeWidgetItem(layers_, {layer, result, details});
    if (good >= 0)
        item->setForeground(1, good ? kGood : kBad);
    QFont f = item->font(1);
    f.setBold(good >= 0);
    item->setFont(1, f);
    item->setToolTip(2, tooltip.isEmpty() ? details : tooltip);
}

void SessionInspector::decode()
{
    const QString wanted = nameEdit_->text().trimmed();
    const PastedCookie pasted = PastedCookie::parse(cookieEdit_->toPlainText(),
                                                    wanted.isEmpty() ? QStringLiteral("session") : wanted);
    pastedName_ = pasted.name;
    value_ = pasted.value;
    sendButton_->setEnabled(!value_.isEmpty());
    layers_->clear();
    if (!pasted.error.isEmpty()) {
        setVerdict(pasted.error, 0);
        return;
    }
    if (value_.isEmpty()) {
        setVerdict(tr("Paste a session cookie above to see its layers."), -1);
        return;
    }

    const QByteArray value = value_.toLatin1();
    const QList<Key> all = keys();
    // flask-session's cookie is the sid, or "sid.signature": never a payload and a timestamp.
    const qsizetype firstDot = value.indexOf('.');
    if (value.count('.') <= 1 &&
        ServerSideSessionInterface::isValidSid(firstDot < 0 ? value : value.left(firstDot))) {
        decodeFlaskSessionSid(value, all);
        if (value_ != filledFrom_) {
            filledFrom_ = value_;
            fillPayloadEditor({});
        }
        return;
    }

    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 maxAge = maxAge_->value();
    const codec::CookieLayers l = codec::CookieLayers::split(value);
    const codec::LoadResult result = codec::CookieSessionCodec::decode(value, keyBytes(), now, maxAge);

    // The layers, outermost last, as the issue draws them: payload ← zlib ← base64 ← timestamp ← signature.
    if (l.jsonOk) {
        const QString repr = l.payload.repr();
        addLayer(tr("Payload JSON"), l.payload.isDict() ? tr("a JSON object") : tr("not an object"),
                 l.payload.isDict() ? 1 : 0, tr("%1 bytes: %2").arg(l.json.size()).arg(elided(repr, 160)),
                 repr);
    } else if (l.zlibOk) {
        addLayer(tr("Payload JSON"), tr("not JSON"), 0, l.jsonError);
    } else {
        addLayer(tr("Payload JSON"), tr("not reached"), -1, tr("the layers below could not be read"));
    }
    if (!l.base64Ok)
        addLayer(tr("zlib"), tr("not reached"), -1, {});
    else if (!l.compressed)
        addLayer(tr("zlib"), tr("not compressed"), -1,
                 tr("no leading '.': compressing would not have saved 2 bytes, so Flask did not"));
    else if (l.zlibOk)
        addLayer(tr("zlib"), tr("compressed"), 1,
                 tr("leading '.': %1 compressed bytes inflate to %2 bytes")
                     .arg(l.decoded.size())
                     .arg(l.json.size()));
    else
        addLayer(tr("zlib"), tr("cannot inflate"), 0, l.zlibError);
    if (l.payloadSegment.isEmpty() && !l.structureError.isEmpty())
        addLayer(tr("base64"), tr("not reached"), -1, {});
    else if (l.base64Ok)
        addLayer(tr("base64"), tr("ok"), 1,
                 tr("%1 characters → %2 bytes")
                     .arg(l.payloadSegment.size() - (l.compressed ? 1 : 0))
                     .arg(l.decoded.size()));
    else
        addLayer(tr("base64"), tr("invalid"), 0, l.base64Error);
    if (l.timestampSegment.isEmpty()) {
        addLayer(tr("Timestamp"), tr("missing"), 0, l.structureError);
    } else if (!l.timestampOk) {
        addLayer(
            tr("Timestamp"), tr("malformed"), 0,
            tr("'%1' is not a timestamp: %2").arg(QString::fromLatin1(l.timestampSegment), l.timestampError));
    } else {
        const qint64 age = now - qint64(l.timestamp);
        const bool expired = age > maxAge || age < 0;
        QString details = tr("signed %1, age %2 s").arg(utcText(l.timestamp)).arg(age);
        if (age < 0)
            details += tr(" — in the future");
        else if (expired)
            details +=
                tr(" > max-age %1 s (expired %2 ago)").arg(maxAge).arg(DurationText::format(age - maxAge));
        else
            details +=
                tr(" ≤ max-age %1 s (expires in %2)").arg(maxAge).arg(DurationText::format(maxAge - age));
        addLayer(tr("Timestamp"), expired ? tr("expired") : tr("fresh"), expired ? 0 : 1, details);
    }
    if (l.signatureSegment.isEmpty() && !l.structureError.isEmpty()) {
        addLayer(tr("Signature"), tr("missing"), 0, l.structureError);
    } else if (all.isEmpty()) {
        addLayer(tr("Signature"), tr("not checked"), -1, tr("give a secret key to check it"));
    } else {
        // Which key signed it, checked key by key with the codec's own signer (no time check).
        QStringList matching;
        for (const Key &k : all) {
            const codec::URLSafeTimedSerializer one = codec::CookieSessionCodec::serializer({k.bytes});
            if (static_cast<const codec::Signer &>(one.signer()).unsign(value).ok())
                matching.append(k.label);
        }
        if (!matching.isEmpty()) {
            addLayer(tr("Signature"), tr("valid"), 1, tr("valid with %1").arg(matching.join(tr(", "))));
        } else {
            const QString sig = elided(QString::fromLatin1(l.signatureSegment), 40);
            addLayer(tr("Signature"), tr("bad signature"), 0,
                     all.size() == 1 ? tr("'%1' does not match the key given").arg(sig)
                                     : tr("'%1' matches none of the %2 keys given").arg(sig).arg(all.size()));
        }
    }

    if (result.ok())
        setVerdict(tr("accepted: the codec loads this session (signature valid, age within max-age)"), 1);
    else
        setVerdict(tr("rejected — %1: %2").arg(reasonWords(result.failure), result.message), 0);

    if (value_ != filledFrom_) {
        filledFrom_ = value_;
        fillPayloadEditor(l.zlibOk ? l.json : QByteArray());
    }
}

void SessionInspector::decodeFlaskSessionSid(const QByteArray &value, const QList<Key> &all)
{
    const qsizetype dot = value.indexOf('.');
    const QByteArray sid = dot < 0 ? value : value.left(dot);
    addLayer(tr("Session id"), tr("flask-session sid"), -1,
             tr("%1: the session's data is in the server-side store (see the store browser)")
                 .arg(QString::fromLatin1(sid)));
    if (dot < 0) {
        addLayer(tr("Signature"), tr("none"), -1, tr("SESSION_USE_SIGNER is off: the sid is sent as it is"));
        setVerdict(
            tr("a server-side session id without signature (SESSION_USE_SIGNER off); nothing to verify"), -1);
        return;
    }
    QStringList matching;
    for (const Key &k : all)
        if (codec::FlaskSessionSigner({k.bytes}).unsign(value).ok())
            matching.append(k.label);
    const codec::UnsignResult r = codec::FlaskSessionSigner(keyBytes()).unsign(value);
    if (r.ok()) {
        addLayer(tr("Signature"), tr("valid"), 1,
                 tr("valid with %1 (salt 'flask-session')").arg(matching.join(tr(", "))));
        setVerdict(tr("accepted: a signed flask-session id (SESSION_USE_SIGNER)"), 1);
    } else {
        addLayer(tr("Signature"), reasonWords(r.failure), 0, r.message);
        setVerdict(tr("rejected — %1: %2").arg(reasonWords(r.failure), r.message), 0);
    }
}

void SessionInspector::fillPayloadEditor(const QByteArray &json)
{
    QString text;
    if (!json.isEmpty()) {
        // Pretty, with the tags as they are in the cookie, so that an edit keeps them.
        QString error;
        const Value raw = PyJson::loads(json, &error);
        if (error.isEmpty()) {
            PyJson::Options o;
            o.indent = 2;
            o.ensureAscii = false;
            text = QString::fromUtf8(PyJson::dumps(raw, o, &error));
        }
        if (!error.isEmpty() || text.isEmpty())
            text = QString::fromUtf8(json);
    }
    loadedJson_ = text;
    payloadEdit_->setPlainText(text);
}

bool SessionInspector::editedSession(Value *out)
{
    QString error;
    const QByteArray text = payloadEdit_->toPlainText().toUtf8();
    Value v = TaggedJson::loads(text, &error);
    if (!error.isEmpty()) {
        jsonError_->setText(tr("Not valid JSON — Python says: %1").arg(error));
        jsonError_->show();
        return false;
    }
    if (!v.isDict()) {
        jsonError_->setText(
            tr("A session must be a JSON object ({…}), not %1: Flask would refuse it (bad payload)")
                .arg(typeWord(v)));
        jsonError_->show();
        return false;
    }
    jsonError_->hide();
    if (out)
        *out = std::move(v);
    return true;
}

void SessionInspector::checkPayload()
{
    const QString text = payloadEdit_->toPlainText();
    if (text.trimmed().isEmpty()) {
        jsonError_->hide();
        pythonView_->setText(tr("As Python sees it: (nothing to show)"));
        resignButton_->setEnabled(false);
        misSignButton_->setEnabled(false);
        return;
    }
    Value session;
    const bool ok = editedSession(&session);
    if (ok) {
        QString shown = tr("As Python sees it: %1").arg(elided(session.repr(), 400));
        if (text != loadedJson_)
            shown += tr("   (edited — Re-sign to make a cookie of it)");
        pythonView_->setText(shown);
    } else {
        pythonView_->setText(tr("As Python sees it: —"));
    }
    resignButton_->setEnabled(ok && signKey_->count() > 0);
    misSignButton_->setEnabled(ok);
}

void SessionInspector::setCookieValue(const QByteArray &value)
{
    // As it was pasted: name=value when the paste named the cookie, else the bare value.
    cookieEdit_->setPlainText(pastedName_.isEmpty()
                                  ? QString::fromLatin1(value)
                                  : pastedName_ + QLatin1Char('=') + QString::fromLatin1(value));
}

void SessionInspector::showAction(const QString &text)
{
    action_->setText(text);
}

bool SessionInspector::resign()
{
    Value session;
    const QList<Key> all = keys();
    const int index = signKey_->currentIndex();
    if (!editedSession(&session)) {
        showAction(tr("Could not sign: the payload is not a session (see above)."));
        return false;
    }
    if (index < 0 || index >= all.size()) {
        showAction(tr("Could not sign: no key (tick the engine's SECRET_KEY or add a key above)."));
        return false;
    }
    const Key &key = all[index];
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QString error;
    const QByteArray cookie = codec::CookieSessionCodec::sign(session, now, {key.bytes}, &error);
    if (cookie.isEmpty()) {
        showAction(tr("Could not sign: %1").arg(error));
        return false;
    }
    setCookieValue(cookie);
    showAction(tr("Re-signed with %1 at %2: a valid cookie of the payload above.")
                   .arg(key.label, utcText(quint64(now))));
    return true;
}

bool SessionInspector::payloadEdited() const
{
    return payloadEdit_->toPlainText() != loadedJson_;
}

QString SessionInspector::sendPath() const
{
    const QString path = sendPath_->text().trimmed();
    if (path.isEmpty())
        return QStringLiteral("/home");
    return path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path;
}

void SessionInspector::setSendPath(const QString &path)
{
    sendPath_->setText(path);
}

void SessionInspector::sendWithCookie()
{
    // The payload shown is what the user means to send: an edit goes out re-signed, never as
    // the older cookie that is still in the field.
    QString resigned;
    if (payloadEdited()) {
        if (!resign()) {
            showAction(tr("Not sent: the payload was edited and could not be re-signed. %1 Fix it, or "
                          "paste the cookie again to drop the edit.")
                           .arg(action_->text()));
            return;
        }
        resigned = action_->text() + QLatin1Char(' ');
    }
    if (value_.isEmpty())
        return;
    const QString path = sendPath();
    showAction(resigned + tr("Sent GET %1 with %2=%3.").arg(path, cookieName(), elided(value_, 40)));
    emit sendWithCookieRequested(cookieName(), value_, path);
}

void SessionInspector::misSign()
{
    Value session;
    if (!editedSession(&session))
        return;
    const QList<Key> all = keys();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const auto mode = MisSign(misSignMode_->currentData().toInt());
    QByteArray wrongKey = "wrong-key";
    while (std::any_of(all.begin(), all.end(), [&](const Key &k) { return k.bytes == wrongKey; }))
        wrongKey += '!';
    QString error;
    if (mode == MisSign::WrongKey || all.isEmpty()) {
        const QByteArray cookie = codec::CookieSessionCodec::sign(session, now, {wrongKey}, &error);
        if (cookie.isEmpty()) {
            showAction(tr("Could not sign: %1").arg(error));
            return;
        }
        setCookieValue(cookie);
        showAction(tr("Mis-signed: signed with the key '%1', which is none of the keys above, so the "
                      "signature cannot match (expect: bad signature).")
                       .arg(QString::fromLatin1(wrongKey)));
        return;
    }
    const int index = std::clamp(signKey_->currentIndex(), 0, int(all.size()) - 1);
    QByteArray cookie = codec::CookieSessionCodec::sign(session, now, {all[index].bytes}, &error);
    if (cookie.isEmpty()) {
        showAction(tr("Could not sign: %1").arg(error));
        return;
    }
    // The first character: all six of its bits are in the HMAC (the last one's are partly padding).
    const qsizetype at = cookie.lastIndexOf('.') + 1;
    const char was = cookie[at];
    const char flipped = was == 'A' ? 'B' : 'A';
    cookie[at] = flipped;
    setCookieValue(cookie);
    showAction(
        tr("Mis-signed: signed with %1, then the signature's first character changed from '%2' to '%3' "
           "(expect: bad signature).")
            .arg(all[index].label, QChar::fromLatin1(was), QChar::fromLatin1(flipped)));
}

} // namespace rs::ui
