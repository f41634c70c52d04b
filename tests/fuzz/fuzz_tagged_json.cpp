// libFuzzer target: the session cookie's payload text, read by TaggedJson::loads (json.loads with
// Flask's untagging object hook) and written back by TaggedJson::dumps and PyJson's writer.
//
// Besides crashes, it checks three things any input must keep:
// - loads with the hook and loads-then-untagTree agree whenever both succeed;
// - what dumps writes, loads reads back to something that dumps writes identically (the text a
//   cookie carries is stable after one round), except for years below 100, as in Flask;
// - every writer option either writes or says why, never both.
#include "core/value/PyJson.h"
#include "core/value/TaggedJson.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

void fail(const char *what, const QByteArray &input, const QByteArray &a, const QByteArray &b = {})
{
    std::fprintf(stderr, "FUZZ CHECK FAILED: %s\ninput: %s\n--- %s\n--- %s\n", what, input.constData(),
                 a.constData(), b.constData());
    std::abort();
}

// Flask writes a datetime of year 6 as "… 0006 …" and reads that back as 2006 (email.utils takes a
// year below 100 as 19xx/20xx): such a value is not stable over dumps → loads in Flask either.
bool hasYearBelow100(const rs::Value &v)
{
    switch (v.type()) {
    case rs::Value::Type::DateTime: return v.toDateTime().date().year() < 100;
    case rs::Value::Type::List:
    case rs::Value::Type::Tuple:
        for (const rs::Value &item : v.items())
            if (hasYearBelow100(item))
                return true;
        return false;
    case rs::Value::Type::Dict:
        for (const rs::Value::Item &item : v.dictItems())
            if (hasYearBelow100(item.second))
                return true;
        return false;
    default: return false;
    }
}

void writeEveryWay(const rs::Value &value, const QByteArray &input)
{
    for (int variant = 0; variant < 4; ++variant) {
        rs::PyJson::Options o;
        o.sortKeys = variant & 1;
        o.ensureAscii = !(variant & 2);
        o.compact = variant == 1;
        o.indent = variant == 3 ? 2 : -1;
        o.flaskDefault = variant >= 2;
        QString error;
        const QByteArray text = rs::PyJson::dumps(value, o, &error);
        if (text.isEmpty() == error.isEmpty())
            fail("PyJson::dumps gave both text and an error, or neither", input, text, error.toUtf8());
    }
    QString error;
    (void)rs::PyJson::jsonifyBody(value, &error);
    (void)value.repr();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));

    QString plainError;
    const rs::Value plain = rs::PyJson::loads(input, &plainError);
    QString error;
    const rs::Value value = rs::TaggedJson::loads(input, &error);
    if (!plainError.isEmpty()) {
        if (error.isEmpty())
            fail("TaggedJson::loads accepts what PyJson::loads refuses", input, plainError.toUtf8());
        return 0;
    }

    QString treeError;
    const rs::Value tree = rs::TaggedJson::untagTree(plain, &treeError);
    if (error.isEmpty() && treeError.isEmpty() && tree.repr() != value.repr())
        fail("the object hook and untagTree disagree", input, value.repr().toUtf8(), tree.repr().toUtf8());
    // The writers, once per input (they cost as much as the rest): the untagged value when there
    // is one, as it also holds bytes, UUIDs and datetimes.
    if (!error.isEmpty()) {
        writeEveryWay(plain, input);
        return 0;
    }
    writeEveryWay(value, input);

    // dumps → loads → dumps is stable (but see hasYearBelow100).
    if (hasYearBelow100(value))
        return 0;
    QString dumpError;
    const QByteArray once = rs::TaggedJson::dumps(value, &dumpError);
    if (!dumpError.isEmpty())
        return 0; // e.g. an integer too long to write, as in Python
    QString backError;
    const rs::Value back = rs::TaggedJson::loads(once, &backError);
    if (!backError.isEmpty())
        fail("TaggedJson cannot read what it wrote", input, once, backError.toUtf8());
    const QByteArray twice = rs::TaggedJson::dumps(back, &dumpError);
    if (twice != once)
        fail("TaggedJson::dumps is not stable over loads", input, once, twice);
    return 0;
}
