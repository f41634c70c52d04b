#include "core/session/store/FileSystemSessionStore.h"

#include "core/session/store/SystemErrorText.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <unistd.h>

#include <cerrno>

namespace rs {

namespace {
// Qt's reason for a failed write, or the system's where Qt 6.4 has none ("Unknown error"): after
// a short write (EFBIG at a file-size limit), errno still has it; after QSaveFile::commit() fails
// to put the file in place (the directory made immutable meanwhile), the directory asked now
// names what stops writes into it.
QString failureReason(const QFileDevice &file, const QString &directory, int systemError)
{
    const QString why = file.errorString();
    if (!why.isEmpty() && why != QLatin1String("Unknown error"))
        return why;
    if (::access(QFile::encodeName(directory).constData(), W_OK | X_OK) != 0)
        systemError = errno;
    if (systemError != 0)
        return systemErrorText(systemError);
    return why.isEmpty() ? QStringLiteral("Unknown error") : why;
}

constexpr QFileDevice::Permissions kFileMode = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

bool isKeyChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == ':';
}
} // namespace

bool FileSystemSessionStore::prepareDirectory(const QString &directory, QString *error)
{
    if (directory.isEmpty()) {
        *error = QStringLiteral("no directory given");
        return false;
    }
    QFileInfo info(directory);
    if (!info.exists()) {
        if (!QDir().mkpath(directory)) {
            *error = QStringLiteral("cannot create the directory %1").arg(directory);
            return false;
        }
        QFile::setPermissions(directory,
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        info.refresh();
    }
    if (!info.isDir()) {
        *error = QStringLiteral("%1 is not a directory").arg(directory);
        return false;
    }
    if (!info.isWritable() || !info.isExecutable()) {
        *error = QStringLiteral("the directory %1 is not writable").arg(directory);
        return false;
    }
    return true;
}

bool FileSystemSessionStore::isSafeKey(const QByteArray &key)
{
    if (key.isEmpty() || key.size() > 200 || key.startsWith('.') || key.contains(".."))
        return false;
    for (char c : key)
        if (!isKeyChar(c))
            return false;
    return true;
}

FileSystemSessionStore::FileSystemSessionStore(QString directory, qint64 pruneIntervalMs)
    : directory_(QDir(directory).absolutePath()), pruneIntervalMs_(pruneIntervalMs)
{
}

QString FileSystemSessionStore::pathFor(const QByteArray &key) const
{
    return isSafeKey(key) ? directory_ + QLatin1Char('/') + QString::fromLatin1(key) : QString();
}

bool FileSystemSessionStore::checkKey(const QByteArray &key, QString *error) const
{
    if (isSafeKey(key))
        return true;
    *error =
        QStringLiteral("the key '%1' cannot be a file name (allowed: A-Z a-z 0-9 _ - . :, at most 200, no "
                       "leading '.' or '..'); check SESSION_KEY_PREFIX")
            .arg(QString::fromUtf8(key.left(64)));
    return false;
}

bool FileSystemSessionStore::doGet(const QByteArray &key, Record &out, QString *error)
{
    if (!checkKey(key, error))
        return false;
    QFile file(pathFor(key));
    if (!file.open(QIODevice::ReadOnly)) {
        if (!file.exists()) {
            out.status = Record::Status::Missing;
            return true;
        }
        *error = QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    if (file.size() > kMaxRecordBytes) {
        *error = QStringLiteral("%1 is %2 bytes, over the %3-byte limit of a session record")
                     .arg(file.fileName())
                     .arg(file.size())
                     .arg(kMaxRecordBytes);
        return false;
    }
    const QByteArray content = file.readAll();
    file.close();
    const qsizetype newline = content.indexOf('\n');
    bool ok = false;
    const qint64 expiry = newline > 0 ? content.left(newline).toLongLong(&ok) : 0;
    if (!ok || QDateTime::currentMSecsSinceEpoch() >= expiry * 1000) {
        // Expired (or not one of ours): gone for good, as cachelib does on read.
        QFile::remove(file.fileName());
        out.status = ok ? Record::Status::Expired : Record::Status::Missing;
        return true;
    }
    out.status = Record::Status::Found;
    out.data = content.mid(newline + 1);
    return true;
}

bool FileSystemSessionStore::doSet(const QByteArray &key, const QByteArray &value, qint64 ttlSeconds,
                                   QString *error)
{
    if (!checkKey(key, error))
        return false;
    // Rounded up: a record never lives shorter than its TTL.
    const qint64 expiry = (QDateTime::currentMSecsSinceEpoch() + ttlSeconds * 1000 + 999) / 1000;
    QSaveFile file(pathFor(key));
    // Called as fail(errno), so that errno is read before anything else can change it.
    auto fail = [&](int systemError) {
        *error = QStringLiteral("cannot write %1: %2")
                     .arg(file.fileName(), failureReason(file, directory_, systemError));
        return false;
    };
    errno = 0;
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(kFileMode))
        return fail(errno);
    // Written and flushed here, each result checked: QSaveFile buffers small writes and only
    // flushes them in commit(), and Qt 6.4's commit() ignores a failed flush — a full disk (ENOSPC)
    // or a file-size limit (EFBIG) then renamed an empty or cut temporary file over the record and
    // reported it saved. Cancelled, the temporary file is removed and the old record stays.
    const QByteArray content = QByteArray::number(expiry) + '\n' + value;
    errno = 0;
    if (file.write(content) != content.size() || !file.flush()) {
        fail(errno);
        file.cancelWriting();
        return false;
    }
    errno = 0;
    if (!file.commit())
        return fail(errno);
    if (pruneDue(pruneIntervalMs_))
        prune();
    return true;
}

void FileSystemSessionStore::prune()
{
    QElapsedTimer timer;
    timer.start();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QDir dir(directory_);
    for (const QString &name : dir.entryList(QDir::Files)) {
        QFile file(dir.filePath(name));
        if (!isSafeKey(name.toLatin1()) || !file.open(QIODevice::ReadOnly))
            continue;
        bool ok = false;
        const qint64 expiry = file.readLine(32).trimmed().toLongLong(&ok);
        file.close();
        // Only files that say they are expired: a file being written (QSaveFile's temporary) or
        // one that is not ours is left alone.
        if (ok && now >= expiry * 1000)
            QFile::remove(file.fileName());
    }
    reportOp("prune", "*", true, 0, timer.nsecsElapsed() / 1000);
}

bool FileSystemSessionStore::doRemove(const QByteArray &key, QString *error)
{
    if (!checkKey(key, error))
        return false;
    QFile file(pathFor(key));
    if (!file.remove() && file.exists()) {
        *error = QStringLiteral("cannot delete %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    return true;
}

bool FileSystemSessionStore::doList(const QByteArray &prefix, int limit, std::vector<ListedRecord> &out,
                                    QString *error)
{
    const QFileInfo info(directory_);
    if (!info.isDir()) {
        *error = QStringLiteral("the directory %1 does not exist").arg(directory_);
        return false;
    }
    if (!info.isReadable() || !info.isExecutable()) {
        *error = QStringLiteral("the directory %1 is not readable").arg(directory_);
        return false;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QDir dir(directory_);
    // entryList sorts by name, so the first `limit` live records are the first by key.
    for (const QString &name : dir.entryList(QDir::Files, QDir::Name)) {
        if (limit >= 0 && out.size() >= std::size_t(limit))
            break;
        const QByteArray key = name.toLatin1();
        if (!key.startsWith(prefix) || !isSafeKey(key))
            continue;
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxRecordBytes)
            continue; // deleted meanwhile, not ours to read, or too large to be ours
        const QByteArray content = file.readAll();
        const qsizetype newline = content.indexOf('\n');
        bool ok = false;
        const qint64 expiry = newline > 0 ? content.left(newline).toLongLong(&ok) : 0;
        // Not one of ours, or expired: the next read or prune deletes it, not the browser.
        if (!ok || now >= expiry * 1000)
            continue;
        out.push_back({key, content.mid(newline + 1), (expiry * 1000 - now + 999) / 1000});
    }
    return true;
}

bool FileSystemSessionStore::doPing(QString *error)
{
    const QFileInfo info(directory_);
    if (!info.isDir()) {
        *error = QStringLiteral("the directory %1 does not exist").arg(directory_);
        return false;
    }
    if (!info.isWritable()) {
        *error = QStringLiteral("the directory %1 is not writable").arg(directory_);
        return false;
    }
    return true;
}

} // namespace rs
