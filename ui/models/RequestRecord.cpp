#include "ui/models/RequestRecord.h"

#include "core/fiber/IdentMode.h"
#include "ui/models/EventFormat.h"

#include <algorithm>

namespace rs::ui {

using trace::EventKind;

qint64 RequestRecord::latestUs() const
{
    qint64 t = std::max(startUs, endUs);
    for (const Phase &p : phases)
        t = std::max({t, p.beginUs, p.endUs});
    const auto last = [&t](const auto &list) {
        if (!list.empty())
            t = std::max(t, list.back().tUs);
    };
    last(session);
    last(storeOps);
    last(errors);
    last(flashes);
    last(g);
    return t;
}

QString RequestRecord::shortCircuitedBy() const
{
    QString lastBefore;
    for (const Phase &p : phases) {
        if (p.phase == QLatin1String("view"))
            return {};
        if (p.phase == QLatin1String("before_request"))
            lastBefore = p.name;
    }
    // Only a finished request can be known not to reach its view; an error handler means the
    // hook raised rather than answered.
    if (!finished || lastBefore.isEmpty())
        return {};
    for (const Phase &p : phases)
        if (p.phase == QLatin1String("error_handler"))
            return {};
    // Flask stops at the first before_request that returns a value: the last one that ran.
    return lastBefore;
}

bool RequestRecord::unsavedChange() const
{
    return sessionSaved && saveDecision == QLatin1String("skip") && !sessionDataAtOpen.isEmpty() &&
           !sessionDataAtSave.isEmpty() && sessionDataAtOpen != sessionDataAtSave;
}

QString RequestRecord::saveExplanation() const
{
    if (!sessionOpened)
        return QStringLiteral("No session was opened for this request.");
    if (!sessionSaved)
        return finished ? QStringLiteral("save_session did not decide (the request failed before it, or the "
                                         "store refused the write): nothing was saved.")
                        : QStringLiteral("The request has not reached save_session yet.");
    QString text;
    if (saveDecision == QLatin1String("set_cookie"))
        text = QStringLiteral("Saved: %1.").arg(saveReason);
    else if (saveDecision == QLatin1String("delete_cookie"))
        text = QStringLiteral("Deleted: %1.").arg(saveReason);
    else
        text = QStringLiteral("Not saved: %1.").arg(saveReason);
    if (unsavedChange())
        text += QStringLiteral(" The contents did change (%1 → %2), but only in place, inside a mutable "
                               "value: Flask's session sees assignments, not changes inside a list or dict, "
                               "so `modified` stayed False. Set session.modified = True after such a change "
                               "(see /cart/add-fixed/…).")
                    .arg(sessionDataAtOpen, sessionDataAtSave);
    return text;
}

std::vector<const RequestRecord::Error *> RequestRecord::crossReads() const
{
    std::vector<const Error *> out;
    for (const Error &e : errors)
        if (e.type == QLatin1String("cross_request_read"))
            out.push_back(&e);
    return out;
}

qint64 RequestRecord::suspendedUs(qint64 nowUs) const
{
    qint64 total = 0;
    for (const Suspension &s : suspensions)
        total += std::max<qint64>(0, (s.endUs ? s.endUs : nowUs) - s.beginUs);
    return total;
}

void RequestRecord::apply(const trace::Event &e)
{
    if (thread.isEmpty()) {
        thread = EventFormat::thread(e);
        ident = e.ident;
        startUs = e.tUs;
    } else if (e.ident != ident && fiber::isCoroutineIdent(e.ident) && !fiber::isCoroutineIdent(ident)) {
        // request.begin comes from the worker's event loop; the rest from the request's coroutine.
        ident = e.ident;
    }
    switch (e.kind) {
    case EventKind::RequestBegin:
        method = EventFormat::text(e, "method");
        path = EventFormat::text(e, "path");
        query = EventFormat::text(e, "query");
        requestHeaders = EventFormat::text(e, "headers");
        startUs = e.tUs;
        break;
    case EventKind::RequestEnd:
        status = static_cast<int>(EventFormat::integer(e, "status"));
        bytes = EventFormat::integer(e, "bytes");
        durUs = EventFormat::integer(e, "dur_us");
        endUs = e.tUs;
        responseHeaders = EventFormat::text(e, "headers");
        finished = true;
        break;
    case EventKind::PhaseBegin: {
        RequestRecord::Phase p;
        p.phase = EventFormat::text(e, "phase");
        p.name = EventFormat::text(e, "name");
        p.beginUs = e.tUs;
        p.nesting = static_cast<int>(openPhases.size());
        openPhases.push_back(static_cast<int>(phases.size()));
        phases.push_back(std::move(p));
        break;
    }
    case EventKind::PhaseEnd: {
        const QString phase = EventFormat::text(e, "phase");
        const QString name = EventFormat::text(e, "name");
        // The innermost open phase of that name; those opened inside it and never ended close too.
        for (auto it = openPhases.rbegin(); it != openPhases.rend(); ++it) {
            RequestRecord::Phase &p = phases[static_cast<std::size_t>(*it)];
            if (p.phase == phase && p.name == name) {
                p.endUs = e.tUs;
                p.durUs = EventFormat::integer(e, "dur_us");
                openPhases.erase(std::next(it).base(), openPhases.end());
                break;
            }
        }
        break;
    }
    case EventKind::SessionOpen:
        sessionOpened = true;
        sessionInterface = EventFormat::text(e, "interface");
        sessionOutcome = EventFormat::text(e, "outcome");
        sessionSid = EventFormat::text(e, "sid");
        sessionDataAtOpen = EventFormat::text(e, "data");
        break;
    case EventKind::SessionRead:
    case EventKind::SessionWrite:
    case EventKind::SessionDelete: {
        RequestRecord::SessionEvent s;
        s.kind = e.kind == EventKind::SessionRead    ? QStringLiteral("read")
                 : e.kind == EventKind::SessionWrite ? QStringLiteral("write")
                                                     : QStringLiteral("delete");
        s.key = EventFormat::text(e, "key");
        s.value = EventFormat::text(e, "value");
        s.modified = EventFormat::flag(e, "modified");
        s.accessed = EventFormat::flag(e, "accessed");
        s.permanent = EventFormat::flag(e, "permanent");
        s.tUs = e.tUs;
        for (auto it = session.rbegin(); it != session.rend(); ++it) {
            if (it->key == s.key) {
                s.before = it->kind == QLatin1String("delete") ? QString() : it->value;
                break;
            }
        }
        session.push_back(std::move(s));
        break;
    }
    case EventKind::SessionSave:
        sessionSaved = true;
        saveDecision = EventFormat::text(e, "decision");
        saveReason = EventFormat::text(e, "reason");
        saveBytes = EventFormat::integer(e, "bytes");
        sessionDataAtSave = EventFormat::text(e, "data");
        break;
    case EventKind::StoreOp:
        storeOps.push_back({EventFormat::text(e, "backend"), EventFormat::text(e, "op"),
                            EventFormat::text(e, "key"), EventFormat::flag(e, "ok"),
                            EventFormat::integer(e, "ttl"), EventFormat::integer(e, "us"), e.tUs});
        break;
    case EventKind::Error:
        errors.push_back({EventFormat::text(e, "where"), EventFormat::text(e, "type"),
                          EventFormat::text(e, "message"), e.tUs});
        break;
    case EventKind::FlashAdd:
    case EventKind::FlashConsume:
        flashes.push_back({e.kind == EventKind::FlashAdd ? QStringLiteral("add") : QStringLiteral("consume"),
                           EventFormat::text(e, "category"), EventFormat::text(e, "message"), e.tUs});
        break;
    case EventKind::CoroutineSuspend:
        suspensions.push_back({EventFormat::text(e, "reason"), e.tUs, 0});
        break;
    case EventKind::CoroutineResume:
        if (!suspensions.empty() && suspensions.back().endUs == 0)
            suspensions.back().endUs = e.tUs;
        break;
    case EventKind::GSet:
    case EventKind::GGet:
        g.push_back({e.kind == EventKind::GSet ? QStringLiteral("set") : QStringLiteral("get"),
                     EventFormat::text(e, "key"), EventFormat::text(e, "value"), e.tUs});
        break;
    default: break;
    }
}

} // namespace rs::ui
