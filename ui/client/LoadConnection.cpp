#include "ui/client/LoadConnection.h"

#include <QTcpSocket>
#include <QTimer>

namespace rs::ui {

LoadConnection::LoadConnection(QString host, quint16 port, int timeoutMs, QObject *parent)
    : QObject(parent), host_(std::move(host)), port_(port), timeoutMs_(timeoutMs),
      socket_(new QTcpSocket(this)), timer_(new QTimer(this))
{
    timer_->setSingleShot(true);
    settings_.on_headers_complete = &LoadConnection::onHeadersComplete;
    settings_.on_body = &LoadConnection::onBody;
    settings_.on_message_complete = &LoadConnection::onMessageComplete;
    socket_->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(socket_, &QTcpSocket::connected, this, &LoadConnection::onConnected);
    connect(socket_, &QTcpSocket::readyRead, this, &LoadConnection::onReadyRead);
    connect(socket_, &QTcpSocket::errorOccurred, this, &LoadConnection::onSocketError);
    connect(timer_, &QTimer::timeout, this, &LoadConnection::onTimeout);
}

LoadConnection::~LoadConnection()
{
    socket_->disconnect(this);
    socket_->abort();
}

void LoadConnection::send(const QByteArray &request, bool headRequest)
{
    request_ = request;
    headRequest_ = headRequest;
    inFlight_ = true;
    retried_ = false;
    clock_.start();
    timer_->start(timeoutMs_);
    writeRequest();
}

void LoadConnection::writeRequest()
{
    http_parser_init(&parser_, HTTP_RESPONSE);
    parser_.data = this;
    complete_ = false;
    keepAlive_ = true;
    received_ = 0;
    bodyBytes_ = 0;
    status_ = 0;
    if (socket_->state() == QAbstractSocket::ConnectedState) {
        reused_ = true;
        socket_->write(request_);
        return;
    }
    reused_ = false;
    if (socket_->state() != QAbstractSocket::UnconnectedState)
        socket_->abort();
    socket_->connectToHost(host_, port_);
}

void LoadConnection::abort()
{
    inFlight_ = false;
    timer_->stop();
    socket_->abort();
}

void LoadConnection::onConnected()
{
    if (inFlight_)
        socket_->write(request_);
}

void LoadConnection::onReadyRead()
{
    const QByteArray data = socket_->readAll();
    if (!inFlight_)
        return; // bytes nobody asked for: ignored, the next answer starts on a fresh parser
    if (!feed(data.constData(), data.size()))
        return;
    if (complete_)
        succeed();
}

bool LoadConnection::feed(const char *data, qsizetype size)
{
    received_ += size;
    const size_t parsed = http_parser_execute(&parser_, &settings_, data, size_t(size));
    if (complete_)
        return true; // the parser pauses itself after one answer
    const auto err = HTTP_PARSER_ERRNO(&parser_);
    if (err != HPE_OK || parsed != size_t(size)) {
        fail(Failure::Other,
             QStringLiteral("bad response (%1)").arg(QString::fromUtf8(http_errno_description(err))));
        return false;
    }
    return true;
}

void LoadConnection::onSocketError()
{
    const auto error = socket_->error();
    if (!inFlight_)
        return; // an idle keep-alive connection the server closed: the next send reconnects
    if (error == QAbstractSocket::RemoteHostClosedError) {
        const QByteArray rest = socket_->readAll();
        if (!rest.isEmpty() && !feed(rest.constData(), rest.size()))
            return;
        if (!complete_ && received_ > 0 && !feed(nullptr, 0)) // EOF ends a body read until close
            return;
        if (complete_) {
            keepAlive_ = false;
            succeed();
            return;
        }
        if (reused_ && received_ == 0 && !retried_) {
            retried_ = true;
            socket_->abort();
            writeRequest();
            return;
        }
        fail(Failure::Other, QStringLiteral("connection closed before the response was complete"));
        return;
    }
    if (error == QAbstractSocket::ConnectionRefusedError) {
        fail(Failure::ConnectionRefused,
             QStringLiteral("connection refused: nothing listens on %1:%2").arg(host_).arg(port_));
        return;
    }
    if (error == QAbstractSocket::SocketTimeoutError) {
        fail(Failure::Timeout, QStringLiteral("timeout"));
        return;
    }
    fail(Failure::Other, socket_->errorString());
}

void LoadConnection::onTimeout()
{
    if (inFlight_)
        fail(Failure::Timeout, QStringLiteral("no complete answer within %1 ms").arg(timeoutMs_));
}

void LoadConnection::succeed()
{
    inFlight_ = false;
    timer_->stop();
    const qint64 latencyUs = clock_.nsecsElapsed() / 1000;
    if (!keepAlive_)
        socket_->disconnectFromHost();
    // Queued: the receiver may send the next request at once, outside the socket's signal.
    QMetaObject::invokeMethod(
        this,
        [this, status = status_, latencyUs, body = bodyBytes_] { emit completed(status, latencyUs, body); },
        Qt::QueuedConnection);
}

void LoadConnection::fail(Failure kind, const QString &reason)
{
    inFlight_ = false;
    timer_->stop();
    socket_->abort();
    QMetaObject::invokeMethod(
        this, [this, kind, reason] { emit failed(kind, reason); }, Qt::QueuedConnection);
}

int LoadConnection::onHeadersComplete(http_parser *parser)
{
    auto *self = static_cast<LoadConnection *>(parser->data);
    self->status_ = int(parser->status_code);
    return self->headRequest_ ? 1 : 0; // 1: an answer to HEAD has no body whatever its headers say
}

int LoadConnection::onBody(http_parser *parser, const char *, size_t length)
{
    static_cast<LoadConnection *>(parser->data)->bodyBytes_ += qint64(length);
    return 0;
}

int LoadConnection::onMessageComplete(http_parser *parser)
{
    auto *self = static_cast<LoadConnection *>(parser->data);
    self->complete_ = true;
    self->keepAlive_ = http_should_keep_alive(parser) != 0;
    http_parser_pause(parser, 1); // one answer per request: anything after it is not ours
    return 0;
}

} // namespace rs::ui
