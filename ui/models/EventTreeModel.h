#pragma once

#include "core/trace/Event.h"

#include <QAbstractItemModel>
#include <QString>
#include <QVariant>

#include <memory>
#include <vector>

namespace rs::ui {

// The tree both LocalStorageModel and ContextStackModel draw: nodes with a name and a value
// (columns 0 and 1), the last event that touched them, and children in display order. Subclasses
// change the tree only through insertChild()/removeChild()/touch(), which emit the model's
// signals. Every function: GUI thread.
class EventTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, ColumnCount };
    enum Role {
        LastTouchedRole = Qt::UserRole + 1, // qint64: t_us of the last event that touched the node (0: never)
        TouchKindRole,                      // QString: "set", "get", "del", "push", "pop", …
        LevelRole,                          // int: 0 for top-level rows
        KeyRole,                            // QString: the node's name, whatever column
        ValueRole,                          // QString: the node's value, whatever column
        NumberRole,                         // quint64: the ident or depth the node stands for
        RequestRole                         // quint64: the request of the last touch (0: none)
    };

    struct Node {
        Node *parent = nullptr;
        int level = -1;
        QString name;
        QString value;
        quint64 number = 0;
        qint64 touchedUs = 0;
        quint64 touchedReq = 0;
        QString touchKind;
        std::vector<std::unique_ptr<Node>> children;

        Node *child(const QString &childName) const;
        int rowOf(const Node *c) const;
    };

    // The whole tree as a value another thread may keep: a replay's periodic snapshots.
    struct Snapshot {
        std::shared_ptr<const Node> root;
        qint64 latestTUs = 0;
    };

    explicit EventTreeModel(QObject *parent = nullptr);
    ~EventTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // The largest t_us seen: what a view compares LastTouchedRole with to fade a highlight.
    qint64 latestTUs() const { return latestTUs_; }
    void clear();

    // A deep copy of the tree (it is small: only the slots alive at the time).
    Snapshot snapshot() const;
    // The tree becomes a copy of `snapshot` (one model reset); an empty snapshot clears it.
    void restore(const Snapshot &snapshot);

protected:
    Node &root() { return root_; }
    const Node &root() const { return root_; }
    // Appends (or inserts at `row`, -1 = end) a child and returns it.
    Node *insertChild(Node *parent, QString name, QString value = {}, int row = -1);
    void removeChild(Node *parent, int row);
    void removeChildren(Node *parent, int first, int last);
    // Sets the value (if given) and the touch marks from `e`, and emits dataChanged for the row.
    void touch(Node *node, const trace::Event &e, const QString &kind, const QString *value = nullptr);
    // Sets the value without marking a touch (summaries such as "2 idents").
    void setValue(Node *node, const QString &value);
    void noteTime(qint64 tUs);
    QModelIndex indexOf(const Node *node, int column = 0) const;

private:
    Node *nodeOf(const QModelIndex &index) const;

    Node root_;
    qint64 latestTUs_ = 0;
};

} // namespace rs::ui
