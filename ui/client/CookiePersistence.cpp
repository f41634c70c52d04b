#include "ui/client/CookiePersistence.h"

#include "ui/client/ClientCookieJar.h"
#include "ui/client/CookieJarModel.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QTimer>
#include <QtConcurrent>

namespace rs::ui {

namespace {
constexpr int kSaveDelayMs = 400;
}

CookiePersistence::CookiePersistence(CookieJarModel *model, QString path, QObject *parent)
    : QObject(parent), model_(model), path_(std::move(path)), debounce_(new QTimer(this))
{
    debounce_->setSingleShot(true);
    debounce_->setInterval(kSaveDelayMs);
    connect(debounce_, &QTimer::timeout, this, &CookiePersistence::startSave);
    connect(model_->jar(), &ClientCookieJar::changed, this, [this] {
        if (!suspended_ && !loading_)
            debounce_->start();
    });

    connect(&loadWatcher_, &QFutureWatcher<LoadResult>::finished, this, [this] {
        loading_ = false;
        const LoadResult r = loadWatcher_.result();
        if (!r.ok) {
            suspended_ = true;
            report(
                tr("%1 — the jar was not loaded; it will not be saved over that file until you press Save.")
                    .arg(r.error),
                true);
        } else {
            model_->merge(r.cookies);
            report(r.missing ? tr("No saved cookies yet (%1).").arg(QDir::toNativeSeparators(path_))
                             : tr("Loaded %1 cookies from %2.")
                                   .arg(r.cookies.size())
                                   .arg(QDir::toNativeSeparators(path_)),
                   false);
        }
        emit loaded();
    });
    connect(&saveWatcher_, &QFutureWatcher<SaveResult>::finished, this, [this] {
        const SaveResult r = saveWatcher_.result();
        if (r.ok) {
            suspended_ = false;
            report(tr("Saved %1 cookies to %2.").arg(model_->rowCount()).arg(QDir::toNativeSeparators(path_)),
                   false);
        } else {
            report(r.error, true);
        }
        emit saved();
        if (savePending_) {
            savePending_ = false;
            startSave();
        }
    });
}

CookiePersistence::~CookiePersistence()
{
    loadWatcher_.waitForFinished();
    saveWatcher_.waitForFinished();
}

void CookiePersistence::flush()
{
    saveWatcher_.waitForFinished();
    if ((debounce_->isActive() || savePending_) && !suspended_) {
        debounce_->stop();
        savePending_ = false;
        QString error;
        if (!model_->saveTo(path_, &error))
            report(error, true);
    }
}

bool CookiePersistence::busy() const
{
    return loadWatcher_.isRunning() || saveWatcher_.isRunning() || debounce_->isActive();
}

void CookiePersistence::load()
{
    if (loadWatcher_.isRunning())
        return;
    loading_ = true;
    loadWatcher_.setFuture(QtConcurrent::run([path = path_] {
        LoadResult r;
        QFile file(path);
        if (!file.exists()) {
            r.missing = true;
            return r;
        }
        if (!file.open(QIODevice::ReadOnly)) {
            r.ok = false;
            r.error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            return r;
        }
        if (file.size() > CookieJarModel::kMaxFileBytes) {
            r.ok = false;
            r.error = QStringLiteral("%1: %2 bytes, over the %3-byte limit of a cookie file")
                          .arg(path)
                          .arg(file.size())
                          .arg(CookieJarModel::kMaxFileBytes);
            return r;
        }
        QString why;
        const auto cookies = CookieJarModel::parse(file.readAll(), &why);
        if (!cookies) {
            r.ok = false;
            r.error = QStringLiteral("%1: %2").arg(path, why);
            return r;
        }
        r.cookies = *cookies;
        return r;
    }));
}

void CookiePersistence::save()
{
    debounce_->stop();
    suspended_ = false;
    startSave();
}

void CookiePersistence::startSave()
{
    if (saveWatcher_.isRunning()) {
        savePending_ = true;
        return;
    }
    QList<QNetworkCookie> all;
    for (int row = 0; row < model_->rowCount(); ++row)
        all << model_->cookieAt(row);
    saveWatcher_.setFuture(QtConcurrent::run([path = path_, bytes = CookieJarModel::serialize(all)] {
        SaveResult r;
        QDir().mkpath(QFileInfo(path).absolutePath());
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) < 0 || !file.commit()) {
            r.ok = false;
            r.error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        }
        return r;
    }));
}

void CookiePersistence::report(const QString &message, bool isError)
{
    message_ = message;
    emit status(message, isError);
}

} // namespace rs::ui
