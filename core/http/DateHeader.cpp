#include "core/http/DateHeader.h"

#include <cstring>
#include <time.h>

namespace rs::http {

namespace {
void put2(char *p, int v)
{
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
}
} // namespace

QByteArray DateHeader::format(std::time_t when)
{
    static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm{};
    gmtime_r(&when, &tm);
    // Built by hand: strftime's %a and %b follow LC_TIME, which QCoreApplication sets from the user.
    char buf[29];
    std::memcpy(buf, days[tm.tm_wday], 3);
    buf[3] = ',';
    buf[4] = ' ';
    put2(buf + 5, tm.tm_mday);
    buf[7] = ' ';
    std::memcpy(buf + 8, months[tm.tm_mon], 3);
    buf[11] = ' ';
    const int year = tm.tm_year + 1900;
    put2(buf + 12, year / 100 % 100);
    put2(buf + 14, year % 100);
    buf[16] = ' ';
    put2(buf + 17, tm.tm_hour);
    buf[19] = ':';
    put2(buf + 20, tm.tm_min);
    buf[22] = ':';
    put2(buf + 23, tm.tm_sec);
    std::memcpy(buf + 25, " GMT", 4);
    return QByteArray(buf, 29);
}

const QByteArray &DateHeader::headerLine()
{
    thread_local std::time_t cachedSecond = -1;
    thread_local QByteArray line;
    timespec ts;
    clock_gettime(CLOCK_REALTIME_COARSE, &ts);
    if (ts.tv_sec != cachedSecond) {
        cachedSecond = ts.tv_sec;
        line = "Date: " + format(ts.tv_sec) + "\r\n";
    }
    return line;
}

} // namespace rs::http
