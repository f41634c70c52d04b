#include "ui/models/EventTreeModel.h"

#include <algorithm>

namespace rs::ui {

EventTreeModel::Node *EventTreeModel::Node::child(const QString &childName) const
{
    for (const auto &c : children)
        if (c->name == childName)
            return c.get();
    return nullptr;
}

int EventTreeModel::Node::rowOf(const Node *c) const
{
    for (std::size_t i = 0; i < children.size(); ++i)
        if (children[i].get() == c)
            return static_cast<int>(i);
    return -1;
}

EventTreeModel::EventTreeModel(QObject *parent) : QAbstractItemModel(parent) {}

EventTreeModel::~EventTreeModel() = default;

EventTreeModel::Node *EventTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : const_cast<Node *>(&root_);
}

QModelIndex EventTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    const Node *p = nodeOf(parent);
    return createIndex(row, column, p->children[static_cast<std::size_t>(row)].get());
}

QModelIndex EventTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOf(nodeOf(child)->parent);
}

QModelIndex EventTreeModel::indexOf(const Node *node, int column) const
{
    if (!node || node == &root_ || !node->parent)
        return {};
    return createIndex(node->parent->rowOf(node), column, const_cast<Node *>(node));
}

int EventTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return static_cast<int>(nodeOf(parent)->children.size());
}

int EventTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant EventTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *n = nodeOf(index);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole: return index.column() == NameColumn ? n->name : n->value;
    case LastTouchedRole: return QVariant::fromValue<qint64>(n->touchedUs);
    case TouchKindRole: return n->touchKind;
    case LevelRole: return n->level;
    case KeyRole: return n->name;
    case ValueRole: return n->value;
    case NumberRole: return QVariant::fromValue<quint64>(n->number);
    case RequestRole: return QVariant::fromValue<quint64>(n->touchedReq);
    default: return {};
    }
}

void EventTreeModel::clear()
{
    beginResetModel();
    root_.children.clear();
    latestTUs_ = 0;
    endResetModel();
}

namespace {
void copyChildren(const EventTreeModel::Node &from, EventTreeModel::Node &to)
{
    to.children.reserve(from.children.size());
    for (const auto &c : from.children) {
        auto copy = std::make_unique<EventTreeModel::Node>();
        copy->parent = &to;
        copy->level = c->level;
        copy->name = c->name;
        copy->value = c->value;
        copy->number = c->number;
        copy->touchedUs = c->touchedUs;
        copy->touchedReq = c->touchedReq;
        copy->touchKind = c->touchKind;
        copyChildren(*c, *copy);
        to.children.push_back(std::move(copy));
    }
}
} // namespace

EventTreeModel::Snapshot EventTreeModel::snapshot() const
{
    auto root = std::make_shared<Node>();
    root->level = root_.level;
    copyChildren(root_, *root);
    return {std::move(root), latestTUs_};
}

void EventTreeModel::restore(const Snapshot &snapshot)
{
    beginResetModel();
    root_.children.clear();
    if (snapshot.root)
        copyChildren(*snapshot.root, root_);
    latestTUs_ = snapshot.latestTUs;
    endResetModel();
}

EventTreeModel::Node *EventTreeModel::insertChild(Node *parent, QString name, QString value, int row)
{
    const int count = static_cast<int>(parent->children.size());
    if (row < 0 || row > count)
        row = count;
    auto node = std::make_unique<Node>();
    node->parent = parent;
    node->level = parent->level + 1;
    node->name = std::move(name);
    node->value = std::move(value);
    Node *raw = node.get();
    beginInsertRows(indexOf(parent), row, row);
    parent->children.insert(parent->children.begin() + row, std::move(node));
    endInsertRows();
    return raw;
}

void EventTreeModel::removeChild(Node *parent, int row)
{
    removeChildren(parent, row, row);
}

void EventTreeModel::removeChildren(Node *parent, int first, int last)
{
    last = std::min(last, static_cast<int>(parent->children.size()) - 1);
    if (first < 0 || first > last)
        return;
    beginRemoveRows(indexOf(parent), first, last);
    parent->children.erase(parent->children.begin() + first, parent->children.begin() + last + 1);
    endRemoveRows();
}

void EventTreeModel::touch(Node *node, const trace::Event &e, const QString &kind, const QString *value)
{
    node->touchedUs = e.tUs;
    node->touchedReq = e.req;
    node->touchKind = kind;
    if (value)
        node->value = *value;
    emit dataChanged(indexOf(node, NameColumn), indexOf(node, ValueColumn));
}

void EventTreeModel::setValue(Node *node, const QString &value)
{
    if (node->value == value)
        return;
    node->value = value;
    const QModelIndex i = indexOf(node, ValueColumn);
    emit dataChanged(i, i);
}

void EventTreeModel::noteTime(qint64 tUs)
{
    latestTUs_ = std::max(latestTUs_, tUs);
}

} // namespace rs::ui
