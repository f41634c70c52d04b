#include "ui/views/RequestDetailView.h"

#include "ui/models/EventFormat.h"

#include "ui/models/RequestRecord.h"
#include "ui/models/RequestStore.h"
#include "ui/views/PhaseColors.h"

#include <QEvent>
#include <QFontDatabase>
#include <QScrollBar>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace rs::ui {

namespace {
constexpr int kBarCells = 40; // width of a waterfall bar in monospace cells
constexpr int kRefreshMs = 16;

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString duration(qint64 us)
{
    if (us < 0)
        return QStringLiteral("running");
    if (us < 1000)
        return QStringLiteral("%1 µs").arg(us);
    if (us < 1'000'000)
        return QStringLiteral("%1 ms").arg(static_cast<double>(us) / 1e3, 0, 'f', 2);
    return QStringLiteral("%1 s").arg(static_cast<double>(us) / 1e6, 0, 'f', 3);
}

// A bar of block characters from cell `from` to cell `to` (fractions allowed) in `cells` cells:
// text, so that it copies with the rest. Starts snap to half a cell, ends to an eighth.
QString blockBar(double from, double to, int cells)
{
    static const QChar eighths[] = {QChar(0x258F), QChar(0x258E), QChar(0x258D), QChar(0x258C),
                                    QChar(0x258B), QChar(0x258A), QChar(0x2589)};
    const QChar full(0x2588);
    const QChar rightHalf(0x2590);
    from = std::clamp(from, 0.0, static_cast<double>(cells));
    to = std::clamp(to, from, static_cast<double>(cells));
    QString out;
    int cell = static_cast<int>(std::floor(from));
    out.fill(QLatin1Char(' '), cell);
    const double startFraction = from - cell;
    if (cell < cells && startFraction >= 0.5 && to - cell >= 0.75) {
        out += rightHalf;
        ++cell;
    }
    while (cell + 1 <= to) {
        out += full;
        ++cell;
    }
    const int rest = static_cast<int>(std::lround((to - cell) * 8));
    if (cell < cells && (rest > 0 || out.trimmed().isEmpty())) {
        out += rest >= 8 ? full : eighths[std::clamp(rest, 1, 7) - 1];
        ++cell;
    }
    return out + QString(cells - cell, QLatin1Char(' '));
}

bool isHook(const QString &phase)
{
    static const QStringList hooks = {QStringLiteral("middleware"),
                                      QStringLiteral("request_started"),
                                      QStringLiteral("url_value_preprocessor"),
                                      QStringLiteral("before_request"),
                                      QStringLiteral("view"),
                                      QStringLiteral("error_handler"),
                                      QStringLiteral("after_this_request"),
                                      QStringLiteral("after_request"),
                                      QStringLiteral("request_finished"),
                                      QStringLiteral("teardown_request"),
                                      QStringLiteral("teardown_appcontext")};
    return hooks.contains(phase);
}

QString check(bool on)
{
    return on ? QStringLiteral("✓") : QStringLiteral("·");
}

// A table as aligned lines of monospace text: it reads as a table and copies as one, row by row.
struct Cell {
    QString text;
    QString css; // the span's style; empty for none
};
struct Column {
    QString title;
    Qt::Alignment align = Qt::AlignLeft;
};

QString pad(const QString &text, int width, Qt::Alignment align)
{
    const int room = std::max(0, width - static_cast<int>(text.size()));
    if (align & Qt::AlignRight)
        return QString(room, QLatin1Char(' ')) + text;
    if (align & Qt::AlignHCenter)
        return QString(room / 2, QLatin1Char(' ')) + text + QString(room - room / 2, QLatin1Char(' '));
    return text + QString(room, QLatin1Char(' '));
}

QString monoTable(const QString &family, const QString &headerColor, const std::vector<Column> &columns,
                  const std::vector<std::vector<Cell>> &rows)
{
    std::vector<int> widths(columns.size());
    for (std::size_t c = 0; c < columns.size(); ++c)
        widths[c] = static_cast<int>(columns[c].title.size());
    for (const auto &row : rows)
        for (std::size_t c = 0; c < row.size() && c < columns.size(); ++c)
            widths[c] = std::max(widths[c], static_cast<int>(row[c].text.size()));
    const auto line = [&](const std::vector<Cell> &cells) {
        QString out;
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const Cell cell = c < cells.size() ? cells[c] : Cell();
            const bool last = c + 1 == columns.size();
            const bool trailing =
                last && columns[c].align == Qt::AlignLeft; // no padding at the end of a line
            QString text = esc(trailing ? cell.text : pad(cell.text, widths[c], columns[c].align));
            if (!cell.css.isEmpty())
                text = QStringLiteral("<span style=\"%1\">%2</span>").arg(cell.css, text);
            out += text;
            if (!last)
                out += QStringLiteral("  ");
        }
        return out;
    };
    std::vector<Cell> header;
    for (const Column &c : columns)
        header.push_back({c.title, QStringLiteral("color:%1").arg(headerColor)});
    QString html = QStringLiteral("<pre style=\"font-family:'%1'\">").arg(family) + line(header);
    for (const auto &row : rows)
        html += QLatin1Char('\n') + line(row);
    return html + QStringLiteral("</pre>");
}
} // namespace

RequestDetailView::RequestDetailView(RequestStore &store, QWidget *parent)
    : QWidget(parent), store_(store), browser_(new QTextBrowser(this))
{
    browser_->setOpenLinks(false);
    browser_->setReadOnly(true);
    browser_->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(browser_);

    refreshTimer_.setSingleShot(true);
    refreshTimer_.setInterval(kRefreshMs);
    connect(&refreshTimer_, &QTimer::timeout, this, &RequestDetailView::refresh);
    connect(&store_, &RequestStore::changed, this, [this](int first, int last) {
        const int row = store_.rowOf(id_);
        if (row >= first && row <= last)
            scheduleRefresh();
    });
    connect(&store_, &RequestStore::evictedRows, this, &RequestDetailView::scheduleRefresh);
    connect(&store_, &RequestStore::reset, this, &RequestDetailView::scheduleRefresh);
    refresh();
}

QString RequestDetailView::toPlainText() const
{
    return browser_->toPlainText();
}

void RequestDetailView::showRequest(quint64 id)
{
    if (id != id_) {
        id_ = id;
        lastBody_.clear();
        shownHtml_.clear();
    }
    refresh();
    browser_->verticalScrollBar()->setValue(0);
}

void RequestDetailView::scheduleRefresh()
{
    if (!refreshTimer_.isActive())
        refreshTimer_.start();
}

void RequestDetailView::refresh()
{
    refreshTimer_.stop();
    if (id_ == 0) {
        setHtml(notice(tr("Click a request in the list or on the timeline to see what happened inside it.")));
        return;
    }
    const RequestRecord *r = store_.find(id_);
    if (!r) {
        const QString gone =
            tr("Request #%1 is not in the store: it was dropped (only the last %2 requests are "
               "kept, see Settings) or never arrived.")
                .arg(id_)
                .arg(store_.capacity());
        setHtml(notice(gone) + lastBody_);
        return;
    }
    lastBody_ = render(*r);
    setHtml(lastBody_);
}

void RequestDetailView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        shownHtml_.clear();
        lastBody_.clear();
        refresh();
    }
}

void RequestDetailView::setHtml(const QString &html)
{
    if (html == shownHtml_)
        return; // unchanged: keep the reader's selection
    shownHtml_ = html;
    const int v = browser_->verticalScrollBar()->value();
    const int h = browser_->horizontalScrollBar()->value();
    browser_->setHtml(html);
    browser_->verticalScrollBar()->setValue(v);
    browser_->horizontalScrollBar()->setValue(h);
}

QString RequestDetailView::notice(const QString &text) const
{
    return QStringLiteral("<p style=\"color:%1\"><i>%2</i></p>")
        .arg(palette().color(QPalette::PlaceholderText).name(), esc(text));
}

QString RequestDetailView::render(const RequestRecord &r) const
{
    // The save decision also right under the title: it is what most users come for.
    const QString decision = r.sessionOpened ? renderDecision(r) : QString();
    return renderHeader(r) + renderIsolation(r) + decision + renderWaterfall(r) + renderHooks(r) +
           renderSession(r) + renderHeaders(r) + renderStoreOps(r) + renderErrors(r) + renderFlashesAndG(r);
}

QString RequestDetailView::renderHeader(const RequestRecord &r) const
{
    const QPalette pal = palette();
    QString target = esc(r.path);
    if (!r.query.isEmpty())
        target += QLatin1Char('?') + esc(r.query);
    QString status;
    if (!r.finished) {
        status = QStringLiteral("<span style=\"color:%1\">running for %2 so far</span>")
                     .arg(pal.color(QPalette::Highlight).name(), duration(r.latestUs() - r.startUs));
    } else {
        const QColor color = r.status >= 500   ? PhaseColors::serverError()
                             : r.status >= 400 ? PhaseColors::clientError()
                                               : pal.color(QPalette::Text);
        status = QStringLiteral("<b style=\"color:%1\">%2</b>").arg(color.name()).arg(r.status);
    }
    QString html = QStringLiteral("<h2>%1 %2 → %3</h2>").arg(esc(r.method), target, status);
    QStringList facts;
    if (r.finished)
        facts << tr("%1 bytes").arg(r.bytes) << duration(r.durUs);
    facts << esc(EventFormat::ident(r.ident, r.thread)) << tr("ident %1").arg(r.ident)
          << tr("request #%1").arg(r.id)
          << tr("began at %1 s").arg(static_cast<double>(r.startUs) / 1e6, 0, 'f', 6);
    html += QStringLiteral("<p>%1</p>").arg(facts.join(QStringLiteral(" · ")));
    return html;
}

QString RequestDetailView::renderWaterfall(const RequestRecord &r) const
{
    const QPalette pal = palette();
    QString html = QStringLiteral("<h3>Phases</h3>");
    if (r.phases.empty())
        return html + notice(tr("No phase events (yet)."));
    const qint64 end = r.finished ? std::max(r.endUs, r.latestUs()) : r.latestUs();
    const double total = std::max<double>(1.0, static_cast<double>(end - r.startUs));
    const QString mono = QFontDatabase::systemFont(QFontDatabase::FixedFont).family();
    const QString track =
        PhaseColors::blend(pal.color(QPalette::Base), pal.color(QPalette::Text), 0.07).name();
    const QString dim = pal.color(QPalette::PlaceholderText).name();
    std::vector<std::vector<Cell>> rows;
    for (const RequestRecord::Phase &p : r.phases) {
        const qint64 phaseEnd = p.durUs >= 0 ? p.endUs : end;
        const double from = static_cast<double>(p.beginUs - r.startUs) / total * kBarCells;
        const double to = static_cast<double>(phaseEnd - r.startUs) / total * kBarCells;
        const QString barCss =
            QStringLiteral("color:%1; background-color:%2").arg(PhaseColors::forPhase(p.phase).name(), track);
        const QString durationCss =
            p.durUs < 0 ? QStringLiteral("color:%1").arg(pal.color(QPalette::Highlight).name()) : QString();
        rows.push_back(
            {{QString(p.nesting * 2, QLatin1Char(' ')) + p.phase, {}},
             {p.name, {}},
             {blockBar(from, to, kBarCells), barCss},
             {QStringLiteral("+") + duration(p.beginUs - r.startUs), QStringLiteral("color:%1").arg(dim)},
             {duration(p.durUs), durationCss}});
    }
    return html + monoTable(mono, dim,
                            {{tr("phase")},
                             {tr("hook / view")},
                             {tr("0 … %1").arg(duration(end - r.startUs))},
                             {tr("start"), Qt::AlignRight},
                             {tr("duration"), Qt::AlignRight}},
                            rows);
}

QString RequestDetailView::renderHooks(const RequestRecord &r) const
{
    QString html = QStringLiteral("<h3>Middleware, hooks, signals and the view, in the order they ran</h3>");
    QStringList items;
    for (const RequestRecord::Phase &p : r.phases)
        if (isHook(p.phase))
            items << QStringLiteral("<li>%1 <b>%2</b> <span style=\"color:%3\">(%4)</span></li>")
                         .arg(esc(p.phase), esc(p.name), palette().color(QPalette::PlaceholderText).name(),
                              duration(p.durUs));
    if (items.isEmpty())
        html += notice(tr("No hook has run (yet)."));
    else
        html += QStringLiteral("<ol>%1</ol>").arg(items.join(QString()));
    const QString by = r.shortCircuitedBy();
    if (!by.isEmpty()) {
        html +=
            QStringLiteral("<p style=\"color:%1\"><b>before_request %2 returned a response: the view did not "
                           "run.</b> Flask stops at the first before_request hook that returns a value and "
                           "uses it as the response.</p>")
                .arg(PhaseColors::shortCircuit().name(), esc(by));
    } else if (r.finished) {
        const bool viewRan = std::any_of(r.phases.begin(), r.phases.end(), [](const RequestRecord::Phase &p) {
            return p.phase == QLatin1String("view");
        });
        if (viewRan)
            html += QStringLiteral("<p>No before_request hook short-circuited: the view ran.</p>");
    }
    return html;
}

QString RequestDetailView::renderSession(const RequestRecord &r) const
{
    const QPalette pal = palette();
    const QString dim = pal.color(QPalette::PlaceholderText).name();
    const QString mono = QFontDatabase::systemFont(QFontDatabase::FixedFont).family();
    const auto code = [&mono](const QString &text) {
        return QStringLiteral("<span style=\"font-family:'%1'\">%2</span>").arg(mono, esc(text));
    };
    QString html = QStringLiteral("<h3>Session</h3>");
    if (r.sessionOpened) {
        QString outcome = esc(r.sessionOutcome);
        static const QStringList refused = {QStringLiteral("bad_signature"), QStringLiteral("expired"),
                                            QStringLiteral("bad_payload"), QStringLiteral("store_error")};
        if (refused.contains(r.sessionOutcome))
            outcome = QStringLiteral("<b style=\"color:%1\">%2</b>%3 — a new, empty session was used")
                          .arg(PhaseColors::serverError().name(), outcome,
                               r.sessionSid.isEmpty() ? QString() : QStringLiteral(": ") + esc(r.sessionSid));
        else if (!r.sessionSid.isEmpty())
            outcome += QStringLiteral(", sid ") + code(r.sessionSid);
        html +=
            QStringLiteral("<p>Interface <b>%1</b> · opened: %2</p>").arg(esc(r.sessionInterface), outcome);
        html += QStringLiteral("<p>Data at open: %1</p>")
                    .arg(r.sessionDataAtOpen.isEmpty() ? QStringLiteral("<i>not recorded</i>")
                                                       : code(r.sessionDataAtOpen));
    }

    if (!r.session.empty()) {
        const QString dimCss = QStringLiteral("color:%1").arg(dim);
        const QString strong = QStringLiteral("font-weight:bold");
        bool modified = false;
        bool accessed = false;
        bool permanent = false;
        // A flag that this operation flipped is bold.
        const auto flag = [&strong](bool now, bool &was) {
            const Cell cell{check(now), now != was ? strong : QString()};
            was = now;
            return cell;
        };
        std::vector<std::vector<Cell>> rows;
        int n = 0;
        for (const RequestRecord::SessionEvent &s : r.session) {
            Cell before;
            Cell after;
            if (s.kind == QLatin1String("read")) {
                before = {s.value, {}};
                after = {tr("(unchanged)"), dimCss};
            } else if (s.kind == QLatin1String("write")) {
                before = s.before.isEmpty() ? Cell{tr("(not seen)"), dimCss} : Cell{s.before, {}};
                after = {s.value, strong};
            } else {
                before = {s.value.isEmpty() ? s.before : s.value, {}};
                after = {tr("(deleted)"), strong};
            }
            rows.push_back({{QString::number(++n), dimCss},
                            {s.kind, {}},
                            {s.key, {}},
                            before,
                            {QStringLiteral("→"), dimCss},
                            after,
                            flag(s.modified, modified),
                            flag(s.accessed, accessed),
                            flag(s.permanent, permanent),
                            {QStringLiteral("+") + duration(s.tUs - r.startUs), dimCss}});
        }
        html += monoTable(mono, dim,
                          {{QStringLiteral("#"), Qt::AlignRight},
                           {tr("op")},
                           {tr("key")},
                           {tr("before")},
                           {QString()},
                           {tr("after")},
                           {tr("modified"), Qt::AlignHCenter},
                           {tr("accessed"), Qt::AlignHCenter},
                           {tr("permanent"), Qt::AlignHCenter},
                           {tr("at"), Qt::AlignRight}},
                          rows);
    } else if (r.sessionOpened) {
        html += notice(tr("The request did not read or write the session."));
    }

    if (r.sessionSaved && !r.sessionDataAtSave.isEmpty())
        html += QStringLiteral("<p>Data at save: %1</p>").arg(code(r.sessionDataAtSave));

    html += renderDecision(r);
    return html;
}

QString RequestDetailView::renderIsolation(const RequestRecord &r) const
{
    const QPalette pal = palette();
    QString html;
    if (!r.suspensions.empty()) {
        QStringList reasons;
        for (const RequestRecord::Suspension &s : r.suspensions)
            if (!reasons.contains(s.reason))
                reasons << s.reason;
        html += QStringLiteral("<p>%1</p>")
                    .arg(tr("Coroutine: suspended %n time(s) (%1), %2 waiting — meanwhile its worker ran "
                            "other requests' coroutines (hatched in the timeline).",
                            nullptr, static_cast<int>(r.suspensions.size()))
                             .arg(esc(reasons.join(QStringLiteral(", "))),
                                  duration(r.suspendedUs(r.latestUs()))));
    }
    const auto reads = r.crossReads();
    if (reads.empty())
        return html;
    const QColor tone = PhaseColors::serverError();
    QString text = tr("This request read another request's context %n time(s).", nullptr,
                      static_cast<int>(reads.size()));
    text += QStringLiteral("<br>") + esc(reads.front()->message) + QStringLiteral("<br>");
    text += tr("Its Local keyed two concurrent requests on the same slot, so the request stack held both "
               "contexts and <code>request</code>, <code>session</code> and <code>g</code> answered with "
               "the other one. Werkzeug keys Local on <code>greenlet.getcurrent</code> for exactly this "
               "reason: choose the coroutine ident in the App panel.");
    html += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"8\" border=\"2\" "
                           "style=\"border-color:%1; border-style:solid; margin-top:6px\">"
                           "<tr><td style=\"background-color:%2\">%3</td></tr></table>")
                .arg(tone.name(), PhaseColors::blend(pal.color(QPalette::Base), tone, 0.12).name(), text);
    return html;
}

QString RequestDetailView::renderDecision(const RequestRecord &r) const
{
    const QPalette pal = palette();
    QString html;
    // The save decision, in words: the point of the whole view.
    QColor tone = pal.color(QPalette::Text);
    if (r.sessionSaved && r.saveDecision == QLatin1String("set_cookie"))
        tone = QColor(0x2e, 0x9d, 0x4f);
    else if (r.unsavedChange())
        tone = PhaseColors::serverError();
    else if (r.sessionSaved && r.saveDecision == QLatin1String("skip"))
        tone = PhaseColors::clientError();
    QString decision = esc(r.saveExplanation());
    if (r.sessionSaved && r.saveBytes > 0)
        decision += tr(" (%1 bytes)").arg(r.saveBytes);
    html += QStringLiteral(
                "<table width=\"100%\" cellspacing=\"0\" cellpadding=\"8\" border=\"2\" "
                "style=\"border-color:%1; border-style:solid; margin-top:6px\">"
                "<tr><td style=\"background-color:%2\"><span style=\"font-size:large\"><b>%3</b></span>"
                "</td></tr></table>")
                .arg(tone.name(), PhaseColors::blend(pal.color(QPalette::Base), tone, 0.12).name(), decision);
    return html;
}

QString RequestDetailView::renderHeaders(const RequestRecord &r) const
{
    const auto block = [this](const QString &title, const QString &text, const QString &empty) {
        QString html = QStringLiteral("<h3>%1</h3>").arg(title);
        if (text.isEmpty())
            return html + notice(empty);
        return html + QStringLiteral("<pre>%1</pre>").arg(esc(text));
    };
    return block(tr("Request headers"), r.requestHeaders, tr("Not recorded.")) +
           block(tr("Response headers"), r.responseHeaders,
                 r.finished ? tr("Not recorded.") : tr("The response has not been written yet."));
}

QString RequestDetailView::renderStoreOps(const RequestRecord &r) const
{
    QString html = QStringLiteral("<h3>Session store operations</h3>");
    if (r.storeOps.empty())
        return html + notice(tr("None (a cookie session keeps its data in the cookie)."));
    const QString dim = palette().color(QPalette::PlaceholderText).name();
    std::vector<std::vector<Cell>> rows;
    for (const RequestRecord::StoreOp &op : r.storeOps) {
        const Cell result =
            op.ok ? Cell{tr("ok"), {}}
                  : Cell{tr("failed"),
                         QStringLiteral("color:%1; font-weight:bold").arg(PhaseColors::serverError().name())};
        rows.push_back(
            {{op.backend, {}},
             {op.op, {}},
             {op.key, {}},
             result,
             {op.ttl > 0 ? tr("%1 s").arg(op.ttl) : QStringLiteral("–"), {}},
             {duration(op.us), {}},
             {QStringLiteral("+") + duration(op.tUs - r.startUs), QStringLiteral("color:%1").arg(dim)}});
    }
    return html + monoTable(QFontDatabase::systemFont(QFontDatabase::FixedFont).family(), dim,
                            {{tr("backend")},
                             {tr("op")},
                             {tr("key")},
                             {tr("result")},
                             {tr("ttl"), Qt::AlignRight},
                             {tr("took"), Qt::AlignRight},
                             {tr("at"), Qt::AlignRight}},
                            rows);
}

QString RequestDetailView::renderErrors(const RequestRecord &r) const
{
    QString html = QStringLiteral("<h3>Errors</h3>");
    if (r.errors.empty())
        return html + notice(tr("None."));
    html += QStringLiteral("<ul>");
    for (const RequestRecord::Error &e : r.errors)
        html += QStringLiteral("<li style=\"color:%1\"><b>%2</b> in %3: %4 <span>(+%5)</span></li>")
                    .arg(PhaseColors::serverError().name(), esc(e.type), esc(e.where), esc(e.message),
                         duration(e.tUs - r.startUs));
    return html + QStringLiteral("</ul>");
}

QString RequestDetailView::renderFlashesAndG(const RequestRecord &r) const
{
    QString html = QStringLiteral("<h3>Flashed messages</h3>");
    if (r.flashes.empty()) {
        html += notice(tr("None."));
    } else {
        html += QStringLiteral("<ul>");
        for (const RequestRecord::Flash &f : r.flashes)
            html += QStringLiteral("<li>%1 [%2] %3</li>")
                        .arg(f.kind == QLatin1String("add") ? tr("flash") : tr("consumed"), esc(f.category),
                             esc(f.message));
        html += QStringLiteral("</ul>");
    }
    html += QStringLiteral("<h3>g</h3>");
    if (r.g.empty())
        return html + notice(tr("Not used."));
    html += QStringLiteral("<ul>");
    for (const RequestRecord::GAccess &a : r.g)
        html += QStringLiteral("<li>g.%1 %2 = %3</li>").arg(esc(a.kind), esc(a.key), esc(a.value));
    return html + QStringLiteral("</ul>");
}

} // namespace rs::ui
