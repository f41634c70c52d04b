#include "core/http/HeaderList.h"

#include <algorithm>

namespace rs::http {

namespace {
bool sameName(const QByteArray &a, const QByteArray &b)
{
    return a.size() == b.size() && qstrnicmp(a.constData(), b.constData(), a.size()) == 0;
}
} // namespace

void HeaderList::set(const QByteArray &name, QByteArray value)
{
    remove(name);
    add(name, std::move(value));
}

void HeaderList::remove(const QByteArray &name)
{
    std::erase_if(fields_, [&](const Field &f) { return sameName(f.first, name); });
}

QByteArray HeaderList::value(const QByteArray &name) const
{
    for (const Field &f : fields_)
        if (sameName(f.first, name))
            return f.second.isNull() ? QByteArray("") : f.second;
    return {};
}

std::vector<QByteArray> HeaderList::values(const QByteArray &name) const
{
    std::vector<QByteArray> out;
    for (const Field &f : fields_)
        if (sameName(f.first, name))
            out.push_back(f.second);
    return out;
}

} // namespace rs::http
