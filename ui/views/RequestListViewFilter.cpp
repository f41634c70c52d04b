#include "ui/views/RequestListViewFilter.h"

#include "ui/models/RequestListModel.h"
#include "ui/views/PhaseColors.h"

#include <QFont>

namespace rs::ui {

RequestListViewFilter::RequestListViewFilter(QObject *parent) : QSortFilterProxyModel(parent) {}

void RequestListViewFilter::setFilterText(const QString &text)
{
    const QStringList terms = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (terms == terms_)
        return;
    terms_ = terms;
    invalidateRowsFilter();
}

bool RequestListViewFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (terms_.isEmpty())
        return true;
    const QAbstractItemModel *model = sourceModel();
    const auto text = [&](int column) {
        return model->index(sourceRow, column, sourceParent).data().toString();
    };
    const QString method = text(RequestListModel::MethodColumn);
    const QString path = text(RequestListModel::PathColumn);
    const QString status = text(RequestListModel::StatusColumn);
    for (const QString &term : terms_) {
        const bool matches = method.compare(term, Qt::CaseInsensitive) == 0 ||
                             (!status.isEmpty() && status.startsWith(term)) ||
                             path.contains(term, Qt::CaseInsensitive);
        if (!matches)
            return false;
    }
    return true;
}

QVariant RequestListViewFilter::data(const QModelIndex &index, int role) const
{
    if (role == Qt::ForegroundRole && index.column() == RequestListModel::StatusColumn) {
        const int status = QSortFilterProxyModel::data(index, Qt::DisplayRole).toInt();
        if (status >= 500)
            return PhaseColors::serverError();
        if (status >= 400)
            return PhaseColors::clientError();
        return {};
    }
    if (role == Qt::FontRole &&
        !QSortFilterProxyModel::data(index, RequestListModel::FinishedRole).toBool()) {
        QFont font;
        font.setItalic(true);
        return font;
    }
    return QSortFilterProxyModel::data(index, role);
}

} // namespace rs::ui
