#include "tests/support/FlaskCookieHelper.h"

#include <QDebug>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>

namespace rs::test {

QString FlaskCookieHelper::script()
{
    // CTest sets RS_SOURCE_DIR; a test run by hand falls back to where it was built from.
    QString source = QString::fromLocal8Bit(qgetenv("RS_SOURCE_DIR"));
    if (source.isEmpty())
        source = QStringLiteral(RS_SOURCE_DIR_AT_BUILD);
    return source + QStringLiteral("/tests/interop/flask_cookie.py");
}

QString FlaskCookieHelper::unavailableReason()
{
    if (!QFileInfo::exists(QString::fromLatin1(kPython)))
        return QStringLiteral("/usr/bin/python3 is not installed (scripts/test.sh installs python3-flask)");
    QProcess probe;
    probe.start(QString::fromLatin1(kPython),
                {QStringLiteral("-c"), QStringLiteral("import flask, itsdangerous")});
    if (!probe.waitForFinished(30000) || probe.exitCode() != 0)
        return QStringLiteral("/usr/bin/python3 cannot import flask (install python3-flask): ") +
               QString::fromLocal8Bit(probe.readAllStandardError()).trimmed();
    return {};
}

QList<QJsonObject> FlaskCookieHelper::run(const QList<QJsonObject> &commands, int timeoutMs)
{
    QProcess p;
    p.start(QString::fromLatin1(kPython), {script()});
    if (!p.waitForStarted(10000))
        return {};
    for (const QJsonObject &c : commands)
        p.write(QJsonDocument(c).toJson(QJsonDocument::Compact) + '\n');
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    if (p.exitCode() != 0)
        qWarning().noquote() << "flask_cookie.py failed:" << p.readAllStandardError();
    QList<QJsonObject> answers;
    for (const QByteArray &line : p.readAllStandardOutput().split('\n'))
        if (!line.trimmed().isEmpty())
            answers.append(QJsonDocument::fromJson(line).object());
    return answers;
}

} // namespace rs::test
