#include "ui/client/HistoryHar.h"

#include "ui/models/RequestRecord.h"
#include "ui/models/RequestStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>
#include <optional>

namespace rs::ui {

namespace {

QString str(const QByteArray &bytes)
{
    return QString::fromUtf8(bytes);
}

bool isSecretHeader(const QByteArray &name)
{
    for (const char *secret : {"Cookie", "Set-Cookie", "Authorization", "Proxy-Authorization"})
        if (name.compare(secret, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

bool isValidUtf8(const QByteArray &bytes)
{
    return QString::fromUtf8(bytes).toUtf8() == bytes;
}

QByteArray headerOf(const HeaderPairs &headers, const QByteArray &name)
{
    for (const auto &[key, value] : headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

// HAR has no place for bytes: text when it is UTF-8, else base64 with "encoding" (as browsers do
// for content; we do the same for postData, which readers that do not know it show as text).
void putBody(QJsonObject &into, const QByteArray &body)
{
    if (isValidUtf8(body)) {
        into.insert(QStringLiteral("text"), str(body));
    } else {
        into.insert(QStringLiteral("text"), QString::fromLatin1(body.toBase64()));
        into.insert(QStringLiteral("encoding"), QStringLiteral("base64"));
    }
}

QJsonObject nameValue(const QString &name, const QString &value)
{
    return QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("value"), value}};
}

QJsonArray requestCookies(const HeaderPairs &headers, bool redact)
{
    QJsonArray out;
    for (const auto &[name, value] : headers) {
        if (name.compare("Cookie", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &pair : value.split(';')) {
            const qsizetype eq = pair.indexOf('=');
            const QByteArray cookieName = (eq < 0 ? pair : pair.left(eq)).trimmed();
            if (cookieName.isEmpty())
                continue;
            out.append(
                nameValue(str(cookieName), redact ? QString::fromLatin1(HistoryHar::kRedacted)
                                                  : str(eq < 0 ? QByteArray() : pair.mid(eq + 1).trimmed())));
        }
    }
    return out;
}

QJsonObject setCookieObject(const QByteArray &line, bool redact)
{
    const QList<QByteArray> parts = line.split(';');
    const QByteArray first = parts.value(0);
    const qsizetype eq = first.indexOf('=');
    QJsonObject cookie = nameValue(str((eq < 0 ? first : first.left(eq)).trimmed()),
                                   redact ? QString::fromLatin1(HistoryHar::kRedacted)
                                          : str(eq < 0 ? QByteArray() : first.mid(eq + 1).trimmed()));
    for (const QByteArray &raw : parts.mid(1)) {
        const QByteArray attr = raw.trimmed();
        const qsizetype aeq = attr.indexOf('=');
        const QByteArray key = (aeq < 0 ? attr : attr.left(aeq)).toLower();
        const QString value = str(aeq < 0 ? QByteArray() : attr.mid(aeq + 1));
        if (key == "httponly")
            cookie.insert(QStringLiteral("httpOnly"), true);
        else if (key == "secure")
            cookie.insert(QStringLiteral("secure"), true);
        else if (key == "path")
            cookie.insert(QStringLiteral("path"), value);
        else if (key == "domain")
            cookie.insert(QStringLiteral("domain"), value);
        else if (key == "expires")
            cookie.insert(QStringLiteral("expires"), value);
        else if (key == "samesite")
            cookie.insert(QStringLiteral("sameSite"), value);
    }
    return cookie;
}

// QNetworkReply joins repeated Set-Cookie headers with '\n': HAR gets one header per cookie,
// as a browser writes it (read() joins them back).
QJsonArray headersJson(const HeaderPairs &headers, bool redact, QJsonArray *setCookies)
{
    QJsonArray out;
    for (const auto &[name, value] : headers) {
        const bool setCookie = name.compare("Set-Cookie", Qt::CaseInsensitive) == 0;
        const QList<QByteArray> values = setCookie ? value.split('\n') : QList<QByteArray>{value};
        for (const QByteArray &v : values) {
            out.append(nameValue(str(name), redact && isSecretHeader(name)
                                                ? QString::fromLatin1(HistoryHar::kRedacted)
                                                : str(v)));
            if (setCookie && setCookies && !v.trimmed().isEmpty())
                setCookies->append(setCookieObject(v, redact));
        }
    }
    return out;
}

QJsonObject lifecycle(quint64 id, const RequestStore *requests, bool redact)
{
    QJsonObject out{{QStringLiteral("id"), double(id)}};
    const RequestRecord *r = requests ? requests->find(id) : nullptr;
    if (!r)
        return out;
    QJsonArray phases;
    for (const RequestRecord::Phase &p : r->phases)
        phases.append(QJsonObject{{QStringLiteral("phase"), p.phase},
                                  {QStringLiteral("name"), p.name},
                                  {QStringLiteral("start_us"), double(p.beginUs - r->startUs)},
                                  {QStringLiteral("dur_us"), double(p.durUs)},
                                  {QStringLiteral("nesting"), p.nesting}});
    QJsonObject session{{QStringLiteral("opened"), r->sessionOpened}};
    if (r->sessionOpened) {
        session.insert(QStringLiteral("interface"), r->sessionInterface);
        session.insert(QStringLiteral("outcome"), r->sessionOutcome);
    }
    if (r->sessionSaved) {
        session.insert(QStringLiteral("decision"), r->saveDecision);
        session.insert(QStringLiteral("reason"), r->saveReason);
        session.insert(QStringLiteral("bytes"), double(r->saveBytes));
        session.insert(QStringLiteral("unsaved_change"), r->unsavedChange());
    }
    session.insert(QStringLiteral("explanation"), r->saveExplanation());
    QJsonArray store;
    for (const RequestRecord::StoreOp &op : r->storeOps)
        // A store key names the session id, which is as good as the cookie.
        store.append(
            QJsonObject{{QStringLiteral("backend"), op.backend},
                        {QStringLiteral("op"), op.op},
                        {QStringLiteral("key"), redact ? QString::fromLatin1(HistoryHar::kRedacted) : op.key},
                        {QStringLiteral("ok"), op.ok},
                        {QStringLiteral("ttl"), double(op.ttl)},
                        {QStringLiteral("us"), double(op.us)}});
    QJsonArray errors;
    for (const RequestRecord::Error &e : r->errors)
        errors.append(QJsonObject{{QStringLiteral("where"), e.where},
                                  {QStringLiteral("type"), e.type},
                                  {QStringLiteral("message"), e.message}});
    out.insert(QStringLiteral("method"), r->method);
    out.insert(QStringLiteral("path"), r->path);
    out.insert(QStringLiteral("status"), r->status);
    out.insert(QStringLiteral("thread"), r->thread);
    out.insert(QStringLiteral("ident"), double(r->ident));
    out.insert(QStringLiteral("dur_us"), double(r->durUs));
    out.insert(QStringLiteral("finished"), r->finished);
    out.insert(QStringLiteral("phases"), phases);
    out.insert(QStringLiteral("session"), session);
    out.insert(QStringLiteral("store"), store);
    out.insert(QStringLiteral("errors"), errors);
    return out;
}

QJsonObject entryJson(const HistoryEntry &e, const HistoryHar::WriteOptions &options)
{
    const bool redact = options.redact;
    const QDateTime sent = e.sentAt.isValid() ? e.sentAt.toOffsetFromUtc(e.sentAt.offsetFromUtc())
                                              : QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
    const double time = std::max(0.0, e.elapsedMs);

    QJsonArray query;
    for (const auto &[name, value] : QUrlQuery(e.url).queryItems(QUrl::FullyDecoded))
        query.append(nameValue(name, value));
    QJsonObject request{{QStringLiteral("method"), e.method},
                        {QStringLiteral("url"), e.url.toString(QUrl::FullyEncoded)},
                        {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
                        {QStringLiteral("cookies"), requestCookies(e.requestHeaders, redact)},
                        {QStringLiteral("headers"), headersJson(e.requestHeaders, redact, nullptr)},
                        {QStringLiteral("queryString"), query},
                        {QStringLiteral("headersSize"), -1},
                        {QStringLiteral("bodySize"), double(e.requestBody.size())}};
    if (!e.requestBody.isEmpty()) {
        QJsonObject post{{QStringLiteral("mimeType"), str(headerOf(e.requestHeaders, "Content-Type"))}};
        putBody(post, e.requestBody);
        request.insert(QStringLiteral("postData"), post);
    }

    QJsonArray setCookies;
    const QJsonArray responseHeaders = headersJson(e.responseHeaders, redact, &setCookies);
    const QByteArray contentType = headerOf(e.responseHeaders, "Content-Type");
    QJsonObject content{
        {QStringLiteral("size"), double(std::max<qint64>(e.bodyBytes, e.body.size()))},
        {QStringLiteral("mimeType"), contentType.isEmpty() ? QStringLiteral("x-unknown") : str(contentType)}};
    if (e.hasResponse())
        putBody(content, e.body);
    QJsonObject response{
        {QStringLiteral("status"), e.status},
        {QStringLiteral("statusText"), e.reason},
        {QStringLiteral("httpVersion"), e.hasResponse() ? QStringLiteral("HTTP/1.1") : QString()},
        {QStringLiteral("cookies"), setCookies},
        {QStringLiteral("headers"), responseHeaders},
        {QStringLiteral("content"), content},
        {QStringLiteral("redirectURL"),
         e.status >= 300 && e.status < 400 ? str(e.responseHeader("Location")) : QString()},
        {QStringLiteral("headersSize"), -1},
        {QStringLiteral("bodySize"), e.hasResponse() ? double(e.bodyBytes) : -1.0}};
    if (!e.hasResponse())
        response.insert(QStringLiteral("_error"), e.error); // where Chrome puts it

    QJsonObject entry{{QStringLiteral("startedDateTime"), sent.toString(Qt::ISODateWithMs)},
                      {QStringLiteral("time"), time},
                      {QStringLiteral("request"), request},
                      {QStringLiteral("response"), response},
                      {QStringLiteral("cache"), QJsonObject{}},
                      {QStringLiteral("timings"), QJsonObject{{QStringLiteral("send"), 0},
                                                              {QStringLiteral("wait"), time},
                                                              {QStringLiteral("receive"), 0}}}};
    if (e.requestId)
        entry.insert(QStringLiteral("_requestscope"), lifecycle(e.requestId, options.requests, redact));
    return entry;
}

// --- reading ---

QString describe(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: return QStringLiteral("the number %1").arg(v.toDouble());
    case QJsonValue::String: {
        QString s = v.toString();
        if (s.size() > 40)
            s = s.left(40) + QStringLiteral("…");
        return QStringLiteral("the string \"%1\"").arg(s);
    }
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    default: return QStringLiteral("nothing");
    }
}

// Each reader appends "path: problem" to `problems` and returns what it could read.
void problem(QStringList *problems, const QString &path, const QString &what)
{
    problems->append(path + QStringLiteral(": ") + what);
}

std::optional<QJsonObject> object(QStringList *problems, const QJsonObject &parent, const QString &key,
                                  const QString &path, bool required)
{
    const QJsonValue v = parent.value(key);
    if (v.isUndefined()) {
        if (required)
            problem(problems, path, QStringLiteral("missing"));
        return std::nullopt;
    }
    if (!v.isObject()) {
        problem(problems, path, QStringLiteral("not an object (%1)").arg(describe(v)));
        return std::nullopt;
    }
    return v.toObject();
}

std::optional<QString> string(QStringList *problems, const QJsonObject &parent, const QString &key,
                              const QString &path, bool required)
{
    const QJsonValue v = parent.value(key);
    if (v.isUndefined() || (v.isNull() && !required)) {
        if (required)
            problem(problems, path, QStringLiteral("missing"));
        return std::nullopt;
    }
    if (!v.isString()) {
        problem(problems, path, QStringLiteral("not a string (%1)").arg(describe(v)));
        return std::nullopt;
    }
    return v.toString();
}

std::optional<QByteArray> body(QStringList *problems, const QJsonObject &parent, const QString &path)
{
    const auto text = string(problems, parent, QStringLiteral("text"), path + QStringLiteral(".text"), false);
    if (!text)
        return std::nullopt;
    const auto encoding =
        string(problems, parent, QStringLiteral("encoding"), path + QStringLiteral(".encoding"), false);
    if (!encoding || encoding->isEmpty())
        return text->toUtf8();
    if (encoding->compare(QLatin1String("base64"), Qt::CaseInsensitive) != 0) {
        problem(problems, path + QStringLiteral(".encoding"),
                QStringLiteral("unknown encoding \"%1\"").arg(*encoding));
        return std::nullopt;
    }
    auto decoded = QByteArray::fromBase64Encoding(text->toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        problem(problems, path + QStringLiteral(".text"), QStringLiteral("not valid base64"));
        return std::nullopt;
    }
    return *decoded;
}

HeaderPairs headers(QStringList *problems, const QJsonObject &parent, const QString &path)
{
    HeaderPairs out;
    const QJsonValue v = parent.value(QStringLiteral("headers"));
    if (v.isUndefined())
        return out;
    if (!v.isArray()) {
        problem(problems, path, QStringLiteral("not an array (%1)").arg(describe(v)));
        return out;
    }
    const QJsonArray list = v.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString at = QStringLiteral("%1[%2]").arg(path).arg(i);
        if (!list[i].isObject()) {
            problem(problems, at, QStringLiteral("not an object (%1)").arg(describe(list[i])));
            continue;
        }
        const QJsonObject h = list[i].toObject();
        const auto name = string(problems, h, QStringLiteral("name"), at + QStringLiteral(".name"), true);
        const auto value = string(problems, h, QStringLiteral("value"), at + QStringLiteral(".value"), true);
        if (!name || !value)
            continue;
        if (name->isEmpty()) {
            problem(problems, at + QStringLiteral(".name"), QStringLiteral("empty"));
            continue;
        }
        // HTTP/2 pseudo-headers (":authority", ":status"…) are not headers one can send.
        if (name->startsWith(QLatin1Char(':')))
            continue;
        const QByteArray key = name->toUtf8();
        // One Set-Cookie per cookie in HAR, joined with '\n' as QNetworkReply keeps them.
        if (key.compare("Set-Cookie", Qt::CaseInsensitive) == 0) {
            auto it = std::find_if(out.begin(), out.end(), [](const auto &p) {
                return p.first.compare("Set-Cookie", Qt::CaseInsensitive) == 0;
            });
            if (it != out.end()) {
                it->second += '\n' + value->toUtf8();
                continue;
            }
        }
        out.append({key, value->toUtf8()});
    }
    return out;
}

std::optional<HistoryEntry> entry(QStringList *problems, const QJsonValue &value, const QString &path)
{
    const qsizetype before = problems->size();
    if (!value.isObject()) {
        problem(problems, path, QStringLiteral("not an object (%1)").arg(describe(value)));
        return std::nullopt;
    }
    const QJsonObject o = value.toObject();
    HistoryEntry e;

    if (const auto started = string(problems, o, QStringLiteral("startedDateTime"),
                                    path + QStringLiteral(".startedDateTime"), true)) {
        e.sentAt = QDateTime::fromString(*started, Qt::ISODateWithMs);
        if (!e.sentAt.isValid())
            problem(problems, path + QStringLiteral(".startedDateTime"),
                    QStringLiteral("not an ISO 8601 date (%1)").arg(describe(*started)));
    }

    const QString reqPath = path + QStringLiteral(".request");
    if (const auto request = object(problems, o, QStringLiteral("request"), reqPath, true)) {
        if (const auto method = string(problems, *request, QStringLiteral("method"),
                                       reqPath + QStringLiteral(".method"), true)) {
            e.method = method->trimmed().toUpper();
            if (e.method.isEmpty() || e.method.contains(QLatin1Char(' ')))
                problem(problems, reqPath + QStringLiteral(".method"),
                        QStringLiteral("not a method (%1)").arg(describe(*method)));
        }
        if (const auto url =
                string(problems, *request, QStringLiteral("url"), reqPath + QStringLiteral(".url"), true)) {
            e.url = QUrl(*url);
            const QString scheme = e.url.scheme();
            if (url->isEmpty())
                problem(problems, reqPath + QStringLiteral(".url"), QStringLiteral("empty"));
            else if (!e.url.isValid() || e.url.host().isEmpty() ||
                     (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
                problem(problems, reqPath + QStringLiteral(".url"),
                        QStringLiteral("not an http(s) URL the client can send (%1)").arg(describe(*url)));
        }
        e.requestHeaders = headers(problems, *request, reqPath + QStringLiteral(".headers"));
        const QString postPath = reqPath + QStringLiteral(".postData");
        if (const auto post = object(problems, *request, QStringLiteral("postData"), postPath, false)) {
            if (const auto bytes = body(problems, *post, postPath)) {
                e.requestBody = *bytes;
            } else if (post->value(QStringLiteral("params")).isArray()) {
                // Browsers may give a form only as params.
                QUrlQuery form;
                for (const QJsonValue &p : post->value(QStringLiteral("params")).toArray())
                    form.addQueryItem(p[QStringLiteral("name")].toString(),
                                      p[QStringLiteral("value")].toString());
                e.requestBody = form.query(QUrl::FullyEncoded).toUtf8();
            }
        }
    }

    const QString resPath = path + QStringLiteral(".response");
    if (const auto response = object(problems, o, QStringLiteral("response"), resPath, true)) {
        const QJsonValue status = response->value(QStringLiteral("status"));
        bool numeric = status.isDouble();
        double code = status.toDouble();
        if (status.isString()) // some tools write "200"
            code = status.toString().trimmed().toInt(&numeric);
        if (status.isUndefined())
            problem(problems, resPath + QStringLiteral(".status"), QStringLiteral("missing"));
        else if (!numeric)
            problem(problems, resPath + QStringLiteral(".status"),
                    QStringLiteral("not a number (%1)").arg(describe(status)));
        else if (code < 0 || code > 999 || code != std::floor(code))
            problem(problems, resPath + QStringLiteral(".status"),
                    QStringLiteral("not an HTTP status (%1)").arg(describe(status)));
        else
            e.status = int(code);
        e.reason = string(problems, *response, QStringLiteral("statusText"),
                          resPath + QStringLiteral(".statusText"), false)
                       .value_or(QString());
        e.responseHeaders = headers(problems, *response, resPath + QStringLiteral(".headers"));
        const QString contentPath = resPath + QStringLiteral(".content");
        if (const auto content = object(problems, *response, QStringLiteral("content"), contentPath, false)) {
            e.body = body(problems, *content, contentPath).value_or(QByteArray());
            e.bodyBytes = qint64(content->value(QStringLiteral("size")).toDouble(0));
        }
        e.bodyBytes = std::max<qint64>(e.bodyBytes, e.body.size());
        if (e.body.size() > HistoryEntry::kMaxKeptBodyBytes)
            e.body.truncate(HistoryEntry::kMaxKeptBodyBytes);
        if (!e.hasResponse()) {
            e.error = response->value(QStringLiteral("_error")).toString();
            if (e.error.isEmpty())
                e.error = QStringLiteral("no response (status 0 in the HAR file)");
            e.body.clear();
            e.bodyBytes = 0;
        }
    }

    const QJsonValue time = o.value(QStringLiteral("time"));
    if (time.isDouble()) {
        e.elapsedMs = std::max(0.0, time.toDouble());
    } else {
        for (const QJsonValue &t : o.value(QStringLiteral("timings")).toObject())
            e.elapsedMs += std::max(0.0, t.toDouble());
    }
    // The id belonged to the engine run that answered then; here it would name another request.
    e.requestId = 0;
    if (problems->size() > before)
        return std::nullopt;
    return e;
}

QString lineAndColumn(const QByteArray &text, int offset)
{
    const QByteArray upTo = text.left(offset);
    const int line = int(upTo.count('\n')) + 1;
    const int column = int(offset - (upTo.lastIndexOf('\n') + 1)) + 1;
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

} // namespace

QByteArray HistoryHar::write(const QList<HistoryEntry> &entries, const WriteOptions &options)
{
    QJsonArray list;
    for (const HistoryEntry &e : entries)
        list.append(entryJson(e, options));
    const QJsonObject log{{QStringLiteral("version"), QStringLiteral("1.2")},
                          {QStringLiteral("creator"),
                           QJsonObject{{QStringLiteral("name"), QStringLiteral("RequestScope client")},
                                       {QStringLiteral("version"), QStringLiteral("0.1")}}},
                          {QStringLiteral("pages"), QJsonArray{}},
                          {QStringLiteral("entries"), list}};
    return QJsonDocument(QJsonObject{{QStringLiteral("log"), log}}).toJson(QJsonDocument::Indented);
}

HistoryHar::ReadResult HistoryHar::read(const QByteArray &har)
{
    ReadResult result;
    QStringList *problems = &result.problems;
    const auto fail = [&](const QString &path, const QString &what) {
        problem(problems, path, what);
        result.unreadable = true;
        return result;
    };
    if (har.trimmed().isEmpty())
        return fail(QStringLiteral("the file"), QStringLiteral("empty"));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(har, &error);
    if (error.error != QJsonParseError::NoError)
        return fail(
            QStringLiteral("the file"),
            QStringLiteral("not JSON: %1 at %2").arg(error.errorString(), lineAndColumn(har, error.offset)));
    if (!doc.isObject())
        return fail(QStringLiteral("the top level"),
                    QStringLiteral("not an object (%1)")
                        .arg(doc.isArray() ? QStringLiteral("an array") : QStringLiteral("a value")));
    const auto log = object(problems, doc.object(), QStringLiteral("log"), QStringLiteral("log"), true);
    if (!log) {
        result.unreadable = true;
        return result;
    }
    const QJsonValue entries = log->value(QStringLiteral("entries"));
    if (entries.isUndefined())
        return fail(QStringLiteral("log.entries"), QStringLiteral("missing"));
    if (!entries.isArray())
        return fail(QStringLiteral("log.entries"),
                    QStringLiteral("not an array (%1)").arg(describe(entries)));
    const QJsonArray list = entries.toArray();
    result.total = int(list.size());
    for (qsizetype i = 0; i < list.size(); ++i)
        if (auto e = entry(problems, list[i], QStringLiteral("log.entries[%1]").arg(i)))
            result.entries.append(std::move(*e));
    return result;
}

} // namespace rs::ui
