#pragma once

#include "core/trace/EventKind.h"

#include <QSet>
#include <QSortFilterProxyModel>
#include <QString>

#include <optional>

namespace rs::ui {

// Filters an EventLogModel by kind set, request id, thread and free text (all must match; an
// unset criterion matches everything). Every function: GUI thread.
class EventFilterProxyModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit EventFilterProxyModel(QObject *parent = nullptr);

    // Empty set: every kind.
    void setKinds(const QSet<trace::EventKind> &kinds);
    QSet<trace::EventKind> kinds() const { return kinds_; }
    // std::nullopt: every request; 0 selects the events outside any request.
    void setRequest(std::optional<quint64> req);
    std::optional<quint64> request() const { return req_; }
    // Empty: every thread. Exact thread name.
    void setThread(const QString &thread);
    QString thread() const { return thread_; }
    // Empty: no text filter. Case-insensitive substring of the kind name or the details.
    void setText(const QString &text);
    QString text() const { return text_; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QSet<trace::EventKind> kinds_;
    std::optional<quint64> req_;
    QString thread_;
    QString text_;
};

} // namespace rs::ui
