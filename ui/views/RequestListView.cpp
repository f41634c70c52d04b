#include "ui/views/RequestListView.h"

#include "ui/client/CurlCommand.h"
#include "ui/models/RequestListModel.h"
#include "ui/models/RequestStore.h"
#include "ui/views/RequestListViewFilter.h"

#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace rs::ui {

RequestListView::RequestListView(RequestListModel &model, QWidget *parent)
    : QWidget(parent), model_(model), proxy_(new RequestListViewFilter(this)), filter_(new QLineEdit(this)),
      follow_(new QCheckBox(tr("Follow newest"), this)), count_(new QLabel(this)),
      table_(new QTableView(this)), copyCurlAction_(new QAction(tr("Copy as cURL"), this))
{
    proxy_->setSourceModel(&model_);

    filter_->setPlaceholderText(tr("Filter: method, status or path (e.g. POST 5 /cart)"));
    filter_->setClearButtonEnabled(true);
    follow_->setChecked(true);
    follow_->setToolTip(tr("Keep the newest request in view"));

    // Removing, filtering or resetting rows moves the current index by itself: that is not a choice
    // the user made, so it emits nothing. These run before the selection model's own handlers…
    const auto hold = [this] { modelChanging_ = true; };
    connect(proxy_, &QAbstractItemModel::rowsAboutToBeRemoved, this, hold);
    connect(proxy_, &QAbstractItemModel::layoutAboutToBeChanged, this, hold);
    connect(proxy_, &QAbstractItemModel::modelAboutToBeReset, this, hold);
    table_->setModel(proxy_);
    // … and these after them.
    const auto release = [this] { modelChanging_ = false; };
    connect(proxy_, &QAbstractItemModel::rowsRemoved, this, release);
    connect(proxy_, &QAbstractItemModel::layoutChanged, this, release);
    connect(proxy_, &QAbstractItemModel::modelReset, this, release);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    QHeaderView *header = table_->horizontalHeader();
    header->setResizeContentsPrecision(0); // the rows in view only: cheap under a flood of requests
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(RequestListModel::PathColumn, QHeaderView::Stretch);
    header->setHighlightSections(false);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(filter_, 1);
    top->addWidget(follow_);
    top->addWidget(count_);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(table_, 1);

    connect(filter_, &QLineEdit::textChanged, proxy_, &RequestListViewFilter::setFilterText);
    connect(filter_, &QLineEdit::textChanged, this, &RequestListView::updateCount);
    connect(follow_, &QCheckBox::toggled, this, &RequestListView::setFollowNewest);
    connect(proxy_, &QAbstractItemModel::rowsInserted, this, [this] {
        updateCount();
        if (follow_->isChecked())
            table_->scrollToBottom();
    });
    connect(proxy_, &QAbstractItemModel::rowsRemoved, this, &RequestListView::updateCount);
    connect(proxy_, &QAbstractItemModel::modelReset, this, &RequestListView::updateCount);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid() && !selectingProgrammatically_ && !modelChanging_)
                    emit requestActivated(current.data(RequestListModel::RequestIdRole).toULongLong());
            });
    connect(table_, &QTableView::activated, this, [this](const QModelIndex &index) {
        emit requestActivated(index.data(RequestListModel::RequestIdRole).toULongLong());
    });
    copyCurlAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    copyCurlAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    copyCurlAction_->setToolTip(tr("The selected request as a curl command line, to the clipboard"));
    connect(copyCurlAction_, &QAction::triggered, this, &RequestListView::copySelectedAsCurl);
    table_->addAction(copyCurlAction_);
    table_->setContextMenuPolicy(Qt::ActionsContextMenu);
    updateCount();
}

bool RequestListView::copySelectedAsCurl()
{
    const QModelIndex current = table_->currentIndex();
    if (!current.isValid())
        return false;
    const RequestRecord *record =
        model_.store()->find(current.data(RequestListModel::RequestIdRole).toULongLong());
    if (!record)
        return false;
    QString note;
    QGuiApplication::clipboard()->setText(CurlCommand::forRecord(*record, &note));
    emit curlCopied(note);
    return true;
}

bool RequestListView::followNewest() const
{
    return follow_->isChecked();
}

void RequestListView::setFollowNewest(bool on)
{
    follow_->setChecked(on);
    if (on)
        table_->scrollToBottom();
}

void RequestListView::selectRequest(quint64 id)
{
    for (int row = proxy_->rowCount() - 1; row >= 0; --row) {
        const QModelIndex index = proxy_->index(row, 0);
        if (index.data(RequestListModel::RequestIdRole).toULongLong() == id) {
            selectingProgrammatically_ = true;
            table_->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                                 QItemSelectionModel::Rows);
            selectingProgrammatically_ = false;
            table_->scrollTo(index);
            return;
        }
    }
}

void RequestListView::updateCount()
{
    const int shown = proxy_->rowCount();
    const int total = model_.rowCount();
    count_->setText(shown == total ? tr("%n request(s)", nullptr, total)
                                   : tr("%1 of %2").arg(shown).arg(total));
}

} // namespace rs::ui
