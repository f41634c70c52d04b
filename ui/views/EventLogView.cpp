#include "ui/views/EventLogView.h"

#include "ui/models/EventFilterProxyModel.h"
#include "ui/models/EventFormat.h"
#include "ui/models/EventLogModel.h"
#include "ui/models/ModelHub.h"
#include "ui/views/EventLogViewKindDelegate.h"

#include <QAction>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QWidgetAction>

namespace rs::ui {

namespace {
constexpr int kKindCount = static_cast<int>(trace::EventKind::Count);
constexpr int kDebounceMs = 200;

QSet<trace::EventKind> kindsWithPrefix(std::initializer_list<const char *> prefixes)
{
    QSet<trace::EventKind> out;
    for (int i = 0; i < kKindCount; ++i) {
        const auto kind = static_cast<trace::EventKind>(i);
        for (const char *prefix : prefixes)
            if (EventFormat::kind(kind).startsWith(QLatin1String(prefix)))
                out.insert(kind);
    }
    return out;
}
} // namespace

EventLogView::EventLogView(ModelHub &hub, QWidget *parent) : QWidget(parent), hub_(hub)
{
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);

    // Filters.
    auto *filters = new QHBoxLayout;
    kindButton_ = new QToolButton(this);
    kindButton_->setPopupMode(QToolButton::InstantPopup);
    kindButton_->setToolTip(tr("Which kinds of event to show"));
    buildKindMenu(kindButton_);
    filters->addWidget(kindButton_);

    request_ = new QLineEdit(this);
    request_->setPlaceholderText(tr("request id"));
    request_->setToolTip(tr("Only the events of this request (0: those outside any request)"));
    request_->setClearButtonEnabled(true);
    request_->setMaximumWidth(120);
    filters->addWidget(request_);
    requestError_ = new QLabel(this);
    requestError_->setVisible(false);
    filters->addWidget(requestError_);

    thread_ = new QComboBox(this);
    thread_->setEditable(true);
    thread_->setInsertPolicy(QComboBox::NoInsert);
    thread_->lineEdit()->setPlaceholderText(tr("any thread"));
    thread_->lineEdit()->setClearButtonEnabled(true);
    thread_->setMinimumContentsLength(10);
    thread_->setToolTip(tr("Only the events of this thread (exact name)"));
    filters->addWidget(thread_);

    text_ = new QLineEdit(this);
    text_->setPlaceholderText(tr("filter text: kind or any field, e.g. cart or save_session"));
    text_->setClearButtonEnabled(true);
    filters->addWidget(text_, 1);

    // Pause, follow and the counters.
    auto *status = new QHBoxLayout;
    pauseAction_ = new QAction(tr("Pause"), this);
    pauseAction_->setCheckable(true);
    pauseAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    pauseAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    pauseAction_->setToolTip(tr("Freeze the table; new events are counted and appear on Resume (%1)")
                                 .arg(pauseAction_->shortcut().toString(QKeySequence::NativeText)));
    addAction(pauseAction_);
    auto *pauseButton = new QToolButton(this);
    pauseButton->setDefaultAction(pauseAction_);
    pauseButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    status->addWidget(pauseButton);

    followAction_ = new QAction(tr("Follow"), this);
    followAction_->setCheckable(true);
    followAction_->setChecked(true);
    followAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    followAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    followAction_->setToolTip(tr("Keep the newest event in view (%1); scrolling up turns it off")
                                  .arg(followAction_->shortcut().toString(QKeySequence::NativeText)));
    addAction(followAction_);
    auto *followButton = new QToolButton(this);
    followButton->setDefaultAction(followAction_);
    followButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    status->addWidget(followButton);

    findAction_ = new QAction(tr("Filter text"), this);
    findAction_->setShortcut(QKeySequence::Find);
    findAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(findAction_);
    connect(findAction_, &QAction::triggered, this, [this] {
        text_->setFocus();
        text_->selectAll();
    });

    pausedLabel_ = new QLabel(this);
    pausedLabel_->setVisible(false);
    QFont boldFont = pausedLabel_->font();
    boldFont.setBold(true);
    pausedLabel_->setFont(boldFont);
    status->addWidget(pausedLabel_);
    rows_ = new QLabel(this);
    status->addWidget(rows_);
    status->addStretch(1);
    dropped_ = new QLabel(this);
    dropped_->setToolTip(tr("Events lost on the way, so the engine never waits for the GUI:\n"
                            "engine — the ring between the workers and the dispatcher was full;\n"
                            "GUI feed — the GUI fell behind and its buffer overflowed;\n"
                            "evicted — old rows and requests dropped to keep memory bounded."));
    status->addWidget(dropped_);

    // The table and the details of the selected event.
    table_ = new QTableView(this);
    table_->setModel(hub_.eventFilter());
    table_->setFont(mono);
    table_->setWordWrap(false);
    table_->setShowGrid(false);
    table_->setAlternatingRowColors(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    table_->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    table_->verticalHeader()->setVisible(false);
    // Fixed row heights keep a 100 000-row table virtual: nothing is measured per row.
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table_->verticalHeader()->setDefaultSectionSize(QFontMetrics(mono).height() + 6);
    table_->setItemDelegateForColumn(EventLogModel::KindColumn, new EventLogViewKindDelegate(table_));
    QHeaderView *columns = table_->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setStretchLastSection(true);
    const int digit = QFontMetrics(mono).horizontalAdvance(QLatin1Char('0'));
    columns->resizeSection(EventLogModel::SeqColumn, digit * 8);
    columns->resizeSection(EventLogModel::TimeColumn, digit * 11);
    columns->resizeSection(EventLogModel::ThreadColumn, digit * 11);
    columns->resizeSection(EventLogModel::IdentColumn, digit * 16);
    columns->resizeSection(EventLogModel::RequestColumn, digit * 7);
    columns->resizeSection(EventLogModel::KindColumn, digit * 15);

    details_ = new QTreeWidget(this);
    details_->setColumnCount(2);
    details_->setHeaderLabels({tr("field"), tr("value")});
    details_->setRootIsDecorated(false);
    details_->setUniformRowHeights(false);
    details_->setWordWrap(true);
    details_->setFont(mono);
    details_->header()->resizeSection(0, digit * 12);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(table_);
    splitter->addWidget(details_);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addLayout(status);
    layout->addWidget(splitter, 1);

    debounce_ = new QTimer(this);
    debounce_->setSingleShot(true);
    debounce_->setInterval(kDebounceMs);
    connect(debounce_, &QTimer::timeout, this, &EventLogView::applyFilters);
    connect(text_, &QLineEdit::textChanged, debounce_, qOverload<>(&QTimer::start));
    connect(request_, &QLineEdit::textChanged, debounce_, qOverload<>(&QTimer::start));
    connect(thread_, &QComboBox::currentTextChanged, debounce_, qOverload<>(&QTimer::start));
    connect(text_, &QLineEdit::returnPressed, this, &EventLogView::applyFilters);
    connect(request_, &QLineEdit::returnPressed, this, &EventLogView::applyFilters);

    connect(pauseAction_, &QAction::toggled, this, &EventLogView::setPaused);
    connect(followAction_, &QAction::toggled, this, [this](bool on) {
        if (on)
            scrollToNewest();
    });
    // Scrolling away from the newest row by hand stops following; back to the bottom resumes it.
    connect(table_->verticalScrollBar(), &QScrollBar::actionTriggered, this, [this] {
        const QScrollBar *bar = table_->verticalScrollBar();
        setFollow(bar->sliderPosition() >= bar->maximum());
    });
    connect(table_, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        const quint64 req = index.data(EventLogModel::RequestRole).toULongLong();
        if (req != 0)
            emit requestActivated(req);
        emit eventActivated(index.data(EventLogModel::SeqRole).toULongLong());
    });
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &EventLogView::showDetails);
    connect(hub_.eventLog(), &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { noteThreads(first, last); });
    connect(&hub_, &ModelHub::batchApplied, this, &EventLogView::onBatch);

    noteThreads(0, hub_.eventLog()->rowCount() - 1);
    kindsEdited();
    showDetails();
}

EventLogView::~EventLogView()
{
    // The log is the hub's: do not leave it frozen for whoever shows it next.
    if (hub_.eventLog()->isPaused())
        hub_.eventLog()->setPaused(false);
}

void EventLogView::buildKindMenu(QToolButton *button)
{
    auto *menu = new QMenu(button);
    auto *panel = new QWidget(menu);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(6, 6, 6, 6);
    auto *presets = new QHBoxLayout;
    const std::pair<QString, Preset> presetButtons[] = {{tr("all"), Preset::All},
                                                        {tr("no local.get"), Preset::NoLocalGet},
                                                        {tr("session"), Preset::Session},
                                                        {tr("contexts + locals"), Preset::ContextsAndLocals}};
    for (const auto &[label, preset] : presetButtons) {
        auto *b = new QPushButton(label, panel);
        b->setAutoDefault(false);
        connect(b, &QPushButton::clicked, this, [this, preset = preset] { applyPreset(preset); });
        presets->addWidget(b);
    }
    layout->addLayout(presets);
    kindList_ = new QListWidget(panel);
    kindList_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    for (int i = 0; i < kKindCount; ++i) {
        auto *item = new QListWidgetItem(EventFormat::kind(static_cast<trace::EventKind>(i)), kindList_);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
        item->setData(Qt::UserRole, i);
    }
    kindList_->setMinimumHeight(kindList_->sizeHintForRow(0) * std::min(kKindCount, 14) + 6);
    layout->addWidget(kindList_);
    auto *action = new QWidgetAction(menu);
    action->setDefaultWidget(panel);
    menu->addAction(action);
    button->setMenu(menu);
    connect(kindList_, &QListWidget::itemChanged, this, &EventLogView::kindsEdited);
}

QSet<trace::EventKind> EventLogView::selectedKinds() const
{
    QSet<trace::EventKind> kinds;
    for (int i = 0; i < kindList_->count(); ++i)
        if (kindList_->item(i)->checkState() == Qt::Checked)
            kinds.insert(static_cast<trace::EventKind>(kindList_->item(i)->data(Qt::UserRole).toInt()));
    return kinds.size() == kKindCount ? QSet<trace::EventKind>() : kinds;
}

void EventLogView::kindsEdited()
{
    if (updatingKinds_)
        return;
    int checked = 0;
    for (int i = 0; i < kindList_->count(); ++i)
        checked += kindList_->item(i)->checkState() == Qt::Checked ? 1 : 0;
    kindButton_->setText(checked == kKindCount ? tr("Kinds: all")
                                               : tr("Kinds: %1 of %2").arg(checked).arg(kKindCount));
    // Nothing checked shows nothing: no event has the kind Count.
    const QSet<trace::EventKind> kinds =
        checked == 0 ? QSet<trace::EventKind>{trace::EventKind::Count} : selectedKinds();
    if (hub_.eventFilter()->kinds() != kinds)
        hub_.eventFilter()->setKinds(kinds);
    refreshCounters();
}

void EventLogView::applyPreset(Preset preset)
{
    QSet<trace::EventKind> on;
    switch (preset) {
    case Preset::All: break;
    case Preset::NoLocalGet:
        for (int i = 0; i < kKindCount; ++i)
            if (static_cast<trace::EventKind>(i) != trace::EventKind::LocalGet)
                on.insert(static_cast<trace::EventKind>(i));
        break;
    case Preset::Session: on = kindsWithPrefix({"session.", "store.", "request.", "flash."}); break;
    case Preset::ContextsAndLocals: on = kindsWithPrefix({"local.", "stack.", "request.", "g."}); break;
    }
    updatingKinds_ = true;
    for (int i = 0; i < kindList_->count(); ++i) {
        const auto kind = static_cast<trace::EventKind>(kindList_->item(i)->data(Qt::UserRole).toInt());
        kindList_->item(i)->setCheckState(on.isEmpty() || on.contains(kind) ? Qt::Checked : Qt::Unchecked);
    }
    updatingKinds_ = false;
    kindsEdited();
}

void EventLogView::applyFilters()
{
    debounce_->stop();
    EventFilterProxyModel *proxy = hub_.eventFilter();

    QString id = request_->text().trimmed();
    if (id.startsWith(QLatin1Char('#')))
        id.remove(0, 1);
    bool ok = true;
    const quint64 req = id.isEmpty() ? 0 : id.toULongLong(&ok);
    requestError_->setVisible(!ok);
    if (!ok) {
        // Keep the last good filter and say why this one is not applied.
        requestError_->setText(tr("<span style=\"color:%1\">“%2” is not a request id</span>")
                                   .arg(QColor::fromHsl(0, 200, 120).name(), id.toHtmlEscaped()));
    } else {
        const std::optional<quint64> wanted = id.isEmpty() ? std::nullopt : std::optional<quint64>(req);
        if (proxy->request() != wanted)
            proxy->setRequest(wanted);
    }
    const QString thread = thread_->currentText().trimmed();
    if (proxy->thread() != thread)
        proxy->setThread(thread);
    if (proxy->text() != text_->text())
        proxy->setText(text_->text());
    refreshCounters();
    if (follows())
        scrollToNewest();
}

void EventLogView::setPaused(bool paused)
{
    EventLogModel *log = hub_.eventLog();
    if (paused == log->isPaused()) {
        pauseAction_->setChecked(paused);
        return;
    }
    if (paused)
        appendedAtPause_ = log->appended();
    log->setPaused(paused);
    {
        const QSignalBlocker block(pauseAction_);
        pauseAction_->setChecked(paused);
    }
    pauseAction_->setText(paused ? tr("Resume") : tr("Pause"));
    if (!paused && follows())
        scrollToNewest();
    refreshCounters();
}

bool EventLogView::isPaused() const
{
    return hub_.eventLog()->isPaused();
}

void EventLogView::setFollow(bool follow)
{
    if (followAction_->isChecked() != follow)
        followAction_->setChecked(follow);
}

bool EventLogView::follows() const
{
    return followAction_->isChecked();
}

quint64 EventLogView::newWhilePaused() const
{
    if (!isPaused())
        return 0;
    const quint64 appended = hub_.eventLog()->appended();
    return appended >= appendedAtPause_ ? appended - appendedAtPause_ : appended; // cleared meanwhile
}

bool EventLogView::selectEvent(quint64 seq)
{
    const QAbstractItemModel *model = table_->model();
    // From the bottom: after a replay's seek the event is the newest row.
    for (int row = model->rowCount() - 1; row >= 0; --row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data(EventLogModel::SeqRole).toULongLong() == seq) {
            table_->setCurrentIndex(index);
            table_->scrollTo(index);
            return true;
        }
    }
    return false;
}

void EventLogView::scrollToNewest()
{
    if (table_->model()->rowCount() > 0)
        table_->scrollToBottom();
}

void EventLogView::onBatch()
{
    refreshCounters();
    if (follows() && !isPaused())
        scrollToNewest();
}

void EventLogView::refreshCounters()
{
    const EventLogModel *log = hub_.eventLog();
    const int shown = hub_.eventFilter()->rowCount();
    rows_->setText(tr("%1 shown of %2 kept").arg(shown).arg(log->rowCount()));

    const bool paused = log->isPaused();
    pausedLabel_->setVisible(paused);
    if (paused) {
        const quint64 fresh = newWhilePaused();
        pausedLabel_->setText(fresh == 1 ? tr("paused: 1 new event")
                                         : tr("paused: %1 new events").arg(fresh));
    }

    const quint64 engine = hub_.droppedByEngine();
    const quint64 feed = hub_.droppedByFeed();
    const quint64 evicted = hub_.evictedByModels();
    const QString text =
        tr("dropped: %1 by engine · %2 by GUI feed · %3 evicted").arg(engine).arg(feed).arg(evicted);
    if (engine + feed > 0) {
        // Lost before the GUI saw them: the views are incomplete, so say it loudly.
        dropped_->setText(QStringLiteral("<b><span style=\"color:%1\">⚠ %2</span></b>")
                              .arg(QColor::fromHsl(15, 210, 125).name(), text.toHtmlEscaped()));
    } else {
        dropped_->setText(text.toHtmlEscaped());
    }
}

void EventLogView::noteThreads(int first, int last)
{
    // Sample rather than read every row: workers are few and all of them are busy under load.
    const QAbstractItemModel *log = hub_.eventLog();
    bool added = false;
    const auto note = [&](int row) {
        const QString t = log->index(row, 0).data(EventLogModel::ThreadRole).toString();
        if (!t.isEmpty() && !threads_.contains(t)) {
            threads_.append(t);
            added = true;
        }
    };
    for (int row = first; row <= last; row += 64)
        note(row);
    if (last >= first)
        note(last);
    if (!added)
        return;
    threads_.sort();
    const QSignalBlocker block(thread_);
    const QString current = thread_->currentText();
    thread_->clear();
    thread_->addItem(QString());
    thread_->addItems(threads_);
    thread_->setCurrentText(current);
}

QList<QPair<QString, QString>> EventLogView::splitDetails(trace::EventKind kind, const QString &details)
{
    QList<QPair<QString, QString>> out;
    const trace::KindSpec &spec = trace::kindSpec(kind);
    qsizetype pos = 0;
    for (int i = 0; i < spec.fieldCount; ++i) {
        const QString name = QString::fromLatin1(spec.fields[i].name);
        if (details.mid(pos, name.size() + 1) != name + QLatin1Char('='))
            break;
        const qsizetype start = pos + name.size() + 1;
        qsizetype end = details.size();
        if (i + 1 < spec.fieldCount) {
            const QString next =
                QLatin1Char(' ') + QString::fromLatin1(spec.fields[i + 1].name) + QLatin1Char('=');
            const qsizetype at = details.indexOf(next, start);
            if (at >= 0)
                end = at;
        }
        out.append({name, details.mid(start, end - start)});
        pos = end + 1;
    }
    return out;
}

void EventLogView::showDetails()
{
    details_->clear();
    const QModelIndex current = table_->currentIndex();
    if (!current.isValid()) {
        auto *hint = new QTreeWidgetItem(details_, {tr("(select an event)"), QString()});
        hint->setFirstColumnSpanned(true);
        return;
    }
    const auto kind = static_cast<trace::EventKind>(current.data(EventLogModel::KindRole).toInt());
    const qint64 tUs = current.data(EventLogModel::TimeRole).toLongLong();
    const quint64 req = current.data(EventLogModel::RequestRole).toULongLong();
    const QList<QPair<QString, QString>> header = {
        {QStringLiteral("kind"), EventFormat::kind(kind)},
        {QStringLiteral("seq"), QString::number(current.data(EventLogModel::SeqRole).toULongLong())},
        {QStringLiteral("t_us"), tr("%1  (%2 s after start)").arg(tUs).arg(tUs / 1e6, 0, 'f', 6)},
        {QStringLiteral("thread"), current.data(EventLogModel::ThreadRole).toString()},
        {QStringLiteral("ident"), QString::number(current.data(EventLogModel::IdentRole).toULongLong())},
        {QStringLiteral("req"), req ? tr("%1  (double-click the row to open it)").arg(req) : tr("0 (none)")}};
    for (const auto &[name, value] : header)
        new QTreeWidgetItem(details_, {name, value});
    for (const auto &[name, value] :
         splitDetails(kind, current.data(EventLogModel::DetailsRole).toString())) {
        auto *item = new QTreeWidgetItem(details_, {name, value});
        QFont bold = item->font(0);
        bold.setBold(true);
        item->setFont(0, bold);
        item->setToolTip(1, value);
    }
}

} // namespace rs::ui
