#include "ui/client/BodyFormat.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QStringDecoder>

namespace rs::ui::BodyFormat {

namespace {
bool isBinaryType(const QByteArray &type)
{
    const QByteArray t = type.toLower();
    return t.startsWith("image/") || t.startsWith("audio/") || t.startsWith("video/") ||
           t.startsWith("application/octet-stream") || t.startsWith("application/zip") ||
           t.startsWith("application/pdf") || t.startsWith("font/");
}

bool isJsonType(const QByteArray &type)
{
    const QByteArray t = type.toLower();
    return t.contains("/json") || t.contains("+json");
}

bool looksLikeText(const QByteArray &body)
{
    for (char ch : body) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
            return false;
    }
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString decoded = decoder.decode(body);
    return !decoder.hasError();
}

bool parsesAsJson(const QByteArray &body, QJsonDocument *doc)
{
    QJsonParseError error{};
    *doc = QJsonDocument::fromJson(body, &error);
    return error.error == QJsonParseError::NoError && !doc->isNull();
}
} // namespace

Kind classify(const QByteArray &body, const QByteArray &contentType)
{
    if (body.isEmpty())
        return Kind::Empty;
    QJsonDocument doc;
    if ((isJsonType(contentType) || body.trimmed().startsWith('{') || body.trimmed().startsWith('[')) &&
        parsesAsJson(body, &doc))
        return Kind::Json;
    if (!isBinaryType(contentType) && looksLikeText(body))
        return Kind::Text;
    return Kind::Binary;
}

QString render(const QByteArray &body, const QByteArray &contentType, Kind *kind, qsizetype maxHexBytes)
{
    const Kind k = classify(body, contentType);
    if (kind)
        *kind = k;
    switch (k) {
    case Kind::Empty: return {};
    case Kind::Json: return QString::fromUtf8(QJsonDocument::fromJson(body).toJson(QJsonDocument::Indented));
    case Kind::Text: return QString::fromUtf8(body);
    case Kind::Binary: return hexDump(body, maxHexBytes);
    }
    return {};
}

QString hexDump(const QByteArray &bytes, qsizetype maxBytes)
{
    const qsizetype n = std::min(bytes.size(), maxBytes);
    QString out;
    out.reserve(n / 16 * 80 + 80);
    for (qsizetype line = 0; line < n; line += 16) {
        out += QStringLiteral("%1  ").arg(line, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (qsizetype i = 0; i < 16; ++i) {
            if (line + i < n) {
                const auto c = static_cast<unsigned char>(bytes[line + i]);
                out += QStringLiteral("%1 ").arg(c, 2, 16, QLatin1Char('0'));
                ascii += (c >= 0x20 && c < 0x7f) ? QChar(c) : QChar(u'.');
            } else {
                out += QStringLiteral("   ");
            }
            if (i == 7)
                out += QLatin1Char(' ');
        }
        out += QStringLiteral(" |%1|\n").arg(ascii);
    }
    if (bytes.size() > n)
        out += QStringLiteral("… %1 more bytes not shown\n").arg(bytes.size() - n);
    return out;
}

QString kindName(Kind kind)
{
    switch (kind) {
    case Kind::Empty: return QStringLiteral("empty");
    case Kind::Json: return QStringLiteral("JSON");
    case Kind::Text: return QStringLiteral("text");
    case Kind::Binary: return QStringLiteral("binary");
    }
    return {};
}

} // namespace rs::ui::BodyFormat
