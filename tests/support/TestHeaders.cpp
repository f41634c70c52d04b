#include "tests/support/TestHeaders.h"

#include <algorithm>

namespace rs::test {

namespace {
bool sameName(const QByteArray &a, const QByteArray &b)
{
    return a.size() == b.size() && qstrnicmp(a.constData(), b.constData(), a.size()) == 0;
}
} // namespace

void TestHeaders::set(const QByteArray &name, QByteArray value)
{
    remove(name);
    add(name, std::move(value));
}

void TestHeaders::remove(const QByteArray &name)
{
    std::erase_if(fields_, [&](const Field &f) { return sameName(f.first, name); });
}

QByteArray TestHeaders::value(const QByteArray &name) const
{
    for (const Field &f : fields_)
        if (sameName(f.first, name))
            return f.second.isNull() ? QByteArray("") : f.second;
    return {};
}

std::vector<QByteArray> TestHeaders::values(const QByteArray &name) const
{
    std::vector<QByteArray> out;
    for (const Field &f : fields_)
        if (sameName(f.first, name))
            out.push_back(f.second);
    return out;
}

} // namespace rs::test
