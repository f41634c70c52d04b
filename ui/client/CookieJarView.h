#pragma once

#include <QUrl>
#include <QWidget>

class QLabel;
class QLineEdit;
class QTableView;

namespace rs::ui {

class CookieJarModel;
class CookiePersistence;

// The client's cookie jar as a table (the value can be edited in place), with Add (a Set-Cookie
// line, as if the current base URL had sent it), Delete, Clear, Save and Reload, and a line that
// says where the jar is kept and whether loading or saving failed. Every function: GUI thread.
class CookieJarView : public QWidget {
    Q_OBJECT
public:
    CookieJarView(CookieJarModel *model, CookiePersistence *persistence, QWidget *parent = nullptr);

    // The URL a typed Set-Cookie line is taken to come from.
    void setDefaultUrl(const QUrl &url) { defaultUrl_ = url; }
    QTableView *table() const { return table_; }
    QString statusText() const;

private:
    void showStatus(const QString &message, bool isError);

    CookieJarModel *model_;
    QTableView *table_;
    QLineEdit *setCookieLine_;
    QLabel *status_;
    QUrl defaultUrl_;
};

} // namespace rs::ui
