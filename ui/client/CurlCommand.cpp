#include "ui/client/CurlCommand.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>
#include <QUrl>

namespace rs::ui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("rs::ui::CurlCommand", text);
}

// One shell word after quote removal. `pos` is the byte offset where it starts in the input.
struct Word {
    QByteArray text;
    qsizetype pos = 0;
    bool op = false; // an unquoted | ; & < > (the command ends there)
};

// Where a parse failed: the message without the position, and the byte offset.
struct Failure {
    QString message;
    qsizetype pos = 0;
};

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void appendCodePoint(QByteArray &out, char32_t cp)
{
    out += QString::fromUcs4(&cp, 1).toUtf8();
}

// The inside of $'…' from `i` (just after the opening quote) up to the closing quote; returns
// the index after it, or -1 when the quote is not closed. Escapes as bash documents them.
qsizetype readAnsiC(const QByteArray &in, qsizetype i, QByteArray &out)
{
    const qsizetype n = in.size();
    while (i < n) {
        const char c = in[i];
        if (c == '\'')
            return i + 1;
        if (c != '\\' || i + 1 >= n) {
            out += c;
            ++i;
            continue;
        }
        const char e = in[i + 1];
        i += 2;
        switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'e':
        case 'E': out += '\x1b'; break;
        case 'f': out += '\f'; break;
        case 'v': out += '\v'; break;
        case '\\': out += '\\'; break;
        case '\'': out += '\''; break;
        case '"': out += '"'; break;
        case '?': out += '?'; break;
        case 'c':
            if (i < n) {
                out += char(in[i] & 0x1f);
                ++i;
            }
            break;
        case 'x':
        case 'u':
        case 'U': {
            const int maxDigits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
            char32_t value = 0;
            int digits = 0;
            while (digits < maxDigits && i < n && hexValue(in[i]) >= 0) {
                value = value * 16 + char32_t(hexValue(in[i]));
                ++i;
                ++digits;
            }
            if (digits == 0) {
                out += '\\';
                out += e;
            } else if (e == 'x') {
                out += char(value); // a raw byte, as bash gives it
            } else {
                appendCodePoint(out, value);
            }
            break;
        }
        default:
            if (e >= '0' && e <= '7') {
                int value = e - '0';
                for (int d = 1; d < 3 && i < n && in[i] >= '0' && in[i] <= '7'; ++d, ++i)
                    value = value * 8 + (in[i] - '0');
                out += char(value);
            } else {
                // bash keeps an unknown escape as written
                out += '\\';
                out += e;
            }
        }
    }
    return -1;
}

// Splits `in` into words as bash would, without any expansion ($VAR stays as written).
std::optional<Failure> splitWords(const QByteArray &in, QList<Word> &words)
{
    const qsizetype n = in.size();
    Word word;
    bool inWord = false;
    auto begin = [&](qsizetype at) {
        if (!inWord) {
            word = Word{};
            word.pos = at;
            inWord = true;
        }
    };
    auto finish = [&] {
        if (inWord)
            words.append(word);
        inWord = false;
    };
    qsizetype i = 0;
    while (i < n) {
        const char c = in[i];
        if (isBlank(c)) {
            finish();
            ++i;
        } else if (c == '\\') {
            if (i + 1 < n && in[i + 1] == '\n') {
                i += 2; // line continuation: removed, also inside a word
            } else if (i + 2 < n && in[i + 1] == '\r' && in[i + 2] == '\n') {
                i += 3;
            } else if (i + 1 < n) {
                begin(i);
                word.text += in[i + 1];
                i += 2;
            } else {
                ++i;
            }
        } else if (c == '\'') {
            begin(i);
            const qsizetype end = in.indexOf('\'', i + 1);
            if (end < 0)
                return Failure{tr("Unterminated single quote: %1 has no closing '")
                                   .arg(QString::fromUtf8(in.mid(word.pos, 30))),
                               i};
            word.text += in.mid(i + 1, end - i - 1);
            i = end + 1;
        } else if (c == '$' && i + 1 < n && in[i + 1] == '\'') {
            begin(i);
            const qsizetype end = readAnsiC(in, i + 2, word.text);
            if (end < 0)
                return Failure{tr("Unterminated $'…' quote: %1 has no closing '")
                                   .arg(QString::fromUtf8(in.mid(word.pos, 30))),
                               i};
            i = end;
        } else if (c == '"') {
            begin(i);
            qsizetype j = i + 1;
            for (; j < n && in[j] != '"'; ++j) {
                if (in[j] == '\\' && j + 1 < n) {
                    const char e = in[j + 1];
                    if (e == '\n') {
                        ++j;
                        continue;
                    }
                    if (e == '$' || e == '`' || e == '"' || e == '\\') {
                        word.text += e;
                        ++j;
                        continue;
                    }
                }
                word.text += in[j];
            }
            if (j >= n)
                return Failure{tr("Unterminated double quote: %1 has no closing \"")
                                   .arg(QString::fromUtf8(in.mid(word.pos, 30))),
                               i};
            i = j + 1;
        } else if (c == '|' || c == ';' || c == '&' || c == '<' || c == '>') {
            finish();
            words.append(Word{QByteArray(1, c), i, true});
            ++i;
        } else if (c == '#' && !inWord) {
            while (i < n && in[i] != '\n')
                ++i; // a comment
        } else {
            begin(i);
            word.text += c;
            ++i;
        }
    }
    finish();
    return std::nullopt;
}

enum class Opt {
    Request,
    Header,
    Cookie,
    Data,       // -d, --data, --data-ascii: @file reads a file
    DataBinary, // @file reads a file too
    DataRaw,    // taken as is
    DataUrlencode,
    Json,
    User,
    OAuth2Bearer,
    Compressed,
    Get,
    Head,
    UserAgent,
    Referer,
    Url,
    Form,
    Upload,
    Ignored,        // accepted, changes nothing here
    IgnoredWithArg, // accepted with its argument, changes nothing here
};

struct OptInfo {
    Opt opt;
    bool takesArg;
    const char *longName;
};

const QHash<QByteArray, OptInfo> &longOptions()
{
    static const QHash<QByteArray, OptInfo> table = [] {
        QHash<QByteArray, OptInfo> t;
        auto add = [&t](const char *name, Opt opt, bool arg) { t.insert(name, {opt, arg, name}); };
        add("request", Opt::Request, true);
        add("header", Opt::Header, true);
        add("cookie", Opt::Cookie, true);
        add("data", Opt::Data, true);
        add("data-ascii", Opt::Data, true);
        add("data-binary", Opt::DataBinary, true);
        add("data-raw", Opt::DataRaw, true);
        add("data-urlencode", Opt::DataUrlencode, true);
        add("json", Opt::Json, true);
        add("user", Opt::User, true);
        add("oauth2-bearer", Opt::OAuth2Bearer, true);
        add("compressed", Opt::Compressed, false);
        add("get", Opt::Get, false);
        add("head", Opt::Head, false);
        add("user-agent", Opt::UserAgent, true);
        add("referer", Opt::Referer, true);
        add("url", Opt::Url, true);
        add("form", Opt::Form, true);
        add("form-string", Opt::Form, true);
        add("upload-file", Opt::Upload, true);
        for (const char *name : {"location",
                                 "location-trusted",
                                 "silent",
                                 "show-error",
                                 "insecure",
                                 "verbose",
                                 "include",
                                 "fail",
                                 "fail-with-body",
                                 "no-buffer",
                                 "globoff",
                                 "ipv4",
                                 "ipv6",
                                 "http1.0",
                                 "http1.1",
                                 "http2",
                                 "http2-prior-knowledge",
                                 "http3",
                                 "tr-encoding",
                                 "progress-bar",
                                 "no-progress-meter",
                                 "path-as-is",
                                 "raw",
                                 "no-keepalive",
                                 "tcp-nodelay",
                                 "ssl",
                                 "ssl-reqd",
                                 "ssl-no-revoke",
                                 "no-sessionid",
                                 "disable",
                                 "junk-session-cookies",
                                 "remote-name",
                                 "remote-header-name",
                                 "compressed-ssh",
                                 "styled-output",
                                 "no-styled-output",
                                 "no-alpn",
                                 "no-npn",
                                 "basic",
                                 "digest",
                                 "anyauth"})
            add(name, Opt::Ignored, false);
        for (const char *name : {"output",
                                 "max-time",
                                 "connect-timeout",
                                 "retry",
                                 "retry-delay",
                                 "retry-max-time",
                                 "write-out",
                                 "max-redirs",
                                 "proxy",
                                 "resolve",
                                 "connect-to",
                                 "cacert",
                                 "capath",
                                 "cert",
                                 "key",
                                 "cert-type",
                                 "key-type",
                                 "cookie-jar",
                                 "dump-header",
                                 "limit-rate",
                                 "interface",
                                 "trace",
                                 "trace-ascii",
                                 "stderr",
                                 "keepalive-time",
                                 "expect100-timeout",
                                 "ciphers",
                                 "tls-max",
                                 "dns-servers"})
            add(name, Opt::IgnoredWithArg, true);
        return t;
    }();
    return table;
}

std::optional<OptInfo> shortOption(char c)
{
    static const QHash<char, const char *> names = {
        {'X', "request"},
        {'H', "header"},
        {'b', "cookie"},
        {'d', "data"},
        {'u', "user"},
        {'G', "get"},
        {'I', "head"},
        {'A', "user-agent"},
        {'e', "referer"},
        {'F', "form"},
        {'T', "upload-file"},
        {'L', "location"},
        {'s', "silent"},
        {'S', "show-error"},
        {'k', "insecure"},
        {'v', "verbose"},
        {'i', "include"},
        {'f', "fail"},
        {'N', "no-buffer"},
        {'g', "globoff"},
        {'4', "ipv4"},
        {'6', "ipv6"},
        {'0', "http1.0"},
        {'#', "progress-bar"},
        {'j', "junk-session-cookies"},
        {'O', "remote-name"},
        {'J', "remote-header-name"},
        {'o', "output"},
        {'m', "max-time"},
        {'w', "write-out"},
        {'x', "proxy"},
        {'c', "cookie-jar"},
        {'D', "dump-header"},
        {'E', "cert"},
    };
    const auto it = names.find(c);
    if (it == names.end())
        return std::nullopt;
    return longOptions().value(it.value());
}

// A header as curl's -H takes it: "Name: value", "Name;" (empty value) or "Name:" (curl's way
// to remove a header it would add itself).
struct HeaderLine {
    QByteArray name;
    QByteArray value;
    bool remove = false;
};

std::optional<HeaderLine> splitHeader(const QByteArray &text)
{
    const qsizetype colon = text.indexOf(':');
    if (colon <= 0) {
        const QByteArray trimmed = text.trimmed();
        if (trimmed.endsWith(';') && trimmed.size() > 1 && !trimmed.chopped(1).contains(' '))
            return HeaderLine{trimmed.chopped(1).trimmed(), {}, false};
        return std::nullopt;
    }
    HeaderLine h{text.left(colon).trimmed(), text.mid(colon + 1), false};
    if (h.name.isEmpty() || h.name.contains(' '))
        return std::nullopt;
    h.remove = h.value.trimmed().isEmpty();
    return h;
}

// A header kept in command order; the ones curl derives from other options (`fromOption`) give
// way to a -H of the same name and to a -H "Name:" that removes it.
struct PendingHeader {
    QByteArray name;
    QByteArray value;
    bool fromOption = false;
};

QString shown(const QByteArray &word)
{
    QString s = QString::fromUtf8(word);
    if (s.size() > 40)
        s = s.left(39) + QChar(0x2026);
    return s;
}

std::optional<Failure> parseWords(const QList<Word> &words, CurlCommand &cmd)
{
    QList<PendingHeader> headers;
    QSet<QByteArray> removed; // lower-case names
    QList<QByteArray> data;
    QByteArray method;
    bool get = false;
    bool head = false;
    bool compressed = false;
    bool json = false;
    bool haveUrl = false;
    qsizetype cookieIndex = -1;

    auto addFlag = [&cmd](const char *longName) {
        const QString f = QStringLiteral("--") + QLatin1String(longName);
        if (!cmd.flags.contains(f))
            cmd.flags.append(f);
    };
    auto setUrl = [&](const Word &w) -> std::optional<Failure> {
        if (haveUrl)
            return Failure{tr("A second URL, %1: one command imports one request").arg(shown(w.text)), w.pos};
        cmd.url = QString::fromUtf8(w.text);
        haveUrl = true;
        return std::nullopt;
    };
    // Runs one option with its argument (if it takes one). `token` is how it was written.
    auto apply = [&](const OptInfo &info, const QByteArray &arg, const QString &token,
                     qsizetype pos) -> std::optional<Failure> {
        const auto fileRefused = [&](const QString &what) {
            return Failure{tr("%1 %2 reads %3 from a file; files are not read here: paste the content "
                              "with --data-raw instead")
                               .arg(token, shown(arg), what),
                           pos};
        };
        switch (info.opt) {
        case Opt::Request: method = arg; break;
        case Opt::Header: {
            if (arg.startsWith('@'))
                return Failure{
                    tr("%1 %2 reads headers from a file; files are not read here").arg(token, shown(arg)),
                    pos};
            const auto h = splitHeader(arg);
            if (!h)
                return Failure{tr("%1 %2 is not a header (expected \"Name: value\")").arg(token, shown(arg)),
                               pos};
            if (h->remove)
                removed.insert(h->name.toLower());
            else
                headers.append({h->name, h->value, false});
            break;
        }
        case Opt::Cookie:
            if (!arg.contains('='))
                return Failure{tr("%1 %2 names a cookie file; files are not read here: give the cookies as "
                                  "\"name=value; name2=value2\"")
                                   .arg(token, shown(arg)),
                               pos};
            if (cookieIndex < 0) {
                cookieIndex = headers.size();
                headers.append({"Cookie", arg, true});
            } else {
                headers[cookieIndex].value += "; " + arg;
            }
            break;
        case Opt::Data:
        case Opt::DataBinary:
            if (arg.startsWith('@'))
                return fileRefused(tr("the body"));
            data.append(arg);
            break;
        case Opt::DataRaw: data.append(arg); break;
        case Opt::Json:
            if (arg.startsWith('@'))
                return fileRefused(tr("the body"));
            data.append(arg);
            json = true;
            break;
        case Opt::DataUrlencode: {
            // curl's forms: "content", "=content", "name=content", "@file", "name@file".
            const qsizetype eq = arg.indexOf('=');
            const qsizetype at = arg.indexOf('@');
            if (at >= 0 && (eq < 0 || at < eq))
                return fileRefused(tr("the value"));
            if (eq < 0)
                data.append(QUrl::toPercentEncoding(QString::fromUtf8(arg)));
            else
                data.append((eq > 0 ? arg.left(eq) + '=' : QByteArray()) +
                            QUrl::toPercentEncoding(QString::fromUtf8(arg.mid(eq + 1))));
            break;
        }
        case Opt::User:
            if (!arg.contains(':'))
                return Failure{tr("%1 %2 has no password (curl would ask for it): write \"user:password\"")
                                   .arg(token, shown(arg)),
                               pos};
            headers.append({"Authorization", "Basic " + arg.toBase64(), true});
            break;
        case Opt::OAuth2Bearer: headers.append({"Authorization", "Bearer " + arg, true}); break;
        case Opt::Compressed:
            compressed = true;
            addFlag(info.longName);
            break;
        case Opt::Get:
            get = true;
            addFlag(info.longName);
            break;
        case Opt::Head:
            head = true;
            addFlag(info.longName);
            break;
        case Opt::UserAgent: headers.append({"User-Agent", arg, true}); break;
        case Opt::Referer: {
            QByteArray referer = arg;
            if (referer.endsWith(";auto"))
                referer.chop(5);
            if (!referer.isEmpty())
                headers.append({"Referer", referer, true});
            break;
        }
        case Opt::Url: return setUrl(Word{arg, pos, false});
        case Opt::Form:
            return Failure{
                tr("%1 (multipart form) is not supported: use --data-raw with the encoded body").arg(token),
                pos};
        case Opt::Upload: return Failure{tr("%1 uploads a file; files are not read here").arg(token), pos};
        case Opt::Ignored:
        case Opt::IgnoredWithArg: addFlag(info.longName); break;
        }
        return std::nullopt;
    };

    qsizetype i = 0;
    // "$ curl …" as docs print it, and curl itself, are both optional.
    if (i < words.size() && !words[i].op && words[i].text == "$")
        ++i;
    if (i < words.size() && !words[i].op &&
        (words[i].text == "curl" || words[i].text.endsWith("/curl") || words[i].text == "curl.exe"))
        ++i;
    bool optionsEnded = false;
    for (; i < words.size(); ++i) {
        const Word &w = words[i];
        if (w.op) {
            if (w.text == "|")
                break; // piped into another program: the request is complete
            return Failure{tr("Shell operator %1: import one curl command at a time").arg(shown(w.text)),
                           w.pos};
        }
        const QByteArray &t = w.text;
        if (optionsEnded || !t.startsWith('-') || t.size() == 1) {
            if (auto f = setUrl(w))
                return f;
            continue;
        }
        if (t == "--") {
            optionsEnded = true;
            continue;
        }
        if (t.startsWith("--")) {
            QByteArray name = t.mid(2);
            std::optional<QByteArray> inlineValue;
            if (const qsizetype eq = name.indexOf('='); eq >= 0) {
                inlineValue = name.mid(eq + 1);
                name = name.left(eq);
            }
            const QString token = QStringLiteral("--") + QString::fromUtf8(name);
            const auto it = longOptions().constFind(name);
            if (it == longOptions().constEnd())
                return Failure{tr("Unknown or unsupported option %1").arg(shown(t)), w.pos};
            if (!it->takesArg) {
                if (inlineValue)
                    return Failure{tr("Option %1 takes no value, but %2 gives one").arg(token, shown(t)),
                                   w.pos};
                if (auto f = apply(*it, {}, token, w.pos))
                    return f;
                continue;
            }
            QByteArray arg;
            if (inlineValue) {
                arg = *inlineValue;
            } else {
                if (i + 1 >= words.size() || words[i + 1].op)
                    return Failure{tr("Option %1 needs an argument").arg(token), w.pos};
                arg = words[++i].text;
            }
            if (auto f = apply(*it, arg, token, w.pos))
                return f;
            continue;
        }
        // Short options, possibly combined (-sSL); the first one that takes an argument takes
        // the rest of the word (-XPOST) or the next word.
        for (qsizetype k = 1; k < t.size(); ++k) {
            const QString token = QStringLiteral("-") + QLatin1Char(t[k]);
            const auto info = shortOption(t[k]);
            if (!info) {
                if (t.size() > 2)
                    return Failure{tr("Unknown or unsupported option %1 in %2").arg(token, shown(t)), w.pos};
                return Failure{tr("Unknown or unsupported option %1").arg(token), w.pos};
            }
            if (!info->takesArg) {
                if (auto f = apply(*info, {}, token, w.pos))
                    return f;
                continue;
            }
            QByteArray arg;
            if (k + 1 < t.size()) {
                arg = t.mid(k + 1);
            } else {
                if (i + 1 >= words.size() || words[i + 1].op)
                    return Failure{tr("Option %1 needs an argument").arg(token), w.pos};
                arg = words[++i].text;
            }
            if (auto f = apply(*info, arg, token, w.pos))
                return f;
            break;
        }
    }
    if (!haveUrl || cmd.url.isEmpty())
        return Failure{tr("No URL in the command"), words.isEmpty() ? 0 : words.last().pos};

    const QByteArray joined = data.join('&');
    const bool hasData = !data.isEmpty();
    if (!method.isEmpty())
        cmd.method = QString::fromUtf8(method);
    else if (head)
        cmd.method = QStringLiteral("HEAD");
    else if (hasData && !get)
        cmd.method = QStringLiteral("POST");
    else
        cmd.method = QStringLiteral("GET");
    if (get && hasData) {
        cmd.url += QLatin1Char(cmd.url.contains(QLatin1Char('?')) ? '&' : '?') + QString::fromUtf8(joined);
    } else if (hasData) {
        cmd.body = joined;
        if (json) {
            headers.append({"Content-Type", "application/json", true});
            headers.append({"Accept", "application/json", true});
        } else {
            headers.append({"Content-Type", "application/x-www-form-urlencoded", true});
        }
    }
    if (compressed)
        headers.append({"Accept-Encoding", "deflate, gzip", true});

    QSet<QByteArray> explicitNames;
    for (const PendingHeader &h : headers)
        if (!h.fromOption)
            explicitNames.insert(h.name.toLower());
    QSet<QByteArray> derived;
    for (const PendingHeader &h : headers) {
        const QByteArray lower = h.name.toLower();
        if (h.fromOption) {
            // a -H of that name wins, and -H "Name:" removes it; one of each kind is enough
            if (explicitNames.contains(lower) || removed.contains(lower) || derived.contains(lower))
                continue;
            derived.insert(lower);
        }
        // as for -H: the space after "Name:" is not part of the value
        qsizetype start = 0;
        while (start < h.value.size() && (h.value[start] == ' ' || h.value[start] == '\t'))
            ++start;
        cmd.headers.append({h.name, h.value.mid(start)});
    }
    return std::nullopt;
}

} // namespace

std::optional<CurlCommand> CurlCommand::parse(const QString &commandLine, QString *error, int *errorPosition)
{
    const QByteArray in = commandLine.toUtf8();
    QList<Word> words;
    CurlCommand cmd;
    std::optional<Failure> failure = splitWords(in, words);
    if (!failure && words.isEmpty())
        failure = Failure{tr("The command is empty: paste a curl command line"), 0};
    if (!failure)
        failure = parseWords(words, cmd);
    if (!failure)
        return cmd;
    // Report where as the user sees it: characters, lines and columns, not bytes.
    const QString before = QString::fromUtf8(in.left(failure->pos));
    const int line = int(before.count(QLatin1Char('\n'))) + 1;
    const int column = int(before.size() - before.lastIndexOf(QLatin1Char('\n')));
    if (error)
        *error = tr("%1 (line %2, column %3)").arg(failure->message).arg(line).arg(column);
    if (errorPosition)
        *errorPosition = int(before.size());
    return std::nullopt;
}

QString CurlCommand::quote(const QByteArray &word)
{
    const bool utf8 = QString::fromUtf8(word).toUtf8() == word;
    bool control = false;
    for (const char c : word)
        control = control || uchar(c) < 0x20 || uchar(c) == 0x7f;
    if (utf8 && !control) {
        QByteArray out = word;
        out.replace('\'', "'\\''");
        return QLatin1Char('\'') + QString::fromUtf8(out) + QLatin1Char('\'');
    }
    // $'…' keeps the command on one line and carries bytes that are not text.
    QByteArray out = "$'";
    for (const char c : word) {
        const uchar u = uchar(c);
        if (c == '\\')
            out += "\\\\";
        else if (c == '\'')
            out += "\\'";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (u < 0x20 || u == 0x7f || (u >= 0x80 && !utf8))
            out += "\\x" + QByteArray::number(u, 16).rightJustified(2, '0');
        else
            out += c;
    }
    out += '\'';
    return QString::fromUtf8(out);
}

QString CurlCommand::generate(const QString &method, const QString &url, const HeaderPairs &headers,
                              const QByteArray &body)
{
    QStringList parts{QStringLiteral("curl")};
    // A URL that starts with '-' would be read as an option.
    if (url.startsWith(QLatin1Char('-')))
        parts << QStringLiteral("--url");
    parts << quote(url.toUtf8());
    const bool hasBody = !body.isEmpty();
    if (method == QLatin1String("HEAD") && !hasBody) {
        parts << QStringLiteral("-I");
    } else if (method != QLatin1String(hasBody ? "POST" : "GET")) {
        bool plain = !method.isEmpty();
        for (const QChar c : method)
            plain = plain && c.isLetter() && c.unicode() < 0x80;
        parts << QStringLiteral("-X") << (plain ? method : quote(method.toUtf8()));
    }
    bool hasContentType = false;
    for (const auto &[name, value] : headers) {
        hasContentType = hasContentType || name.compare("Content-Type", Qt::CaseInsensitive) == 0;
        parts << QStringLiteral("-H") << quote(value.isEmpty() ? name + ';' : name + ": " + value);
    }
    if (hasBody) {
        // curl would add a form Content-Type; "Content-Type:" tells it not to.
        if (!hasContentType)
            parts << QStringLiteral("-H") << quote("Content-Type:");
        parts << QStringLiteral("--data-raw") << quote(body);
    }
    return parts.join(QLatin1Char(' '));
}

QString CurlCommand::forRecord(const RequestRecord &record, QString *note)
{
    QString host = QStringLiteral("127.0.0.1");
    HeaderPairs headers;
    QStringList lost;
    qint64 contentLength = 0;
    for (const QString &line : record.requestHeaders.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            continue;
        const QString name = line.left(colon).trimmed();
        const QString value = line.mid(colon + 1).trimmed();
        if (value.endsWith(QChar(0x2026))) { // "…": the recording cut it here
            lost << name;
            continue;
        }
        if (name.compare(QLatin1String("Host"), Qt::CaseInsensitive) == 0)
            host = value;
        else if (name.compare(QLatin1String("Content-Length"), Qt::CaseInsensitive) == 0)
            contentLength = value.toLongLong();
        else
            headers.append({name.toUtf8(), value.toUtf8()});
    }
    QString url = QStringLiteral("http://") + host + record.path;
    if (!record.query.isEmpty())
        url += QLatin1Char('?') + record.query;
    if (note) {
        QStringList parts;
        if (contentLength > 0)
            parts << QStringLiteral("its %1-byte body is not recorded").arg(contentLength);
        if (!lost.isEmpty())
            parts << QStringLiteral("the recording cut %1").arg(lost.join(QStringLiteral(", ")));
        *note = parts.join(QStringLiteral("; "));
    }
    return generate(record.method.isEmpty() ? QStringLiteral("GET") : record.method, url, headers, {});
}

} // namespace rs::ui
