#pragma once

#include "ui/client/HistoryEntry.h"

#include <QUrl>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;

namespace rs::ui {

// The answer to the client's last request: status line, size, time, the engine's request id
// (a button that opens the request detail), a Follow button for redirects, the body (indented
// JSON, text or a hex dump) and the headers; or the error in words when nothing came back.
// Every function: GUI thread.
class ResponseView : public QWidget {
    Q_OBJECT
public:
    explicit ResponseView(QWidget *parent = nullptr);

    void showEntry(const HistoryEntry &entry);
    void showPending(const QString &method, const QUrl &url);
    // An error before anything was sent (a bad URL, a refused plan).
    void showError(const QString &message);

    // What is on screen, for tests and for copying.
    QString statusText() const;
    QString metaText() const;
    QString bodyText() const;
    QString headersText() const;
    QString errorText() const;
    quint64 shownRequestId() const { return requestId_; }
    QPushButton *detailButton() const { return detailButton_; }
    QPushButton *followButton() const { return followButton_; }

signals:
    void requestDetailRequested(quint64 engineRequestId);
    // The user wants the redirect's Location; `status` says whether the method is kept (307/308).
    void followRequested(const QUrl &location, int status);

private:
    void setStatusColour(int status);

    QLabel *status_;
    QLabel *meta_;
    QLabel *error_;
    QPushButton *detailButton_;
    QPushButton *followButton_;
    QTabWidget *tabs_;
    QPlainTextEdit *body_;
    QPlainTextEdit *headers_;
    quint64 requestId_ = 0;
    QUrl location_;
    int redirectStatus_ = 0;
};

} // namespace rs::ui
