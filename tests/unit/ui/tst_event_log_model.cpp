// EventLogModel and EventFilterProxyModel: columns and details text, the bound and its eviction
// (one insert and at most one removal per batch), filters by kind, request, thread and text, and
// a real request of the demo app replayed in batches.
#include "UiModelTestSupport.h"
#include "ui/models/EventFilterProxyModel.h"
#include "ui/models/EventLogModel.h"

#include <QSignalSpy>

using namespace rs;
using trace::EventKind;
using ui::EventFilterProxyModel;
using ui::EventLogModel;
using uitest::makeEvent;

namespace {
std::vector<trace::Event> numbered(std::uint64_t first, std::uint64_t count)
{
    std::vector<trace::Event> out;
    for (std::uint64_t s = first; s < first + count; ++s)
        out.push_back(makeEvent(EventKind::GSet, s, s % 3, 7, {{"key", "k"}, {"value", QString::number(s)}}));
    return out;
}

// A few kinds, requests and threads for the filters.
std::vector<trace::Event> mixed()
{
    return {
        makeEvent(EventKind::RequestBegin, 1, 1, 10, {{"method", "GET"}, {"path", "/hello"}}, "worker-1"),
        makeEvent(EventKind::PhaseBegin, 2, 1, 10, {{"phase", "view"}, {"name", "hello"}}, "worker-1"),
        makeEvent(EventKind::RequestBegin, 3, 2, 11, {{"method", "GET"}, {"path", "/login"}}, "worker-2"),
        makeEvent(EventKind::SessionWrite, 4, 2, 11,
                  {{"key", "user"}, {"value", "'alex'"}, {"modified", true}}, "worker-2"),
        makeEvent(EventKind::PhaseEnd, 5, 1, 10, {{"phase", "view"}, {"name", "hello"}, {"dur_us", 42}},
                  "worker-1"),
        makeEvent(EventKind::Error, 6, 0, 12, {{"where", "accept"}, {"type", "io"}, {"message", "Reset"}},
                  "accept"),
        makeEvent(EventKind::RequestEnd, 7, 2, 11, {{"status", 200}, {"bytes", 30}, {"dur_us", 900}},
                  "worker-2"),
    };
}

QList<quint64> seqs(const QAbstractItemModel &m)
{
    QList<quint64> out;
    for (int r = 0; r < m.rowCount(); ++r)
        out.append(m.index(r, 0).data(EventLogModel::SeqRole).toULongLong());
    return out;
}
} // namespace

class EventLogModelTest : public QObject {
    Q_OBJECT

private slots:
    void columnsAndDetails()
    {
        EventLogModel model;
        uitest::attachTester(&model);
        model.appendEvents(mixed());
        QCOMPARE(model.rowCount(), 7);
        QCOMPARE(model.columnCount(), int(EventLogModel::ColumnCount));
        QCOMPARE(model.headerData(EventLogModel::KindColumn, Qt::Horizontal).toString(),
                 QStringLiteral("kind"));
        const auto cell = [&](int row, int col) { return model.index(row, col).data().toString(); };
        QCOMPARE(cell(3, EventLogModel::SeqColumn), QStringLiteral("4"));
        QCOMPARE(cell(3, EventLogModel::TimeColumn), QStringLiteral("40"));
        QCOMPARE(cell(3, EventLogModel::ThreadColumn), QStringLiteral("worker-2"));
        QCOMPARE(cell(3, EventLogModel::IdentColumn), QStringLiteral("11"));
        QCOMPARE(model.index(3, EventLogModel::IdentColumn).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("thread 11 (worker-2)"));
        // A coroutine's ident reads as its number, the plain-dict mode's as what it is.
        EventLogModel idents;
        idents.appendEvents({makeEvent(EventKind::GGet, 1, 1, 1'000'000'012, {{"key", "k"}, {"value", "v"}}),
                             makeEvent(EventKind::GGet, 2, 1, 999'999'999, {{"key", "k"}, {"value", "v"}})});
        QCOMPARE(idents.index(0, EventLogModel::IdentColumn).data().toString(),
                 QStringLiteral("coroutine #12"));
        QCOMPARE(idents.index(0, EventLogModel::IdentColumn).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("coroutine #12 on worker-1"));
        QCOMPARE(idents.index(1, EventLogModel::IdentColumn).data().toString(),
                 QStringLiteral("shared dict"));
        QCOMPARE(cell(3, EventLogModel::RequestColumn), QStringLiteral("2"));
        QCOMPARE(cell(3, EventLogModel::KindColumn), QStringLiteral("session.write"));
        QCOMPARE(cell(3, EventLogModel::DetailsColumn),
                 QStringLiteral("key=user value='alex' modified=true accessed=false permanent=false"));
        QCOMPARE(cell(4, EventLogModel::DetailsColumn), QStringLiteral("phase=view name=hello dur_us=42"));
        QCOMPARE(cell(5, EventLogModel::RequestColumn), QString()); // outside any request
        QCOMPARE(model.index(6, 0).data(EventLogModel::KindRole).toInt(), int(EventKind::RequestEnd));
    }

    void oneInsertPerBatch()
    {
        EventLogModel model;
        uitest::attachTester(&model);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.appendEvents(numbered(1, 50));
        model.appendEvents({});
        model.appendEvents(numbered(51, 25));
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(inserted.at(1).at(1).toInt(), 50);
        QCOMPARE(inserted.at(1).at(2).toInt(), 74);
        QCOMPARE(model.rowCount(), 75);
        QCOMPARE(model.appended(), quint64(75));
        QCOMPARE(model.evicted(), quint64(0));
    }

    void evictionKeepsTheBound()
    {
        EventLogModel model(nullptr, 10);
        uitest::attachTester(&model);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        std::uint64_t next = 1;
        for (int i = 0; i < 5; ++i) {
            model.appendEvents(numbered(next, 7));
            next += 7;
            QVERIFY(model.rowCount() <= 10);
        }
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.evicted(), quint64(25));
        QCOMPARE(seqs(model).first(), quint64(26));
        QCOMPARE(seqs(model).last(), quint64(35));
        QCOMPARE(inserted.count(), 5);
        QCOMPARE(removed.count(), 4); // the first batch fits

        // A batch larger than the bound: only its tail is kept, one removal and one insert.
        inserted.clear();
        removed.clear();
        model.appendEvents(numbered(next, 25));
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(seqs(model).first(), quint64(51));
        QCOMPARE(seqs(model).last(), quint64(60));
        QCOMPARE(model.evicted(), quint64(25 + 10 + 15));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(removed.count(), 1);

        model.setCapacity(4);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(seqs(model).first(), quint64(57));
        QCOMPARE(model.evicted(), quint64(56));

        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.evicted(), quint64(0));
    }

    void pauseHoldsRowsUntilResume()
    {
        EventLogModel model(nullptr, 10);
        uitest::attachTester(&model);
        model.appendEvents(numbered(1, 4));
        model.setPaused(true);
        QVERIFY(model.isPaused());
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.appendEvents(numbered(5, 3));
        model.appendEvents(numbered(8, 5));
        QCOMPARE(model.rowCount(), 4); // frozen
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(model.pendingCount(), std::size_t(8));
        model.appendEvents(numbered(13, 4)); // the pending tail keeps the bound too
        QCOMPARE(model.pendingCount(), std::size_t(10));
        QCOMPARE(model.evicted(), quint64(2));

        model.setPaused(false);
        QCOMPARE(inserted.count(), 1); // the held events arrive as one batch
        QCOMPARE(model.pendingCount(), std::size_t(0));
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(seqs(model).first(), quint64(7));
        QCOMPARE(seqs(model).last(), quint64(16));
        QCOMPARE(model.evicted(), quint64(6));
        QCOMPARE(model.appended(), quint64(16));
    }

    void proxyFilters()
    {
        EventLogModel model;
        EventFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        uitest::attachTester(&model);
        uitest::attachTester(&proxy);
        model.appendEvents(mixed());
        QCOMPARE(seqs(proxy), (QList<quint64>{1, 2, 3, 4, 5, 6, 7}));

        proxy.setKinds({EventKind::RequestBegin, EventKind::RequestEnd});
        QCOMPARE(seqs(proxy), (QList<quint64>{1, 3, 7}));
        proxy.setRequest(2);
        QCOMPARE(seqs(proxy), (QList<quint64>{3, 7}));
        proxy.setKinds({});
        QCOMPARE(seqs(proxy), (QList<quint64>{3, 4, 7}));
        proxy.setRequest(0); // outside any request
        QCOMPARE(seqs(proxy), (QList<quint64>{6}));
        proxy.setRequest(std::nullopt);

        proxy.setThread(QStringLiteral("worker-1"));
        QCOMPARE(seqs(proxy), (QList<quint64>{1, 2, 5}));
        proxy.setText(QStringLiteral("DUR_US=42"));
        QCOMPARE(seqs(proxy), (QList<quint64>{5}));
        proxy.setThread({});
        proxy.setText(QStringLiteral("alex"));
        QCOMPARE(seqs(proxy), (QList<quint64>{4}));
        proxy.setText(QStringLiteral("request.")); // the kind name matches too
        QCOMPARE(seqs(proxy), (QList<quint64>{1, 3, 7}));

        // New rows go through the filter as they arrive.
        model.appendEvents(
            {makeEvent(EventKind::RequestBegin, 8, 3, 10, {{"method", "GET"}, {"path", "/"}})});
        QCOMPARE(seqs(proxy), (QList<quint64>{1, 3, 7, 8}));
        proxy.setText({});
        QCOMPARE(proxy.rowCount(), 8);
    }

    void liveRequestInBatches()
    {
        test::EventRecorder recorder;
        uitest::DemoServer server;
        QVERIFY2(server.started(), qPrintable(server.error()));
        QCOMPARE(server.get("/hello").status, 200);
        QCOMPARE(server.get("/login").status, 200);
        const std::vector<trace::Event> events = uitest::eventsAfterRequests(recorder, 2);
        QVERIFY(!events.empty());

        EventLogModel model(nullptr, 50);
        EventFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        uitest::attachTester(&model);
        uitest::attachTester(&proxy);
        for (const auto &batch : uitest::batches(events, 7))
            model.appendEvents(batch);
        QCOMPARE(model.rowCount(), std::min<int>(50, int(events.size())));
        QCOMPARE(model.evicted() + quint64(model.rowCount()), quint64(events.size()));

        const std::uint64_t login = uitest::requestFor(events, QStringLiteral("/login"));
        QVERIFY(login != 0);
        proxy.setRequest(login);
        proxy.setKinds({EventKind::SessionWrite});
        QCOMPARE(proxy.rowCount(), 1);
        QVERIFY(proxy.index(0, EventLogModel::DetailsColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("key=user")));
    }
};

QTEST_GUILESS_MAIN(EventLogModelTest)
#include "tst_event_log_model.moc"
