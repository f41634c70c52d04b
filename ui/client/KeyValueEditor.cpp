#include "ui/client/KeyValueEditor.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace rs::ui {

KeyValueEditor::KeyValueEditor(const QString &nameTitle, const QString &valueTitle, QWidget *parent)
    : QWidget(parent), table_(new QTableWidget(0, 2, this))
{
    table_->setHorizontalHeaderLabels({nameTitle, valueTitle});
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Interactive);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setColumnWidth(0, 180);
    table_->verticalHeader()->setVisible(false);
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);

    auto *add = new QPushButton(tr("Add"), this);
    auto *remove = new QPushButton(tr("Remove"), this);
    add->setToolTip(tr("Add a row"));
    remove->setToolTip(tr("Remove the selected rows"));
    connect(add, &QPushButton::clicked, this, [this] {
        addRow();
        table_->setCurrentCell(table_->rowCount() - 1, 0);
        table_->editItem(table_->item(table_->rowCount() - 1, 0));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        QList<int> rows;
        for (const QModelIndex &i : table_->selectionModel()->selectedRows())
            rows << i.row();
        std::sort(rows.begin(), rows.end(), std::greater<>());
        for (int row : rows)
            table_->removeRow(row);
        if (!rows.isEmpty())
            emit edited();
    });
    connect(table_, &QTableWidget::itemChanged, this, [this] {
        if (!filling_)
            emit edited();
    });

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(table_, 1);
    layout->addLayout(buttons);
}

KeyValueEditor::Pairs KeyValueEditor::pairs() const
{
    Pairs out;
    for (int row = 0; row < table_->rowCount(); ++row) {
        const QTableWidgetItem *name = table_->item(row, 0);
        const QTableWidgetItem *value = table_->item(row, 1);
        if (!name || name->text().trimmed().isEmpty())
            continue;
        out.append({name->text().trimmed(), value ? value->text() : QString()});
    }
    return out;
}

void KeyValueEditor::setPairs(const Pairs &pairs)
{
    filling_ = true;
    table_->setRowCount(0);
    for (const auto &[name, value] : pairs)
        addRow(name, value);
    filling_ = false;
}

void KeyValueEditor::addRow(const QString &name, const QString &value)
{
    const bool wasFilling = filling_;
    filling_ = true;
    const int row = table_->rowCount();
    table_->insertRow(row);
    table_->setItem(row, 0, new QTableWidgetItem(name));
    table_->setItem(row, 1, new QTableWidgetItem(value));
    filling_ = wasFilling;
}

} // namespace rs::ui
