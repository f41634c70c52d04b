#pragma once

#include <QFutureWatcher>
#include <QNetworkCookie>
#include <QObject>
#include <QString>

class QTimer;

namespace rs::ui {

class CookieJarModel;

// Keeps the client's cookie jar in a file (CookieJarModel's format): loads it once at start and
// saves it shortly after every change, both off the GUI thread. A file that cannot be read or
// parsed is reported and never overwritten by an automatic save (only an explicit save()).
// Every function: GUI thread.
class CookiePersistence : public QObject {
    Q_OBJECT
public:
    CookiePersistence(CookieJarModel *model, QString path, QObject *parent = nullptr);
    ~CookiePersistence() override; // waits for a write under way (a small file)

    QString path() const { return path_; }
    // Reads the file and merges it into the jar (cookies already there are kept).
    void load();
    // Writes the jar now, also after a failed load.
    void save();
    // Blocking: waits for a write under way and writes a change not saved yet. For shutdown (the
    // model must still exist).
    void flush();
    bool autosaveSuspended() const { return suspended_; }
    bool busy() const;
    QString lastMessage() const { return message_; }

signals:
    // A sentence for the cookie tab: "loaded 3 cookies from …", or an error.
    void status(const QString &message, bool isError);
    void loaded();
    void saved();

private:
    struct LoadResult {
        bool ok = true;
        bool missing = false;
        QList<QNetworkCookie> cookies;
        QString error;
    };
    struct SaveResult {
        bool ok = true;
        QString error;
    };
    void report(const QString &message, bool isError);
    void startSave();

    CookieJarModel *model_;
    QString path_;
    QTimer *debounce_;
    QFutureWatcher<LoadResult> loadWatcher_;
    QFutureWatcher<SaveResult> saveWatcher_;
    bool suspended_ = false;
    bool loading_ = false;
    bool savePending_ = false;
    QString message_;
};

} // namespace rs::ui
