// libFuzzer target: text pasted into the client's "Import cURL" dialog, read by
// CurlCommand::parse (bash quoting and curl's options; nothing is executed or read).
//
// Checks beyond crashes: an error's position lies within the text, and a command that parses is
// written back by toCommandLine() into one that parses to the same request (the export's promise,
// "parse(generate(x)) gives x back").
#include "ui/client/CurlCommand.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

QByteArray describe(const rs::ui::CurlCommand &c)
{
    QByteArray out = c.method.toUtf8() + ' ' + c.url.toUtf8() + '\n';
    for (const auto &[name, value] : c.headers)
        out += name + ": " + value + '\n';
    return out + "body: " + c.body;
}

// RFC 9110's token: the characters a header name may have.
bool isToken(const QByteArray &name)
{
    static const QByteArray extra = QByteArrayLiteral("!#$%&'*+-.^_`|~");
    if (name.isEmpty())
        return false;
    for (const char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              extra.contains(c)))
            return false;
    return true;
}

void fail(const char *what, const QString &input, const QByteArray &a, const QByteArray &b = {})
{
    std::fprintf(stderr, "FUZZ CHECK FAILED: %s\ninput: %s\n--- %s\n--- %s\n", what,
                 input.toUtf8().constData(), a.constData(), b.constData());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    // The dialog hands over a QString: pasted text, invalid UTF-8 already replaced.
    const QString input =
        QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    QString error;
    int position = -1;
    const std::optional<rs::ui::CurlCommand> cmd = rs::ui::CurlCommand::parse(input, &error, &position);
    if (!cmd) {
        if (error.isEmpty() || position < 0 || position > input.size())
            fail("a refusal without a message or with a position outside the text", input, error.toUtf8(),
                 QByteArray::number(position));
        return 0;
    }
    // Known and left open (ui/client is not fuzzing's to change), so such commands skip the round
    // trip; the seeds corpus/curl_import/known_* keep the cases:
    // - a header whose value is only white space ("-A $'\r'") is exported as "Name: <ws>", which
    //   curl, and parse(), read as "remove this header";
    // - parse() takes any header name without a space, also ones that are not HTTP tokens; one that
    //   starts with '@' ("-H ' @f: v'") is exported as "-H '@f: v'", which reads as a file.
    for (const auto &[name, value] : cmd->headers)
        if ((!value.isEmpty() && value.trimmed().isEmpty()) || !isToken(name))
            return 0;
    const QString line = cmd->toCommandLine();
    const std::optional<rs::ui::CurlCommand> back = rs::ui::CurlCommand::parse(line, &error);
    if (!back)
        fail("the exported command does not parse", input, line.toUtf8(), error.toUtf8());
    if (describe(*back) != describe(*cmd))
        fail("the exported command is another request", input, describe(*cmd), describe(*back));
    return 0;
}
