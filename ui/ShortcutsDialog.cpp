#include "ui/ShortcutsDialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace rs::ui {

ShortcutsDialog::ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Keyboard shortcuts"));
    struct Row {
        QString text;
        QString keys;
        QString tip;
    };
    std::vector<Row> list;
    for (QAction *a : actions) {
        if (a->shortcuts().isEmpty())
            continue;
        QStringList keys;
        for (const QKeySequence &k : a->shortcuts())
            keys.append(k.toString(QKeySequence::NativeText));
        QString text = a->text();
        text.remove(QLatin1Char('&'));
        list.push_back({text, keys.join(QStringLiteral(", ")), a->toolTip()});
    }
    std::sort(list.begin(), list.end(), [](const Row &a, const Row &b) { return a.text < b.text; });
    list.erase(std::unique(list.begin(), list.end(),
                           [](const Row &a, const Row &b) { return a.text == b.text && a.keys == b.keys; }),
               list.end());

    auto *table = new QTableWidget(static_cast<int>(list.size()), 3, this);
    table->setHorizontalHeaderLabels({tr("Action"), tr("Shortcut"), tr("What it does")});
    table->verticalHeader()->setVisible(false);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->horizontalHeader()->setStretchLastSection(true);
    for (int i = 0; i < static_cast<int>(list.size()); ++i) {
        const Row &r = list[static_cast<std::size_t>(i)];
        table->setItem(i, 0, new QTableWidgetItem(r.text));
        table->setItem(i, 1, new QTableWidgetItem(r.keys));
        table->setItem(i, 2, new QTableWidgetItem(r.tip == r.text ? QString() : r.tip));
        rows_.append(r.keys + QLatin1Char('\t') + r.text);
    }
    table->resizeColumnsToContents();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(table);
    layout->addWidget(buttons);
    resize(640, 420);
}

} // namespace rs::ui
