#include "ui/client/HistoryView.h"

#include "ui/client/HistoryModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace rs::ui {

HistoryView::HistoryView(HistoryModel *model, QWidget *parent)
    : QWidget(parent), model_(model), table_(new QTableView(this)),
      resend_(new QPushButton(tr("Resend"), this)), compare_(new QPushButton(tr("Compare"), this)),
      evicted_(new QLabel(this)), notice_(new QLabel(this)), har_(new QToolButton(this))
{
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->setVisible(false);
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    table_->horizontalHeader()->setSectionResizeMode(HistoryModel::UrlColumn, QHeaderView::Stretch);
    table_->setColumnWidth(HistoryModel::SentColumn, 95);
    table_->setColumnWidth(HistoryModel::MethodColumn, 65);
    table_->setColumnWidth(HistoryModel::StatusColumn, 55);
    table_->setColumnWidth(HistoryModel::TimeColumn, 75);
    table_->setColumnWidth(HistoryModel::SizeColumn, 70);
    table_->setColumnWidth(HistoryModel::RequestIdColumn, 65);
    table_->setWordWrap(false);
    table_->setTextElideMode(Qt::ElideMiddle);
    table_->setToolTip(tr("Double-click to send again; select two and press Compare; right-click to copy "
                          "as cURL"));
    table_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(table_, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex index = table_->indexAt(pos);
        // The menu acts on the row under the mouse: make it part of the selection, as a click would.
        if (index.isValid() && !table_->selectionModel()->isRowSelected(index.row()))
            table_->selectRow(index.row());
        QMenu *menu = contextMenuFor(index.isValid() ? index.row() : -1);
        if (menu->isEmpty()) {
            delete menu;
            return;
        }
        menu->exec(table_->viewport()->mapToGlobal(pos));
        delete menu;
    });

    resend_->setToolTip(tr("Send the selected request again"));
    compare_->setToolTip(tr("Show the two selected responses side by side"));
    auto *clear = new QPushButton(tr("Clear"), this);
    connect(clear, &QPushButton::clicked, model_, &HistoryModel::clear);
    connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.isValid())
            emit resendRequested(index.row());
    });
    connect(resend_, &QPushButton::clicked, this, [this] {
        const QList<int> rows = selectedRows();
        if (!rows.isEmpty())
            emit resendRequested(rows.last());
    });
    connect(compare_, &QPushButton::clicked, this, [this] {
        const QList<int> rows = selectedRows();
        if (rows.size() == 2)
            emit compareRequested(rows.at(0), rows.at(1));
    });
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &HistoryView::updateButtons);
    connect(model_, &QAbstractItemModel::modelReset, this, &HistoryView::updateButtons);
    connect(model_, &QAbstractItemModel::rowsRemoved, this, &HistoryView::updateButtons);
    connect(model_, &HistoryModel::evictedChanged, this, &HistoryView::updateEvicted);
    // Follow the newest row unless the user scrolled up.
    connect(model_, &QAbstractItemModel::rowsInserted, this, [this] {
        if (table_->selectionModel()->selectedRows().isEmpty())
            table_->scrollToBottom();
    });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(resend_);
    buttons->addWidget(compare_);
    buttons->addWidget(clear);
    buttons->addWidget(har_);
    buttons->addStretch();
    buttons->addWidget(evicted_);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(table_, 1);
    layout->addWidget(notice_);
    layout->addLayout(buttons);
    har_->setText(QStringLiteral("HAR"));
    har_->setToolTip(tr("Export the history as a HAR file, or import one"));
    har_->setPopupMode(QToolButton::InstantPopup);
    har_->setMenu(new QMenu(har_));
    har_->hide(); // until the panel gives the actions
    notice_->setWordWrap(true);
    notice_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    notice_->hide();
    updateButtons();
    updateEvicted();
}

void HistoryView::setHarActions(QAction *exportHar, QAction *importHar)
{
    exportHar_ = exportHar;
    importHar_ = importHar;
    har_->menu()->clear();
    har_->menu()->addAction(exportHar_);
    har_->menu()->addAction(importHar_);
    har_->show();
}

void HistoryView::showNotice(const QString &text, bool problem)
{
    // The label shows a few lines; the tooltip has every one.
    const QStringList lines = text.split(QLatin1Char('\n'));
    constexpr int kShown = 6;
    QString shown = lines.mid(0, kShown).join(QLatin1Char('\n'));
    if (lines.size() > kShown)
        shown += tr("\n… and %1 more (see the tooltip)").arg(lines.size() - kShown);
    notice_->setText(shown);
    notice_->setToolTip(text);
    notice_->setStyleSheet(problem ? QStringLiteral("color: #c0392b;") : QString());
    notice_->setVisible(!text.isEmpty());
}

QMenu *HistoryView::contextMenuFor(int row)
{
    auto *menu = new QMenu(this);
    if (row >= 0) {
        menu->addAction(tr("Resend"), this, [this, row] { emit resendRequested(row); });
        menu->addAction(tr("Copy as cURL"), this, [this, row] { emit copyCurlRequested(row); });
        const QList<int> rows = selectedRows();
        if (rows.size() == 2)
            menu->addAction(tr("Compare the two selected"), this,
                            [this, rows] { emit compareRequested(rows.at(0), rows.at(1)); });
    }
    if (exportHar_ && importHar_) {
        if (row >= 0)
            menu->addSeparator();
        menu->addAction(exportHar_);
        menu->addAction(importHar_);
    }
    return menu;
}

QList<int> HistoryView::selectedRows() const
{
    QList<int> rows;
    for (const QModelIndex &i : table_->selectionModel()->selectedRows())
        rows << i.row();
    std::sort(rows.begin(), rows.end());
    return rows;
}

void HistoryView::updateButtons()
{
    const int n = int(selectedRows().size());
    resend_->setEnabled(n >= 1);
    compare_->setEnabled(n == 2);
}

void HistoryView::updateEvicted()
{
    evicted_->setText(model_->evicted() ? tr("%1 older requests dropped (the history keeps %2)")
                                              .arg(model_->evicted())
                                              .arg(model_->capacity())
                                        : tr("keeps the last %1 requests").arg(model_->capacity()));
}

} // namespace rs::ui
