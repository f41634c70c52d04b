#include "ui/client/HistoryEntry.h"

namespace rs::ui {

QByteArray HistoryEntry::responseHeader(const QByteArray &name) const
{
    for (const auto &[key, value] : responseHeaders)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

QString HistoryEntry::statusLine() const
{
    if (!hasResponse())
        return QStringLiteral("no response: %1")
            .arg(error.isEmpty() ? QStringLiteral("unknown error") : error);
    return QStringLiteral("HTTP/1.1 %1 %2").arg(status).arg(reason).trimmed();
}

} // namespace rs::ui
