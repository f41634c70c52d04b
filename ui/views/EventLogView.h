#pragma once

#include "core/trace/EventKind.h"

#include <QList>
#include <QPair>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QTableView;
class QTimer;
class QToolButton;
class QTreeWidget;

namespace rs::ui {

class ModelHub;

// Every event, as a virtualised table over the hub's EventFilterProxyModel, with filters (kind,
// request, thread, text), Pause/Resume (the table freezes while new events are counted and kept
// within the log's bound; Resume appends them), Follow (keep the newest row in view), a details
// pane for the selected event, and the counts of lost events always in sight: dropped by the
// engine's ring, dropped by the GUI feed, evicted by the bounded models. Every function: GUI thread.
class EventLogView : public QWidget {
    Q_OBJECT
public:
    enum class Preset { All, NoLocalGet, Session, ContextsAndLocals };

    explicit EventLogView(ModelHub &hub, QWidget *parent = nullptr);
    ~EventLogView() override;

    // Ctrl+Shift+P, Ctrl+Shift+L and Ctrl+F, active while focus is inside this widget.
    QAction *pauseAction() const { return pauseAction_; }
    QAction *followAction() const { return followAction_; }
    QAction *findAction() const { return findAction_; }

    void setPaused(bool paused);
    bool isPaused() const;
    void setFollow(bool follow);
    bool follows() const;
    void applyPreset(Preset preset);
    // Empty: every kind.
    QSet<trace::EventKind> selectedKinds() const;
    // Applies the text, request and thread fields now (typing applies them after a short pause).
    void applyFilters();

    QTableView *table() const { return table_; }
    QListWidget *kindList() const { return kindList_; }
    QLineEdit *textFilter() const { return text_; }
    QLineEdit *requestFilter() const { return request_; }
    QComboBox *threadFilter() const { return thread_; }
    QLabel *droppedLabel() const { return dropped_; }
    QLabel *pausedLabel() const { return pausedLabel_; }
    QTreeWidget *detailsPane() const { return details_; }
    // Events that arrived since Pause (0 while running).
    quint64 newWhilePaused() const;

    // "method=GET path=/hello query= headers=…" of `kind` → its fields by name, in order.
    static QList<QPair<QString, QString>> splitDetails(trace::EventKind kind, const QString &details);

public slots:
    void refreshCounters();

    // Makes the row of event `seq` the current one and scrolls to it; false when no row shows it.
    bool selectEvent(quint64 seq);

signals:
    void requestActivated(quint64 req);
    // A double-click on a row (the replay moves its cursor there).
    void eventActivated(quint64 seq);

private:
    void buildKindMenu(QToolButton *button);
    void kindsEdited();
    void noteThreads(int first, int last);
    void showDetails();
    void scrollToNewest();
    void onBatch();

    ModelHub &hub_;
    QTableView *table_;
    QTreeWidget *details_;
    QListWidget *kindList_ = nullptr;
    QToolButton *kindButton_ = nullptr;
    QLineEdit *request_;
    QComboBox *thread_;
    QLineEdit *text_;
    QLabel *requestError_;
    QLabel *rows_;
    QLabel *pausedLabel_;
    QLabel *dropped_;
    QTimer *debounce_;
    QAction *pauseAction_;
    QAction *followAction_;
    QAction *findAction_;
    QStringList threads_;
    quint64 appendedAtPause_ = 0;
    bool updatingKinds_ = false;
};

} // namespace rs::ui
