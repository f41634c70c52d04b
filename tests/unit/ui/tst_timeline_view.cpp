// TimelineView: lanes per (thread, ident), a click on a bar emits its request id, zoom (buttons,
// keys, Ctrl+wheel around the mouse) changes the span in view, follow-live keeps the newest time
// in view until a pan turns it off, running requests grow to the newest time, and the store's
// eviction and reset reach the view. Rendered offscreen at a fixed size.
#include "UiModelTestSupport.h"
#include "ui/models/RequestStore.h"
#include "ui/views/PhaseColors.h"
#include "ui/views/TimelineView.h"

#include "core/fiber/IdentMode.h"

#include <QApplication>
#include <QScrollBar>
#include <QSignalSpy>
#include <QWheelEvent>

using namespace rs;
using trace::EventKind;
using ui::RequestStore;
using ui::TimelineView;
using uitest::makeEvent;

namespace {
// A request from `startUs` lasting `durUs`: middleware > wsgi_app > (before_request, view,
// save_session); unfinished when `finished` is false (it stops inside the view).
std::vector<trace::Event> request(std::uint64_t req, const char *thread, std::uint64_t ident, qint64 startUs,
                                  qint64 durUs, int status = 200, bool finished = true,
                                  const char *path = "/hello")
{
    std::uint64_t seq = req * 100;
    const auto at = [&](double fraction) { return startUs + static_cast<qint64>(durUs * fraction); };
    std::vector<trace::Event> out = {
        makeEvent(EventKind::RequestBegin, seq++, req, ident, {{"method", "GET"}, {"path", path}}, thread,
                  at(0)),
        makeEvent(EventKind::PhaseBegin, seq++, req, ident, {{"phase", "middleware"}, {"name", "MiddleWare"}},
                  thread, at(0.02)),
        makeEvent(EventKind::PhaseBegin, seq++, req, ident, {{"phase", "wsgi_app"}, {"name", "demo"}}, thread,
                  at(0.05)),
        makeEvent(EventKind::PhaseBegin, seq++, req, ident,
                  {{"phase", "before_request"}, {"name", "check_login"}}, thread, at(0.1)),
        makeEvent(EventKind::PhaseEnd, seq++, req, ident,
                  {{"phase", "before_request"}, {"name", "check_login"}, {"dur_us", durUs / 10}}, thread,
                  at(0.2)),
        makeEvent(EventKind::PhaseBegin, seq++, req, ident, {{"phase", "view"}, {"name", "hello"}}, thread,
                  at(0.25)),
    };
    if (!finished)
        return out;
    const std::vector<trace::Event> rest = {
        makeEvent(EventKind::PhaseEnd, seq++, req, ident,
                  {{"phase", "view"}, {"name", "hello"}, {"dur_us", 1}}, thread, at(0.7)),
        makeEvent(EventKind::PhaseBegin, seq++, req, ident, {{"phase", "save_session"}, {"name", "cookie"}},
                  thread, at(0.75)),
        makeEvent(EventKind::PhaseEnd, seq++, req, ident,
                  {{"phase", "save_session"}, {"name", "cookie"}, {"dur_us", 1}}, thread, at(0.85)),
        makeEvent(EventKind::PhaseEnd, seq++, req, ident,
                  {{"phase", "wsgi_app"}, {"name", "demo"}, {"dur_us", 1}}, thread, at(0.9)),
        makeEvent(EventKind::PhaseEnd, seq++, req, ident,
                  {{"phase", "middleware"}, {"name", "MiddleWare"}, {"dur_us", 1}}, thread, at(0.95)),
        makeEvent(EventKind::RequestEnd, seq++, req, ident,
                  {{"status", status}, {"bytes", 5}, {"dur_us", durUs}}, thread, at(1)),
    };
    out.insert(out.end(), rest.begin(), rest.end());
    return out;
}

void feed(RequestStore &store, const std::vector<std::vector<trace::Event>> &requests)
{
    std::vector<trace::Event> batch;
    for (const auto &r : requests)
        batch.insert(batch.end(), r.begin(), r.end());
    store.applyEvents(batch);
}

void showAt(TimelineView &view, QSize size = {900, 320})
{
    view.resize(size);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.refresh();
}

void wheel(QWidget *target, QPoint pos, int delta, Qt::KeyboardModifiers modifiers)
{
    QWheelEvent event(QPointF(pos), QPointF(target->mapToGlobal(pos)), QPoint(), QPoint(0, delta),
                      Qt::NoButton, modifiers, Qt::NoScrollPhase, false);
    QApplication::sendEvent(target, &event);
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    p.setColor(QPalette::WindowText, QColor(0xe8, 0xea, 0xed));
    p.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x27, 0x2b));
    p.setColor(QPalette::Text, QColor(0xe8, 0xea, 0xed));
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0xa0, 0xa6));
    p.setColor(QPalette::Mid, QColor(0x55, 0x55, 0x55));
    p.setColor(QPalette::Button, QColor(0x33, 0x33, 0x33));
    p.setColor(QPalette::ButtonText, QColor(0xe8, 0xea, 0xed));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x8b, 0xd9));
    return p;
}

double span(const TimelineView &view)
{
    return static_cast<double>(view.visibleEndUs() - view.visibleStartUs());
}
} // namespace

class TimelineViewTest : public QObject {
    Q_OBJECT

private slots:
    // Coroutine workers: request.begin comes from the worker's event loop (the thread's ident), the
    // rest from the request's coroutine, which gets its own lane under the worker. Where the
    // coroutine was suspended the bar is hatched; a cross_request_read error puts a red flag on it.
    void coroutineSwitchesAndCrossReads()
    {
        const std::uint64_t thread = 4242;
        const std::uint64_t co12 = fiber::kCoroutineIdentBase + 12;
        const std::uint64_t co13 = fiber::kCoroutineIdentBase + 13;
        std::vector<trace::Event> one = request(1, "worker-1", co12, 0, 10'000, 200, true, "/whoami");
        std::vector<trace::Event> two = request(2, "worker-1", co13, 1000, 10'000, 500, true, "/whoami");
        one.front().ident = thread;
        two.front().ident = thread;
        // Request 1 sleeps in its view from 30% to 60%, then reads request 2's context at 65%.
        one.push_back(makeEvent(EventKind::CoroutineSuspend, 150, 1, co12,
                                {{"coroutine", 12}, {"reason", "sleep"}}, "worker-1", 3000));
        one.push_back(makeEvent(EventKind::CoroutineResume, 151, 1, co12,
                                {{"coroutine", 12}, {"waited_us", 3000}}, "worker-1", 6000));
        one.push_back(makeEvent(EventKind::Error, 152, 1, co12,
                                {{"where", "request"},
                                 {"type", "cross_request_read"},
                                 {"message", "request 1 read request 2's context"}},
                                "worker-1", 6500));
        RequestStore store;
        feed(store, {one, two});
        const rs::ui::RequestRecord *r1 = store.find(1);
        QVERIFY(r1);
        QCOMPARE(r1->ident, co12); // the coroutine's, not the thread's of request.begin
        QCOMPARE(r1->suspensions.size(), std::size_t(1));
        QCOMPARE(r1->suspensions.front().reason, QStringLiteral("sleep"));
        QCOMPARE(r1->suspendedUs(0), qint64(3000));
        QCOMPARE(r1->crossReads().size(), std::size_t(1));

        TimelineView view(store);
        showAt(view);
        QCOMPARE(view.laneCount(), 2); // one lane per coroutine, both under worker-1
        view.setVisibleRange(0, 12'000);
        view.refresh();
        const QRect bar = view.barRect(1);
        QVERIFY(bar.isValid());
        QVERIFY(view.barRect(2).top() > bar.top());
        const QImage image = view.viewport()->grab().toImage();
        const auto xAt = [&](qint64 us) {
            return bar.left() + static_cast<int>(bar.width() * us / 10'000.0);
        };
        const QColor viewColor = ui::PhaseColors::forPhase(QStringLiteral("view"));
        // Running in its view at 27%: the phase colour. Suspended at 45%: no pixel of it.
        QCOMPARE(image.pixelColor(xAt(2700), bar.center().y()), viewColor);
        for (int dx = 0; dx < 4; ++dx)
            QVERIFY(image.pixelColor(xAt(4500) + dx, bar.center().y()) != viewColor);
        // The red flag at 65%.
        bool flag = false;
        for (int dx = -1; dx <= 1 && !flag; ++dx)
            flag = image.pixelColor(xAt(6500) + dx, bar.center().y()) == ui::PhaseColors::serverError();
        QVERIFY(flag);
    }

    void lanesAndClicks()
    {
        RequestStore store;
        feed(store, {request(1, "worker-1", 11, 1000, 4000), request(2, "worker-2", 21, 2000, 3000, 500),
                     request(3, "worker-2", 22, 2500, 2000), request(4, "worker-10", 31, 6000, 2000)});
        TimelineView view(store);
        showAt(view);
        QCOMPARE(view.laneCount(), 4); // worker-1, worker-2 (two idents), worker-10 after worker-2
        view.setVisibleRange(0, 10'000);
        QVERIFY(!view.followLive());
        QCOMPARE(view.visibleStartUs(), qint64(0));
        QVERIFY(qAbs(view.visibleEndUs() - 10'000) <= 1);

        QSignalSpy activated(&view, &TimelineView::requestActivated);
        for (quint64 id : {1, 2, 3, 4}) {
            const QRect bar = view.barRect(id);
            QVERIFY2(bar.isValid(), qPrintable(QString::number(id)));
            QCOMPARE(view.requestAt(bar.center()), id);
            QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, bar.center());
            QCOMPARE(activated.count(), 1);
            QCOMPARE(activated.takeFirst().at(0).toULongLong(), id);
            QCOMPARE(view.selectedRequest(), id);
        }
        // Lanes are ordered naturally by thread, then ident.
        QVERIFY(view.barRect(1).top() < view.barRect(2).top());
        QVERIFY(view.barRect(2).top() < view.barRect(3).top());
        QVERIFY(view.barRect(3).top() < view.barRect(4).top());
        // Bars sit where their times are: request 2 spans 2000..5000 of 0..10000.
        const QRect bar2 = view.barRect(2);
        const double usPerPixel = view.microsecondsPerPixel();
        QVERIFY(qAbs(bar2.width() * usPerPixel - 3000) <= 2 * usPerPixel);

        // Nothing under the label column or between bars.
        const QRect bar1 = view.barRect(1);
        QCOMPARE(view.requestAt(QPoint(10, bar1.center().y())), quint64(0));
        QCOMPARE(view.requestAt(QPoint(bar1.right() + 50, bar1.center().y())), quint64(0));
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, QPoint(bar1.right() + 50, bar1.center().y()));
        QCOMPARE(activated.count(), 0);

        // The phase under the cursor: request 1's view runs over 25%..70% of 1000..5000.
        const int viewX = static_cast<int>(bar1.left() + bar1.width() * 0.5);
        QCOMPARE(view.phaseAt(QPoint(viewX, bar1.center().y())), QStringLiteral("view hello"));
        const int beforeX = static_cast<int>(bar1.left() + bar1.width() * 0.15);
        QCOMPARE(view.phaseAt(QPoint(beforeX, bar1.center().y())),
                 QStringLiteral("before_request check_login"));

        // A drag pans instead of clicking.
        const qint64 startBefore = view.visibleStartUs();
        QTest::mousePress(view.viewport(), Qt::LeftButton, {}, bar1.center());
        QMouseEvent move(QEvent::MouseMove, QPointF(bar1.center() + QPoint(100, 0)),
                         QPointF(view.viewport()->mapToGlobal(bar1.center() + QPoint(100, 0))), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view.viewport(), &move);
        QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, bar1.center() + QPoint(100, 0));
        QCOMPARE(activated.count(), 0);
        QVERIFY(qAbs(view.visibleStartUs() - (startBefore - qint64(100 * usPerPixel))) <= 2);
    }

    void zoom()
    {
        RequestStore store;
        feed(store, {request(1, "worker-1", 11, 1000, 4000), request(2, "worker-1", 11, 6000, 4000)});
        TimelineView view(store);
        showAt(view);
        view.setVisibleRange(0, 12'000);
        QSignalSpy ranges(&view, &TimelineView::visibleRangeChanged);

        const double before = span(view);
        view.zoomIn();
        QVERIFY(qAbs(span(view) - before / 1.5) < 5);
        QVERIFY(ranges.count() >= 1);
        view.zoomOut();
        QVERIFY(qAbs(span(view) - before) < 5);

        // Ctrl+wheel zooms around the mouse: the time under it stays under it.
        const QRect bar2 = view.barRect(2);
        const QPoint mouse(bar2.left(), bar2.center().y());
        QCOMPARE(view.requestAt(mouse), quint64(2));
        wheel(view.viewport(), mouse, 120 * 10, Qt::ControlModifier); // 1.25^10: about 9.3 times
        QVERIFY2(span(view) < before / 9, qPrintable(QString::number(span(view))));
        QVERIFY(qAbs(view.barRect(2).left() - mouse.x()) <= 1);
        QCOMPARE(view.requestAt(mouse), quint64(2));
        // Request 1 ended 1000 µs before request 2 began: now off screen to the left.
        QVERIFY(view.barRect(1).isEmpty());

        // Keys zoom out again.
        view.setFocus();
        const double zoomed = span(view);
        QTest::keyClick(&view, Qt::Key_Minus);
        QVERIFY(span(view) > zoomed * 1.4);

        // Fit shows everything kept.
        view.zoomToFit();
        QVERIFY(view.visibleStartUs() <= 1000);
        QVERIFY(view.visibleEndUs() >= 10'000);
        QVERIFY(view.barRect(1).isValid() && view.barRect(2).isValid());
    }

    void followLive()
    {
        RequestStore store;
        TimelineView view(store);
        showAt(view);
        QVERIFY(view.followLive());
        QSignalSpy followChanged(&view, &TimelineView::followLiveChanged);

        feed(store, {request(1, "worker-1", 11, 1000, 2000)});
        view.refresh();
        QCOMPARE(view.nowUs(), qint64(3000));
        QVERIFY(view.visibleStartUs() < 3000 && view.visibleEndUs() > 3000);
        QVERIFY(view.visibleEndUs() - 3000 < span(view) / 10); // "now" near the right edge

        // Later events move the range (once a frame, by the timer).
        feed(store, {request(2, "worker-2", 21, 500'000, 1000)});
        QTRY_VERIFY(view.visibleStartUs() > 3000);
        QVERIFY(view.visibleStartUs() < 501'000 && view.visibleEndUs() > 501'000);
        QVERIFY(view.barRect(2).isValid());
        QVERIFY(view.barRect(1).isEmpty());

        // A pan turns it off; the range then stays where the user left it.
        QTest::keyClick(&view, Qt::Key_Left);
        QVERIFY(!view.followLive());
        QCOMPARE(followChanged.count(), 1);
        QVERIFY(!view.followLiveAction()->isChecked());
        const qint64 left = view.visibleStartUs();
        feed(store, {request(3, "worker-1", 11, 900'000, 1000)});
        view.refresh();
        QCOMPARE(view.visibleStartUs(), left);

        // Scroll bar moves by the user pan too (and it was off already: no new signal).
        view.horizontalScrollBar()->triggerAction(QAbstractSlider::SliderPageStepSub);
        QVERIFY(view.visibleStartUs() < left);

        // Back on: the newest time returns to the right edge.
        view.followLiveAction()->trigger();
        QVERIFY(view.followLive());
        QVERIFY(view.visibleStartUs() < 901'000 && view.visibleEndUs() > 901'000);
        QCOMPARE(followChanged.count(), 2);
        // Zooming while following keeps following, anchored at now.
        view.zoomIn();
        QVERIFY(view.followLive());
        QVERIFY(view.visibleStartUs() < 901'000 && view.visibleEndUs() > 901'000);
    }

    void runningRequestsGrowToNow()
    {
        RequestStore store;
        feed(store, {request(1, "worker-1", 11, 1000, 4000, 200, false)});
        TimelineView view(store);
        showAt(view);
        view.setVisibleRange(0, 20'000);
        QCOMPARE(view.nowUs(), qint64(2000)); // the view phase began at 25% of 4000 µs
        const int widthBefore = view.barRect(1).width();
        feed(store, {request(2, "worker-2", 21, 9000, 1000)});
        view.refresh();
        QCOMPARE(view.nowUs(), qint64(10'000));
        const QRect grown = view.barRect(1);
        QVERIFY2(grown.width() > widthBefore * 5, qPrintable(QString::number(grown.width())));
        QCOMPARE(view.requestAt(QPoint(grown.right() - 2, grown.center().y())), quint64(1));
        QCOMPARE(view.phaseAt(QPoint(grown.right() - 2, grown.center().y())), QStringLiteral("view hello"));
    }

    void evictionAndReset()
    {
        RequestStore store(nullptr, 3);
        TimelineView view(store);
        showAt(view);
        std::vector<std::vector<trace::Event>> many;
        for (std::uint64_t req = 1; req <= 6; ++req)
            many.push_back(request(req, "worker-1", 11, static_cast<qint64>(req) * 10'000, 5000));
        many.push_back(request(7, "worker-2", 21, 75'000, 1000)); // a second lane, for a while
        feed(store, many);
        view.zoomToFit();
        QCOMPARE(view.laneCount(), 2);
        QVERIFY(view.barRect(4).isEmpty()); // evicted: the store keeps 5, 6 and 7
        QVERIFY(view.barRect(5).isValid());
        QVERIFY(view.barRect(7).isValid());
        QCOMPARE(view.requestAt(view.barRect(6).center()), quint64(6));
        // Its lane goes with its last request.
        std::vector<std::vector<trace::Event>> more;
        for (std::uint64_t req = 8; req <= 10; ++req)
            more.push_back(request(req, "worker-1", 11, static_cast<qint64>(req) * 10'000, 5000));
        feed(store, more);
        view.refresh();
        QCOMPARE(view.laneCount(), 1);
        QVERIFY(view.barRect(7).isEmpty());
        QCOMPARE(view.requestAt(view.barRect(10).center()), quint64(10));
        store.clear();
        view.refresh();
        QCOMPARE(view.laneCount(), 0);
        QCOMPARE(view.nowUs(), qint64(0));
        QVERIFY(view.barRect(6).isEmpty());
    }

    // Not a check: writes the view as a PNG when RS_UI_SNAPSHOT_DIR is set, to look at it.
    void snapshot()
    {
        const QString dir = qEnvironmentVariable("RS_UI_SNAPSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("RS_UI_SNAPSHOT_DIR not set");
        RequestStore store;
        std::vector<std::vector<trace::Event>> all;
        std::uint64_t req = 1;
        for (int i = 0; i < 8; ++i) {
            const char *thread = i % 3 == 0 ? "worker-1" : i % 3 == 1 ? "worker-2" : "worker-3";
            all.push_back(request(req, thread, 10 + i % 3, 1000 + i * 1500, 2200 + (i % 4) * 700,
                                  i == 4   ? 500
                                  : i == 6 ? 404
                                           : 200,
                                  true, i % 2 ? "/cart/add/x" : "/login"));
            ++req;
        }
        all.push_back(request(req++, "worker-4", 77, 12'000, 6000, 200, false, "/slow"));
        all.push_back(request(req++, "worker-4", 78, 12'500, 3000, 200, true, "/whoami"));
        feed(store, all);
        TimelineView view(store);
        showAt(view, {1000, 330});
        view.zoomToFit();
        view.setSelectedRequest(2);
        QVERIFY(view.grab().save(dir + QStringLiteral("/timeline.png")));
        view.setPalette(darkPalette());
        QVERIFY(view.grab().save(dir + QStringLiteral("/timeline-dark.png")));
    }
};

QTEST_MAIN(TimelineViewTest)
#include "tst_timeline_view.moc"
