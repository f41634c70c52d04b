#include "ui/views/EventLogViewKindDelegate.h"

namespace rs::ui {

QColor EventLogViewKindDelegate::colorFor(const QString &kind, const QColor &base)
{
    struct Family {
        const char *prefix;
        int hue;
    };
    static constexpr Family families[] = {{"request.", 210}, {"local.", 135}, {"stack.", 275},
                                          {"session.", 28},  {"store.", 45},  {"flash.", 320},
                                          {"g.", 175},       {"error", 0}};
    const bool dark = base.lightness() < 128;
    for (const Family &f : families)
        if (kind.startsWith(QLatin1String(f.prefix)))
            return QColor::fromHsl(f.hue, 170, dark ? 170 : 85);
    return {}; // phases: the palette's text
}

void EventLogViewKindDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QColor c = colorFor(option->text, option->palette.color(QPalette::Base));
    if (!c.isValid())
        return;
    option->palette.setColor(QPalette::Text, c);
    if (option->text == QLatin1String("error") || option->text.startsWith(QLatin1String("request.")))
        option->font.setBold(true);
}

} // namespace rs::ui
