#pragma once

#include "core/trace/Event.h"

#include <QString>
#include <QtGlobal>

#include <vector>

namespace rs::ui {

// Everything the GUI keeps about one request, gathered from its events (DESIGN.md's names).
// A plain value: RequestStore owns them, views read them on the GUI thread.
struct RequestRecord {
    struct Phase {
        QString phase; // wsgi_app, before_request, view, …
        QString name;  // the hook, view or middleware
        qint64 beginUs = 0;
        qint64 endUs = 0;  // 0 while running
        qint64 durUs = -1; // -1 while running
        int nesting = 0;   // how many phases were open around it
    };
    struct SessionEvent {
        QString kind; // "read", "write", "delete"
        QString key;
        QString value;  // what the operation read, wrote or removed (Python repr, shortened)
        QString before; // the key's value as this request last saw it; empty when unknown
        bool modified = false;
        bool accessed = false;
        bool permanent = false;
        qint64 tUs = 0;
    };
    struct StoreOp {
        QString backend;
        QString op;
        QString key;
        bool ok = false;
        qint64 ttl = 0;
        qint64 us = 0;
        qint64 tUs = 0;
    };
    struct Error {
        QString where;
        QString type;
        QString message;
        qint64 tUs = 0;
    };
    struct GAccess {
        QString kind; // "set" or "get"
        QString key;
        QString value;
        qint64 tUs = 0;
    };
    // A stretch where the request's coroutine gave its worker to other coroutines.
    struct Suspension {
        QString reason; // sleep, yield, io, park
        qint64 beginUs = 0;
        qint64 endUs = 0; // 0 while still suspended
    };
    struct Flash {
        QString kind; // "add" or "consume"
        QString category;
        QString message;
        qint64 tUs = 0;
    };

    quint64 id = 0;
    QString method;
    QString path;
    QString query;           // raw query string, without '?'
    QString requestHeaders;  // "Name: value" lines (request.begin; cut at about 400 bytes)
    QString responseHeaders; // status line and headers as written (request.end)
    int status = 0;          // 0 until request.end
    qint64 bytes = 0;
    qint64 durUs = -1; // -1 until request.end
    QString thread;
    quint64 ident = 0; // the request's coroutine once one ran it, else its thread's
    qint64 startUs = 0;
    qint64 endUs = 0;
    bool finished = false;

    std::vector<Phase> phases; // in begin order
    std::vector<SessionEvent> session;

    bool sessionOpened = false;
    QString sessionInterface;
    QString sessionOutcome;    // new, loaded, bad_signature, expired, bad_payload, store_error
    QString sessionSid;        // the sid, or why a cookie was refused
    QString sessionDataAtOpen; // repr of the session as opened
    QString sessionDataAtSave; // repr of the session when save_session decided

    bool sessionSaved = false; // a session.save event arrived
    QString saveDecision;      // set_cookie, delete_cookie, skip
    QString saveReason;
    qint64 saveBytes = 0;

    std::vector<StoreOp> storeOps;
    std::vector<Error> errors;
    std::vector<Flash> flashes;
    std::vector<GAccess> g;
    std::vector<Suspension> suspensions;

    // Indexes into `phases` of those begun and not yet ended, innermost last.
    std::vector<int> openPhases;

    // Takes one of the request's events (DESIGN.md's kinds; others are ignored), in order.
    void apply(const trace::Event &e);

    // The newest t_us among the events the record keeps a time for (how far a running request got).
    qint64 latestUs() const;
    // The before_request hook whose return value answered instead of the view; empty when none did.
    QString shortCircuitedBy() const;
    // The contents changed between open and save, yet nothing was saved: the nested-mutation
    // gotcha (session["cart"].append(x) without session.modified = True).
    bool unsavedChange() const;
    // What the session save did and why, in words, for the detail view.
    QString saveExplanation() const;
    // The engine's reports of this request reading another request's context (error events of
    // type cross_request_read), in order.
    std::vector<const Error *> crossReads() const;
    // Time spent suspended (coroutine workers), up to `nowUs` for a suspension still open.
    qint64 suspendedUs(qint64 nowUs) const;
};

} // namespace rs::ui
