#include "core/trace/HarWriter.h"

#include <QJsonDocument>
#include <QStringList>
#include <QUrlQuery>

#include <algorithm>

namespace rs::trace {

namespace {
QString text(const Event &e, int slot)
{
    const std::string_view v = e.textAt(slot);
    return QString::fromUtf8(v.data(), static_cast<qsizetype>(v.size()));
}

bool secretHeader(const QString &name)
{
    return name.compare(QLatin1String("Cookie"), Qt::CaseInsensitive) == 0 ||
           name.compare(QLatin1String("Set-Cookie"), Qt::CaseInsensitive) == 0 ||
           name.compare(QLatin1String("Authorization"), Qt::CaseInsensitive) == 0;
}
} // namespace

QString HarWriter::maybeRedact(const QString &name, const QString &value) const
{
    return redact_ && secretHeader(name) ? QStringLiteral("[redacted]") : value;
}

QJsonArray HarWriter::headers(const QString &block, bool request, QJsonArray *cookies,
                              QString *statusLine) const
{
    QJsonArray out;
    const QStringList lines = block.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString &line = lines[i];
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (!request && i == 0 && line.startsWith(QLatin1String("HTTP/"))) {
            *statusLine = line;
            continue;
        }
        if (colon <= 0)
            continue; // a line cut short by the event's size limit
        const QString name = line.left(colon).trimmed();
        const QString value = line.mid(colon + 1).trimmed();
        out.append(
            QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("value"), maybeRedact(name, value)}});
        if (request && name.compare(QLatin1String("Cookie"), Qt::CaseInsensitive) == 0) {
            for (const QString &pair : value.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
                const qsizetype eq = pair.indexOf(QLatin1Char('='));
                cookies->append(QJsonObject{
                    {QStringLiteral("name"), (eq < 0 ? pair : pair.left(eq)).trimmed()},
                    {QStringLiteral("value"), redact_ ? QStringLiteral("[redacted]")
                                                      : (eq < 0 ? QString() : pair.mid(eq + 1).trimmed())}});
            }
        } else if (!request && name.compare(QLatin1String("Set-Cookie"), Qt::CaseInsensitive) == 0) {
            const QString first = value.section(QLatin1Char(';'), 0, 0);
            const qsizetype eq = first.indexOf(QLatin1Char('='));
            QJsonObject cookie{{QStringLiteral("name"), (eq < 0 ? first : first.left(eq)).trimmed()},
                               {QStringLiteral("value"), redact_ ? QStringLiteral("[redacted]")
                                                                 : (eq < 0 ? QString() : first.mid(eq + 1))}};
            for (const QString &attr : value.split(QLatin1Char(';')).mid(1)) {
                const QString a = attr.trimmed();
                if (a.compare(QLatin1String("HttpOnly"), Qt::CaseInsensitive) == 0)
                    cookie.insert(QStringLiteral("httpOnly"), true);
                else if (a.compare(QLatin1String("Secure"), Qt::CaseInsensitive) == 0)
                    cookie.insert(QStringLiteral("secure"), true);
                else if (a.startsWith(QLatin1String("Path="), Qt::CaseInsensitive))
                    cookie.insert(QStringLiteral("path"), a.mid(5));
                else if (a.startsWith(QLatin1String("Expires="), Qt::CaseInsensitive))
                    cookie.insert(QStringLiteral("expires"), a.mid(8));
            }
            cookies->append(cookie);
        }
    }
    return out;
}

void HarWriter::add(const Event &e)
{
    lastUs_ = std::max(lastUs_, e.tUs);
    if (e.req == 0)
        return;
    if (e.kind != EventKind::RequestBegin && !requests_.count(e.req))
        return; // began before the recording
    Request &r = requests_[e.req];
    switch (e.kind) {
    case EventKind::RequestBegin:
        r.method = text(e, 0);
        r.path = text(e, 1);
        r.query = text(e, 2);
        r.requestHeaders = text(e, 3);
        r.beginUs = e.tUs;
        r.thread = QString::fromUtf8(e.thread);
        r.ident = e.ident;
        order_.push_back(e.req);
        break;
    case EventKind::RequestEnd:
        r.status = static_cast<int>(e.intAt(0));
        r.bytes = e.intAt(1);
        r.durUs = e.intAt(2);
        r.responseHead = text(e, 0);
        break;
    case EventKind::PhaseBegin: {
        QString name = text(e, 0);
        if (!e.textAt(1).empty())
            name += QLatin1Char(' ') + text(e, 1);
        r.openPhases.emplace_back(e.tUs, name);
        if (e.ident > 1'000'000'000)
            r.ident = e.ident; // the request's coroutine
        break;
    }
    case EventKind::PhaseEnd: {
        QString name = text(e, 0);
        if (!e.textAt(1).empty())
            name += QLatin1Char(' ') + text(e, 1);
        const auto it = std::find_if(r.openPhases.rbegin(), r.openPhases.rend(),
                                     [&](const auto &p) { return p.second == name; });
        if (it == r.openPhases.rend())
            break;
        r.phases.append(QJsonObject{{QStringLiteral("phase"), text(e, 0)},
                                    {QStringLiteral("name"), text(e, 1)},
                                    {QStringLiteral("start_us"), static_cast<double>(it->first - r.beginUs)},
                                    {QStringLiteral("dur_us"), static_cast<double>(e.intAt(0))}});
        r.openPhases.erase(std::next(it).base());
        break;
    }
    case EventKind::SessionOpen:
        r.session.insert(QStringLiteral("interface"), text(e, 0));
        r.session.insert(QStringLiteral("outcome"), text(e, 1));
        break;
    case EventKind::SessionSave:
        r.session.insert(QStringLiteral("decision"), text(e, 0));
        r.session.insert(QStringLiteral("reason"), text(e, 1));
        r.session.insert(QStringLiteral("bytes"), static_cast<double>(e.intAt(0)));
        break;
    case EventKind::StoreOp:
        r.store.append(QJsonObject{{QStringLiteral("backend"), text(e, 0)},
                                   {QStringLiteral("op"), text(e, 1)},
                                   {QStringLiteral("ok"), e.boolAt(0)},
                                   {QStringLiteral("us"), static_cast<double>(e.intAt(2))}});
        break;
    case EventKind::Error:
        r.errors.append(QJsonObject{{QStringLiteral("where"), text(e, 0)},
                                    {QStringLiteral("type"), text(e, 1)},
                                    {QStringLiteral("message"), text(e, 2)}});
        break;
    default: break;
    }
}

QByteArray HarWriter::finish(const QDateTime &lastEventAt)
{
    QJsonArray entries;
    for (const std::uint64_t id : order_) {
        const Request &r = requests_.at(id);
        QJsonArray requestCookies;
        QJsonArray responseCookies;
        QString statusLine;
        const QJsonArray requestHeaders = headers(r.requestHeaders, true, &requestCookies, nullptr);
        const QJsonArray responseHeaders = headers(r.responseHead, false, &responseCookies, &statusLine);
        QString host = QStringLiteral("127.0.0.1");
        QString contentType;
        double contentLength = -1;
        for (const QJsonValue &h : requestHeaders)
            if (h[QStringLiteral("name")].toString().compare(QLatin1String("Host"), Qt::CaseInsensitive) == 0)
                host = h[QStringLiteral("value")].toString();
        for (const QJsonValue &h : responseHeaders) {
            const QString name = h[QStringLiteral("name")].toString();
            if (name.compare(QLatin1String("Content-Type"), Qt::CaseInsensitive) == 0)
                contentType = h[QStringLiteral("value")].toString();
            else if (name.compare(QLatin1String("Content-Length"), Qt::CaseInsensitive) == 0)
                contentLength = h[QStringLiteral("value")].toString().toDouble();
        }
        QString url = QStringLiteral("http://") + host + r.path;
        QJsonArray query;
        if (!r.query.isEmpty()) {
            url += QLatin1Char('?') + r.query;
            for (const auto &[name, value] : QUrlQuery(r.query).queryItems(QUrl::FullyDecoded))
                query.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
        }
        const double timeMs = r.durUs >= 0 ? static_cast<double>(r.durUs) / 1000.0 : -1;
        const QDateTime started = lastEventAt.addMSecs(-(lastUs_ - r.beginUs) / 1000);
        const QString reason = statusLine.section(QLatin1Char(' '), 2);
        QJsonObject custom{{QStringLiteral("id"), static_cast<double>(id)},
                           {QStringLiteral("thread"), r.thread},
                           {QStringLiteral("ident"), static_cast<double>(r.ident)},
                           {QStringLiteral("phases"), r.phases},
                           {QStringLiteral("session"), r.session},
                           {QStringLiteral("store"), r.store},
                           {QStringLiteral("errors"), r.errors},
                           {QStringLiteral("bytes_written"), static_cast<double>(r.bytes)}, // head + body
                           {QStringLiteral("finished"), r.durUs >= 0}};
        entries.append(QJsonObject{
            {QStringLiteral("startedDateTime"), started.toUTC().toString(Qt::ISODateWithMs)},
            {QStringLiteral("time"), std::max(0.0, timeMs)},
            {QStringLiteral("request"),
             QJsonObject{{QStringLiteral("method"), r.method},
                         {QStringLiteral("url"), url},
                         {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
                         {QStringLiteral("cookies"), requestCookies},
                         {QStringLiteral("headers"), requestHeaders},
                         {QStringLiteral("queryString"), query},
                         {QStringLiteral("headersSize"), -1},
                         {QStringLiteral("bodySize"), -1}}},
            {QStringLiteral("response"),
             QJsonObject{{QStringLiteral("status"), r.status},
                         {QStringLiteral("statusText"), reason},
                         {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
                         {QStringLiteral("cookies"), responseCookies},
                         {QStringLiteral("headers"), responseHeaders},
                         {QStringLiteral("content"),
                          QJsonObject{{QStringLiteral("size"), std::max(0.0, contentLength)},
                                      {QStringLiteral("mimeType"), contentType}}},
                         {QStringLiteral("redirectURL"), QString()},
                         {QStringLiteral("headersSize"), -1},
                         {QStringLiteral("bodySize"), contentLength}}},
            {QStringLiteral("cache"), QJsonObject{}},
            {QStringLiteral("timings"), QJsonObject{{QStringLiteral("send"), 0},
                                                    {QStringLiteral("wait"), std::max(0.0, timeMs)},
                                                    {QStringLiteral("receive"), 0}}},
            {QStringLiteral("_requestscope"), custom}});
    }
    const QJsonObject log{
        {QStringLiteral("version"), QStringLiteral("1.2")},
        {QStringLiteral("creator"), QJsonObject{{QStringLiteral("name"), QStringLiteral("RequestScope")},
                                                {QStringLiteral("version"), QStringLiteral("0.1")}}},
        {QStringLiteral("entries"), entries}};
    return QJsonDocument(QJsonObject{{QStringLiteral("log"), log}}).toJson(QJsonDocument::Indented);
}

} // namespace rs::trace
