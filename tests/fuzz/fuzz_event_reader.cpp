// libFuzzer target: a recording file (`serve --events FILE`, plain or gzip) read back by
// EventReader, as the GUI's "Open recording" and `requestscope trace` do.
//
// The input is the file's content, read from a memory file (no disk) through the same open()/next()
// path as a real file: gzip detection, line splitting, the damage report. Checks beyond crashes:
// - a plain file gives what EventReader::parseLine gives for its lines one by one (blank lines
//   skipped, CRLF accepted, a NUL byte is damage), up to the first damaged line, which the reader
//   must name;
// - an event read back is written (Event::appendJson, the writer's format) and read again to the
//   same event;
// - for one input in eight (a fixed choice per input, so that runs replay), the same file
//   gzip-compressed reads the same. Every open costs the reader ~800 KiB of buffers, which under
//   ASan is most of an execution, so this check is not made for every input.
#include "core/trace/EventReader.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

namespace {

[[noreturn]] void fail(const char *what, const std::string &a, const std::string &b = {})
{
    std::fprintf(stderr, "FUZZ CHECK FAILED: %s\n--- %s\n--- %s\n", what, a.c_str(), b.c_str());
    std::abort();
}

// A file descriptor in memory, reused for every input; EventReader opens it by path.
int memoryFile()
{
    static const int fd = [] {
        const int f = memfd_create("fuzz_event_reader", 0);
        if (f < 0) {
            std::perror("memfd_create");
            std::abort();
        }
        return f;
    }();
    return fd;
}

void writeFile(const char *data, std::size_t size)
{
    const int fd = memoryFile();
    if (ftruncate(fd, 0) != 0 || (size > 0 && pwrite(fd, data, size, 0) != static_cast<ssize_t>(size))) {
        std::perror("memory file");
        std::abort();
    }
}

std::string json(const rs::trace::Event &event)
{
    std::string out;
    event.appendJson(out);
    return out;
}

// The writer's line read back gives the same line.
void checkRoundTrip(const rs::trace::Event &event)
{
    const std::string line = json(event);
    rs::trace::Event again;
    QString why;
    if (!rs::trace::EventReader::parseLine(line, again, &why))
        fail("an event written by appendJson does not read back", line, why.toStdString());
    if (json(again) != line)
        fail("an event changed through appendJson and parseLine", line, json(again));
}

// Every event as its JSON line, then the damage: what the reader made of the file.
struct Reading {
    std::string events;
    std::int64_t damageLine = 0; // 0: none
    std::string damage;
};

Reading readFile(const char *data, std::size_t size)
{
    writeFile(data, size);
    rs::trace::EventReader reader;
    QString error;
    if (!reader.open(QStringLiteral("/proc/self/fd/%1").arg(memoryFile()), &error))
        fail("cannot open the memory file", error.toStdString());
    Reading out;
    rs::trace::Event event;
    while (reader.next(event)) {
        out.events += json(event) + '\n';
        (void)event.toMap();
        checkRoundTrip(event);
    }
    if (reader.damage()) {
        out.damageLine = reader.damage()->line;
        out.damage = reader.damage()->message.toStdString();
    }
    return out;
}

// What the reader's documentation promises for a plain file, line by line with parseLine.
Reading readLines(std::string_view text)
{
    Reading out;
    std::int64_t number = 0;
    while (!text.empty()) {
        ++number;
        const std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        if (line.find('\0') != std::string_view::npos) {
            out.damageLine = number; // a zero-filled tail after a crash, for instance
            out.damage = "contains a NUL byte";
            return out;
        }
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos)
            continue;
        rs::trace::Event event;
        QString why;
        if (!rs::trace::EventReader::parseLine(line, event, &why)) {
            out.damageLine = number;
            out.damage = why.toStdString();
            return out;
        }
        out.events += json(event) + '\n';
    }
    return out;
}

// A gzip file of `data` (header and trailer around deflate). The smallest window and memory level:
// the reader inflates any window size.
QByteArray gzip(const char *data, std::size_t size)
{
    z_stream zs{};
    if (deflateInit2(&zs, 1, Z_DEFLATED, 9 + 16, 1, Z_DEFAULT_STRATEGY) != Z_OK)
        std::abort();
    QByteArray out(static_cast<qsizetype>(deflateBound(&zs, static_cast<uLong>(size))) + 32,
                   Qt::Uninitialized);
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data));
    zs.avail_in = static_cast<uInt>(size);
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END)
        std::abort();
    out.resize(static_cast<qsizetype>(zs.total_out));
    deflateEnd(&zs);
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto *bytes = reinterpret_cast<const char *>(data);
    const Reading file = readFile(bytes, size);
    // Gzip input is inflated by the reader; the line-by-line and recompression checks are for text.
    if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b)
        return 0;
    // Lines longer than the reader's limit cannot occur within the fuzzer's max_len.
    const Reading lines = readLines(std::string_view(bytes, size));
    if (file.events != lines.events || file.damageLine != lines.damageLine)
        fail("EventReader and parseLine line by line disagree",
             file.events + "damage at line " + std::to_string(file.damageLine) + ": " + file.damage,
             lines.events + "damage at line " + std::to_string(lines.damageLine) + ": " + lines.damage);
    if (crc32(0, data, static_cast<uInt>(size)) % 8 != 0)
        return 0;
    const QByteArray compressed = gzip(bytes, size);
    const Reading unzipped = readFile(compressed.constData(), static_cast<std::size_t>(compressed.size()));
    if (file.events != unzipped.events || file.damage != unzipped.damage)
        fail("plain and gzip readings differ", file.events + file.damage, unzipped.events + unzipped.damage);
    return 0;
}
