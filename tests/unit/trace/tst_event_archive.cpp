// trace::EventArchive: what goes in comes out (header, texts, ints, bools), ranges are clamped,
// and indexOfSeq finds events by number in a recording with gaps (dropped events) and in one
// that is not in sequence order.
#include "core/trace/EventArchive.h"

#include <QtTest>

#include <string>

using namespace rs::trace;

namespace {
Event makeEvent(std::uint64_t seq, std::uint64_t req, const std::string &text)
{
    Event e;
    e.seq = seq;
    e.tUs = static_cast<std::int64_t>(seq) * 10;
    e.req = req;
    e.ident = 7;
    e.thread = "worker-1";
    e.kind = req == 0 ? EventKind::Error : EventKind::RequestBegin;
    e.setText(0, text);
    e.setText(1, "second");
    e.setInt(2, static_cast<std::int64_t>(seq) * -3);
    e.setBool(1, seq % 2 == 0);
    return e;
}
} // namespace

class EventArchiveTest : public QObject {
    Q_OBJECT

private slots:
    void roundTrip()
    {
        EventArchive archive;
        QVERIFY(archive.empty());
        for (std::uint64_t seq = 1; seq <= 100; ++seq)
            archive.append(makeEvent(seq, seq % 5, std::string(seq, 'x')));
        QCOMPARE(archive.size(), std::size_t{100});
        for (std::size_t i = 0; i < archive.size(); ++i) {
            const std::uint64_t seq = i + 1;
            Event e;
            archive.copyTo(i, e);
            QCOMPARE(e.seq, seq);
            QCOMPARE(e.tUs, std::int64_t(seq * 10));
            QCOMPARE(e.req, seq % 5);
            QCOMPARE(e.ident, std::uint64_t{7});
            QCOMPARE(QByteArray(e.thread), QByteArray("worker-1"));
            QCOMPARE(e.textAt(0), std::string_view(std::string(seq, 'x')));
            QCOMPARE(e.textAt(1), std::string_view("second"));
            QCOMPARE(e.intAt(2), std::int64_t(seq) * -3);
            QCOMPARE(e.boolAt(1), seq % 2 == 0);
            QCOMPARE(archive.seq(i), seq);
            QCOMPARE(archive.req(i), seq % 5);
            QCOMPARE(archive.kind(i), e.kind);
        }
        // Text is kept as long as it is, not in 400-byte slots.
        QVERIFY(archive.memoryBytes() < 100 * sizeof(Event) / 2);
    }

    void rangeIsClamped()
    {
        EventArchive archive;
        for (std::uint64_t seq = 1; seq <= 10; ++seq)
            archive.append(makeEvent(seq, 1, "t"));
        std::vector<Event> out;
        archive.copyRange(8, 50, out);
        QCOMPARE(out.size(), std::size_t{2});
        QCOMPARE(out[0].seq, std::uint64_t{9});
        QCOMPARE(out[1].seq, std::uint64_t{10});
        out.clear();
        archive.copyRange(3, 3, out);
        QVERIFY(out.empty());
    }

    void indexOfSeq()
    {
        EventArchive archive;
        // Gaps, as the events the engine's ring dropped leave them.
        for (std::uint64_t seq : {3, 4, 9, 10, 11, 40, 41})
            archive.append(makeEvent(seq, 1, "t"));
        QCOMPARE(archive.indexOfSeq(3), std::size_t{0});
        QCOMPARE(archive.indexOfSeq(9), std::size_t{2});
        QCOMPARE(archive.indexOfSeq(41), std::size_t{6});
        QCOMPARE(archive.indexOfSeq(5), archive.size()); // dropped: not there
        QCOMPARE(archive.indexOfSeq(1), archive.size());
        QCOMPARE(archive.indexOfSeq(99), archive.size());
        QCOMPARE(EventArchive().indexOfSeq(1), std::size_t{0}); // empty: size() is 0

        // Out of order (two recordings joined by hand): still found.
        EventArchive joined;
        for (std::uint64_t seq : {50, 51, 52, 1, 2, 3})
            joined.append(makeEvent(seq, 1, "t"));
        QCOMPARE(joined.indexOfSeq(2), std::size_t{4});
        QCOMPARE(joined.indexOfSeq(51), std::size_t{1});
        QCOMPARE(joined.indexOfSeq(4), joined.size());
    }
};

QTEST_GUILESS_MAIN(EventArchiveTest)
#include "tst_event_archive.moc"
