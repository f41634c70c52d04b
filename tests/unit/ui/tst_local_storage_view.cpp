// LocalStorageView: one tree per Local, fed with recorded event batches. A slot row appears
// (expanded) on an ident's first local.set and goes on local.release; the touched cell is
// highlighted right after the touch and not once the fade is over, with a hue per kind of touch;
// the repaint timer runs only while something fades.
#include "UiModelTestSupport.h"
#include "ui/models/LocalStorageModel.h"
#include "ui/views/LocalStorageView.h"
#include "ui/views/TouchHighlightDelegate.h"

#include <QApplication>
#include <QTreeView>

using namespace rs;
using trace::EventKind;
using ui::LocalStorageModel;
using ui::LocalStorageView;
using ui::TouchHighlightDelegate;
using uitest::makeEvent;

namespace {
const QString kReq = QStringLiteral("request_stack");
const QString kApp = QStringLiteral("app_stack");

trace::Event local(EventKind kind, std::uint64_t seq, std::uint64_t ident, const QString &name,
                   const QString &key, const QString &value = {}, const char *thread = "worker-1")
{
    return makeEvent(kind, seq, seq / 10 + 1, ident, {{"local", name}, {"key", key}, {"value", value}},
                     thread);
}

// What a request does to the Locals: push its contexts, read them, pop and release.
std::vector<trace::Event> requestEvents(std::uint64_t firstSeq, std::uint64_t ident, const char *thread)
{
    std::uint64_t s = firstSeq;
    return {local(EventKind::LocalSet, s++, ident, kApp, "stack", "[<AppContext#1 (demo)>]", thread),
            local(EventKind::LocalSet, s++, ident, kReq, "stack", "[<RequestContext#1 GET /hello>]", thread),
            local(EventKind::LocalGet, s++, ident, kReq, "stack", "[<RequestContext#1 GET /hello>]", thread),
            local(EventKind::LocalRelease, s++, ident, kReq, "", "released", thread),
            local(EventKind::LocalRelease, s++, ident, kApp, "", "released", thread)};
}

int slotRows(LocalStorageView &view, const QString &localName)
{
    const QTreeView *tree = view.treeFor(localName);
    return tree ? tree->model()->rowCount(tree->rootIndex()) : -1;
}
} // namespace

class LocalStorageViewTest : public QObject {
    Q_OBJECT

private slots:
    void slotsComeAndGoExpanded()
    {
        LocalStorageModel model;
        uitest::attachTester(&model);
        LocalStorageView view(&model);
        view.resize(700, 500);
        view.show();
        QVERIFY(view.locals().isEmpty());

        const std::vector<trace::Event> first = requestEvents(10, 140237, "worker-2");
        const std::vector<trace::Event> second = requestEvents(20, 140238, "worker-3");
        // Both requests overlap: ident 140237 sets, then 140238, then both release.
        model.applyEvents({first[0], first[1]});
        QCOMPARE(view.locals(), (QStringList{kReq, kApp}));
        QCOMPARE(slotRows(view, kReq), 1);
        QTreeView *tree = view.treeFor(kReq);
        QVERIFY(tree);
        QCOMPARE(tree->rootIndex(), QModelIndex(model.localIndex(kReq)));
        const QModelIndex slot = model.slotIndex(kReq, 140237);
        QVERIFY(slot.isValid());
        QVERIFY(tree->isExpanded(slot));
        QCOMPARE(model.rowCount(slot), 1);

        for (const auto &batch : uitest::batches({second[0], second[1], first[2]}, 2))
            model.applyEvents(batch);
        QCOMPARE(slotRows(view, kReq), 2);
        QVERIFY(tree->isExpanded(model.slotIndex(kReq, 140238)));
        QVERIFY(tree->isExpanded(model.slotIndex(kReq, 140237)));

        model.applyEvents({first[3], first[4]});
        QCOMPARE(slotRows(view, kReq), 1);
        QCOMPARE(slotRows(view, kApp), 1);
        QVERIFY(!model.slotIndex(kReq, 140237).isValid());
        QVERIFY(tree->isExpanded(model.slotIndex(kReq, 140238)));

        model.applyEvents({second[2], second[3], second[4]});
        QCOMPARE(slotRows(view, kReq), 0);
        QCOMPARE(slotRows(view, kApp), 0);
        QCOMPARE(view.locals(), (QStringList{kReq, kApp})); // the Locals stay, empty

        // A new request's slot opens expanded in the same tree.
        const std::vector<trace::Event> third = requestEvents(30, 140237, "worker-2");
        model.applyEvents({third[0], third[1]});
        QCOMPARE(view.treeFor(kReq), tree);
        QVERIFY(tree->isExpanded(model.slotIndex(kReq, 140237)));

        model.clear();
        QVERIFY(view.locals().isEmpty());
        QVERIFY(!view.treeFor(kReq));
        model.applyEvents({third[1]});
        QCOMPARE(view.locals(), QStringList{kReq});
        QCOMPARE(slotRows(view, kReq), 1);
    }

    void highlightFadesAfterTheTouch()
    {
        LocalStorageModel model;
        uitest::attachTester(&model);
        LocalStorageView view(&model);
        const TouchHighlightDelegate *delegate = view.highlighter();
        QVERIFY(!delegate->isAnimating());

        model.applyEvents({local(EventKind::LocalSet, 100, 5, kReq, "stack", "[]"),
                           local(EventKind::LocalSet, 101, 5, kReq, "user", "alex"),
                           local(EventKind::LocalGet, 102, 5, kReq, "stack", "[<RequestContext#1>]")});
        const QModelIndex user = model.valueIndex(kReq, 5, "user");
        const qint64 setAt = user.data(LocalStorageModel::LastTouchedRole).toLongLong();
        QCOMPARE(setAt, qint64(1010));

        const QColor fresh = delegate->highlightAt(user, setAt);
        QVERIFY(fresh.isValid());
        const QColor half = delegate->highlightAt(user, setAt + TouchHighlightDelegate::kFadeUs / 2);
        QVERIFY(half.isValid());
        QVERIFY(half.alphaF() < fresh.alphaF());
        QVERIFY(!delegate->highlightAt(user, setAt + TouchHighlightDelegate::kFadeUs).isValid());
        QVERIFY(!delegate->highlightAt(user, setAt + 10 * TouchHighlightDelegate::kFadeUs).isValid());
        // The value column of the same row flashes too.
        QVERIFY(delegate->highlightAt(user.siblingAtColumn(LocalStorageModel::ValueColumn), setAt).isValid());

        // set, get and del each have their own hue.
        const QModelIndex stack = model.valueIndex(kReq, 5, "stack");
        const QColor got =
            delegate->highlightAt(stack, stack.data(LocalStorageModel::LastTouchedRole).toLongLong());
        QVERIFY(got.isValid());
        QVERIFY(got.hslHue() != fresh.hslHue());
        model.applyEvents({local(EventKind::LocalDel, 103, 5, kReq, "user")});
        const QModelIndex slot = model.slotIndex(kReq, 5);
        const QColor deleted =
            delegate->highlightAt(slot, slot.data(LocalStorageModel::LastTouchedRole).toLongLong());
        QVERIFY(deleted.isValid());
        QVERIFY(deleted.hslHue() != fresh.hslHue() && deleted.hslHue() != got.hslHue());
        // A row never touched has no highlight.
        QVERIFY(!delegate->highlightAt(QModelIndex(), 0).isValid());

        // "Now" starts at the newest event and runs with the clock; the timer stops once all faded.
        QVERIFY(delegate->nowUs() >= model.latestTUs());
        QVERIFY(delegate->isAnimating());
        QTRY_VERIFY_WITH_TIMEOUT(!delegate->isAnimating(), 5000);
        QVERIFY(delegate->nowUs() - model.latestTUs() > TouchHighlightDelegate::kFadeUs);
        QVERIFY(!delegate->highlightAt(stack, delegate->nowUs()).isValid());

        // A new touch restarts it.
        model.applyEvents({local(EventKind::LocalSet, 104, 5, kReq, "user", "sam")});
        QVERIFY(delegate->isAnimating());
        QVERIFY(delegate->highlightAt(model.valueIndex(kReq, 5, "user"), delegate->nowUs()).isValid());
    }

    void kindColoursReadOnLightAndDark()
    {
        QPalette light;
        light.setColor(QPalette::Highlight, QColor(48, 140, 198));
        QPalette dark;
        dark.setColor(QPalette::Highlight, QColor(42, 130, 218));
        dark.setColor(QPalette::Base, QColor(30, 30, 30));
        for (const QPalette &p : {light, dark}) {
            const QColor set = TouchHighlightDelegate::kindColor("set", p);
            const QColor get = TouchHighlightDelegate::kindColor("get", p);
            const QColor del = TouchHighlightDelegate::kindColor("del", p);
            QVERIFY(set != get && get != del && set != del);
            for (const QColor &c : {set, get, del})
                QVERIFY(c.lightness() >= 100 && c.lightness() <= 170); // mid-tones: visible on both
        }
    }
};

QTEST_MAIN(LocalStorageViewTest)
#include "tst_local_storage_view.moc"
