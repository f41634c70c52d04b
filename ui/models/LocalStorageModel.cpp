#include "ui/models/LocalStorageModel.h"

#include "ui/models/EventFormat.h"

namespace rs::ui {

namespace {
const QString kSet = QStringLiteral("set");
const QString kGet = QStringLiteral("get");
const QString kDel = QStringLiteral("del");
const QString kRelease = QStringLiteral("release");
const QString kMissing = QStringLiteral("<missing>");
} // namespace

LocalStorageModel::LocalStorageModel(QObject *parent) : EventTreeModel(parent) {}

void LocalStorageModel::applyEvents(const std::vector<trace::Event> &events)
{
    for (const trace::Event &e : events) {
        switch (e.kind) {
        case trace::EventKind::LocalSet:
        case trace::EventKind::LocalGet:
        case trace::EventKind::LocalDel:
        case trace::EventKind::LocalRelease: apply(e); break;
        default: break;
        }
    }
}

QVariant LocalStorageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return EventTreeModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn: return tr("ident / name");
    case ValueColumn: return tr("value");
    default: return {};
    }
}

EventTreeModel::Node *LocalStorageModel::slotNode(Node *local, quint64 ident) const
{
    for (const auto &c : local->children)
        if (c->number == ident)
            return c.get();
    return nullptr;
}

void LocalStorageModel::updateSummary(Node *local)
{
    const auto n = local->children.size();
    setValue(local, n == 1 ? tr("1 ident") : tr("%1 idents").arg(n));
}

void LocalStorageModel::apply(const trace::Event &e)
{
    noteTime(e.tUs);
    const QString localName = EventFormat::text(e, "local");
    Node *local = root().child(localName);
    if (!local) {
        // Only a set creates storage; a get/del/release of an unknown Local has nothing to show.
        if (e.kind != trace::EventKind::LocalSet)
            return;
        local = insertChild(&root(), localName);
        updateSummary(local);
    }
    Node *slot = slotNode(local, e.ident);
    const QString key = EventFormat::text(e, "key");

    switch (e.kind) {
    case trace::EventKind::LocalSet: {
        if (!slot) {
            slot = insertChild(local, QString::number(e.ident),
                               EventFormat::ident(e.ident, EventFormat::thread(e)));
            slot->number = e.ident;
            updateSummary(local);
        }
        const QString value = EventFormat::text(e, "value");
        Node *cell = slot->child(key);
        if (!cell)
            cell = insertChild(slot, key, value);
        touch(cell, e, kSet, &value);
        touch(slot, e, kSet);
        break;
    }
    case trace::EventKind::LocalGet: {
        if (!slot)
            return;
        const QString value = EventFormat::text(e, "value");
        if (Node *cell = slot->child(key)) {
            // A get reports the current text, which may have changed in place (a stack's items).
            touch(cell, e, kGet, value == kMissing ? nullptr : &value);
        }
        break;
    }
    case trace::EventKind::LocalDel: {
        if (!slot)
            return;
        const int row = slot->rowOf(slot->child(key));
        if (row >= 0)
            removeChild(slot, row);
        touch(slot, e, kDel);
        break;
    }
    case trace::EventKind::LocalRelease: {
        if (slot) {
            removeChild(local, local->rowOf(slot));
            updateSummary(local);
        }
        touch(local, e, kRelease);
        break;
    }
    default: break;
    }
}

void LocalStorageModel::retainSlots(const QString &localName, const QSet<quint64> &live)
{
    Node *local = root().child(localName);
    if (!local)
        return;
    bool removed = false;
    for (int row = static_cast<int>(local->children.size()) - 1; row >= 0; --row) {
        if (!live.contains(local->children[static_cast<std::size_t>(row)]->number)) {
            removeChild(local, row);
            removed = true;
        }
    }
    if (removed)
        updateSummary(local);
}

QModelIndex LocalStorageModel::localIndex(const QString &local) const
{
    return indexOf(root().child(local));
}

QModelIndex LocalStorageModel::slotIndex(const QString &local, quint64 ident) const
{
    const Node *l = root().child(local);
    return l ? indexOf(slotNode(const_cast<Node *>(l), ident)) : QModelIndex();
}

QModelIndex LocalStorageModel::valueIndex(const QString &local, quint64 ident, const QString &name) const
{
    const Node *l = root().child(local);
    const Node *s = l ? slotNode(const_cast<Node *>(l), ident) : nullptr;
    return s ? indexOf(s->child(name)) : QModelIndex();
}

} // namespace rs::ui
