#include "ui/models/ContextStackModel.h"

#include "ui/models/EventFormat.h"

#include <QStringList>

#include <algorithm>

namespace rs::ui {

namespace {
const QString kPush = QStringLiteral("push");
const QString kPop = QStringLiteral("pop");
} // namespace

ContextStackModel::ContextStackModel(QObject *parent) : EventTreeModel(parent) {}

void ContextStackModel::applyEvents(const std::vector<trace::Event> &events)
{
    for (const trace::Event &e : events)
        if (e.kind == trace::EventKind::StackPush || e.kind == trace::EventKind::StackPop)
            apply(e);
}

EventTreeModel::Node *ContextStackModel::identNode(quint64 ident) const
{
    for (const auto &c : root().children)
        if (c->number == ident)
            return c.get();
    return nullptr;
}

void ContextStackModel::apply(const trace::Event &e)
{
    noteTime(e.tUs);
    const QString stackName = EventFormat::text(e, "stack");
    const QString obj = EventFormat::text(e, "obj");
    const int depth = static_cast<int>(std::max<qint64>(0, EventFormat::integer(e, "depth")));
    const bool push = e.kind == trace::EventKind::StackPush;

    Node *ident = identNode(e.ident);
    Node *stack = ident ? ident->child(stackName) : nullptr;
    if (!push && !stack)
        return; // a pop of a stack we never saw pushed (its push was dropped)
    if (!ident) {
        ident = insertChild(&root(), QString::number(e.ident),
                            EventFormat::ident(e.ident, EventFormat::thread(e)));
        ident->number = e.ident;
    }
    if (!stack)
        stack = insertChild(ident, stackName);

    // Trim to what the event says lies below the change.
    const int keep = push ? depth - 1 : depth;
    removeChildren(stack, std::max(keep, 0), static_cast<int>(stack->children.size()) - 1);
    if (push) {
        Node *box = insertChild(stack, obj);
        box->number = static_cast<quint64>(stack->children.size());
        touch(box, e, kPush);
    }
    if (stack->children.empty()) {
        removeChild(ident, ident->rowOf(stack));
        if (ident->children.empty()) {
            removeChild(&root(), root().rowOf(ident));
            return;
        }
        touch(ident, e, push ? kPush : kPop);
        return;
    }
    const QString value = tr("depth %1").arg(stack->children.size());
    stack->number = stack->children.size();
    touch(stack, e, push ? kPush : kPop, &value);
    touch(ident, e, push ? kPush : kPop);
}

void ContextStackModel::retainIdents(const QSet<quint64> &live)
{
    for (int row = static_cast<int>(root().children.size()) - 1; row >= 0; --row)
        if (!live.contains(root().children[static_cast<std::size_t>(row)]->number))
            removeChild(&root(), row);
}

QModelIndex ContextStackModel::identIndex(quint64 ident) const
{
    return indexOf(identNode(ident));
}

QModelIndex ContextStackModel::stackIndex(quint64 ident, const QString &stack) const
{
    const Node *i = identNode(ident);
    return i ? indexOf(i->child(stack)) : QModelIndex();
}

int ContextStackModel::depth(quint64 ident, const QString &stack) const
{
    const Node *i = identNode(ident);
    const Node *s = i ? i->child(stack) : nullptr;
    return s ? static_cast<int>(s->children.size()) : 0;
}

QStringList ContextStackModel::objects(quint64 ident, const QString &stack) const
{
    QStringList out;
    const Node *i = identNode(ident);
    if (const Node *s = i ? i->child(stack) : nullptr)
        for (const auto &c : s->children)
            out.append(c->name);
    return out;
}

} // namespace rs::ui
