#pragma once

#include "core/session/SessionBackend.h"
#include "ui/session/StoreRecordModel.h"

#include <QFutureWatcher>
#include <QThreadPool>
#include <QWidget>

#include <memory>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace rs {
class SessionStore;
}

namespace rs::ui {

class RequestStore;

// The server-side store browser: the session records in a Redis, filesystem or SQLite store
// (memcached cannot list its keys, and the widget says so), with a live TTL countdown, the
// decoded value, the requests that read or wrote each session, refresh (by hand and every few
// seconds) and delete. Store I/O runs on the browser's own worker thread (a one-thread pool, through
// QtConcurrent), never on the GUI thread; its errors (store unreachable, directory unreadable) are
// shown in the widget. The worker ends with the browser, so the per-thread store connections
// (SQLite's, Redis's) are closed then, while Qt is still up — and the destructor waits for an
// operation under way, which the stores' timeouts bound.
// Every function and signal: GUI thread.
class StoreBrowser : public QWidget {
    Q_OBJECT
public:
    // `requests` (may be null) must outlive the browser.
    explicit StoreBrowser(RequestStore *requests, QWidget *parent = nullptr);
    ~StoreBrowser() override;

    // The store to browse: type as SessionBackendSettings::types() ("redis", "filesystem",
    // "sqlite", "memcached"; "cookie" and "null" have no store) and its address (a Redis URL, a
    // directory, an SQLite file, HOST:PORT). Lists it at once.
    void setBackend(const QString &type, const QString &address);
    // The same from the engine's settings, with the engine's defaults for an empty address.
    void setBackend(const SessionBackendSettings &settings);
    // SESSION_KEY_PREFIX, "session:" by default: only keys with it are listed.
    void setKeyPrefix(const QString &prefix);
    void setAutoRefresh(bool on);

    StoreRecordModel *model() const { return model_; }
    // Refresh (Ctrl+R) and Delete selected (Delete), active while the browser has focus.
    QAction *refreshAction() const { return refreshAction_; }
    QAction *deleteAction() const { return deleteAction_; }
    // The status line: what was listed, or the error.
    QString statusText() const;
    bool hasError() const { return hasError_; }

    static constexpr int kListLimit = 1000;
    static constexpr int kAutoRefreshMs = 3000;

public slots:
    // Lists the store again (once more after the listing under way, if one is).
    void refresh();
    // Deletes the selected records in the store, then lists again.
    void deleteSelected();

signals:
    // A request of the selected session was double-clicked: the lead opens its detail.
    void requestActivated(quint64 requestId);
    // A listing arrived and was shown (ok or not).
    void listed();
    // A delete finished; `error` is empty when every record was deleted.
    void deleted(int count, const QString &error);

private:
    struct Listing {
        quint64 generation = 0;
        std::vector<StoreRecordModel::Row> rows;
        QString error;
        qint64 listedAtMs = 0;
    };
    struct Deletion {
        quint64 generation = 0;
        int count = 0;
        QString error;
    };
    void applyChoice();
    void openStore(const QString &type, const QString &address);
    void showListing();
    void showDeletion();
    void showStatus(const QString &text, bool error);
    void updateDetail();
    void updateAddressHint();

    RequestStore *requests_;
    StoreRecordModel *model_;
    QComboBox *backend_;
    QLineEdit *address_;
    QLineEdit *prefix_;
    QPushButton *open_;
    QPushButton *refreshButton_;
    QCheckBox *autoRefresh_;
    QPushButton *deleteButton_;
    QLabel *status_;
    QTableView *table_;
    QPlainTextEdit *detail_;
    QListWidget *requestList_;
    QAction *refreshAction_;
    QAction *deleteAction_;
    QTimer *tick_;
    QTimer *autoTimer_;

    std::shared_ptr<SessionStore> store_;
    QByteArray keyPrefix_ = "session:";
    quint64 generation_ = 0; // bumped when the store changes: older results are dropped
    bool pending_ = false;
    bool requestsDirty_ = false;
    bool hasError_ = false;
    QFutureWatcher<Listing> listWatcher_;
    QFutureWatcher<Deletion> deleteWatcher_;
    QThreadPool worker_; // last: destroyed first, joining its thread
};

} // namespace rs::ui
