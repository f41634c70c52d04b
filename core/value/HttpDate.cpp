#include "core/value/HttpDate.h"

#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <array>
#include <cstdint>

namespace rs {

namespace {
const std::array<const char *, 7> kDayNames = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
const std::array<const char *, 12> kMonthNames = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const QStringList kLowerMonthNames = {"jan",     "feb",      "mar",       "apr",     "may",      "jun",
                                      "jul",     "aug",      "sep",       "oct",     "nov",      "dec",
                                      "january", "february", "march",     "april",   "may",      "june",
                                      "july",    "august",   "september", "october", "november", "december"};
const QStringList kLowerDayNames = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// Python's int(text) for the small numbers of a date: surrounding whitespace, a sign, decimal
// digits with single underscores between them.
std::optional<std::int64_t> pyInt(const QString &text)
{
    const QString s = text.trimmed();
    qsizetype i = 0;
    bool negative = false;
    if (i < s.size() && (s[i] == u'+' || s[i] == u'-')) {
        negative = s[i] == u'-';
        ++i;
    }
    if (i >= s.size())
        return std::nullopt;
    std::int64_t value = 0;
    bool lastWasDigit = false;
    for (; i < s.size(); ++i) {
        const QChar c = s[i];
        if (c == u'_' && lastWasDigit && i + 1 < s.size()) {
            lastWasDigit = false;
            continue;
        }
        if (!c.isDigit())
            return std::nullopt;
        // Saturate: anything this large is outside every date field and zone offset anyway.
        value = std::min<std::int64_t>(value * 10 + c.digitValue(), 1'000'000'000'000LL);
        lastWasDigit = true;
    }
    if (!lastWasDigit)
        return std::nullopt;
    return negative ? -value : value;
}

std::optional<int> zoneOffset(const QString &zone)
{
    static const QList<QPair<QString, int>> names = {
        {"UT", 0},     {"UTC", 0},    {"GMT", 0},    {"Z", 0},      {"AST", -400},
        {"ADT", -300}, {"EST", -500}, {"EDT", -400}, {"CST", -600}, {"CDT", -500},
        {"MST", -700}, {"MDT", -600}, {"PST", -800}, {"PDT", -700}};
    for (const auto &n : names)
        if (n.first == zone)
            return n.second;
    return std::nullopt;
}
} // namespace

QString HttpDate::format(const QDateTime &dt)
{
    if (!dt.isValid())
        return {};
    const QDateTime utc =
        dt.timeSpec() == Qt::LocalTime ? QDateTime(dt.date(), dt.time(), Qt::UTC) : dt.toUTC();
    const QDate d = utc.date();
    const QTime t = utc.time();
    return QStringLiteral("%1, %2 %3 %4 %5:%6:%7 GMT")
        .arg(QLatin1String(kDayNames[static_cast<std::size_t>(d.dayOfWeek() - 1)]))
        .arg(d.day(), 2, 10, QLatin1Char('0'))
        .arg(QLatin1String(kMonthNames[static_cast<std::size_t>(d.month() - 1)]))
        .arg(d.year(), 4, 10, QLatin1Char('0'))
        .arg(t.hour(), 2, 10, QLatin1Char('0'))
        .arg(t.minute(), 2, 10, QLatin1Char('0'))
        .arg(t.second(), 2, 10, QLatin1Char('0'));
}

// A line-by-line port of email._parseaddr._parsedate_tz plus the datetime() range checks that
// make parse_date return None.
std::optional<QDateTime> HttpDate::parse(const QString &text)
{
    QStringList data = text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    if (data.isEmpty())
        return std::nullopt;
    if (data[0].endsWith(u',') || kLowerDayNames.contains(data[0].toLower())) {
        data.removeFirst();
    } else {
        const qsizetype i = data[0].lastIndexOf(u',');
        if (i >= 0)
            data[0] = data[0].mid(i + 1);
    }
    if (data.size() == 3) { // RFC 850 date
        const QStringList stuff = data[0].split(u'-');
        if (stuff.size() == 3)
            data = stuff + data.mid(1);
    }
    if (data.size() == 4) {
        const QString s = data[3];
        qsizetype i = s.indexOf(u'+');
        if (i == -1)
            i = s.indexOf(u'-');
        if (i > 0) {
            data[3] = s.left(i);
            data.append(s.mid(i));
        } else {
            data.append(QString());
        }
    }
    if (data.size() < 5)
        return std::nullopt;
    QString dd = data[0], mm = data[1], yy = data[2], tm = data[3], tz = data[4];
    if (dd.isEmpty() || mm.isEmpty() || yy.isEmpty())
        return std::nullopt;
    mm = mm.toLower();
    if (!kLowerMonthNames.contains(mm)) {
        std::swap(dd, mm);
        mm = mm.toLower();
        if (!kLowerMonthNames.contains(mm))
            return std::nullopt;
    }
    int month = static_cast<int>(kLowerMonthNames.indexOf(mm)) + 1;
    if (month > 12)
        month -= 12;
    if (dd.endsWith(u','))
        dd.chop(1);
    if (yy.indexOf(u':') > 0)
        std::swap(yy, tm);
    if (yy.endsWith(u',')) {
        yy.chop(1);
        if (yy.isEmpty())
            return std::nullopt;
    }
    if (!yy[0].isDigit())
        std::swap(yy, tz);
    if (tm.endsWith(u','))
        tm.chop(1);
    QStringList parts = tm.split(u':');
    QString thh, tmm, tss = QStringLiteral("0");
    if (parts.size() == 2) {
        thh = parts[0];
        tmm = parts[1];
    } else if (parts.size() == 3) {
        thh = parts[0];
        tmm = parts[1];
        tss = parts[2];
    } else if (parts.size() == 1 && parts[0].contains(u'.')) {
        parts = parts[0].split(u'.');
        if (parts.size() == 2) {
            thh = parts[0];
            tmm = parts[1];
        } else if (parts.size() == 3) {
            thh = parts[0];
            tmm = parts[1];
            tss = parts[2];
        } else {
            return std::nullopt;
        }
    } else {
        return std::nullopt;
    }
    const auto year = pyInt(yy), day = pyInt(dd), hour = pyInt(thh), minute = pyInt(tmm), second = pyInt(tss);
    if (!year || !day || !hour || !minute || !second)
        return std::nullopt;
    std::int64_t y = *year;
    if (y < 100)
        y += y > 68 ? 1900 : 2000;

    std::optional<std::int64_t> offset;
    tz = tz.toUpper();
    if (const auto named = zoneOffset(tz)) {
        offset = *named;
    } else {
        offset = pyInt(tz);
        if (offset && *offset == 0 && tz.startsWith(u'-'))
            offset.reset(); // "-0000": UTC without a known source zone
    }
    std::int64_t offsetSeconds = 0;
    if (offset && *offset) {
        const std::int64_t sign = *offset < 0 ? -1 : 1;
        const std::int64_t v = *offset * sign;
        offsetSeconds = sign * ((v / 100) * 3600 + (v % 100) * 60);
    }
    // datetime() refuses these; timezone() refuses offsets of a day or more.
    if (y < 1 || y > 9999 || *hour < 0 || *hour > 23 || *minute < 0 || *minute > 59 || *second < 0 ||
        *second > 59 || offsetSeconds <= -86400 || offsetSeconds >= 86400)
        return std::nullopt;
    const QDate date(static_cast<int>(y), month, static_cast<int>(*day < 1 || *day > 31 ? 0 : *day));
    if (!date.isValid())
        return std::nullopt;
    const QTime time(static_cast<int>(*hour), static_cast<int>(*minute), static_cast<int>(*second));
    const QDateTime local(date, time, Qt::UTC);
    return local.addSecs(-offsetSeconds);
}

} // namespace rs
