#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <http_parser.h>

class QTcpSocket;
class QTimer;

namespace rs::ui {

// One persistent HTTP/1.1 connection of a LoadRunner: sends one request at a time, parses the
// answer with http_parser (Content-Length, chunked, or until close), keeps the connection open
// when the server allows it and reconnects on the next send when it did not. A keep-alive
// connection the server closed while idle is retried once, as browsers do.
// Lives on the LoadRunner's thread; every function: that thread.
class LoadConnection : public QObject {
    Q_OBJECT
public:
    enum class Failure { ConnectionRefused, Timeout, Other };

    LoadConnection(QString host, quint16 port, int timeoutMs, QObject *parent = nullptr);
    ~LoadConnection() override;

    // Sends one request (connecting first when needed). Ends in exactly one completed() or
    // failed(), never from inside this call.
    void send(const QByteArray &request, bool headRequest);
    // Drops the connection and the request in flight without a signal.
    void abort();
    bool busy() const { return inFlight_; }

signals:
    void completed(int status, qint64 latencyUs, qint64 bodyBytes);
    void failed(rs::ui::LoadConnection::Failure kind, const QString &reason);

private:
    void writeRequest();
    void onConnected();
    void onReadyRead();
    void onSocketError();
    void onTimeout();
    bool feed(const char *data, qsizetype size); // false on a parse error (already reported)
    void succeed();
    void fail(Failure kind, const QString &reason);

    static int onHeadersComplete(http_parser *parser);
    static int onBody(http_parser *parser, const char *at, size_t length);
    static int onMessageComplete(http_parser *parser);

    QString host_;
    quint16 port_;
    int timeoutMs_;
    QTcpSocket *socket_;
    QTimer *timer_;
    http_parser parser_{};
    http_parser_settings settings_{};
    QByteArray request_;
    QElapsedTimer clock_;
    bool headRequest_ = false;
    bool inFlight_ = false;
    bool reused_ = false; // sent on a connection that had already answered
    bool retried_ = false;
    bool complete_ = false;
    bool keepAlive_ = true;
    qint64 received_ = 0; // bytes of this answer so far
    qint64 bodyBytes_ = 0;
    int status_ = 0;
};

} // namespace rs::ui
