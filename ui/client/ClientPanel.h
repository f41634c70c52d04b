#pragma once

#include "ui/client/HistoryEntry.h"
#include "ui/client/HistoryHar.h"
#include "ui/client/LoadPlan.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QUrl>
#include <QWidget>

#include <optional>

class QAction;
class QComboBox;
class QFileDialog;
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
class CurlCommand;
class CurlImportDialog;
class HistoryModel;
class HistoryView;
class KeyValueEditor;
class LoadTestView;
class RequestStore;
class ResponseView;

// The built-in HTTP client: method, URL (any URL; the demo app's by default), query parameters,
// headers and body; Send (Ctrl+Enter) with QNetworkAccessManager, never following redirects;
// a visible cookie jar kept in AppDataLocation/cookies.txt; the response (status, headers, body as
// JSON, text or hex, size and time); the history (resend, compare two); one-click buttons for the
// demo routes; Send concurrently (N requests over M connections, with a latency summary); and
// curl command lines both ways (Import cURL…, Copy as cURL for the request or a history row);
// the history as HAR 1.2 both ways (Export history as HAR…, Import HAR…).
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

    // Fills method, URL (and the query table), headers and body from a curl command line, as a
    // browser's "Copy as cURL" writes it; nothing is sent. False, with `*error` naming the word
    // and where it is, when the line cannot be read (the editors are then left alone).
    bool importCurl(const QString &commandLine, QString *error = nullptr);
    void applyCurl(const CurlCommand &command);
    // Opens "Import cURL…" (window-modal, deleted on close); its Import fills the editors.
    CurlImportDialog *openCurlImport();
    // The editors' request as one line of bash, with the jar's cookies for that URL as the
    // client would send them; empty, with `*error`, when the editors hold no valid request.
    QString curlForEditors(QString *error = nullptr) const;
    // A history row's request, the same way; empty for a row that does not exist.
    QString curlForHistory(int row) const;
    // Puts curlForEditors() on the clipboard, or the selected history row's command when the
    // history table has the focus. A request that cannot be built is explained in the response.
    bool copyAsCurl();
    bool copyHistoryAsCurl(int row);

    // The GUI's per-request detail: a HAR export puts each engine request's lifecycle (phases,
    // session save decision, store ops, errors) under `_requestscope` while the store keeps it.
    void setRequestStore(const RequestStore *requests);
    // Writes every history row to `path` as HAR 1.2; false, with `*error`, when it cannot be written.
    bool exportHar(const QString &path, bool redact, QString *error = nullptr);
    // Reads a HAR file and appends its usable entries to the history; what could not be used is
    // in the result's problems, and both are shown under the history table.
    HistoryHar::ReadResult importHar(const QString &path);
    // The file dialogs behind the actions (window-modal, deleted on close). The export dialog has
    // a "Redact cookies and secrets" check box (object name "redactBox", ticked by default).
    QFileDialog *openHarExport();
    QFileDialog *openHarImport();

    HistoryModel *history() const { return history_; }
    CookieJarModel *cookies() const { return cookies_; }
    ClientCookieJar *cookieJar() const { return jar_; }
    CookiePersistence *cookiePersistence() const { return persistence_; }

    // Ctrl+Enter (and Ctrl+Return): send. Ctrl+Shift+Enter: send concurrently. Both are added to
    // this widget with Qt::WidgetWithChildrenShortcut.
    QAction *sendAction() const { return sendAction_; }
    QAction *sendConcurrentlyAction() const { return sendConcurrentlyAction_; }
    // Import cURL… (Ctrl+Shift+I) and Copy as cURL (Ctrl+Shift+C), also on the "cURL" button.
    QAction *importCurlAction() const { return importCurlAction_; }
    QAction *copyCurlAction() const { return copyCurlAction_; }
    // Export history as HAR… and Import HAR…, also in the history's "HAR" button and context menu.
    QAction *exportHarAction() const { return exportHarAction_; }
    QAction *importHarAction() const { return importHarAction_; }

    // The parts, for tests and for the lead's layout.
    QComboBox *methodBox() const { return method_; }
    QLineEdit *urlEdit() const { return url_; }
    QPushButton *sendButton() const { return sendButton_; }
    QToolButton *curlButton() const { return curlButton_; }
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
    // A curl command was put on the clipboard (the lead may say so in the status bar).
    void curlCopied(const QString &commandLine);

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
    QString curlFor(const HistoryEntry &entry) const;
    void putOnClipboard(const QString &commandLine);
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
    QToolButton *curlButton_;
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
    QAction *importCurlAction_;
    QAction *copyCurlAction_;
    QAction *exportHarAction_;
    QAction *importHarAction_;
    QPointer<const RequestStore> requests_;
    QString harDirectory_;  // where the last HAR was saved or read
    quint64 sentCount_ = 0; // the response view shows only the answer to the latest request
    int requestTimeoutMs_;
    bool syncingQuery_ = false;
};

} // namespace rs::ui
