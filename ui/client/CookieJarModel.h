#pragma once

#include <QAbstractTableModel>
#include <QNetworkCookie>

#include <optional>

namespace rs::ui {

class ClientCookieJar;

// The client's cookies, one row each: name, value, domain, path, expiry, HttpOnly, Secure,
// SameSite. Follows the jar (Set-Cookie from responses arrives through it); the value column can
// be edited, rows removed, the whole jar cleared, saved to and loaded from a file.
//
// The file has one Set-Cookie value a line, each with its domain and path (as
// QNetworkCookie::toRawForm(Full) writes them); lines starting with '#' are comments.
// Every function: GUI thread.
class CookieJarModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        ValueColumn,
        DomainColumn,
        PathColumn,
        ExpiresColumn,
        HttpOnlyColumn,
        SecureColumn,
        SameSiteColumn,
        ColumnCount
    };

    // The jar must outlive the model.
    explicit CookieJarModel(ClientCookieJar *jar, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

    ClientCookieJar *jar() const { return jar_; }
    QNetworkCookie cookieAt(int row) const { return rows_.value(row); }
    // The row of the first cookie with that name (and that domain, when given), or -1.
    int findRow(const QString &name, const QString &domain = {}) const;

    // As if a response from `url` carried "Set-Cookie: <line>". False (with the reason) when the
    // line is not a cookie or the jar refuses it for that URL.
    bool addFromSetCookie(const QByteArray &line, const QUrl &url, QString *error = nullptr);
    void clear();

    static QByteArray serialize(const QList<QNetworkCookie> &cookies);
    // The cookies of a file's text, expired ones dropped; nullopt with the line and reason.
    static std::optional<QList<QNetworkCookie>> parse(const QByteArray &text, QString *error = nullptr);
    // A cookie file larger than this is refused, not read.
    static constexpr qint64 kMaxFileBytes = 4 << 20;
    // Blocking file I/O on a small file: the panel runs these off the GUI thread via serialize/parse.
    bool saveTo(const QString &path, QString *error = nullptr) const;
    // Replaces the jar's cookies with the file's. A missing file is an empty jar, not an error; a
    // file that cannot be read or parsed leaves the jar as it was and explains why.
    bool loadFrom(const QString &path, QString *error = nullptr);
    // Adds the cookies the jar does not have yet (same name, domain and path): a late load never
    // overwrites a newer Set-Cookie.
    void merge(const QList<QNetworkCookie> &cookies);

    // AppDataLocation/cookies.txt.
    static QString defaultFilePath();

private:
    void sync();

    ClientCookieJar *jar_;
    QList<QNetworkCookie> rows_;
};

} // namespace rs::ui
