#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace rs::test {

// Drives tests/interop/flask_cookie.py with Debian's real Flask (/usr/bin/python3), one JSON
// command a line in, one answer a line out. Shared by every test that compares with Flask.
class FlaskCookieHelper {
public:
    static constexpr const char *kPython = "/usr/bin/python3";

    // $RS_SOURCE_DIR/tests/interop/flask_cookie.py.
    static QString script();
    // Why Debian's Flask cannot be used here (no python3, or no flask), or empty when it can. A
    // missing script is not a reason to skip: tests check it exists and fail otherwise.
    static QString unavailableReason();
    // Runs the helper once for a batch of commands: one answer per command, or an empty list
    // when the helper could not start or timed out (its stderr is logged).
    static QList<QJsonObject> run(const QList<QJsonObject> &commands, int timeoutMs = 120000);
};

} // namespace rs::test
