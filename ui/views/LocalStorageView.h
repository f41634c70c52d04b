#pragma once

#include <QPersistentModelIndex>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <vector>

class QLabel;
class QTreeView;
class QVBoxLayout;

namespace rs::ui {

class LocalStorageModel;
class TouchHighlightDelegate;

// Every Local's `__storage__`, one live tree per Local (request_stack, app_stack) drawn as the
// articles print it:   request_stack.__storage__ = {  140237 → worker-2  'stack': [<RequestContext…>]  }
// Slots come and go with the model (an ident's first set, its release) and stay expanded; every
// set/get/del flashes the cell it touched (TouchHighlightDelegate). Every function: GUI thread.
class LocalStorageView : public QWidget {
    Q_OBJECT
public:
    explicit LocalStorageView(LocalStorageModel *model, QWidget *parent = nullptr);

    // The Locals shown: request_stack, app_stack, then any other in order of appearance.
    QStringList locals() const;
    // The tree of one Local (its root index is the Local's row); nullptr before the Local's first set.
    QTreeView *treeFor(const QString &local) const;
    TouchHighlightDelegate *highlighter() const { return highlighter_; }

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Section {
        QPersistentModelIndex local;
        QString name;
        QWidget *box;
        QLabel *header;
        QTreeView *tree;
    };

    void rebuildSections();
    void addSection(const QModelIndex &local);
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void updateHeader(const Section &section) const;
    void updateLegend();
    QString displayText(const QModelIndex &index) const;

    LocalStorageModel *model_;
    TouchHighlightDelegate *highlighter_;
    QLabel *legend_;
    QLabel *placeholder_;
    QVBoxLayout *sectionsLayout_;
    std::vector<Section> sections_;
};

} // namespace rs::ui
