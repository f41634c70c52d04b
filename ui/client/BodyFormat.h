#pragma once

#include <QByteArray>
#include <QString>

namespace rs::ui::BodyFormat {

enum class Kind { Empty, Json, Text, Binary };

// JSON when the content type says so or the bytes parse as a JSON object/array; text when they
// are valid UTF-8 without control bytes (and the type is not a binary one); binary otherwise.
Kind classify(const QByteArray &body, const QByteArray &contentType);
// The body as the response view shows it: indented JSON, the text, or a hex dump (the first
// `maxHexBytes` bytes).
QString render(const QByteArray &body, const QByteArray &contentType, Kind *kind = nullptr,
               qsizetype maxHexBytes = 64 * 1024);
// "00000000  48 65 6c 6c 6f …  |Hello…|", 16 bytes a line.
QString hexDump(const QByteArray &bytes, qsizetype maxBytes);
QString kindName(Kind kind);

} // namespace rs::ui::BodyFormat
