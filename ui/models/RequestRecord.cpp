#include "ui/models/RequestRecord.h"

#include <algorithm>

namespace rs::ui {

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

} // namespace rs::ui
