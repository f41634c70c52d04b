// CurlCommand: command lines as Chrome, Firefox, API docs and people write them, each read into
// its method, URL, headers and body; the errors name the word and where it is; and
// generate → parse gives the request back.
#include "ui/client/CurlCommand.h"

#include <QtTest>

using rs::ui::CurlCommand;
using rs::ui::HeaderPairs;
using rs::ui::RequestRecord;

namespace {
// "Name: value" per header, so that a failure prints readably.
QStringList lines(const HeaderPairs &headers)
{
    QStringList out;
    for (const auto &[name, value] : headers)
        out << QString::fromUtf8(name + ": " + value);
    return out;
}

QString basic(const QByteArray &userPassword)
{
    return QStringLiteral("Basic ") + QString::fromLatin1(userPassword.toBase64());
}
} // namespace

class CurlCommandTest : public QObject {
    Q_OBJECT

private slots:
    void realWorldCommands_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QStringList>("headers");
        QTest::addColumn<QByteArray>("body");

        QTest::newRow("chrome GET, -b cookies, --compressed")
            << QStringLiteral(
                   "curl 'https://github.com/rust-lang/rust/issues?q=is%3Aopen' \\\n"
                   "  -H 'accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' \\\n"
                   "  -H 'accept-language: en-US,en;q=0.9' \\\n"
                   "  -b '_octo=GH1.1.1234.5678; logged_in=no' \\\n"
                   "  -H 'sec-ch-ua: \"Chromium\";v=\"118\", \"Google Chrome\";v=\"118\"' \\\n"
                   "  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like "
                   "Gecko) Chrome/118.0.0.0 Safari/537.36' \\\n"
                   "  --compressed")
            << "GET"
            << "https://github.com/rust-lang/rust/issues?q=is%3Aopen"
            << QStringList{"accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                           "accept-language: en-US,en;q=0.9",
                           "Cookie: _octo=GH1.1.1234.5678; logged_in=no",
                           "sec-ch-ua: \"Chromium\";v=\"118\", \"Google Chrome\";v=\"118\"",
                           "user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like "
                           "Gecko) Chrome/118.0.0.0 Safari/537.36",
                           "Accept-Encoding: deflate, gzip"}
            << QByteArray();

        // Chrome switches to $'…' when the body holds a quote: \' and \\ are escapes there.
        QTest::newRow("chrome POST JSON, --data-raw $'…'")
            << QStringLiteral(
                   "curl 'https://api.example.com/graphql' \\\n"
                   "  -H 'content-type: application/json' \\\n"
                   "  -H 'origin: https://example.com' \\\n"
                   "  --data-raw $'{\"query\":\"{ viewer { login } }\",\"note\":\"it\\'s\\\\n2 lines\"}' \\\n"
                   "  --compressed")
            << "POST"
            << "https://api.example.com/graphql"
            << QStringList{"content-type: application/json", "origin: https://example.com",
                           "Accept-Encoding: deflate, gzip"}
            << QByteArray("{\"query\":\"{ viewer { login } }\",\"note\":\"it's\\n2 lines\"}");

        QTest::newRow("older chrome PUT, --data-binary $'…' with \\n and \\u0021")
            << QStringLiteral("curl 'http://localhost:8080/api/items/7' -X PUT -H 'Pragma: no-cache' "
                              "-H 'Content-Type: text/plain;charset=UTF-8' -H 'Cookie: sid=abc' "
                              "--data-binary $'line1\\nline2\\u0021\\ttab' --compressed")
            << "PUT"
            << "http://localhost:8080/api/items/7"
            << QStringList{"Pragma: no-cache", "Content-Type: text/plain;charset=UTF-8", "Cookie: sid=abc",
                           "Accept-Encoding: deflate, gzip"}
            << QByteArray("line1\nline2!\ttab");

        QTest::newRow("firefox POST with -X 'POST' and --data-raw")
            << QStringLiteral(
                   "curl 'https://developer.mozilla.org/api/v1/whoami' -X 'POST' -H 'User-Agent: "
                   "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0' -H 'Accept: */*' "
                   "-H 'Accept-Language: en-US,en;q=0.5' -H 'Accept-Encoding: gzip, deflate, br' "
                   "-H 'Content-Type: application/x-www-form-urlencoded' -H 'Origin: "
                   "https://developer.mozilla.org' -H 'Connection: keep-alive' --data-raw "
                   "'user=alex&remember=1'")
            << "POST"
            << "https://developer.mozilla.org/api/v1/whoami"
            << QStringList{"User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 "
                           "Firefox/115.0",
                           "Accept: */*",
                           "Accept-Language: en-US,en;q=0.5",
                           "Accept-Encoding: gzip, deflate, br",
                           "Content-Type: application/x-www-form-urlencoded",
                           "Origin: https://developer.mozilla.org",
                           "Connection: keep-alive"}
            << QByteArray("user=alex&remember=1");

        // Firefox writes non-ASCII as \xHH: bash turns that into raw bytes, and so do we.
        QTest::newRow("firefox $'…' with \\xHH bytes")
            << QStringLiteral("curl 'https://example.org/form' -X 'POST' -H 'Content-Type: text/plain' "
                              "--data-raw $'name=Ren\\xc3\\xa9\\r\\nold=\\xe9'")
            << "POST"
            << "https://example.org/form" << QStringList{"Content-Type: text/plain"}
            << QByteArray("name=Ren\xc3\xa9\r\nold=\xe9");

        QTest::newRow("github docs: -L -X POST, \"…\" headers, -d with '\\''")
            << QStringLiteral("curl -L \\\n  -X POST \\\n  -H \"Accept: application/vnd.github+json\" \\\n"
                              "  -H \"Authorization: Bearer <YOUR-TOKEN>\" \\\n"
                              "  -H \"X-GitHub-Api-Version: 2022-11-28\" \\\n"
                              "  https://api.github.com/repos/OWNER/REPO/issues \\\n"
                              "  -d '{\"title\":\"Found a bug\",\"body\":\"I'\\''m having a problem with "
                              "this.\",\"labels\":[\"bug\"]}'")
            << "POST"
            << "https://api.github.com/repos/OWNER/REPO/issues"
            << QStringList{"Accept: application/vnd.github+json", "Authorization: Bearer <YOUR-TOKEN>",
                           "X-GitHub-Api-Version: 2022-11-28",
                           "Content-Type: application/x-www-form-urlencoded"}
            << QByteArray("{\"title\":\"Found a bug\",\"body\":\"I'm having a problem with "
                          "this.\",\"labels\":[\"bug\"]}");

        QTest::newRow("github docs: -u user:token")
            << QStringLiteral(
                   "curl -u octocat:ghp_16C7e42F292c6912E7710c838347Ae178B4a https://api.github.com/user")
            << "GET"
            << "https://api.github.com/user"
            << QStringList{"Authorization: " + basic("octocat:ghp_16C7e42F292c6912E7710c838347Ae178B4a")}
            << QByteArray();

        QTest::newRow("stripe docs: -u key: and several -d")
            << QStringLiteral("curl https://api.stripe.com/v1/customers \\\n"
                              "  -u sk_test_4eC39HqLyjWDarjtT1zdp7dc: \\\n"
                              "  -d name=\"Jenny Rosen\" \\\n"
                              "  -d email=\"jenny.rosen@example.com\" \\\n"
                              "  -d \"metadata[order_id]\"=6735")
            << "POST"
            << "https://api.stripe.com/v1/customers"
            << QStringList{"Authorization: " + basic("sk_test_4eC39HqLyjWDarjtT1zdp7dc:"),
                           "Content-Type: application/x-www-form-urlencoded"}
            << QByteArray("name=Jenny Rosen&email=jenny.rosen@example.com&metadata[order_id]=6735");

        QTest::newRow("stripe docs: -G with -d puts the data in the query")
            << QStringLiteral("curl -G https://api.stripe.com/v1/customers \\\n"
                              "  -u sk_test_4eC39HqLyjWDarjtT1zdp7dc: \\\n"
                              "  -d limit=3 \\\n"
                              "  -d \"created[gte]\"=1692000000")
            << "GET"
            << "https://api.stripe.com/v1/customers?limit=3&created[gte]=1692000000"
            << QStringList{"Authorization: " + basic("sk_test_4eC39HqLyjWDarjtT1zdp7dc:")} << QByteArray();

        QTest::newRow("--get appends to an existing query")
            << QStringLiteral("curl --get --data-urlencode 'q=a b&c' 'http://h/search?lang=en'") << "GET"
            << "http://h/search?lang=en&q=a%20b%26c" << QStringList{} << QByteArray();

        QTest::newRow("-sSI: HEAD") << QStringLiteral("curl -sSI https://example.com/") << "HEAD"
                                    << "https://example.com/" << QStringList{} << QByteArray();

        QTest::newRow("insomnia: --request --url --header --data")
            << QStringLiteral("curl --request POST \\\n  --url https://example.com/api/v2/things \\\n"
                              "  --header 'content-type: application/json' \\\n"
                              "  --header 'authorization: Bearer abc.def' \\\n"
                              "  --data '{\"name\":\"x\",\"n\":2}'")
            << "POST"
            << "https://example.com/api/v2/things"
            << QStringList{"content-type: application/json", "authorization: Bearer abc.def"}
            << QByteArray("{\"name\":\"x\",\"n\":2}");

        QTest::newRow("postman: --location --request DELETE, --header=value")
            << QStringLiteral(
                   "curl --location --request DELETE 'https://api.example.com/v1/items/42?force=true' "
                   "--header='Authorization: Bearer abc' --header=Accept:application/json")
            << "DELETE"
            << "https://api.example.com/v1/items/42?force=true"
            << QStringList{"Authorization: Bearer abc", "Accept: application/json"} << QByteArray();

        QTest::newRow("several -b join into one Cookie header")
            << QStringLiteral("curl -b 'session=eyJ1c2VyIjoiYWxleCJ9.Zx; theme=dark' -b lang=en "
                              "http://127.0.0.1:5000/home")
            << "GET"
            << "http://127.0.0.1:5000/home"
            << QStringList{"Cookie: session=eyJ1c2VyIjoiYWxleCJ9.Zx; theme=dark; lang=en"} << QByteArray();

        QTest::newRow("double quotes: \\$ \\\" \\\\ \\` escape, other backslashes stay")
            << QStringLiteral(
                   "curl -H \"X-Token: \\$abc \\\"q\\\" back\\\\slash \\`t\\` a\\b\" \"http://h/x\"")
            << "GET"
            << "http://h/x" << QStringList{"X-Token: $abc \"q\" back\\slash `t` a\\b"} << QByteArray();

        QTest::newRow("combined and attached short options, -A, -e ;auto")
            << QStringLiteral("curl -sSL -XPATCH -A 'rs-test/1.0' -e 'https://ref.example/;auto' "
                              "-H'X-Attached: yes' http://localhost/p -dkey=value -k")
            << "PATCH"
            << "http://localhost/p"
            << QStringList{"User-Agent: rs-test/1.0", "Referer: https://ref.example/", "X-Attached: yes",
                           "Content-Type: application/x-www-form-urlencoded"}
            << QByteArray("key=value");

        QTest::newRow("-H of the same name wins over -A")
            << QStringLiteral("curl -A first http://h/ -H 'user-agent: second'") << "GET"
            << "http://h/" << QStringList{"user-agent: second"} << QByteArray();

        QTest::newRow("adjacent quoted pieces, URL first, no 'curl'")
            << QStringLiteral("'http://h/'\"pa th\"$'\\x41'bc\\ d -X PUT -d 'a'") << "PUT"
            << "http://h/pa thAbc d" << QStringList{"Content-Type: application/x-www-form-urlencoded"}
            << QByteArray("a");

        QTest::newRow("X; gives an empty value, Name: removes curl's own header")
            << QStringLiteral("curl --compressed -H 'X-Empty;' -H 'Accept-Encoding:' -H 'Content-Type:' "
                              "--data-raw '@not-a-file' http://h/")
            << "POST"
            << "http://h/" << QStringList{"X-Empty: "} << QByteArray("@not-a-file");

        QTest::newRow("--json") << QStringLiteral("curl --json '{\"a\":1}' https://h/api") << "POST"
                                << "https://h/api"
                                << QStringList{"Content-Type: application/json", "Accept: application/json"}
                                << QByteArray("{\"a\":1}");

        QTest::newRow("docs prompt, piped into jq")
            << QStringLiteral("$ curl -s https://api.github.com/users/octocat | jq .login") << "GET"
            << "https://api.github.com/users/octocat" << QStringList{} << QByteArray();

        QTest::newRow("CRLF line continuations, -- before the URL")
            << QStringLiteral("curl \\\r\n  -H 'A: b' \\\r\n  --oauth2-bearer tok -- http://h/-x") << "GET"
            << "http://h/-x" << QStringList{"A: b", "Authorization: Bearer tok"} << QByteArray();

        QTest::newRow("-X overrides -I and data; -d and --data-ascii joined with &")
            << QStringLiteral("curl -d a=1 --data-ascii b=2 --data-raw '@c=3' -X GET http://h/") << "GET"
            << "http://h/" << QStringList{"Content-Type: application/x-www-form-urlencoded"}
            << QByteArray("a=1&b=2&@c=3");
    }

    void realWorldCommands()
    {
        QFETCH(QString, command);
        QFETCH(QString, method);
        QFETCH(QString, url);
        QFETCH(QStringList, headers);
        QFETCH(QByteArray, body);
        QString error;
        const auto parsed = CurlCommand::parse(command, &error);
        QVERIFY2(parsed, qPrintable(error));
        QCOMPARE(parsed->method, method);
        QCOMPARE(parsed->url, url);
        QCOMPARE(lines(parsed->headers), headers);
        QCOMPARE(parsed->body, body);
    }

    void harmlessFlagsAreListed()
    {
        QString error;
        const auto parsed = CurlCommand::parse(
            QStringLiteral("curl -sSLk --compressed -v -i --max-time 5 -o /dev/null http://h/"), &error);
        QVERIFY2(parsed, qPrintable(error));
        QCOMPARE(parsed->flags,
                 (QStringList{"--silent", "--show-error", "--location", "--insecure", "--compressed",
                              "--verbose", "--include", "--max-time", "--output"}));
        QCOMPARE(parsed->url, QStringLiteral("http://h/"));
    }

    void errorsNameTheWordAndWhere_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QStringList>("mentions");
        QTest::addColumn<int>("position");

        QTest::newRow("unterminated single quote") << QStringLiteral("curl -H 'X: y http://h/")
                                                   << QStringList{"Unterminated", "'X: y", "column 9"} << 8;
        QTest::newRow("unterminated double quote") << QStringLiteral("curl http://h/ -d \"abc")
                                                   << QStringList{"Unterminated", "\"abc", "column 19"} << 18;
        QTest::newRow("unterminated $'…'") << QStringLiteral("curl http://h/ --data-raw $'a\\'b")
                                           << QStringList{"Unterminated", "$'a", "column 27"} << 26;
        QTest::newRow("unknown long option") << QStringLiteral("curl --frobnicate http://h/")
                                             << QStringList{"--frobnicate", "line 1, column 6"} << 5;
        QTest::newRow("unknown short option in a group")
            << QStringLiteral("curl -sQ http://h/") << QStringList{"-Q", "-sQ", "column 6"} << 5;
        QTest::newRow("missing argument at the end")
            << QStringLiteral("curl http://h/ -H") << QStringList{"-H", "needs an argument", "column 16"}
            << 15;
        QTest::newRow("missing argument before a pipe") << QStringLiteral("curl http://h/ --data | jq")
                                                        << QStringList{"--data", "needs an argument"} << 15;
        QTest::newRow("-d @file") << QStringLiteral("curl -d @payload.json http://h/")
                                  << QStringList{"-d", "@payload.json", "files are not read"} << 5;
        QTest::newRow("--data-binary @file on line 3")
            << QStringLiteral("curl http://h/ \\\n  -X POST \\\n  --data-binary @body.bin")
            << QStringList{"--data-binary", "@body.bin", "line 3, column 3"} << 31;
        QTest::newRow("--data-urlencode name@file")
            << QStringLiteral("curl --data-urlencode 'name@users.txt' http://h/")
            << QStringList{"--data-urlencode", "name@users.txt"} << 5;
        QTest::newRow("-b file") << QStringLiteral("curl -b cookies.txt http://h/")
                                 << QStringList{"-b", "cookies.txt", "cookie file"} << 5;
        QTest::newRow("not a header") << QStringLiteral("curl -H nocolon http://h/")
                                      << QStringList{"-H", "nocolon", "not a header"} << 5;
        QTest::newRow("-u without a password")
            << QStringLiteral("curl -u alex http://h/") << QStringList{"-u", "alex", "password"} << 5;
        QTest::newRow("-F is refused")
            << QStringLiteral("curl -F file=@a.png http://h/") << QStringList{"-F", "multipart"} << 5;
        QTest::newRow("a value given to a flag")
            << QStringLiteral("curl --location=yes http://h/") << QStringList{"--location=yes"} << 5;
        QTest::newRow("two URLs") << QStringLiteral("curl http://a/ http://b/")
                                  << QStringList{"second URL", "http://b/", "column 16"} << 15;
        QTest::newRow("two commands") << QStringLiteral("curl http://a/ ; curl http://b/")
                                      << QStringList{"Shell operator ;", "column 16"} << 15;
        QTest::newRow("no URL") << QStringLiteral("curl -H 'A: b'") << QStringList{"No URL"} << 8;
        QTest::newRow("empty") << QStringLiteral("  \n ") << QStringList{"empty"} << 0;
        QTest::newRow("position counts characters, not bytes")
            << QStringLiteral("curl -H 'X: é' --bogus http://h/") << QStringList{"--bogus", "column 16"}
            << 15;
    }

    void errorsNameTheWordAndWhere()
    {
        QFETCH(QString, command);
        QFETCH(QStringList, mentions);
        QFETCH(int, position);
        QString error;
        int at = -1;
        const auto parsed = CurlCommand::parse(command, &error, &at);
        QVERIFY(!parsed);
        for (const QString &m : mentions)
            QVERIFY2(error.contains(m), qPrintable(QStringLiteral("'%1' not in: %2").arg(m, error)));
        QCOMPARE(at, position);
    }

    void generatesOneLineOfBash()
    {
        QCOMPARE(CurlCommand::generate(QStringLiteral("GET"), QStringLiteral("http://h/hello"), {}, {}),
                 QStringLiteral("curl 'http://h/hello'"));
        QCOMPARE(CurlCommand::generate(QStringLiteral("POST"), QStringLiteral("http://h/echo"),
                                       {{"Content-Type", "application/json"}}, "{\"it's\":\"x\"}"),
                 QStringLiteral("curl 'http://h/echo' -H 'Content-Type: application/json' "
                                "--data-raw '{\"it'\\''s\":\"x\"}'"));
        QCOMPARE(CurlCommand::generate(QStringLiteral("DELETE"), QStringLiteral("http://h/x"),
                                       {{"X-Empty", ""}}, {}),
                 QStringLiteral("curl 'http://h/x' -X DELETE -H 'X-Empty;'"));
        QCOMPARE(CurlCommand::generate(QStringLiteral("HEAD"), QStringLiteral("http://h/"), {}, {}),
                 QStringLiteral("curl 'http://h/' -I"));
        QCOMPARE(CurlCommand::generate(QStringLiteral("PUT"), QStringLiteral("http://h/"),
                                       {{"Content-Type", "text/plain"}}, "a\nb\\c'"),
                 QStringLiteral(
                     "curl 'http://h/' -X PUT -H 'Content-Type: text/plain' --data-raw $'a\\nb\\\\c\\''"));
        // A body without a Content-Type: curl is told not to add its form type.
        QCOMPARE(CurlCommand::generate(QStringLiteral("POST"), QStringLiteral("http://h/"), {}, "x=1"),
                 QStringLiteral("curl 'http://h/' -H 'Content-Type:' --data-raw 'x=1'"));
    }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("url");
        QTest::addColumn<HeaderPairs>("headers");
        QTest::addColumn<QByteArray>("body");

        QTest::newRow("plain GET") << "GET"
                                   << "http://127.0.0.1:5000/hello" << HeaderPairs{} << QByteArray();
        QTest::newRow("JSON with both quotes")
            << "POST"
            << "https://api.example.com/v1/things?x='1'&y=\"2\""
            << HeaderPairs{{"Content-Type", "application/json"}, {"X-Quote", "it's \"so\""}}
            << QByteArray("{\"msg\":\"it's a \\\"test\\\"\",\"path\":\"C:\\\\tmp\"}");
        QTest::newRow("newlines, tabs, CR") << "PUT"
                                            << "http://h/doc" << HeaderPairs{{"Content-Type", "text/plain"}}
                                            << QByteArray("line 1\n\tline 2\r\nend\n");
        QTest::newRow("unicode") << "POST"
                                 << "http://h/echo"
                                 << HeaderPairs{{"Content-Type", "text/plain; charset=utf-8"},
                                                {"X-Name", "Zoë 世界"}}
                                 << QString::fromUtf8("Grüße, 世界 🚀 'quoted'\n").toUtf8();
        QTest::newRow("not UTF-8") << "POST"
                                   << "http://h/bin"
                                   << HeaderPairs{{"Content-Type", "application/octet-stream"}}
                                   << QByteArray("\xff\xfe\x01\x7f\x80 ok");
        QTest::newRow("shell characters stay literal")
            << "PATCH"
            << "http://h/p" << HeaderPairs{{"X-Shell", "$HOME `id` $(rm -rf /) \\ ! *"}}
            << QByteArray("$PATH && echo hi; | > <");
        QTest::newRow("body that looks like an option or a file")
            << "POST"
            << "http://h/" << HeaderPairs{{"Content-Type", "text/plain"}} << QByteArray("@/etc/passwd");
        QTest::newRow("dash body") << "POST"
                                   << "http://h/" << HeaderPairs{{"Content-Type", "text/plain"}}
                                   << QByteArray("-d");
        QTest::newRow("body without Content-Type") << "POST"
                                                   << "http://h/" << HeaderPairs{} << QByteArray("a=1");
        QTest::newRow("GET with a body")
            << "GET"
            << "http://h/" << HeaderPairs{{"Content-Type", "text/plain"}} << QByteArray("odd but allowed");
        QTest::newRow("POST without a body") << "POST"
                                             << "http://h/logout" << HeaderPairs{} << QByteArray();
        QTest::newRow("HEAD") << "HEAD"
                              << "http://h/" << HeaderPairs{{"Accept", "*/*"}} << QByteArray();
        QTest::newRow("HEAD with a body")
            << "HEAD"
            << "http://h/" << HeaderPairs{{"Content-Type", "x/y"}} << QByteArray("b");
        QTest::newRow("custom method, empty header value, cookie")
            << "PROPFIND"
            << "http://h/dav/" << HeaderPairs{{"Depth", "1"}, {"X-Empty", ""}, {"Cookie", "a=b; c=d"}}
            << QByteArray();
        QTest::newRow("URL that starts with a dash") << "GET"
                                                     << "-not-an-option" << HeaderPairs{} << QByteArray();
        QTest::newRow("only quotes and backslashes")
            << "POST"
            << "http://h/" << HeaderPairs{{"Content-Type", "text/plain"}} << QByteArray("'\\''\\");
    }

    void roundTrip()
    {
        QFETCH(QString, method);
        QFETCH(QString, url);
        QFETCH(HeaderPairs, headers);
        QFETCH(QByteArray, body);
        const QString line = CurlCommand::generate(method, url, headers, body);
        QVERIFY2(!line.contains(QLatin1Char('\n')) && !line.contains(QLatin1Char('\r')), qPrintable(line));
        QString error;
        const auto parsed = CurlCommand::parse(line, &error);
        QVERIFY2(parsed, qPrintable(error + QStringLiteral(" in ") + line));
        QCOMPARE(parsed->method, method);
        QCOMPARE(parsed->url, url);
        QCOMPARE(lines(parsed->headers), lines(headers));
        QCOMPARE(parsed->body, body);
        QCOMPARE(parsed->toCommandLine(), line);
    }

    // A request the engine saw, as curl would send it again; parsed back, it is the same request.
    void forRecordedRequest()
    {
        RequestRecord r;
        r.method = QStringLiteral("POST");
        r.path = QStringLiteral("/cart/add/it's");
        r.query = QStringLiteral("x=1&y=a b");
        r.requestHeaders = QStringLiteral("Host: 127.0.0.1:5000\nUser-Agent: curl/7.88.1\nCookie: "
                                          "session=abc.def\nContent-Length: 12\nX-Long: cut here\u2026");
        QString note;
        const QString line = CurlCommand::forRecord(r, &note);
        QString why;
        const auto back = CurlCommand::parse(line, &why);
        QVERIFY2(back, qPrintable(why + QStringLiteral(": ") + line));
        QCOMPARE(back->method, QStringLiteral("POST"));
        QCOMPARE(back->url, QStringLiteral("http://127.0.0.1:5000/cart/add/it's?x=1&y=a b"));
        QVERIFY(back->headers.contains({"User-Agent", "curl/7.88.1"}));
        QVERIFY(back->headers.contains({"Cookie", "session=abc.def"}));
        for (const auto &h : back->headers) {
            QVERIFY(h.first != "Host" && h.first != "Content-Length" && h.first != "X-Long");
        }
        QVERIFY2(note.contains(QLatin1String("12-byte body is not recorded")), qPrintable(note));
        QVERIFY2(note.contains(QLatin1String("X-Long")), qPrintable(note));

        RequestRecord plain; // no Host header, nothing lost
        plain.method = QStringLiteral("GET");
        plain.path = QStringLiteral("/hello");
        QCOMPARE(CurlCommand::forRecord(plain, &note), QStringLiteral("curl 'http://127.0.0.1/hello'"));
        QVERIFY(note.isEmpty());
    }
};

QTEST_GUILESS_MAIN(CurlCommandTest)
#include "tst_curl_command.moc"
