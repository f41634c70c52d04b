// StoreRecordModel under QAbstractItemModelTester: listings merged row by row (a selection
// survives a refresh), the TTL counting down on a test clock, values decoded from Flask's tagged
// JSON, and the requests that read or wrote each session, from a RequestStore fed recorded events.
#include "tests/unit/ui/UiModelTestSupport.h"
#include "ui/models/RequestStore.h"
#include "ui/session/StoreRecordModel.h"

#include <QPersistentModelIndex>
#include <QSignalSpy>

using namespace rs;
using namespace rs::ui;
using rs::trace::EventKind;
using rs::uitest::makeEvent;

namespace {
std::vector<StoreRecordModel::Row>
rows(std::initializer_list<std::tuple<const char *, const char *, qint64>> items)
{
    std::vector<StoreRecordModel::Row> out;
    for (const auto &[key, value, ttl] : items)
        out.push_back(StoreRecordModel::makeRow({QByteArray(key), QByteArray(value), ttl}, "session:"));
    return out;
}

QStringList keys(const StoreRecordModel &m)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out.append(m.index(r, StoreRecordModel::KeyColumn).data().toString());
    return out;
}

QString cell(const StoreRecordModel &m, int row, int column)
{
    return m.index(row, column).data().toString();
}
} // namespace

class TstStoreRecordModel : public QObject {
    Q_OBJECT

    qint64 clockMs_ = 1'000'000;

private slots:
    void init() { clockMs_ = 1'000'000; }

    void decodesAndCountsDown()
    {
        StoreRecordModel model(nullptr);
        uitest::attachTester(&model);
        model.setClock([this] { return clockMs_; });
        model.setRows(rows({{"session:b", R"({" t":[1,2]})", 100},
                            {"session:a", R"({"raw":{" b":"AP8="},"user":"alex"})", 3700},
                            {"session:c", "not json", -1}}),
                      clockMs_);
        QCOMPARE(keys(model), (QStringList{"session:a", "session:b", "session:c"}));
        QCOMPARE(cell(model, 0, StoreRecordModel::SidColumn), QStringLiteral("a"));
        QCOMPARE(cell(model, 0, StoreRecordModel::SizeColumn), QStringLiteral("35 B"));
        QCOMPARE(cell(model, 0, StoreRecordModel::ValueColumn),
                 QStringLiteral("{'raw': b'\\x00\\xff', 'user': 'alex'}"));
        QVERIFY(model.index(0, StoreRecordModel::ValueColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains("\"user\": \"alex\""));
        QVERIFY(cell(model, 2, StoreRecordModel::ValueColumn)
                    .startsWith(QStringLiteral("(not tagged JSON: Expecting value")));
        QCOMPARE(cell(model, 0, StoreRecordModel::TtlColumn), QStringLiteral("1:01:40"));
        QCOMPARE(cell(model, 1, StoreRecordModel::TtlColumn), QStringLiteral("1:40"));
        QCOMPARE(cell(model, 2, StoreRecordModel::TtlColumn), QStringLiteral("no expiry"));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        clockMs_ += 1500;
        model.tick();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().column(), int(StoreRecordModel::TtlColumn));
        QCOMPARE(model.index(1, 0).data(StoreRecordModel::TtlLeftRole).toLongLong(),
                 qint64(99)); // 98.5 s, rounded up
        clockMs_ += 99'000;
        model.tick();
        QCOMPARE(cell(model, 1, StoreRecordModel::TtlColumn), QStringLiteral("expired"));
        QCOMPARE(model.index(2, 0).data(StoreRecordModel::TtlLeftRole).toLongLong(), qint64(-1));
    }

    void mergesListingsKeepingSelection()
    {
        StoreRecordModel model(nullptr);
        uitest::attachTester(&model);
        model.setClock([this] { return clockMs_; });
        model.setRows(rows({{"session:a", "{}", 10},
                            {"session:c", "{}", 10},
                            {"session:d", "{}", 10},
                            {"session:f", "{}", 10}}),
                      clockMs_);
        const QPersistentModelIndex d(model.index(2, 0));
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setRows(
            rows({{"session:b", "{}", 10}, {"session:d", R"({"n":2})", 50}, {"session:e", "{}", 10}}),
            clockMs_);
        QCOMPARE(keys(model), (QStringList{"session:b", "session:d", "session:e"}));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(removed.count(), 2); // f, then a and c in one block
        QCOMPARE(inserted.count(), 2);
        QVERIFY(d.isValid());
        QCOMPARE(d.row(), 1);
        QCOMPARE(d.data(StoreRecordModel::RawValueRole).toByteArray(), QByteArray(R"({"n":2})"));
        QCOMPARE(model.rowOfKey("session:e"), 2);
        QCOMPARE(model.rowOfKey("session:a"), -1);

        model.setRows(rows({{"session:long", "{}", 31 * 86400 - 2}}), clockMs_);
        QCOMPARE(cell(model, 0, StoreRecordModel::TtlColumn), QStringLiteral("30 d 23:59:58"));
        model.setRows({}, clockMs_);
        QCOMPARE(model.rowCount(), 0);
        model.setRows(rows({{"session:x", "{}", 1}}), clockMs_);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void requestsThatTouchedEachSession()
    {
        RequestStore requests;
        StoreRecordModel model(&requests);
        uitest::attachTester(&model);
        model.setRows(rows({{"session:AAA", "{}", 10}, {"session:BBB", "{}", 10}}), clockMs_);
        QCOMPARE(cell(model, 0, StoreRecordModel::RequestsColumn), QString());

        std::uint64_t seq = 0;
        auto begin = [&](std::uint64_t req, const char *path) {
            return makeEvent(EventKind::RequestBegin, ++seq, req, 1, {{"method", "GET"}, {"path", path}});
        };
        auto op = [&](std::uint64_t req, const char *what, const char *key, bool ok = true) {
            return makeEvent(
                EventKind::StoreOp, ++seq, req, 1,
                {{"backend", "redis"}, {"op", what}, {"key", key}, {"ok", ok}, {"ttl", 10}, {"us", 5}});
        };
        requests.applyEvents({begin(7, "/login"), op(7, "set", "session:AAA"), begin(8, "/home"),
                              op(8, "get", "session:AAA"), op(8, "set", "session:AAA"), begin(9, "/other"),
                              op(9, "get", "session:BBB"), begin(10, "/x"),
                              op(10, "set", "session:BBB", false)});
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.refreshRequests();
        QCOMPARE(changed.count(), 2);
        QCOMPARE(cell(model, 0, StoreRecordModel::RequestsColumn), QStringLiteral("#7 wrote, #8 read+wrote"));
        QCOMPARE(cell(model, 1, StoreRecordModel::RequestsColumn),
                 QStringLiteral("#9 read, #10 wrote (failed)"));
        QCOMPARE(model.index(0, 0).data(StoreRecordModel::RequestIdsRole).toList(),
                 (QVariantList{QVariant::fromValue(quint64(7)), QVariant::fromValue(quint64(8))}));
        // Nothing new: no signal.
        model.refreshRequests();
        QCOMPARE(changed.count(), 2);
    }
};

QTEST_MAIN(TstStoreRecordModel)
#include "tst_store_record_model.moc"
