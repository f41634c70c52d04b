#pragma once

#include "ui/client/HistoryEntry.h"
#include "ui/client/LoadPlan.h"

#include <QElapsedTimer>
#include <QHash>
#include <QUrl>
#include <QWidget>

#include <optional>

class QAction;
class QComboBox;
class QLineEdit;
class QNetworkAccessManager;
class QNetworkReply;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QTabWidget;
class QToolButton;

namespace rs::ui {

class ClientCookieJar;
class CompareDialog;
class CookieJarModel;
class CookieJarView;
class CookiePersistence;
class HistoryModel;
class HistoryView;
class KeyValueEditor;
class LoadTestView;
class ResponseView;

// The built-in HTTP client: method, URL (any URL; the demo app's by default), query parameters,
// headers and body; Send (Ctrl+Enter) with QNetworkAccessManager, never following redirects;
// a visible cookie jar kept in AppDataLocation/cookies.txt; the response (status, headers, body as
// JSON, text or hex, size and time); the history (resend, compare two); one-click buttons for the
// demo routes; and Send concurrently (N requests over M connections, with a latency summary).
// Every function: GUI thread.
class ClientPanel : public QWidget {
    Q_OBJECT
public:
    // `baseUrl`: the embedded app, e.g. "http://127.0.0.1:5000".
    explicit ClientPanel(QString baseUrl, QWidget *parent = nullptr);
    ~ClientPanel() override;

    QString baseUrl() const { return baseUrl_; }
    // The engine listens elsewhere now: the URL field follows when it used the old base.
    void setBaseUrl(QString baseUrl);
    // Puts (or replaces) a cookie for the base URL's host, path "/".
    void setCookie(const QString &name, const QString &value);
    // Fills the method and URL (and the query table) and sends; headers and body stay as edited.
    void sendRequest(const QString &method, const QString &url);
    // Sends what the editors hold.
    void send();
    // How long a single request may take before it fails with "Timeout" (default 30 s).
    void setRequestTimeout(int ms);
    int requestTimeout() const { return requestTimeoutMs_; }
    // Runs Send concurrently with the current request and the counts in the Concurrent tab.
    bool sendConcurrently();
    // Fills the editors from a history row and sends it again.
    void resend(int historyRow);
    // Opens the side-by-side comparison of two history rows (a non-modal dialog, deleted on close).
    CompareDialog *compare(int firstRow, int secondRow);

    HistoryModel *history() const { return history_; }
    CookieJarModel *cookies() const { return cookies_; }
    ClientCookieJar *cookieJar() const { return jar_; }
    CookiePersistence *cookiePersistence() const { return persistence_; }

    // Ctrl+Enter (and Ctrl+Return): send. Ctrl+Shift+Enter: send concurrently. Both are added to
    // this widget with Qt::WidgetWithChildrenShortcut.
    QAction *sendAction() const { return sendAction_; }
    QAction *sendConcurrentlyAction() const { return sendConcurrentlyAction_; }

    // The parts, for tests and for the lead's layout.
    QComboBox *methodBox() const { return method_; }
    QLineEdit *urlEdit() const { return url_; }
    QPushButton *sendButton() const { return sendButton_; }
    KeyValueEditor *queryEditor() const { return query_; }
    KeyValueEditor *headerEditor() const { return headers_; }
    QPlainTextEdit *bodyEditor() const { return body_; }
    ResponseView *responseView() const { return response_; }
    HistoryView *historyView() const { return historyView_; }
    CookieJarView *cookieView() const { return cookieView_; }
    LoadTestView *loadTestView() const { return loadView_; }
    QToolButton *routeButton(const QString &route) const;
    static QStringList demoRoutes();
    // Requests sent and not answered yet.
    int pendingRequests() const { return int(pending_.size()); }

signals:
    // A response carried X-Request-Id (the engine's request id): the lead may select that request.
    void requestSeen(quint64 engineRequestId);
    // The user pressed "Open request #N in request detail".
    void requestDetailRequested(quint64 engineRequestId);
    // A request ended (answered or failed) and was added to the history at that row.
    void responseReceived(int historyRow);

private:
    struct Pending {
        HistoryEntry entry;
        QElapsedTimer clock;
        quint64 sequence = 0;
    };
    // The request the editors describe, or the reason it cannot be sent.
    std::optional<HistoryEntry> requestFromEditors(QString *error) const;
    std::optional<QUrl> parseUrl(const QString &text, QString *error) const;
    void sendEntry(HistoryEntry entry);
    void onReadyRead(QNetworkReply *reply);
    void onFinished(QNetworkReply *reply);
    QString describeError(QNetworkReply *reply, const Pending &pending) const;
    void follow(const QUrl &location, int status);
    void setUrlText(const QString &text);
    void urlEdited();
    void queryEdited();
    void updateTabTitles();
    QWidget *buildRouteButtons();
    QWidget *buildBodyEditor();

    QString baseUrl_;
    QNetworkAccessManager *network_;
    ClientCookieJar *jar_;
    CookieJarModel *cookies_;
    CookiePersistence *persistence_;
    HistoryModel *history_;
    QHash<QNetworkReply *, Pending> pending_;

    QComboBox *method_;
    QLineEdit *url_;
    QPushButton *sendButton_;
    QPushButton *concurrentButton_;
    QList<QToolButton *> routeButtons_;
    KeyValueEditor *query_;
    KeyValueEditor *headers_;
    QPlainTextEdit *body_;
    QComboBox *contentType_;
    QSplitter *splitter_;
    QTabWidget *requestTabs_;
    QTabWidget *responseTabs_;
    ResponseView *response_;
    HistoryView *historyView_;
    CookieJarView *cookieView_;
    LoadTestView *loadView_;
    QAction *sendAction_;
    QAction *sendConcurrentlyAction_;
    quint64 sentCount_ = 0; // the response view shows only the answer to the latest request
    int requestTimeoutMs_;
    bool syncingQuery_ = false;
};

} // namespace rs::ui
