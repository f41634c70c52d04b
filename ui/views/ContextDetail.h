#pragma once

#include <QString>
#include <QWidget>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace rs::ui {

class RequestStore;
struct RequestRecord;

// What one pushed context holds, for the box clicked in ContextStackView. A RequestContext: the
// request (method, path, args, headers), the session (data at open, reads and writes so far, the
// save decision), `g` and flashes. An AppContext: the app's name, `g` and the request that pushed
// it. Follows the request live while it runs; says so when the store no longer keeps it. Every
// function: GUI thread.
class ContextDetail : public QWidget {
    Q_OBJECT
public:
    // `requests` may be null: only what the box itself says is shown then.
    explicit ContextDetail(const RequestStore *requests, QWidget *parent = nullptr);

    // `obj` as the stack event names it ("RequestContext#17 GET /hello", "AppContext#3 (demo)");
    // `req` the request that pushed it (0: unknown).
    void showContext(const QString &obj, quint64 req, quint64 ident, const QString &thread);
    void clearContext();

    QString context() const { return obj_; }
    quint64 request() const { return req_; }
    // The text shown for `key` in `section` ("request", "session", "g", "flashes", "app");
    // empty when absent. For tests and for copying.
    QString value(const QString &section, const QString &key) const;

private:
    void rebuild();
    void fillRequest(const RequestRecord &r);
    void fillSession(const RequestRecord &r);
    void fillG(const RequestRecord &r);
    void fillFlashes(const RequestRecord &r);
    QTreeWidgetItem *section(const QString &name, const QString &summary = {});
    QTreeWidgetItem *add(QTreeWidgetItem *parent, const QString &key, const QString &value);

    const RequestStore *requests_;
    QLabel *title_;
    QLabel *subtitle_;
    QTreeWidget *tree_;
    QString obj_;
    quint64 req_ = 0;
    quint64 ident_ = 0;
    QString thread_;
};

} // namespace rs::ui
