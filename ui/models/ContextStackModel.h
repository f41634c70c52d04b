#pragma once

#include <QSet>

#include "core/trace/Event.h"
#include "ui/models/EventTreeModel.h"

#include <QStringList>

#include <vector>

namespace rs::ui {

// Per ident, its context stacks as ordered lists, built from stack.push/stack.pop:
//   140237 → worker-2                 (an ident with a non-empty stack)
//     app     → depth 1               (a stack, in order of first push)
//       AppContext#3                  (row 0 is the bottom; NumberRole = its position, 1-based)
//     request → depth 1
//       RequestContext#17
// A stack row goes when its depth reaches 0, an ident row when it has no stack left. The depth an
// event reports wins over what the model holds, so a dropped event cannot desynchronise it for
// long. Every function: GUI thread.
class ContextStackModel : public EventTreeModel {
    Q_OBJECT
public:
    explicit ContextStackModel(QObject *parent = nullptr);

    // Ignores every kind but stack.*.
    void applyEvents(const std::vector<trace::Event> &events);

    // Drops the idents not in `live` (those with a slot in either stack's Local now): what lost
    // pops left behind.
    void retainIdents(const QSet<quint64> &live);
    QModelIndex identIndex(quint64 ident) const;
    // `stack` is "app" or "request"; invalid when that ident's stack is empty.
    QModelIndex stackIndex(quint64 ident, const QString &stack) const;
    // 0 when empty.
    int depth(quint64 ident, const QString &stack) const;
    // Bottom first.
    QStringList objects(quint64 ident, const QString &stack) const;

private:
    void apply(const trace::Event &e);
    Node *identNode(quint64 ident) const;
};

} // namespace rs::ui
