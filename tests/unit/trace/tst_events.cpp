// The event contract: every kind's fields by DESIGN.md's names, JSON lines that parse, text cut
// at UTF-8 boundaries, and the bounded ring (order, drops counted, producers never wait).
#include "core/trace/CollectingSink.h"
#include "core/trace/Event.h"
#include "core/trace/EventBus.h"
#include "core/trace/EventDispatcher.h"
#include "core/trace/ExecutionContext.h"
#include "core/trace/JsonLinesSink.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <thread>

using namespace rs::trace;

class EventsTest : public QObject {
    Q_OBJECT

private slots:
    void everyKindHasDesignsFields_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QStringList>("fields");
        // DESIGN.md's fields, plus those the GUI's request detail needs (query, headers, data).
        QTest::newRow("request.begin")
            << "request.begin" << QStringList{"method", "path", "query", "headers"};
        QTest::newRow("request.end") << "request.end" << QStringList{"status", "bytes", "dur_us", "headers"};
        QTest::newRow("phase.begin") << "phase.begin" << QStringList{"phase", "name"};
        QTest::newRow("phase.end") << "phase.end" << QStringList{"phase", "name", "dur_us"};
        for (const char *k : {"local.set", "local.get", "local.del", "local.release"})
            QTest::newRow(k) << k << QStringList{"local", "key", "value"};
        QTest::newRow("stack.push") << "stack.push" << QStringList{"stack", "depth", "obj"};
        QTest::newRow("stack.pop") << "stack.pop" << QStringList{"stack", "depth", "obj"};
        QTest::newRow("session.open") << "session.open" << QStringList{"interface", "outcome", "sid", "data"};
        for (const char *k : {"session.read", "session.write", "session.delete"})
            QTest::newRow(k) << k << QStringList{"key", "value", "modified", "accessed", "permanent"};
        QTest::newRow("session.save") << "session.save" << QStringList{"decision", "reason", "bytes", "data"};
        QTest::newRow("store.op") << "store.op" << QStringList{"backend", "op", "key", "ok", "ttl", "us"};
        QTest::newRow("flash.add") << "flash.add" << QStringList{"category", "message"};
        QTest::newRow("flash.consume") << "flash.consume" << QStringList{"category", "message"};
        QTest::newRow("g.set") << "g.set" << QStringList{"key", "value"};
        QTest::newRow("g.get") << "g.get" << QStringList{"key", "value"};
        QTest::newRow("error") << "error" << QStringList{"where", "type", "message"};
    }

    void everyKindHasDesignsFields()
    {
        QFETCH(QString, kind);
        QFETCH(QStringList, fields);
        EventKind k;
        QVERIFY(kindFromName(kind.toStdString(), k));
        Event e(k);
        std::string json;
        e.appendJson(json);
        const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
        QStringList expected{"seq", "t_us", "thread", "ident", "req", "kind"};
        expected += fields;
        QStringList keys = o.keys();
        keys.sort();
        expected.sort();
        QCOMPARE(keys, expected);
        QCOMPARE(o.value("kind").toString(), kind);
    }

    void jsonEscapesAndParses()
    {
        Event e(EventKind::Error);
        e.setText(0, "where \"quoted\"");
        e.setText(1, "back\\slash\ttab\nnewline");
        e.setText(2, std::string_view("ctrl\x01 and 登录 😀", 21));
        std::string json;
        e.appendJson(json);
        QVERIFY(json.find("\\u0001") != std::string::npos);
        const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
        QCOMPARE(o.value("where").toString(), QStringLiteral("where \"quoted\""));
        QCOMPARE(o.value("type").toString(), QStringLiteral("back\\slash\ttab\nnewline"));
        QCOMPARE(o.value("message").toString(), QString::fromUtf8("ctrl\x01 and 登录 😀"));
    }

    void longThreadNameIsCutAtACharacterBoundary()
    {
        // 63 bytes, then "ʿ" (2 bytes) across the 64-byte limit: libFuzzer's find in a recording.
        static const std::string name = std::string(63, 'w') + "\xCA\xBF" + "er-1";
        Event e(EventKind::RequestEnd);
        e.thread = name.c_str();
        std::string json;
        e.appendJson(json);
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(json), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(o.value("thread").toString(), QString(63, QLatin1Char('w')));
    }

    void longTextIsCutAtACharacterBoundary()
    {
        Event e(EventKind::GSet);
        QByteArray longText;
        for (int i = 0; i < 200; ++i)
            longText += "登"; // 3 bytes each
        e.setText(0, "key");
        e.setText(1, std::string_view(longText.constData(), longText.size()));
        const QString value = e.field("value").toString();
        QVERIFY(value.endsWith(QChar(0x2026)));
        QVERIFY(value.size() > 10);
        QVERIFY(QString::fromUtf8(value.toUtf8()) == value); // valid UTF-8, nothing split
        QVERIFY(e.textUsed <= Event::kTextBytes);
    }

    void busKeepsOrderAndCountsDrops()
    {
        EventBus bus(8);
        bus.setEnabled(true);
        for (int i = 0; i < 12; ++i) {
            Event e(EventKind::GSet);
            e.setText(0, std::to_string(i));
            bus.publish(e);
        }
        QCOMPARE(bus.dropped(), quint64(4));
        std::vector<Event> out;
        QCOMPARE(bus.drain(out, 100), std::size_t(8));
        for (int i = 0; i < 8; ++i) {
            QCOMPARE(out[i].seq, quint64(i + 1));
            QCOMPARE(out[i].field("key").toString(), QString::number(i));
        }
        Event after(EventKind::GSet);
        bus.publish(after);
        out.clear();
        QCOMPARE(bus.drain(out, 100), std::size_t(1));
        QCOMPARE(out[0].seq, quint64(9));
    }

    void disabledBusRecordsNothing()
    {
        EventBus bus(8);
        Event e(EventKind::GSet);
        bus.publish(e);
        std::vector<Event> out;
        QCOMPARE(bus.drain(out, 10), std::size_t(0));
        QCOMPARE(bus.dropped(), quint64(0));
    }

    void headerComesFromTheExecutionContext()
    {
        EventBus bus(8);
        bus.setEnabled(true);
        std::thread t([&] {
            ExecutionContext::setThreadName("worker-9");
            RequestIdScope scope(42);
            Event e(EventKind::GSet);
            bus.publish(e);
        });
        t.join();
        std::vector<Event> out;
        bus.drain(out, 10);
        QCOMPARE(out.size(), std::size_t(1));
        QCOMPARE(out[0].field("thread").toString(), QStringLiteral("worker-9"));
        QCOMPARE(out[0].req, quint64(42));
        QVERIFY(out[0].ident != 0);
        QVERIFY(out[0].ident != ExecutionContext::current().ident);
    }

    void manyProducersOneConsumerInSequence()
    {
        EventBus bus(1 << 12);
        bus.setEnabled(true);
        std::atomic<bool> done{false};
        std::vector<Event> all;
        std::thread consumer([&] {
            std::vector<Event> batch;
            while (!done.load() || batch.size() > 0) {
                batch.clear();
                bus.drain(batch, 1024);
                all.insert(all.end(), batch.begin(), batch.end());
                if (batch.empty() && done.load())
                    break;
                std::this_thread::yield();
            }
        });
        std::vector<std::thread> producers;
        for (int p = 0; p < 4; ++p)
            producers.emplace_back([&] {
                for (int i = 0; i < 20000; ++i) {
                    Event e(EventKind::GGet);
                    bus.publish(e);
                }
            });
        for (auto &t : producers)
            t.join();
        done = true;
        consumer.join();
        std::vector<Event> rest;
        bus.drain(rest, 1 << 20);
        all.insert(all.end(), rest.begin(), rest.end());
        QCOMPARE(quint64(all.size()) + bus.dropped(), quint64(80000));
        for (std::size_t i = 1; i < all.size(); ++i)
            QVERIFY(all[i].seq == all[i - 1].seq + 1);
    }

    void jsonLinesSinkWritesOneObjectPerLine()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("events.jsonl");
        {
            auto sink = std::make_shared<JsonLinesSink>(path.toStdString());
            EventDispatcher dispatcher;
            dispatcher.addSink(sink);
            dispatcher.start();
            for (int i = 0; i < 100; ++i) {
                Event e(EventKind::PhaseBegin);
                e.setText(0, "view");
                e.setText(1, "hello");
                emitEvent(e);
            }
            dispatcher.stop();
        }
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        QCOMPARE(lines.size(), 101); // 100 lines and the empty tail after the last newline
        QCOMPARE(QJsonDocument::fromJson(lines[0]).object().value("phase").toString(),
                 QStringLiteral("view"));
    }

    void unwritableEventsFileIsAClearError()
    {
        try {
            JsonLinesSink sink("/nonexistent-dir/events.jsonl");
            QFAIL("opening must fail");
        } catch (const std::runtime_error &e) {
            QVERIFY(QString::fromUtf8(e.what()).startsWith(
                "cannot write events to /nonexistent-dir/events.jsonl: "));
        }
    }
};

QTEST_GUILESS_MAIN(EventsTest)
#include "tst_events.moc"
