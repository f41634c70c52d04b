#pragma once

#include <QSet>

#include "core/trace/Event.h"
#include "ui/models/EventTreeModel.h"

#include <vector>

namespace rs::ui {

// Every Local's `__storage__` as a tree, built from local.* events:
//   request_stack            (one top-level row per Local, value: how many idents have a slot)
//     140237 → worker-2      (an ident with a slot; appears on its first set, goes on release)
//       stack → [<RequestContext#17>]   (name → value text)
// set/get/del mark the touched row (LastTouchedRole, TouchKindRole) so a view can flash it; a del
// removes the name and marks its ident, a release marks the Local. Every function: GUI thread.
class LocalStorageModel : public EventTreeModel {
    Q_OBJECT
public:
    explicit LocalStorageModel(QObject *parent = nullptr);

    // Ignores every kind but local.*.
    void applyEvents(const std::vector<trace::Event> &events);
    // "ident / name" and "value".
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Test and view helpers: the row of a Local, of an ident's slot, of a name (invalid when absent).
    // Drops the slots of `local` whose ident is not in `live` (the engine's idents now): what a
    // lost local.release left behind.
    void retainSlots(const QString &local, const QSet<quint64> &live);
    QModelIndex localIndex(const QString &local) const;
    QModelIndex slotIndex(const QString &local, quint64 ident) const;
    QModelIndex valueIndex(const QString &local, quint64 ident, const QString &name) const;

private:
    void apply(const trace::Event &e);
    Node *slotNode(Node *local, quint64 ident) const;
    void updateSummary(Node *local);
};

} // namespace rs::ui
