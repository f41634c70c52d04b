#pragma once

#include "core/trace/Event.h"

#include <QString>

#include <string_view>

namespace rs::ui {

// Text helpers shared by the models: a kind's fields by DESIGN.md's names, without the QVariant
// of Event::field() (the models read hundreds of thousands of events a second under load).
// Every function is pure: any thread.
class EventFormat {
public:
    static QString kind(trace::EventKind kind);
    static QString thread(const trace::Event &e) { return QString::fromUtf8(e.thread); }
    // What an ident stands for: "coroutine #12 on worker-2", "thread 4242 (worker-2)" or the one
    // shared dict of the plain-dict mode.
    static QString ident(quint64 ident, const QString &thread);
    // The field's text; empty when the kind has no such text field.
    static QString text(const trace::Event &e, std::string_view name);
    // The field's integer (0 when absent).
    static qint64 integer(const trace::Event &e, std::string_view name);
    // The field's flag (false when absent).
    static bool flag(const trace::Event &e, std::string_view name);
    // Every field of the kind as "k=v" separated by spaces, in EventKind.cpp's order.
    static QString details(const trace::Event &e);
};

} // namespace rs::ui
