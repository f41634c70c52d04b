#pragma once

#include <QString>
#include <QTimer>
#include <QWidget>

class QLabel;
class QTextBrowser;

namespace rs::ui {

class RequestStore;
struct RequestRecord;

// Everything about one request, as selectable text that copies well: the header line, the
// waterfall of phases, the hooks that ran (and the before_request that short-circuited), the
// session — opened how, each read/write/delete with the value before and after and the flags,
// and the save decision in words, emphasised — headers in and out, store operations, errors,
// flashes and g. Follows the request live while it runs. Every function: GUI thread.
class RequestDetailView : public QWidget {
    Q_OBJECT
public:
    // The store must outlive the view.
    explicit RequestDetailView(RequestStore &store, QWidget *parent = nullptr);

    quint64 currentRequest() const { return id_; }
    // What the view shows, as plain text (what a copy of everything gives).
    QString toPlainText() const;

public slots:
    // 0 clears the view.
    void showRequest(quint64 id);
    // Renders pending changes now (a timer does it once a frame while the request changes).
    void refresh();

protected:
    void changeEvent(QEvent *event) override;

private:
    void scheduleRefresh();
    QString render(const RequestRecord &r) const;
    QString renderHeader(const RequestRecord &r) const;
    QString renderWaterfall(const RequestRecord &r) const;
    QString renderHooks(const RequestRecord &r) const;
    QString renderSession(const RequestRecord &r) const;
    // The save decision in words, in a box coloured by its outcome.
    QString renderIsolation(const RequestRecord &r) const; // coroutine waits, cross-request reads
    QString renderDecision(const RequestRecord &r) const;
    QString renderHeaders(const RequestRecord &r) const;
    QString renderStoreOps(const RequestRecord &r) const;
    QString renderErrors(const RequestRecord &r) const;
    QString renderFlashesAndG(const RequestRecord &r) const;
    QString notice(const QString &text) const;
    void setHtml(const QString &html);

    RequestStore &store_;
    QTextBrowser *browser_;
    QTimer refreshTimer_;
    quint64 id_ = 0;
    QString shownHtml_;
    QString lastBody_; // the last rendering of id_, kept under a notice once the store drops it
};

} // namespace rs::ui
