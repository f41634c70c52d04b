#include "ui/views/LocalStorageView.h"

#include "ui/models/LocalStorageModel.h"
#include "ui/views/TouchHighlightDelegate.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace rs::ui {

namespace {
QString mix(const QColor &a, const QColor &b, double t)
{
    const auto m = [t](int x, int y) { return static_cast<int>(x + (y - x) * t); };
    return QColor(m(a.red(), b.red()), m(a.green(), b.green()), m(a.blue(), b.blue())).name();
}
} // namespace

LocalStorageView::LocalStorageView(LocalStorageModel *model, QWidget *parent)
    : QWidget(parent), model_(model), highlighter_(new TouchHighlightDelegate(model, this))
{
    highlighter_->setTextFunction([this](const QModelIndex &index) { return displayText(index); });

    auto *layout = new QVBoxLayout(this);
    auto *explanation = new QLabel(
        tr("One slot per <i>ident</i> — the thread (or coroutine) handling a request; released when "
           "the request's context is popped."),
        this);
    explanation->setWordWrap(true);
    layout->addWidget(explanation);
    legend_ = new QLabel(this);
    legend_->setTextFormat(Qt::RichText);
    layout->addWidget(legend_);
    placeholder_ =
        new QLabel(tr("No Local holds anything yet: send a request and watch its slot appear."), this);
    placeholder_->setWordWrap(true);
    placeholder_->setAlignment(Qt::AlignCenter);
    layout->addWidget(placeholder_, 1);
    sectionsLayout_ = new QVBoxLayout;
    sectionsLayout_->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(sectionsLayout_, 1);

    connect(model_, &QAbstractItemModel::rowsInserted, this, &LocalStorageView::onRowsInserted);
    connect(model_, &QAbstractItemModel::dataChanged, this, &LocalStorageView::onDataChanged);
    connect(model_, &QAbstractItemModel::modelReset, this, &LocalStorageView::rebuildSections);
    connect(model_, &QAbstractItemModel::rowsRemoved, this, [this](const QModelIndex &parent) {
        if (!parent.isValid())
            rebuildSections(); // a Local went: only clear() does that
    });
    updateLegend();
    rebuildSections();
}

QStringList LocalStorageView::locals() const
{
    QStringList out;
    for (const Section &s : sections_)
        out.append(s.name);
    return out;
}

QTreeView *LocalStorageView::treeFor(const QString &local) const
{
    for (const Section &s : sections_)
        if (s.name == local)
            return s.tree;
    return nullptr;
}

void LocalStorageView::rebuildSections()
{
    for (Section &s : sections_)
        delete s.box;
    sections_.clear();
    for (int row = 0; row < model_->rowCount(); ++row)
        addSection(model_->index(row, 0));
    placeholder_->setVisible(sections_.empty());
}

void LocalStorageView::addSection(const QModelIndex &local)
{
    Section s;
    s.local = local;
    s.name = local.data(LocalStorageModel::KeyRole).toString();
    s.box = new QWidget(this);
    auto *layout = new QVBoxLayout(s.box);
    layout->setContentsMargins(0, 4, 0, 4);
    layout->setSpacing(2);
    s.header = new QLabel(s.box);
    s.header->setTextFormat(Qt::RichText);
    s.header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(s.header);

    s.tree = new QTreeView(s.box);
    s.tree->setModel(model_);
    s.tree->setRootIndex(local);
    s.tree->setUniformRowHeights(true);
    s.tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    s.tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    s.tree->setIndentation(18);
    s.tree->header()->setStretchLastSection(true);
    s.tree->header()->resizeSection(LocalStorageModel::NameColumn, 230);
    highlighter_->attach(s.tree);
    layout->addWidget(s.tree, 1);

    auto *footer = new QLabel(QStringLiteral("}"), s.box);
    footer->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(footer);

    for (int row = 0; row < model_->rowCount(local); ++row)
        s.tree->expand(model_->index(row, 0, local));
    // The request stack first, as the articles print it; other Locals after, in order of appearance.
    const auto rank = [](const QString &name) {
        return name == QLatin1String("request_stack") ? 0 : name == QLatin1String("app_stack") ? 1 : 2;
    };
    auto at = std::find_if(sections_.begin(), sections_.end(),
                           [&](const Section &other) { return rank(other.name) > rank(s.name); });
    sectionsLayout_->insertWidget(static_cast<int>(at - sections_.begin()), s.box, 1);
    updateHeader(*sections_.insert(at, s));
}

void LocalStorageView::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (!parent.isValid()) {
        for (int row = first; row <= last; ++row)
            addSection(model_->index(row, 0));
        placeholder_->setVisible(sections_.empty());
        return;
    }
    // A new slot (its parent is a Local) opens at once; names inside it need nothing.
    if (parent.parent().isValid())
        return;
    for (const Section &s : sections_) {
        if (s.local != parent)
            continue;
        for (int row = first; row <= last; ++row)
            s.tree->expand(model_->index(row, 0, parent));
    }
}

void LocalStorageView::onDataChanged(const QModelIndex &topLeft, const QModelIndex &)
{
    if (topLeft.parent().isValid())
        return;
    for (const Section &s : sections_)
        if (s.local.row() == topLeft.row())
            updateHeader(s);
}

void LocalStorageView::updateHeader(const Section &section) const
{
    const QString family = QFontDatabase::systemFont(QFontDatabase::FixedFont).family();
    const QString muted = palette().color(QPalette::PlaceholderText).name();
    const QString summary =
        model_->index(section.local.row(), LocalStorageModel::ValueColumn).data().toString();
    section.header->setText(QStringLiteral("<span style=\"font-family:'%1'\"><b>%2</b>.__storage__ = {"
                                           "&nbsp;&nbsp;<span style=\"color:%3\"># %4</span></span>")
                                .arg(family, section.name.toHtmlEscaped(), muted, summary.toHtmlEscaped()));
}

void LocalStorageView::updateLegend()
{
    const QPalette p = palette();
    const QColor base = p.color(QPalette::Base);
    QString html;
    for (const auto &[kind, meaning] :
         {std::pair{QStringLiteral("set"), tr("written")}, std::pair{QStringLiteral("get"), tr("read")},
          std::pair{QStringLiteral("del"), tr("deleted / released")}}) {
        const QString colour = mix(base, TouchHighlightDelegate::kindColor(kind, p), 0.6);
        html += QStringLiteral("<span style=\"background-color:%1; color:%2\">&nbsp;%3&nbsp;</span> %4"
                               "&nbsp;&nbsp;&nbsp;")
                    .arg(colour, p.color(QPalette::Text).name(), kind, meaning);
    }
    html += tr("<span style=\"color:%1\">(each touch fades in %2 s)</span>")
                .arg(p.color(QPalette::PlaceholderText).name())
                .arg(TouchHighlightDelegate::kFadeUs / 1e6);
    legend_->setText(html);
}

void LocalStorageView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        updateLegend();
        for (const Section &s : sections_)
            updateHeader(s);
    }
}

QString LocalStorageView::displayText(const QModelIndex &index) const
{
    const int level = index.data(LocalStorageModel::LevelRole).toInt();
    if (level == 1) {
        // An ident's slot: "140237 → worker-2" and how many names it holds.
        const QModelIndex name = index.siblingAtColumn(LocalStorageModel::NameColumn);
        if (index.column() == LocalStorageModel::NameColumn)
            return QStringLiteral("%1 → %2").arg(name.data(LocalStorageModel::KeyRole).toString(),
                                                 name.data(LocalStorageModel::ValueRole).toString());
        const int names = model_->rowCount(name);
        return names == 1 ? tr("{ 1 name }") : tr("{ %1 names }").arg(names);
    }
    if (level == 2 && index.column() == LocalStorageModel::NameColumn)
        return QStringLiteral("'%1':").arg(index.data(LocalStorageModel::KeyRole).toString());
    return {};
}

} // namespace rs::ui
