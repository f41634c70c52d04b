#include "ui/views/ContextDetail.h"

#include "ui/models/RequestStore.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QScopeGuard>
#include <QScrollBar>
#include <QTreeWidget>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace rs::ui {

namespace {
bool isAppContext(const QString &obj)
{
    return obj.startsWith(QLatin1String("AppContext"));
}

// "AppContext#3 (demo)" → "demo".
QString appNameOf(const QString &obj)
{
    const qsizetype open = obj.indexOf(QLatin1Char('('));
    const qsizetype close = obj.lastIndexOf(QLatin1Char(')'));
    return open >= 0 && close > open ? obj.mid(open + 1, close - open - 1) : QString();
}

QString flags(bool modified, bool accessed, bool permanent)
{
    return QStringLiteral("modified=%1 accessed=%2 permanent=%3")
        .arg(modified ? "True" : "False", accessed ? "True" : "False", permanent ? "True" : "False");
}
} // namespace

ContextDetail::ContextDetail(const RequestStore *requests, QWidget *parent)
    : QWidget(parent), requests_(requests)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    title_ = new QLabel(this);
    QFont bold = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    bold.setBold(true);
    title_->setFont(bold);
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(title_);
    subtitle_ = new QLabel(this);
    subtitle_->setWordWrap(true);
    layout->addWidget(subtitle_);
    tree_ = new QTreeWidget(this);
    tree_->setColumnCount(2);
    tree_->setHeaderLabels({tr("name"), tr("value")});
    tree_->setHeaderHidden(true);
    tree_->setUniformRowHeights(true);
    tree_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    tree_->header()->resizeSection(0, 180);
    tree_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    layout->addWidget(tree_, 1);

    if (requests_) {
        connect(requests_, &RequestStore::changed, this, [this](int first, int last) {
            const int row = requests_->rowOf(req_);
            if (row >= first && row <= last)
                rebuild();
        });
        connect(requests_, &RequestStore::appended, this, [this] {
            if (req_ && tree_->topLevelItemCount() == 0)
                rebuild(); // the box was clicked before its request's first batch
        });
        connect(requests_, &RequestStore::evictedRows, this, [this] {
            if (req_ && !requests_->find(req_))
                rebuild();
        });
        connect(requests_, &RequestStore::reset, this, &ContextDetail::rebuild);
    }
    clearContext();
}

void ContextDetail::showContext(const QString &obj, quint64 req, quint64 ident, const QString &thread)
{
    obj_ = obj;
    req_ = req;
    ident_ = ident;
    thread_ = thread;
    rebuild();
}

void ContextDetail::clearContext()
{
    obj_.clear();
    req_ = 0;
    ident_ = 0;
    thread_.clear();
    rebuild();
}

QTreeWidgetItem *ContextDetail::section(const QString &name, const QString &summary)
{
    auto *item = new QTreeWidgetItem(tree_, {name, summary});
    QFont f = tree_->font();
    f.setBold(true);
    item->setFont(0, f);
    item->setFirstColumnSpanned(summary.isEmpty());
    item->setExpanded(true);
    return item;
}

QTreeWidgetItem *ContextDetail::add(QTreeWidgetItem *parent, const QString &key, const QString &value)
{
    auto *item = new QTreeWidgetItem(parent, {key, value});
    item->setToolTip(1, value);
    return item;
}

void ContextDetail::rebuild()
{
    // Rebuilt on every batch while its request runs: keep the reader where they were.
    const int scrolled = tree_->verticalScrollBar()->value();
    const auto restoreScroll =
        qScopeGuard([this, scrolled] { tree_->verticalScrollBar()->setValue(scrolled); });
    tree_->clear();
    if (obj_.isEmpty()) {
        title_->setText(tr("No context selected"));
        subtitle_->setText(tr("Click a box in the stacks above to see what that context holds."));
        return;
    }
    title_->setText(obj_);
    const RequestRecord *r = requests_ && req_ ? requests_->find(req_) : nullptr;
    QString where = tr("ident %1 on %2").arg(ident_).arg(thread_);
    if (req_)
        where += tr(" · request %1").arg(req_);
    if (r)
        where += r->finished ? tr(" · finished: %1 in %2 ms").arg(r->status).arg(r->durUs / 1000.0, 0, 'f', 1)
                             : tr(" · running");
    else if (req_ && requests_)
        where += tr(" · no longer kept (only the last %1 requests are)").arg(requests_->capacity());
    subtitle_->setText(where);

    if (isAppContext(obj_)) {
        QTreeWidgetItem *app = section(tr("app"));
        add(app, tr("name"), appNameOf(obj_));
        if (r)
            add(app, tr("pushed by"), QStringLiteral("%1 %2").arg(r->method, r->path));
        if (r)
            fillG(*r);
        return;
    }
    if (!r) {
        QTreeWidgetItem *request = section(tr("request"));
        // "RequestContext#17 GET /hello": what the stack event itself tells.
        const QStringList parts = obj_.split(QLatin1Char(' '));
        if (parts.size() >= 3) {
            add(request, tr("method"), parts.at(1));
            add(request, tr("path"), parts.mid(2).join(QLatin1Char(' ')));
        }
        return;
    }
    fillRequest(*r);
    fillSession(*r);
    fillG(*r);
    fillFlashes(*r);
}

void ContextDetail::fillRequest(const RequestRecord &r)
{
    QTreeWidgetItem *request = section(tr("request"));
    add(request, tr("method"), r.method);
    add(request, tr("path"), r.path);
    const QUrlQuery query(r.query);
    const auto items = query.queryItems(QUrl::FullyDecoded);
    QTreeWidgetItem *args = add(request, tr("args"), items.isEmpty() ? tr("{}") : r.query);
    for (const auto &[key, value] : items)
        add(args, key, QStringLiteral("'%1'").arg(value));
    args->setExpanded(true);
    const QStringList lines = r.requestHeaders.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QTreeWidgetItem *headers =
        add(request, tr("headers"), lines.size() == 1 ? tr("1 header") : tr("%1 headers").arg(lines.size()));
    for (const QString &line : lines) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        add(headers, colon > 0 ? line.left(colon) : line,
            colon > 0 ? line.mid(colon + 1).trimmed() : QString());
    }
    headers->setExpanded(true);
}

void ContextDetail::fillSession(const RequestRecord &r)
{
    if (!r.sessionOpened) {
        section(tr("session"), r.finished ? tr("not opened") : tr("not opened yet"));
        return;
    }
    QTreeWidgetItem *session =
        section(tr("session"), QStringLiteral("%1, %2").arg(r.sessionInterface, r.sessionOutcome));
    if (!r.sessionSid.isEmpty())
        add(session, tr("sid"), r.sessionSid);
    add(session, tr("at open"), r.sessionDataAtOpen.isEmpty() ? QStringLiteral("{}") : r.sessionDataAtOpen);
    for (const RequestRecord::SessionEvent &op : r.session) {
        QString text = op.kind == QLatin1String("read") ? QStringLiteral("→ %1").arg(op.value)
                                                        : QStringLiteral("= %1").arg(op.value);
        if (!op.before.isEmpty() && op.kind != QLatin1String("read"))
            text += tr("  (was %1)").arg(op.before);
        QTreeWidgetItem *item = add(session, QStringLiteral("%1 %2").arg(op.kind, op.key), text);
        item->setToolTip(1, flags(op.modified, op.accessed, op.permanent));
    }
    if (!r.session.empty()) {
        const RequestRecord::SessionEvent &last = r.session.back();
        add(session, tr("flags now"), flags(last.modified, last.accessed, last.permanent));
    }
    if (r.sessionSaved)
        add(session, tr("save"), QStringLiteral("%1: %2").arg(r.saveDecision, r.saveReason));
    else
        add(session, tr("save"), r.finished ? tr("no decision") : tr("not yet"));
}

void ContextDetail::fillG(const RequestRecord &r)
{
    QTreeWidgetItem *g = section(tr("g"), r.g.empty() ? tr("nothing set or read") : QString());
    for (const RequestRecord::GAccess &a : r.g)
        add(g, QStringLiteral("%1 %2").arg(a.kind, a.key),
            a.kind == QLatin1String("get") ? QStringLiteral("→ %1").arg(a.value)
                                           : QStringLiteral("= %1").arg(a.value));
}

void ContextDetail::fillFlashes(const RequestRecord &r)
{
    QTreeWidgetItem *flashes = section(tr("flashes"), r.flashes.empty() ? tr("none") : QString());
    for (const RequestRecord::Flash &f : r.flashes)
        add(flashes, QStringLiteral("%1 [%2]").arg(f.kind, f.category), f.message);
}

QString ContextDetail::value(const QString &sectionName, const QString &key) const
{
    for (int i = 0; i < tree_->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *s = tree_->topLevelItem(i);
        if (s->text(0) != sectionName)
            continue;
        for (int c = 0; c < s->childCount(); ++c)
            if (s->child(c)->text(0) == key)
                return s->child(c)->text(1);
    }
    return {};
}

} // namespace rs::ui
