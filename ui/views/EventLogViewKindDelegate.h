#pragma once

#include <QStyledItemDelegate>

namespace rs::ui {

// Colours the kind column of the event log by family (request, phase, local, stack, session,
// store, flash, g, error): fixed hues, lightness chosen against the palette's Base so they read on
// light and dark. Every function: GUI thread.
class EventLogViewKindDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    // The colour of a kind's text on a background of `base`.
    static QColor colorFor(const QString &kind, const QColor &base);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace rs::ui
