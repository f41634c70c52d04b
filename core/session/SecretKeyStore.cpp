#include "core/session/SecretKeyStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QStandardPaths>

namespace rs {

QString SecretKeyStore::path()
{
    const QString overridden = qEnvironmentVariable("RS_SECRET_KEY_FILE");
    if (!overridden.isEmpty())
        return overridden;
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/requestscope/secret_key");
}

QString SecretKeyStore::loadOrCreate(QString *error)
{
    const QString file = path();
    QFile existing(file);
    if (existing.exists()) {
        if (!existing.open(QIODevice::ReadOnly)) {
            *error =
                QStringLiteral("cannot read the secret key file %1: %2").arg(file, existing.errorString());
            return {};
        }
        // A key file is a line of text; anything much larger is not one (and is not read whole).
        constexpr qint64 kMaxKeyFileBytes = 4096;
        if (existing.size() > kMaxKeyFileBytes) {
            *error = QStringLiteral("the secret key file %1 is %2 bytes, not a key (at most %3); delete it "
                                    "to make a new one")
                         .arg(file)
                         .arg(existing.size())
                         .arg(kMaxKeyFileBytes);
            return {};
        }
        const QString key = QString::fromUtf8(existing.readAll()).trimmed();
        if (key.size() >= 16)
            return key;
        *error =
            QStringLiteral("the secret key file %1 is too short (%2 characters); delete it to make a new one")
                .arg(file)
                .arg(key.size());
        return {};
    }
    if (!QDir().mkpath(QFileInfo(file).absolutePath())) {
        *error = QStringLiteral("cannot create the folder for %1").arg(file);
        return {};
    }
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(bytes.data()),
                                         reinterpret_cast<quint32 *>(bytes.data() + bytes.size()));
    const QByteArray key = bytes.toHex();
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(key + '\n') != key.size() + 1 ||
        !out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) || !out.commit()) {
        *error = QStringLiteral("cannot write the secret key file %1: %2").arg(file, out.errorString());
        return {};
    }
    return QString::fromLatin1(key);
}

} // namespace rs
