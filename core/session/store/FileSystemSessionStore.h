#pragma once

#include "core/session/store/SessionStore.h"

#include <QString>

namespace rs {

// Sessions as files, one per key in one directory (flask-session's FileSystemSessionInterface,
// without cachelib): the file is named after the key, holds the expiry (Unix seconds) on its
// first line and the session's tagged JSON after it, is written atomically with QSaveFile (a
// reader sees the old file or the new one, never half of one) and has mode 0600. The expiry is
// checked on every read; an expired file is deleted then, and files nobody reads again are pruned
// by a write at most once per prune interval. Keys are checked so that no file
// name can leave the directory. Stateless between calls, so any thread may call anything.
class FileSystemSessionStore : public SessionStore {
public:
    // Creates `directory` (mode 0700) when missing. False with *error when it cannot be used:
    // not a directory, not writable, cannot be created.
    static bool prepareDirectory(const QString &directory, QString *error);
    // A key may be a file name when it is 1..200 of [A-Za-z0-9_.:-], does not start with '.' and
    // has no "..": then it has no '/' and cannot be "." or "..".
    static bool isSafeKey(const QByteArray &key);
    // A record file larger than this is refused when read (a store error), never loaded whole.
    static constexpr qint64 kMaxRecordBytes = 16 << 20;

    explicit FileSystemSessionStore(QString directory, qint64 pruneIntervalMs = 60'000);

    QString backend() const override { return QStringLiteral("filesystem"); }
    QString where() const override { return directory_; }
    // The file for a key (empty when the key is not safe).
    QString pathFor(const QByteArray &key) const;

protected:
    bool doGet(const QByteArray &key, Record &out, QString *error) override;
    bool doSet(const QByteArray &key, const QByteArray &value, qint64 ttlSeconds, QString *error) override;
    bool doRemove(const QByteArray &key, QString *error) override;
    bool doPing(QString *error) override;
    bool canList() const override { return true; }
    // The directory's files whose name starts with `prefix` and whose expiry line is in the future.
    bool doList(const QByteArray &prefix, int limit, std::vector<ListedRecord> &out, QString *error) override;

private:
    bool checkKey(const QByteArray &key, QString *error) const;
    void prune();

    QString directory_;
    qint64 pruneIntervalMs_;
};

} // namespace rs
