#include "ui/session/StoreBrowser.h"

#include "core/session/SessionStoreError.h"
#include "core/session/store/FileSystemSessionStore.h"
#include "core/session/store/RedisSessionStore.h"
#include "core/session/store/SqliteSessionStore.h"
#include "ui/models/RequestStore.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace rs::ui {

namespace {
const QColor kBad(0xd8, 0x4a, 0x3f);

QString storeErrorText(const std::exception &e)
{
    if (const auto *s = dynamic_cast<const SessionStoreError *>(&e))
        return s->description();
    return QString::fromLocal8Bit(e.what());
}
} // namespace

StoreBrowser::StoreBrowser(RequestStore *requests, QWidget *parent)
    : QWidget(parent), requests_(requests), model_(new StoreRecordModel(requests, this))
{
    // One thread, kept while the browser lives: store calls run one at a time, on connections made once.
    worker_.setMaxThreadCount(1);
    worker_.setExpiryTimeout(-1);

    backend_ = new QComboBox(this);
    backend_->setObjectName(QStringLiteral("backend"));
    backend_->addItem(tr("Redis"), QStringLiteral("redis"));
    backend_->addItem(tr("Filesystem"), QStringLiteral("filesystem"));
    backend_->addItem(tr("SQLite"), QStringLiteral("sqlite"));
    backend_->addItem(tr("memcached"), QStringLiteral("memcached"));
    address_ = new QLineEdit(this);
    address_->setObjectName(QStringLiteral("address"));
    prefix_ = new QLineEdit(QString::fromUtf8(keyPrefix_), this);
    prefix_->setObjectName(QStringLiteral("prefix"));
    prefix_->setToolTip(tr("SESSION_KEY_PREFIX: only keys that start with it are listed"));
    prefix_->setMaximumWidth(120);
    open_ = new QPushButton(tr("Open"), this);
    open_->setObjectName(QStringLiteral("open"));
    auto *where = new QHBoxLayout;
    where->addWidget(backend_);
    where->addWidget(address_, 1);
    where->addWidget(new QLabel(tr("Prefix"), this));
    where->addWidget(prefix_);
    where->addWidget(open_);

    refreshAction_ = new QAction(tr("Refresh"), this);
    refreshAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    refreshAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    refreshAction_->setToolTip(tr("List the store again (Ctrl+R)"));
    deleteAction_ = new QAction(tr("Delete selected"), this);
    deleteAction_->setShortcut(QKeySequence::Delete);
    deleteAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    deleteAction_->setToolTip(tr("Delete the selected sessions from the store (Delete)"));
    deleteAction_->setEnabled(false);
    addAction(refreshAction_);
    addAction(deleteAction_);

    refreshButton_ = new QPushButton(refreshAction_->text(), this);
    refreshButton_->setObjectName(QStringLiteral("refresh"));
    refreshButton_->setToolTip(refreshAction_->toolTip());
    autoRefresh_ = new QCheckBox(tr("Auto-refresh every %1 s").arg(kAutoRefreshMs / 1000), this);
    autoRefresh_->setObjectName(QStringLiteral("autoRefresh"));
    autoRefresh_->setChecked(true);
    deleteButton_ = new QPushButton(deleteAction_->text(), this);
    deleteButton_->setObjectName(QStringLiteral("delete"));
    deleteButton_->setToolTip(deleteAction_->toolTip());
    deleteButton_->setEnabled(false);
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("status"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *controls = new QHBoxLayout;
    controls->addWidget(refreshButton_);
    controls->addWidget(autoRefresh_);
    controls->addWidget(deleteButton_);
    controls->addStretch(1);

    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("records"));
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().lineSpacing() + 8);
    QHeaderView *header = table_->horizontalHeader();
    for (int column : {StoreRecordModel::KeyColumn, StoreRecordModel::SidColumn, StoreRecordModel::SizeColumn,
                       StoreRecordModel::TtlColumn})
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(StoreRecordModel::ValueColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(StoreRecordModel::RequestsColumn, QHeaderView::Interactive);
    header->resizeSection(StoreRecordModel::RequestsColumn, 160);

    detail_ = new QPlainTextEdit(this);
    detail_->setObjectName(QStringLiteral("detail"));
    detail_->setReadOnly(true);
    detail_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    detail_->setPlaceholderText(tr("Select a session to see its value"));
    requestList_ = new QListWidget(this);
    requestList_->setObjectName(QStringLiteral("requests"));
    requestList_->setToolTip(tr("The requests that read or wrote this session; double-click to open one"));
    auto *detailSplit = new QSplitter(Qt::Horizontal, this);
    detailSplit->addWidget(detail_);
    detailSplit->addWidget(requestList_);
    detailSplit->setStretchFactor(0, 3);
    detailSplit->setStretchFactor(1, 2);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(table_);
    split->addWidget(detailSplit);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(where);
    layout->addLayout(controls);
    layout->addWidget(status_);
    layout->addWidget(split, 1);

    tick_ = new QTimer(this);
    tick_->setInterval(1000);
    connect(tick_, &QTimer::timeout, this, [this] {
        model_->tick();
        if (requestsDirty_) {
            requestsDirty_ = false;
            model_->refreshRequests();
            updateDetail();
        }
    });
    tick_->start();
    autoTimer_ = new QTimer(this);
    autoTimer_->setInterval(kAutoRefreshMs);
    connect(autoTimer_, &QTimer::timeout, this, &StoreBrowser::refresh);

    connect(backend_, &QComboBox::currentIndexChanged, this, &StoreBrowser::updateAddressHint);
    connect(open_, &QPushButton::clicked, this, &StoreBrowser::applyChoice);
    connect(address_, &QLineEdit::returnPressed, this, &StoreBrowser::applyChoice);
    connect(prefix_, &QLineEdit::returnPressed, this, &StoreBrowser::applyChoice);
    connect(refreshButton_, &QPushButton::clicked, this, &StoreBrowser::refresh);
    connect(refreshAction_, &QAction::triggered, this, &StoreBrowser::refresh);
    connect(deleteButton_, &QPushButton::clicked, this, &StoreBrowser::deleteSelected);
    connect(deleteAction_, &QAction::triggered, this, &StoreBrowser::deleteSelected);
    connect(autoRefresh_, &QCheckBox::toggled, this, &StoreBrowser::setAutoRefresh);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const bool any = table_->selectionModel()->hasSelection();
        deleteButton_->setEnabled(any && store_);
        deleteAction_->setEnabled(any && store_);
        updateDetail();
    });
    connect(requestList_, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { emit requestActivated(item->data(Qt::UserRole).toULongLong()); });
    connect(&listWatcher_, &QFutureWatcher<Listing>::finished, this, &StoreBrowser::showListing);
    connect(&deleteWatcher_, &QFutureWatcher<Deletion>::finished, this, &StoreBrowser::showDeletion);
    if (requests_) {
        auto dirty = [this] { requestsDirty_ = true; };
        connect(requests_, &RequestStore::appended, this, dirty);
        connect(requests_, &RequestStore::changed, this, dirty);
        connect(requests_, &RequestStore::evictedRows, this, dirty);
        connect(requests_, &RequestStore::reset, this, dirty);
    }

    updateAddressHint();
    showStatus(tr("Choose a store and press Open, or let the engine's settings fill it in."), false);
}

StoreBrowser::~StoreBrowser()
{
    // A listing under way keeps its own reference to the store; its result is dropped. worker_'s
    // destructor then waits for it and ends the thread.
    listWatcher_.disconnect(this);
    deleteWatcher_.disconnect(this);
}

QString StoreBrowser::statusText() const
{
    return status_->text();
}

void StoreBrowser::updateAddressHint()
{
    const QString type = backend_->currentData().toString();
    if (type == QLatin1String("redis"))
        address_->setPlaceholderText(QStringLiteral("redis://127.0.0.1:6379/0"));
    else if (type == QLatin1String("filesystem"))
        address_->setPlaceholderText(tr("directory (SESSION_FILE_DIR), e.g. ./flask_session"));
    else if (type == QLatin1String("sqlite"))
        address_->setPlaceholderText(tr("SQLite file, e.g. ./flask_session.sqlite"));
    else
        address_->setPlaceholderText(QStringLiteral("127.0.0.1:11211"));
}

void StoreBrowser::setBackend(const QString &type, const QString &address)
{
    const int index = backend_->findData(type);
    if (index >= 0)
        backend_->setCurrentIndex(index);
    address_->setText(address);
    openStore(type, address);
}

void StoreBrowser::setBackend(const SessionBackendSettings &settings)
{
    QString address;
    if (settings.type == QLatin1String("redis"))
        address = settings.redisUrl;
    else if (settings.type == QLatin1String("memcached"))
        address = settings.memcached;
    else if (settings.type == QLatin1String("filesystem"))
        address = settings.sessionDir.isEmpty() ? QDir::current().filePath(QStringLiteral("flask_session"))
                                                : settings.sessionDir;
    else if (settings.type == QLatin1String("sqlite"))
        address = settings.sqliteFile.isEmpty()
                      ? QDir::current().filePath(QStringLiteral("flask_session.sqlite"))
                      : settings.sqliteFile;
    setBackend(settings.type, address);
}

void StoreBrowser::setKeyPrefix(const QString &prefix)
{
    prefix_->setText(prefix);
    keyPrefix_ = prefix.toUtf8();
    model_->setPrefix(keyPrefix_);
    ++generation_;
    model_->clear();
    refresh();
}

void StoreBrowser::setAutoRefresh(bool on)
{
    if (autoRefresh_->isChecked() != on)
        autoRefresh_->setChecked(on); // comes back here through toggled
    else if (on && store_)
        autoTimer_->start();
    else
        autoTimer_->stop();
}

void StoreBrowser::applyChoice()
{
    keyPrefix_ = prefix_->text().toUtf8();
    model_->setPrefix(keyPrefix_);
    openStore(backend_->currentData().toString(), address_->text().trimmed());
}

void StoreBrowser::openStore(const QString &type, const QString &address)
{
    ++generation_;
    store_.reset();
    autoTimer_->stop();
    model_->clear();
    deleteButton_->setEnabled(false);
    deleteAction_->setEnabled(false);
    QString error;
    if (type == QLatin1String("redis")) {
        const auto endpoint = RedisSessionStore::parseUrl(address, &error);
        if (endpoint)
            store_ = std::make_shared<RedisSessionStore>(*endpoint);
    } else if (type == QLatin1String("filesystem")) {
        if (address.isEmpty())
            error = tr("give the session directory (SESSION_FILE_DIR)");
        else
            store_ = std::make_shared<FileSystemSessionStore>(address);
    } else if (type == QLatin1String("sqlite")) {
        if (address.isEmpty())
            error = tr("give the SQLite file");
        else if (SqliteSessionStore::driverAvailable(&error))
            store_ = std::make_shared<SqliteSessionStore>(address);
    } else if (type == QLatin1String("memcached")) {
        error = tr("memcached cannot list its keys: its protocol has no command to enumerate them, so a "
                   "session can only be read by its sid. Nothing to browse here; Redis, filesystem and "
                   "SQLite stores can be browsed.");
    } else if (type == QLatin1String("cookie") || type == QLatin1String("null")) {
        error = type == QLatin1String("cookie")
                    ? tr("The engine keeps sessions in signed cookies: there is no server-side store to "
                         "browse. Paste a cookie into the Session inspector to see inside one.")
                    : tr("The engine runs the null session interface: no session is stored anywhere.");
    } else {
        error = tr("unknown session backend '%1'").arg(type);
    }
    table_->setEnabled(store_ != nullptr);
    if (!store_) {
        showStatus(error, type != QLatin1String("cookie") && type != QLatin1String("null") &&
                              type != QLatin1String("memcached"));
        emit listed();
        return;
    }
    showStatus(tr("Listing %1 at %2 …").arg(store_->backend(), store_->where()), false);
    refresh();
    if (autoRefresh_->isChecked())
        autoTimer_->start();
}

void StoreBrowser::refresh()
{
    if (!store_)
        return;
    if (listWatcher_.isRunning()) {
        pending_ = true;
        return;
    }
    pending_ = false;
    const std::shared_ptr<SessionStore> store = store_;
    const QByteArray prefix = keyPrefix_;
    const quint64 generation = generation_;
    listWatcher_.setFuture(QtConcurrent::run(&worker_, [store, prefix, generation] {
        Listing listing;
        listing.generation = generation;
        try {
            for (const SessionStore::ListedRecord &r : store->list(prefix, kListLimit))
                listing.rows.push_back(StoreRecordModel::makeRow(r, prefix));
        } catch (const std::exception &e) {
            listing.error = storeErrorText(e);
        }
        listing.listedAtMs = QDateTime::currentMSecsSinceEpoch();
        return listing;
    }));
}

void StoreBrowser::showListing()
{
    Listing listing = listWatcher_.result();
    if (listing.generation == generation_ && store_) {
        if (!listing.error.isEmpty()) {
            model_->clear();
            showStatus(listing.error + (autoRefresh_->isChecked()
                                            ? tr(" — trying again every %1 s").arg(kAutoRefreshMs / 1000)
                                            : QString()),
                       true);
        } else {
            const int count = int(listing.rows.size());
            model_->setRows(std::move(listing.rows), listing.listedAtMs);
            const QString what = count == kListLimit ? tr("The first %1 sessions (by key)").arg(count)
                                 : count == 1        ? tr("1 session")
                                                     : tr("%1 sessions").arg(count);
            QString text = tr("%1 in %2 at %3").arg(what, store_->backend(), store_->where());
            text += tr(", listed %1")
                        .arg(QDateTime::fromMSecsSinceEpoch(listing.listedAtMs)
                                 .toString(QStringLiteral("HH:mm:ss")));
            showStatus(text, false);
            updateDetail();
        }
        emit listed();
    }
    if (pending_)
        refresh();
}

void StoreBrowser::deleteSelected()
{
    if (!store_ || deleteWatcher_.isRunning())
        return;
    QList<QByteArray> keys;
    for (const QModelIndex &index : table_->selectionModel()->selectedRows())
        keys.append(model_->data(index, StoreRecordModel::KeyRole).toByteArray());
    if (keys.isEmpty())
        return;
    const std::shared_ptr<SessionStore> store = store_;
    const quint64 generation = generation_;
    showStatus(tr("Deleting %n session(s) …", nullptr, int(keys.size())), false);
    deleteWatcher_.setFuture(QtConcurrent::run(&worker_, [store, keys, generation] {
        Deletion d;
        d.generation = generation;
        for (const QByteArray &key : keys) {
            try {
                store->remove(key);
                ++d.count;
            } catch (const std::exception &e) {
                d.error = storeErrorText(e);
                break;
            }
        }
        return d;
    }));
}

void StoreBrowser::showDeletion()
{
    const Deletion d = deleteWatcher_.result();
    if (d.generation != generation_)
        return;
    if (!d.error.isEmpty())
        showStatus(tr("Deleted %1, then: %2").arg(d.count).arg(d.error), true);
    emit deleted(d.count, d.error);
    refresh();
}

void StoreBrowser::showStatus(const QString &text, bool error)
{
    hasError_ = error;
    status_->setText(text);
    QPalette p = palette();
    if (error)
        p.setColor(QPalette::WindowText, kBad);
    status_->setPalette(p);
}

void StoreBrowser::updateDetail()
{
    const QModelIndexList rows =
        table_->selectionModel() ? table_->selectionModel()->selectedRows() : QModelIndexList{};
    requestList_->clear();
    if (rows.size() != 1) {
        detail_->setPlainText(rows.isEmpty() ? QString()
                                             : tr("%n sessions selected", nullptr, int(rows.size())));
        return;
    }
    const int r = rows.first().row();
    const StoreRecordModel::Row &row = model_->row(r);
    detail_->setPlainText(tr("%1\n%2\n\n%3").arg(QString::fromUtf8(row.key), row.repr, row.pretty));
    const QList<StoreRecordModel::Touch> &touches = model_->touches(r);
    for (const StoreRecordModel::Touch &touch : touches) {
        QString text = tr("#%1 %2").arg(touch.id).arg(touch.verb);
        if (const RequestRecord *rec = requests_ ? requests_->find(touch.id) : nullptr)
            text += QStringLiteral(" — %1 %2 → %3")
                        .arg(rec->method, rec->path,
                             rec->status ? QString::number(rec->status) : QStringLiteral("…"));
        auto *item = new QListWidgetItem(text, requestList_);
        item->setData(Qt::UserRole, QVariant::fromValue(touch.id));
    }
    if (touches.isEmpty())
        new QListWidgetItem(requests_ ? tr("No request kept in view touched this session")
                                      : tr("(no request history)"),
                            requestList_);
}

} // namespace rs::ui
