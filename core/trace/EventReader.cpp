#include "core/trace/EventReader.h"

#include "core/trace/ExecutionContext.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <zlib.h>

namespace rs::trace {

namespace {
// A whole number that a JSON double holds exactly (the writer only writes integers).
bool wholeNumber(const QJsonValue &v, std::int64_t &out)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    if (!std::isfinite(d) || std::floor(d) != d || std::fabs(d) > 9007199254740992.0)
        return false;
    out = static_cast<std::int64_t>(d);
    return true;
}
} // namespace

EventReader::EventReader() = default;

EventReader::~EventReader()
{
    if (gz_)
        gzclose(static_cast<gzFile>(gz_));
}

bool EventReader::open(const QString &path, QString *error)
{
    if (gz_)
        gzclose(static_cast<gzFile>(gz_));
    gz_ = nullptr;
    line_ = 0;
    damage_.reset();
    errno = 0;
    gzFile file = gzopen(path.toLocal8Bit().constData(), "rb");
    if (!file) {
        *error = QStringLiteral("cannot read %1: %2")
                     .arg(path, errno ? QString::fromLocal8Bit(std::strerror(errno))
                                      : QStringLiteral("out of memory"));
        return false;
    }
    gzbuffer(file, 256 * 1024);
    gz_ = file;
    buffer_.resize(kMaxLineBytes + 2);
    return true;
}

std::int64_t EventReader::bytesRead() const
{
    return gz_ ? static_cast<std::int64_t>(gzoffset(static_cast<gzFile>(gz_))) : 0;
}

bool EventReader::next(Event &out)
{
    if (!gz_ || damage_)
        return false;
    auto *file = static_cast<gzFile>(gz_);
    for (;;) {
        const z_off_t before = gztell(file);
        char *got = gzgets(file, buffer_.data(), static_cast<int>(buffer_.size()));
        if (!got) {
            int code = Z_OK;
            const char *message = gzerror(file, &code);
            if (code != Z_OK && code != Z_STREAM_END)
                damage_ = Damage{line_ + 1, QStringLiteral("line %1: the compressed data is damaged (%2)")
                                                .arg(line_ + 1)
                                                .arg(QString::fromLocal8Bit(message))};
            return false;
        }
        ++line_;
        // What gzgets read, by position: strlen() would stop at a NUL byte, and then a line with
        // one (a zero-filled tail after a crash) would look cut short, or blank and the end.
        std::size_t length = static_cast<std::size_t>(gztell(file) - before);
        if (std::memchr(got, '\0', length)) {
            damage_ = Damage{line_, QStringLiteral("line %1: contains a NUL byte").arg(line_)};
            return false;
        }
        const bool complete = length > 0 && got[length - 1] == '\n';
        if (!complete && length >= buffer_.size() - 1) {
            damage_ =
                Damage{line_, QStringLiteral("line %1: longer than %2 bytes").arg(line_).arg(kMaxLineBytes)};
            return false;
        }
        if (complete)
            --length;
        if (length > 0 && got[length - 1] == '\r')
            --length;
        const std::string_view text(got, length);
        if (text.find_first_not_of(" \t") == std::string_view::npos) {
            if (!complete)
                return false; // the end
            continue;
        }
        QString why;
        if (!parseLine(text, out, &why)) {
            if (!complete)
                why += QStringLiteral(" (the recording ends in the middle of this line: it was cut short)");
            damage_ = Damage{line_, QStringLiteral("line %1: %2").arg(line_).arg(why)};
            return false;
        }
        return true;
    }
}

bool EventReader::parseLine(std::string_view line, Event &out, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(
        QByteArray::fromRawData(line.data(), static_cast<qsizetype>(line.size())), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("not JSON (%1 at byte %2)")
                     .arg(parseError.errorString())
                     .arg(parseError.offset + 1);
        return false;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("not a JSON object");
        return false;
    }
    const QJsonObject o = doc.object();
    const QString kindName = o.value(QLatin1String("kind")).toString();
    if (!o.contains(QLatin1String("kind")) || kindName.isEmpty()) {
        *error = QStringLiteral("no field 'kind'");
        return false;
    }
    EventKind kind;
    if (!kindFromName(kindName.toStdString(), kind)) {
        *error = QStringLiteral("unknown kind '%1'").arg(kindName);
        return false;
    }
    out = Event(kind);
    std::int64_t n = 0;
    const auto number = [&](const char *name, std::int64_t &into) {
        if (!wholeNumber(o.value(QLatin1String(name)), into)) {
            *error = o.contains(QLatin1String(name))
                         ? QStringLiteral("field '%1' is not a whole number").arg(name)
                         : QStringLiteral("no field '%1'").arg(name);
            return false;
        }
        return true;
    };
    if (!number("seq", n))
        return false;
    out.seq = static_cast<std::uint64_t>(n);
    if (!number("t_us", out.tUs) || !number("ident", n))
        return false;
    out.ident = static_cast<std::uint64_t>(n);
    if (!number("req", n))
        return false;
    out.req = static_cast<std::uint64_t>(n);
    const QJsonValue thread = o.value(QLatin1String("thread"));
    if (!thread.isString()) {
        *error = o.contains(QLatin1String("thread")) ? QStringLiteral("field 'thread' is not a string")
                                                     : QStringLiteral("no field 'thread'");
        return false;
    }
    out.thread = intern(thread.toString().toUtf8().constData());

    const KindSpec &spec = kindSpec(kind);
    // Text slots must be filled in slot order; the spec lists a kind's text fields in that order.
    for (int i = 0; i < spec.fieldCount; ++i) {
        const FieldSpec &f = spec.fields[i];
        const QJsonValue v = o.value(QLatin1String(f.name));
        if (v.isUndefined()) {
            *error = QStringLiteral("%1 has no field '%2'").arg(kindName, QLatin1String(f.name));
            return false;
        }
        switch (f.type) {
        case FieldType::Text:
            if (!v.isString()) {
                *error = QStringLiteral("field '%1' is not a string").arg(QLatin1String(f.name));
                return false;
            }
            out.setText(f.slot, v.toString().toStdString());
            break;
        case FieldType::Int:
            if (!wholeNumber(v, n)) {
                *error = QStringLiteral("field '%1' is not a whole number").arg(QLatin1String(f.name));
                return false;
            }
            out.setInt(f.slot, n);
            break;
        case FieldType::Bool:
            if (!v.isBool()) {
                *error = QStringLiteral("field '%1' is not true or false").arg(QLatin1String(f.name));
                return false;
            }
            out.setBool(f.slot, v.toBool());
            break;
        }
    }
    return true;
}

} // namespace rs::trace
