#include "ui/client/CookieJarView.h"

#include "ui/client/CookieJarModel.h"
#include "ui/client/CookiePersistence.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace rs::ui {

CookieJarView::CookieJarView(CookieJarModel *model, CookiePersistence *persistence, QWidget *parent)
    : QWidget(parent), model_(model), table_(new QTableView(this)), setCookieLine_(new QLineEdit(this)),
      status_(new QLabel(this))
{
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    table_->verticalHeader()->setVisible(false);
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setColumnWidth(CookieJarModel::NameColumn, 110);
    table_->setColumnWidth(CookieJarModel::ValueColumn, 260);
    table_->setColumnWidth(CookieJarModel::DomainColumn, 100);
    table_->setColumnWidth(CookieJarModel::PathColumn, 50);
    table_->setColumnWidth(CookieJarModel::ExpiresColumn, 140);
    table_->setToolTip(tr("Double-click a value to edit it"));
    table_->setWordWrap(false);
    table_->setTextElideMode(Qt::ElideMiddle);

    setCookieLine_->setPlaceholderText(tr("Set-Cookie line, e.g. name=value; Path=/"));
    auto *add = new QPushButton(tr("Add"), this);
    auto *remove = new QPushButton(tr("Delete"), this);
    auto *clear = new QPushButton(tr("Clear"), this);
    auto *save = new QPushButton(tr("Save"), this);
    auto *reload = new QPushButton(tr("Reload"), this);
    remove->setToolTip(tr("Delete the selected cookies"));
    clear->setToolTip(tr("Delete every cookie"));
    save->setToolTip(tr("Write the jar to %1 now").arg(persistence->path()));
    reload->setToolTip(tr("Read %1 again (cookies already in the jar are kept)").arg(persistence->path()));

    auto addLine = [this] {
        QString error;
        const QUrl url = defaultUrl_.isValid() ? defaultUrl_ : QUrl(QStringLiteral("http://127.0.0.1/"));
        if (model_->addFromSetCookie(setCookieLine_->text().trimmed().toUtf8(), url, &error))
            setCookieLine_->clear();
        else
            showStatus(error, true);
    };
    connect(add, &QPushButton::clicked, this, addLine);
    connect(setCookieLine_, &QLineEdit::returnPressed, this, addLine);
    connect(remove, &QPushButton::clicked, this, [this] {
        QList<int> rows;
        for (const QModelIndex &i : table_->selectionModel()->selectedRows())
            rows << i.row();
        std::sort(rows.begin(), rows.end(), std::greater<>());
        for (int row : rows)
            model_->removeRows(row, 1);
    });
    connect(clear, &QPushButton::clicked, model_, &CookieJarModel::clear);
    connect(save, &QPushButton::clicked, persistence, &CookiePersistence::save);
    connect(reload, &QPushButton::clicked, persistence, &CookiePersistence::load);
    connect(persistence, &CookiePersistence::status, this, &CookieJarView::showStatus);
    if (!persistence->lastMessage().isEmpty())
        showStatus(persistence->lastMessage(), false);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(setCookieLine_, 1);
    buttons->addWidget(add);
    buttons->addSpacing(12);
    buttons->addWidget(remove);
    buttons->addWidget(clear);
    buttons->addSpacing(12);
    buttons->addWidget(save);
    buttons->addWidget(reload);
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(table_, 1);
    layout->addLayout(buttons);
    layout->addWidget(status_);
}

QString CookieJarView::statusText() const
{
    return status_->text();
}

void CookieJarView::showStatus(const QString &message, bool isError)
{
    status_->setText(message);
    status_->setStyleSheet(isError ? QStringLiteral("color: #d9534f;") : QString());
}

} // namespace rs::ui
