// HistoryModel: rows in order with their columns and roles, bounded (the oldest dropped and
// counted), clear keeping the count.
#include "ui/client/HistoryModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace rs::ui;

namespace {
HistoryEntry entry(const QString &path, int status, quint64 requestId = 0)
{
    HistoryEntry e;
    e.method = QStringLiteral("GET");
    e.url = QUrl(QStringLiteral("http://127.0.0.1:5000") + path);
    e.sentAt = QDateTime::currentDateTime();
    e.status = status;
    e.reason = QStringLiteral("OK");
    e.body = "hello";
    e.bodyBytes = 5;
    e.elapsedMs = 1.25;
    e.requestId = requestId;
    if (!status)
        e.error = QStringLiteral("Connection refused");
    return e;
}

QString cell(const HistoryModel &m, int row, int column)
{
    return m.data(m.index(row, column)).toString();
}
} // namespace

class HistoryModelTest : public QObject {
    Q_OBJECT

private slots:
    void rowsShowTheRequestAndTheAnswer()
    {
        HistoryModel model;
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, &model);
        QCOMPARE(model.capacity(), HistoryModel::kDefaultCapacity);
        QCOMPARE(model.append(entry(QStringLiteral("/hello"), 200, 17)), 0);
        QCOMPARE(model.append(entry(QStringLiteral("/nowhere"), 0)), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(HistoryModel::ColumnCount));
        QCOMPARE(cell(model, 0, HistoryModel::MethodColumn), QStringLiteral("GET"));
        QCOMPARE(cell(model, 0, HistoryModel::UrlColumn), QStringLiteral("http://127.0.0.1:5000/hello"));
        QCOMPARE(cell(model, 0, HistoryModel::StatusColumn), QStringLiteral("200"));
        QCOMPARE(cell(model, 0, HistoryModel::TimeColumn), QStringLiteral("1.3 ms"));
        QVERIFY(!cell(model, 0, HistoryModel::SizeColumn).isEmpty());
        QCOMPARE(cell(model, 0, HistoryModel::RequestIdColumn), QStringLiteral("17"));
        QCOMPARE(model.data(model.index(0, 0), HistoryModel::RequestIdRole).value<quint64>(), quint64(17));
        QCOMPARE(model.data(model.index(0, 0), HistoryModel::StatusRole).toInt(), 200);
        QCOMPARE(cell(model, 1, HistoryModel::StatusColumn), QStringLiteral("error"));
        QCOMPARE(cell(model, 1, HistoryModel::RequestIdColumn), QString());
        QCOMPARE(model.data(model.index(1, 0), Qt::ToolTipRole).toString(),
                 QStringLiteral("Connection refused"));
        QCOMPARE(model.entry(1).statusLine(), QStringLiteral("no response: Connection refused"));
        QCOMPARE(model.headerData(HistoryModel::UrlColumn, Qt::Horizontal).toString(), QStringLiteral("URL"));
    }

    void theOldestRowsAreDroppedAndCounted()
    {
        HistoryModel model(3);
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, &model);
        QSignalSpy evicted(&model, &HistoryModel::evictedChanged);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(model.append(entry(QStringLiteral("/r%1").arg(i), 200, quint64(i + 1))), std::min(i, 2));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.evicted(), quint64(2));
        QCOMPARE(evicted.count(), 2);
        QCOMPARE(evicted.last().at(0).value<quint64>(), quint64(2));
        QCOMPARE(removed.count(), 2);
        QCOMPARE(removed.first().at(1).toInt(), 0); // always the first row
        QCOMPARE(cell(model, 0, HistoryModel::UrlColumn), QStringLiteral("http://127.0.0.1:5000/r2"));
        QCOMPARE(cell(model, 2, HistoryModel::UrlColumn), QStringLiteral("http://127.0.0.1:5000/r4"));

        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.evicted(), quint64(2));
        model.append(entry(QStringLiteral("/again"), 200));
        QCOMPARE(model.rowCount(), 1);
    }

    void aCapacityBelowOneIsOne()
    {
        HistoryModel model(0);
        QCOMPARE(model.capacity(), 1);
        model.append(entry(QStringLiteral("/a"), 200));
        model.append(entry(QStringLiteral("/b"), 200));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.evicted(), quint64(1));
    }

    void truncatedBodiesKnowTheirFullSize()
    {
        HistoryEntry e = entry(QStringLiteral("/download"), 200);
        e.body = QByteArray(100, 'x');
        e.bodyBytes = 1000;
        QVERIFY(e.bodyTruncated());
        e.responseHeaders = {{"Content-Type", "text/plain"}, {"X-Request-Id", "9"}};
        QCOMPARE(e.responseHeader("x-request-id"), QByteArray("9"));
        QCOMPARE(e.responseHeader("Location"), QByteArray());
        QCOMPARE(e.statusLine(), QStringLiteral("HTTP/1.1 200 OK"));
    }
};

QTEST_GUILESS_MAIN(HistoryModelTest)
#include "tst_history_model.moc"
