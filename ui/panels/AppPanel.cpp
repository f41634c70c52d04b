#include "ui/panels/AppPanel.h"

#include "core/control/EngineControl.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>
#include <vector>

namespace rs::ui {

namespace {
std::vector<std::pair<QString, qint64>> lifetimeUnits()
{
    return {{QObject::tr("seconds"), 1},
            {QObject::tr("minutes"), 60},
            {QObject::tr("hours"), 3600},
            {QObject::tr("days"), 24 * 3600}};
}

QTableWidget *makeTable(const QStringList &headers, QWidget *parent)
{
    auto *table = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->setVisible(false);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setAlternatingRowColors(true);
    return table;
}

void fillRow(QTableWidget *table, int row, const QStringList &cells)
{
    for (int c = 0; c < cells.size(); ++c)
        table->setItem(row, c, new QTableWidgetItem(cells[c]));
}
} // namespace

AppPanel::AppPanel(control::EngineControl &engine, QWidget *parent) : QWidget(parent), engine_(engine)
{
    auto *layout = new QVBoxLayout(this);

    auto *statusBox = new QGroupBox(tr("Server"), this);
    auto *statusForm = new QFormLayout(statusBox);
    state_ = new QLabel(statusBox);
    address_ = new QLabel(statusBox);
    address_->setOpenExternalLinks(true);
    address_->setTextInteractionFlags(Qt::TextBrowserInteraction);
    session_ = new QLabel(statusBox);
    secretInfo_ = new QLabel(statusBox);
    secretInfo_->setWordWrap(true);
    message_ = new QLabel(statusBox);
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    message_->setObjectName(QStringLiteral("engineMessage"));
    statusForm->addRow(tr("State"), state_);
    statusForm->addRow(tr("Listening on"), address_);
    statusForm->addRow(tr("Sessions"), session_);
    statusForm->addRow(tr("SECRET_KEY"), secretInfo_);
    statusForm->addRow(message_);
    auto *buttons = new QHBoxLayout;
    start_ = new QPushButton(QIcon(QStringLiteral(":/icons/start.png")), tr("Start"), statusBox);
    stop_ = new QPushButton(QIcon(QStringLiteral(":/icons/stop.png")), tr("Stop"), statusBox);
    restart_ =
        new QPushButton(QIcon(QStringLiteral(":/icons/restart.png")), tr("Apply && restart"), statusBox);
    restart_->setToolTip(tr("Restart the app with the configuration below"));
    buttons->addWidget(start_);
    buttons->addWidget(stop_);
    buttons->addWidget(restart_);
    buttons->addStretch();
    statusForm->addRow(buttons);
    layout->addWidget(statusBox);

    auto *tabs = new QTabWidget(this);
    layout->addWidget(tabs, 1);

    // Configuration.
    auto *configPage = new QWidget(tabs);
    auto *form = new QFormLayout(configPage);
    host_ = new QLineEdit(configPage);
    host_->setToolTip(tr("127.0.0.1 keeps the app private to this machine"));
    port_ = new QSpinBox(configPage);
    port_->setRange(0, 65535);
    port_->setToolTip(tr("0 = any free port"));
    nextPorts_ = new QCheckBox(tr("next free port when taken"), configPage);
    auto *portRow = new QHBoxLayout;
    portRow->addWidget(port_);
    portRow->addWidget(nextPorts_);
    threads_ = new QSpinBox(configPage);
    threads_->setRange(1, 64);
    workers_ = new QComboBox(configPage);
    workers_->addItem(tr("threads: one request at a time per worker"), QStringLiteral("threads"));
    workers_->addItem(tr("coroutines: many requests per worker, a waiting one yields"),
                      QStringLiteral("coroutines"));
    ident_ = new QComboBox(configPage);
    ident_->addItem(tr("the one that fits the workers"), QString());
    ident_->addItem(tr("thread"), QStringLiteral("thread"));
    ident_->addItem(tr("coroutine (as Werkzeug keys on greenlets)"), QStringLiteral("coroutine"));
    ident_->addItem(tr("global — a plain dict, no ident (broken on purpose)"), QStringLiteral("global"));
    ident_->setToolTip(tr("Broken on purpose: thread with coroutine workers (the requests of a worker share "
                          "one slot), and global, the articles' plain dict (every request shares one slot). "
                          "Send /whoami?ms=50 concurrently and watch the red flags."));
    sessionType_ = new QComboBox(configPage);
    sessionType_->addItems(SessionBackendSettings::types());
    redisUrl_ = new QLineEdit(configPage);
    memcached_ = new QLineEdit(configPage);
    sessionDir_ = new QLineEdit(configPage);
    sessionDir_->setPlaceholderText(tr("./flask_session"));
    sqliteFile_ = new QLineEdit(configPage);
    sqliteFile_->setPlaceholderText(tr("./flask_session.sqlite"));
    secret_ = new QLineEdit(configPage);
    secret_->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    secret_->setPlaceholderText(tr("empty: the per-install random key"));
    // A number and its unit: a month for real use, a minute to watch a permanent session expire.
    lifetime_ = new QSpinBox(configPage);
    lifetime_->setRange(1, 1'000'000);
    lifetimeUnit_ = new QComboBox(configPage);
    for (const auto &[label, seconds] : lifetimeUnits())
        lifetimeUnit_->addItem(label, seconds);
    auto *lifetimeRow = new QWidget(configPage);
    auto *lifetimeLayout = new QHBoxLayout(lifetimeRow);
    lifetimeLayout->setContentsMargins(0, 0, 0, 0);
    lifetimeLayout->addWidget(lifetime_, 1);
    lifetimeLayout->addWidget(lifetimeUnit_);
    refresh_ = new QCheckBox(tr("SESSION_REFRESH_EACH_REQUEST"), configPage);
    useSigner_ = new QCheckBox(tr("SESSION_USE_SIGNER (server-side sessions)"), configPage);
    form->addRow(tr("Host"), host_);
    form->addRow(tr("Port"), portRow);
    form->addRow(tr("Worker threads"), threads_);
    form->addRow(tr("Workers"), workers_);
    form->addRow(tr("Local ident"), ident_);
    form->addRow(tr("SESSION_TYPE"), sessionType_);
    form->addRow(tr("Redis URL"), redisUrl_);
    form->addRow(tr("memcached"), memcached_);
    form->addRow(tr("Session dir"), sessionDir_);
    form->addRow(tr("SQLite file"), sqliteFile_);
    form->addRow(tr("SECRET_KEY"), secret_);
    form->addRow(tr("PERMANENT_SESSION_LIFETIME"), lifetimeRow);
    form->addRow(refresh_);
    form->addRow(useSigner_);
    tabs->addTab(configPage, tr("Config"));

    routes_ = makeTable({tr("Rule"), tr("Methods"), tr("Endpoint"), tr("Blueprint")}, tabs);
    tabs->addTab(routes_, tr("Routes"));

    auto *hooksPage = new QWidget(tabs);
    auto *hooksLayout = new QVBoxLayout(hooksPage);
    middleware_ = new QLabel(hooksPage);
    middleware_->setWordWrap(true);
    hooks_ = makeTable({tr("#"), tr("When"), tr("Scope"), tr("Hook")}, hooksPage);
    auto *hooksNote = new QLabel(tr("In the order they run for one request. Blueprint hooks run only for "
                                    "requests to that blueprint; after_request and teardown run inner "
                                    "blueprint first, each scope's list reversed."),
                                 hooksPage);
    hooksNote->setWordWrap(true);
    hooksLayout->addWidget(middleware_);
    hooksLayout->addWidget(hooks_, 1);
    hooksLayout->addWidget(hooksNote);
    tabs->addTab(hooksPage, tr("Hooks && middleware"));

    connect(sessionType_, &QComboBox::currentTextChanged, this, &AppPanel::updateBackendFields);
    connect(start_, &QPushButton::clicked, this, &AppPanel::startEngine);
    connect(stop_, &QPushButton::clicked, this, &AppPanel::stopEngine);
    connect(restart_, &QPushButton::clicked, this, &AppPanel::applyAndRestart);
    connect(&engine_, &control::EngineControl::statusChanged, this, [this] {
        refreshStatus();
        refreshStructure();
    });

    setFormSettings(engine_.settings());
    refreshStatus();
    refreshStructure();
}

control::EngineSettings AppPanel::formSettings() const
{
    control::EngineSettings s = engine_.settings();
    s.host = host_->text().trimmed();
    s.port = static_cast<quint16>(port_->value());
    s.tryNextPorts = nextPorts_->isChecked();
    s.threads = threads_->value();
    s.workers = workers_->currentData().toString();
    s.ident = ident_->currentData().toString();
    s.session.type = sessionType_->currentText();
    s.session.redisUrl = redisUrl_->text().trimmed();
    s.session.memcached = memcached_->text().trimmed();
    s.session.sessionDir = sessionDir_->text().trimmed();
    s.session.sqliteFile = sqliteFile_->text().trimmed();
    s.secret = secret_->text();
    s.permanentLifetimeS = qint64(lifetime_->value()) * lifetimeUnit_->currentData().toLongLong();
    s.refreshEachRequest = refresh_->isChecked();
    s.useSigner = useSigner_->isChecked();
    return s;
}

void AppPanel::setFormSettings(const control::EngineSettings &s)
{
    host_->setText(s.host);
    port_->setValue(s.port);
    nextPorts_->setChecked(s.tryNextPorts);
    threads_->setValue(s.threads);
    workers_->setCurrentIndex(std::max(0, workers_->findData(s.workers)));
    ident_->setCurrentIndex(std::max(0, ident_->findData(s.ident)));
    sessionType_->setCurrentText(s.session.type);
    redisUrl_->setText(s.session.redisUrl);
    memcached_->setText(s.session.memcached);
    sessionDir_->setText(s.session.sessionDir);
    sqliteFile_->setText(s.session.sqliteFile);
    secret_->setText(s.secret);
    // The largest unit that shows the lifetime exactly (31 days, 90 seconds, 2 hours).
    int unit = 0;
    for (int i = lifetimeUnit_->count() - 1; i >= 0; --i) {
        const qint64 seconds = lifetimeUnit_->itemData(i).toLongLong();
        if (s.permanentLifetimeS % seconds == 0 && s.permanentLifetimeS / seconds <= lifetime_->maximum()) {
            unit = i;
            break;
        }
    }
    lifetimeUnit_->setCurrentIndex(unit);
    lifetime_->setValue(static_cast<int>(
        std::max<qint64>(1, s.permanentLifetimeS / lifetimeUnit_->itemData(unit).toLongLong())));
    refresh_->setChecked(s.refreshEachRequest);
    useSigner_->setChecked(s.useSigner);
    updateBackendFields();
}

void AppPanel::updateBackendFields()
{
    const QString type = sessionType_->currentText();
    redisUrl_->setEnabled(type == QLatin1String("redis"));
    memcached_->setEnabled(type == QLatin1String("memcached"));
    sessionDir_->setEnabled(type == QLatin1String("filesystem"));
    sqliteFile_->setEnabled(type == QLatin1String("sqlite"));
    useSigner_->setEnabled(type != QLatin1String("cookie") && type != QLatin1String("null"));
}

void AppPanel::applyAndRestart()
{
    engine_.restart(formSettings());
}

void AppPanel::startEngine()
{
    engine_.start(formSettings());
}

void AppPanel::stopEngine()
{
    engine_.stop();
}

void AppPanel::refreshStatus()
{
    const control::EngineControl::Status st = engine_.status();
    const bool running = st.state == control::EngineControl::State::Running;
    switch (st.state) {
    case control::EngineControl::State::Running: state_->setText(tr("running")); break;
    case control::EngineControl::State::Stopped: state_->setText(tr("stopped")); break;
    case control::EngineControl::State::Failed: state_->setText(tr("failed to start")); break;
    }
    // A start or stop under way (the engine does the slow part off the GUI thread).
    const bool pending = st.pending != control::EngineControl::Pending::None;
    if (st.pending == control::EngineControl::Pending::Starting)
        state_->setText(tr("starting…"));
    else if (st.pending == control::EngineControl::Pending::Stopping)
        state_->setText(tr("stopping… (waiting for the workers' requests to finish)"));
    address_->setText(running ? QStringLiteral("<a href=\"%1\">%1</a>").arg(st.address.toHtmlEscaped())
                              : tr("—"));
    session_->setText(st.sessionInfo.isEmpty() ? tr("—") : st.sessionInfo);
    secretInfo_->setText(st.secretInfo.isEmpty() ? tr("—") : st.secretInfo);
    QString message;
    if (!st.error.isEmpty())
        message = tr("Error: %1").arg(st.error);
    else if (!st.warning.isEmpty())
        message = tr("Warning: %1").arg(st.warning);
    message_->setText(message);
    message_->setVisible(!message.isEmpty());
    // The palette's link colour reads on light and dark; errors stand out by weight.
    message_->setStyleSheet(st.error.isEmpty() ? QString() : QStringLiteral("font-weight: bold"));
    start_->setEnabled(!running && !pending);
    stop_->setEnabled(running && !pending);
    restart_->setEnabled(!pending);
}

void AppPanel::refreshStructure()
{
    const auto routes = engine_.routes();
    routes_->setRowCount(static_cast<int>(routes.size()));
    for (int i = 0; i < static_cast<int>(routes.size()); ++i) {
        const auto &r = routes[static_cast<std::size_t>(i)];
        fillRow(routes_, i, {r.rule, r.methods, r.endpoint, r.blueprint});
    }
    routes_->resizeColumnsToContents();

    const auto hooks = engine_.hooks();
    hooks_->setRowCount(static_cast<int>(hooks.size()));
    for (int i = 0; i < static_cast<int>(hooks.size()); ++i) {
        const auto &h = hooks[static_cast<std::size_t>(i)];
        fillRow(hooks_, i, {QString::number(i + 1), h.when, h.scope, h.name});
    }
    hooks_->resizeColumnsToContents();

    QStringList chain = engine_.middleware();
    chain.append(QStringLiteral("wsgi_app"));
    middleware_->setText(tr("Middleware chain (outermost first): %1").arg(chain.join(QStringLiteral(" → "))));
}

} // namespace rs::ui
