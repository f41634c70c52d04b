#include "ui/client/CookieJarModel.h"

#include "ui/client/ClientCookieJar.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>
#include <QUrl>

#include <algorithm>

namespace rs::ui {

namespace {
QString identity(const QNetworkCookie &c)
{
    return QString::fromUtf8(c.name()) + QLatin1Char('\n') + c.domain() + QLatin1Char('\n') + c.path();
}

bool sameContent(const QNetworkCookie &a, const QNetworkCookie &b)
{
    return a.toRawForm(QNetworkCookie::Full) == b.toRawForm(QNetworkCookie::Full);
}

QString sameSiteText(const QNetworkCookie &c)
{
    switch (c.sameSitePolicy()) {
    case QNetworkCookie::SameSite::Default: return {};
    case QNetworkCookie::SameSite::None: return QStringLiteral("None");
    case QNetworkCookie::SameSite::Lax: return QStringLiteral("Lax");
    case QNetworkCookie::SameSite::Strict: return QStringLiteral("Strict");
    }
    return {};
}

const char kFileHeader[] = "# RequestScope cookie jar: one Set-Cookie value a line (with domain and path)\n";
} // namespace

CookieJarModel::CookieJarModel(ClientCookieJar *jar, QObject *parent) : QAbstractTableModel(parent), jar_(jar)
{
    rows_ = jar_->cookies();
    connect(jar_, &ClientCookieJar::changed, this, &CookieJarModel::sync);
}

int CookieJarModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

int CookieJarModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CookieJarModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QNetworkCookie &c = rows_.at(index.row());
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
        case NameColumn: return QString::fromUtf8(c.name());
        case ValueColumn: return QString::fromUtf8(c.value());
        case DomainColumn: return c.domain();
        case PathColumn: return c.path();
        case ExpiresColumn:
            return c.isSessionCookie()
                       ? QStringLiteral("session")
                       : c.expirationDate().toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case HttpOnlyColumn: return c.isHttpOnly() ? QStringLiteral("HttpOnly") : QString();
        case SecureColumn: return c.isSecure() ? QStringLiteral("Secure") : QString();
        case SameSiteColumn: return sameSiteText(c);
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole)
        return QString::fromUtf8(c.toRawForm(QNetworkCookie::Full));
    return {};
}

QVariant CookieJarModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn: return QStringLiteral("Name");
    case ValueColumn: return QStringLiteral("Value");
    case DomainColumn: return QStringLiteral("Domain");
    case PathColumn: return QStringLiteral("Path");
    case ExpiresColumn: return QStringLiteral("Expires");
    case HttpOnlyColumn: return QStringLiteral("HttpOnly");
    case SecureColumn: return QStringLiteral("Secure");
    case SameSiteColumn: return QStringLiteral("SameSite");
    default: return {};
    }
}

Qt::ItemFlags CookieJarModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == ValueColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

bool CookieJarModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() != ValueColumn ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    QNetworkCookie c = rows_.at(index.row());
    const QByteArray newValue = value.toString().toUtf8();
    if (newValue == c.value())
        return true;
    c.setValue(newValue);
    return jar_->updateCookie(c); // the jar's changed() brings the new value back through sync()
}

bool CookieJarModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > rows_.size())
        return false;
    const QList<QNetworkCookie> doomed = rows_.mid(row, count);
    QList<QNetworkCookie> kept = jar_->cookies();
    kept.removeIf([&](const QNetworkCookie &c) {
        return std::any_of(doomed.begin(), doomed.end(),
                           [&](const QNetworkCookie &d) { return d.hasSameIdentifier(c); });
    });
    jar_->replaceAll(kept);
    return true;
}

int CookieJarModel::findRow(const QString &name, const QString &domain) const
{
    for (int i = 0; i < rows_.size(); ++i)
        if (QString::fromUtf8(rows_.at(i).name()) == name &&
            (domain.isEmpty() || rows_.at(i).domain() == domain))
            return i;
    return -1;
}

bool CookieJarModel::addFromSetCookie(const QByteArray &line, const QUrl &url, QString *error)
{
    const QList<QNetworkCookie> parsed = QNetworkCookie::parseCookies(line);
    if (parsed.isEmpty() || parsed.first().name().isEmpty()) {
        if (error)
            *error = QStringLiteral("not a Set-Cookie value: %1").arg(QString::fromUtf8(line.left(80)));
        return false;
    }
    const bool expiredDeletion = !parsed.first().isSessionCookie() &&
                                 parsed.first().expirationDate() < QDateTime::currentDateTimeUtc();
    if (!jar_->setCookiesFromUrl(parsed, url) && !expiredDeletion) {
        if (error)
            *error = QStringLiteral("the cookie jar refused the cookie for %1 (its domain or path does not "
                                    "match that URL)")
                         .arg(url.toString());
        return false;
    }
    return true;
}

void CookieJarModel::clear()
{
    jar_->replaceAll({});
}

QByteArray CookieJarModel::serialize(const QList<QNetworkCookie> &cookies)
{
    QByteArray out = kFileHeader;
    for (const QNetworkCookie &c : cookies)
        out += c.toRawForm(QNetworkCookie::Full) + '\n';
    return out;
}

std::optional<QList<QNetworkCookie>> CookieJarModel::parse(const QByteArray &text, QString *error)
{
    QList<QNetworkCookie> out;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QList<QByteArray> lines = text.split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QList<QNetworkCookie> parsed = QNetworkCookie::parseCookies(line);
        if (parsed.size() != 1 || parsed.first().name().isEmpty() || parsed.first().domain().isEmpty()) {
            if (error)
                *error = QStringLiteral("line %1 is not a Set-Cookie value with a name and a domain: \"%2\"")
                             .arg(i + 1)
                             .arg(QString::fromUtf8(line.left(60)));
            return std::nullopt;
        }
        const QNetworkCookie &c = parsed.first();
        if (!c.isSessionCookie() && c.expirationDate() < now)
            continue;
        out << c;
    }
    return out;
}

bool CookieJarModel::saveTo(const QString &path, QString *error) const
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(serialize(rows_)) < 0 || !file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool CookieJarModel::loadFrom(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.exists()) {
        clear();
        return true;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    if (file.size() > kMaxFileBytes) {
        if (error)
            *error = QStringLiteral("%1: %2 bytes, over the %3-byte limit of a cookie file")
                         .arg(path)
                         .arg(file.size())
                         .arg(kMaxFileBytes);
        return false;
    }
    QString reason;
    const auto cookies = parse(file.readAll(), &reason);
    if (!cookies) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, reason);
        return false;
    }
    jar_->replaceAll(*cookies);
    return true;
}

void CookieJarModel::merge(const QList<QNetworkCookie> &cookies)
{
    QList<QNetworkCookie> all = jar_->cookies();
    bool added = false;
    for (const QNetworkCookie &c : cookies) {
        if (std::none_of(all.begin(), all.end(),
                         [&](const QNetworkCookie &have) { return have.hasSameIdentifier(c); })) {
            all << c;
            added = true;
        }
    }
    if (added)
        jar_->replaceAll(all);
}

QString CookieJarModel::defaultFilePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/cookies.txt");
}

void CookieJarModel::sync()
{
    const QList<QNetworkCookie> now = jar_->cookies();
    QHash<QString, QNetworkCookie> byId;
    for (const QNetworkCookie &c : now)
        byId.insert(identity(c), c);

    // Gone: remove bottom-up so earlier row numbers stay right.
    for (int row = int(rows_.size()) - 1; row >= 0; --row) {
        if (byId.contains(identity(rows_.at(row))))
            continue;
        beginRemoveRows({}, row, row);
        rows_.removeAt(row);
        endRemoveRows();
    }
    // Changed in place.
    QSet<QString> present;
    for (int row = 0; row < rows_.size(); ++row) {
        const QString id = identity(rows_.at(row));
        present.insert(id);
        const QNetworkCookie &fresh = byId.value(id);
        if (!sameContent(fresh, rows_.at(row))) {
            rows_[row] = fresh;
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
    // New: appended in the jar's order.
    QList<QNetworkCookie> added;
    for (const QNetworkCookie &c : now)
        if (!present.contains(identity(c)))
            added << c;
    if (!added.isEmpty()) {
        beginInsertRows({}, int(rows_.size()), int(rows_.size() + added.size()) - 1);
        rows_ += added;
        endInsertRows();
    }
}

} // namespace rs::ui
