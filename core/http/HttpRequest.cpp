#include "core/http/HttpRequest.h"

namespace rs::http {

QByteArray HttpRequest::host() const
{
    const QByteArray sent = headers.value("Host");
    if (!sent.isEmpty())
        return sent;
    QByteArray address = localAddress.toString().toLatin1();
    if (localAddress.protocol() == QAbstractSocket::IPv6Protocol)
        address = '[' + address + ']';
    return address + ':' + QByteArray::number(localPort);
}

} // namespace rs::http
