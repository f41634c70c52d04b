#include "core/trace/ChromeTraceWriter.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace rs::trace {

namespace {
// Coroutine idents are 1'000'000'000 + the coroutine's number (fiber::kCoroutineIdentBase; the
// trace module does not depend on the fiber module).
constexpr std::uint64_t kCoroutineIdentBase = 1'000'000'000;
constexpr std::uint64_t kSharedIdent = 999'999'999;

bool isLocalOrStack(EventKind k)
{
    return k == EventKind::LocalSet || k == EventKind::LocalGet || k == EventKind::LocalDel ||
           k == EventKind::LocalRelease || k == EventKind::StackPush || k == EventKind::StackPop;
}

QString text(const Event &e, int slot)
{
    const std::string_view v = e.textAt(slot);
    return QString::fromUtf8(v.data(), static_cast<qsizetype>(v.size()));
}

QJsonObject fieldsOf(const Event &e)
{
    QJsonObject args;
    const KindSpec &spec = kindSpec(e.kind);
    for (int i = 0; i < spec.fieldCount; ++i) {
        const FieldSpec &f = spec.fields[i];
        switch (f.type) {
        case FieldType::Text: args.insert(QLatin1String(f.name), text(e, f.slot)); break;
        case FieldType::Int: args.insert(QLatin1String(f.name), static_cast<double>(e.intAt(f.slot))); break;
        case FieldType::Bool: args.insert(QLatin1String(f.name), e.boolAt(f.slot)); break;
        }
    }
    return args;
}

QString trackName(const QString &thread, std::uint64_t ident)
{
    if (ident > kCoroutineIdentBase)
        return QStringLiteral("coroutine #%1").arg(ident - kCoroutineIdentBase);
    if (ident == kSharedIdent)
        return thread + QStringLiteral(" (shared dict)");
    return thread;
}
} // namespace

ChromeTraceWriter::Track &ChromeTraceWriter::track(const QString &thread, std::uint64_t ident)
{
    auto pidIt = pids_.constFind(thread);
    if (pidIt == pids_.cend()) {
        pidIt = pids_.insert(thread, static_cast<int>(pids_.size()) + 1);
        push(0, QJsonObject{{QStringLiteral("name"), QStringLiteral("process_name")},
                            {QStringLiteral("ph"), QStringLiteral("M")},
                            {QStringLiteral("pid"), *pidIt},
                            {QStringLiteral("tid"), 0},
                            {QStringLiteral("args"), QJsonObject{{QStringLiteral("name"), thread}}}});
    }
    const std::pair<int, std::uint64_t> key(*pidIt, ident);
    auto it = tracks_.find(key);
    if (it == tracks_.end()) {
        it = tracks_.emplace(key, Track{*pidIt, ident, {}}).first;
        push(0, QJsonObject{{QStringLiteral("name"), QStringLiteral("thread_name")},
                            {QStringLiteral("ph"), QStringLiteral("M")},
                            {QStringLiteral("pid"), *pidIt},
                            {QStringLiteral("tid"), static_cast<double>(ident)},
                            {QStringLiteral("args"),
                             QJsonObject{{QStringLiteral("name"), trackName(thread, ident)}}}});
    }
    return it->second;
}

ChromeTraceWriter::Track &ChromeTraceWriter::trackFor(const Event &e)
{
    const QString thread = QString::fromUtf8(e.thread);
    if (e.req == 0)
        return track(thread, e.ident);
    RequestSlice &r = requests_[e.req];
    // A request begins on its worker's event loop and may go on in a coroutine: the coroutine's
    // track is the request's from its first event there on. Local and stack events name the slot
    // they used, which is not always the code that ran them.
    const bool namesSlot = isLocalOrStack(e.kind);
    if (r.trackKey == 0 || (r.trackFromSlot && !namesSlot) ||
        (!namesSlot && e.ident > kCoroutineIdentBase && r.trackKey <= kCoroutineIdentBase)) {
        r.trackKey = e.ident;
        r.trackFromSlot = namesSlot;
    }
    return track(thread, r.trackKey);
}

void ChromeTraceWriter::push(std::int64_t ts, QJsonObject object)
{
    out_.emplace_back(ts, std::move(object));
}

void ChromeTraceWriter::begin(Track &t, const QString &name, const char *category, std::int64_t ts,
                              QJsonObject args)
{
    t.open.push_back({name, ts, args});
    push(ts, QJsonObject{{QStringLiteral("name"), name},
                         {QStringLiteral("cat"), QLatin1String(category)},
                         {QStringLiteral("ph"), QStringLiteral("B")},
                         {QStringLiteral("ts"), static_cast<double>(ts)},
                         {QStringLiteral("pid"), t.pid},
                         {QStringLiteral("tid"), static_cast<double>(t.tid)},
                         {QStringLiteral("args"), args}});
}

void ChromeTraceWriter::end(Track &t, const QString &name, std::int64_t ts, QJsonObject args)
{
    // The innermost open slice of that name; slices opened inside it and never ended close too.
    auto it = std::find_if(t.open.rbegin(), t.open.rend(), [&](const auto &o) { return o.name == name; });
    if (it == t.open.rend())
        return; // its begin is not in the recording
    const std::size_t keep = static_cast<std::size_t>(t.open.rend() - it) - 1;
    while (t.open.size() > keep) {
        const bool inner = t.open.size() > keep + 1;
        QJsonObject endArgs = t.open.back().args;
        if (inner)
            endArgs.insert(QStringLiteral("unfinished"), true);
        else
            for (auto a = args.begin(); a != args.end(); ++a)
                endArgs.insert(a.key(), a.value());
        push(ts, QJsonObject{{QStringLiteral("name"), t.open.back().name},
                             {QStringLiteral("ph"), QStringLiteral("E")},
                             {QStringLiteral("ts"), static_cast<double>(ts)},
                             {QStringLiteral("pid"), t.pid},
                             {QStringLiteral("tid"), static_cast<double>(t.tid)},
                             {QStringLiteral("args"), endArgs}});
        t.open.pop_back();
    }
}

void ChromeTraceWriter::requestSlice(const RequestSlice &r, int pid, std::uint64_t tid, std::int64_t endUs,
                                     const QJsonObject &args)
{
    // B and E with the same args: some viewers (speedscope) pair them by name and args.
    const auto slice = [&](const char *ph, std::int64_t ts) {
        return QJsonObject{{QStringLiteral("name"), r.name},
                           {QStringLiteral("cat"), QStringLiteral("request")},
                           {QStringLiteral("ph"), QLatin1String(ph)},
                           {QStringLiteral("ts"), static_cast<double>(ts)},
                           {QStringLiteral("pid"), pid},
                           {QStringLiteral("tid"), static_cast<double>(tid)},
                           {QStringLiteral("args"), args}};
    };
    out_[r.outIndex].second = slice("B", r.beginUs);
    push(std::max(endUs, r.beginUs), slice("E", std::max(endUs, r.beginUs)));
}

void ChromeTraceWriter::add(const Event &e)
{
    ++eventsRead_;
    lastUs_ = std::max(lastUs_, e.tUs);
    Track &t = trackFor(e);
    switch (e.kind) {
    case EventKind::RequestBegin: {
        RequestSlice &r = requests_[e.req];
        r.name = text(e, 0) + QLatin1Char(' ') + text(e, 1);
        if (!e.textAt(2).empty())
            r.name += QLatin1Char('?') + text(e, 2);
        r.beginUs = e.tUs;
        r.pid = t.pid;
        r.outIndex = out_.size();
        push(e.tUs, QJsonObject{}); // filled at request.end (or at finish())
        break;
    }
    case EventKind::RequestEnd: {
        RequestSlice &r = requests_[e.req];
        if (r.beginUs < 0)
            break; // began before the recording
        r.ended = true;
        QJsonObject args = fieldsOf(e);
        args.insert(QStringLiteral("req"), static_cast<double>(e.req));
        requestSlice(r, t.pid, t.tid, e.tUs, args);
        break;
    }
    case EventKind::PhaseBegin: {
        QString name = text(e, 0);
        if (!e.textAt(1).empty())
            name += QLatin1Char(' ') + text(e, 1);
        QJsonObject args = fieldsOf(e);
        args.insert(QStringLiteral("req"), static_cast<double>(e.req));
        begin(t, name, "phase", e.tUs, args);
        break;
    }
    case EventKind::PhaseEnd: {
        QString name = text(e, 0);
        if (!e.textAt(1).empty())
            name += QLatin1Char(' ') + text(e, 1);
        end(t, name, e.tUs, {}); // its duration is the slice's
        break;
    }
    case EventKind::CoroutineSuspend:
        begin(t, QStringLiteral("suspended: ") + text(e, 0), "coroutine", e.tUs, fieldsOf(e));
        break;
    case EventKind::CoroutineResume: {
        // The open suspension of this track, whatever its reason.
        auto it = std::find_if(t.open.rbegin(), t.open.rend(),
                               [](const auto &o) { return o.name.startsWith(QLatin1String("suspended: ")); });
        if (it != t.open.rend())
            end(t, it->name, e.tUs, {});
        break;
    }
    default: {
        QJsonObject args = fieldsOf(e);
        args.insert(QStringLiteral("req"), static_cast<double>(e.req));
        args.insert(QStringLiteral("ident"), static_cast<double>(e.ident));
        const std::string_view kind = kindName(e.kind);
        const qsizetype dot = static_cast<qsizetype>(kind.find('.'));
        const QString name = QString::fromLatin1(kind.data(), static_cast<qsizetype>(kind.size()));
        push(e.tUs, QJsonObject{{QStringLiteral("name"), name},
                                {QStringLiteral("cat"), dot > 0 ? name.left(dot) : name},
                                {QStringLiteral("ph"), QStringLiteral("i")},
                                {QStringLiteral("s"), QStringLiteral("t")},
                                {QStringLiteral("ts"), static_cast<double>(e.tUs)},
                                {QStringLiteral("pid"), t.pid},
                                {QStringLiteral("tid"), static_cast<double>(t.tid)},
                                {QStringLiteral("args"), args}});
        break;
    }
    }
}

QByteArray ChromeTraceWriter::finish()
{
    // Close what the recording left open, innermost first, at its last timestamp.
    for (auto &[key, t] : tracks_) {
        while (!t.open.empty()) {
            QJsonObject args = t.open.back().args;
            args.insert(QStringLiteral("unfinished"), true);
            push(lastUs_, QJsonObject{{QStringLiteral("name"), t.open.back().name},
                                      {QStringLiteral("ph"), QStringLiteral("E")},
                                      {QStringLiteral("ts"), static_cast<double>(lastUs_)},
                                      {QStringLiteral("pid"), t.pid},
                                      {QStringLiteral("tid"), static_cast<double>(t.tid)},
                                      {QStringLiteral("args"), args}});
            t.open.pop_back();
        }
    }
    for (auto &[id, r] : requests_) {
        if (r.beginUs < 0 || r.ended)
            continue;
        const auto it = std::find_if(tracks_.begin(), tracks_.end(), [&](const auto &kv) {
            return kv.first.first == r.pid && kv.first.second == r.trackKey;
        });
        const std::uint64_t tid = it != tracks_.end() ? it->second.tid : r.trackKey;
        requestSlice(r, r.pid, tid, lastUs_,
                     QJsonObject{{QStringLiteral("req"), static_cast<double>(id)},
                                 {QStringLiteral("unfinished"), true}});
    }
    std::stable_sort(out_.begin(), out_.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    QJsonArray events;
    for (auto &[ts, object] : out_)
        if (!object.isEmpty())
            events.append(std::move(object));
    out_.clear();
    const QJsonObject doc{{QStringLiteral("traceEvents"), events},
                          {QStringLiteral("displayTimeUnit"), QStringLiteral("ms")},
                          {QStringLiteral("otherData"),
                           QJsonObject{{QStringLiteral("source"), QStringLiteral("RequestScope")},
                                       {QStringLiteral("events"), static_cast<double>(eventsRead_)}}}};
    return QJsonDocument(doc).toJson(QJsonDocument::Compact);
}

} // namespace rs::trace
