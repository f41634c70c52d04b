#include "ui/client/ClientPanel.h"

#include "ui/client/ClientCookieJar.h"
#include "ui/client/CompareDialog.h"
#include "ui/client/CookieJarModel.h"
#include "ui/client/CookieJarView.h"
#include "ui/client/CookiePersistence.h"
#include "ui/client/CurlCommand.h"
#include "ui/client/CurlImportDialog.h"
#include "ui/client/HistoryModel.h"
#include "ui/client/HistoryView.h"
#include "ui/client/KeyValueEditor.h"
#include "ui/client/LoadTestView.h"
#include "ui/client/ResponseView.h"
#include "ui/models/RequestStore.h"

#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace rs::ui {

namespace {
constexpr int kDefaultTimeoutMs = 30'000;
constexpr int kRouteColumns = 5;

QString withoutTrailingSlash(QString url)
{
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    return url;
}
} // namespace

QStringList ClientPanel::demoRoutes()
{
    return {QStringLiteral("/hello"),
            QStringLiteral("/login"),
            QStringLiteral("/home"),
            QStringLiteral("/logout"),
            QStringLiteral("/cart/add/x"),
            QStringLiteral("/cart/add/y"),
            QStringLiteral("/cart/add-fixed/x"),
            QStringLiteral("/cart"),
            QStringLiteral("/flash/login"),
            QStringLiteral("/permanent/on"),
            QStringLiteral("/g"),
            QStringLiteral("/teapot"),
            QStringLiteral("/boom"),
            QStringLiteral("/slow?ms=300"),
            QStringLiteral("/whoami"),
            QStringLiteral("/xx/index")};
}

ClientPanel::ClientPanel(QString baseUrl, QWidget *parent)
    : QWidget(parent), baseUrl_(withoutTrailingSlash(std::move(baseUrl))),
      network_(new QNetworkAccessManager(this)), jar_(new ClientCookieJar(this)),
      cookies_(new CookieJarModel(jar_, this)),
      persistence_(new CookiePersistence(cookies_, CookieJarModel::defaultFilePath(), this)),
      history_(new HistoryModel(HistoryModel::kDefaultCapacity, this)), method_(new QComboBox(this)),
      url_(new QLineEdit(this)), sendButton_(new QPushButton(tr("Send"), this)),
      concurrentButton_(new QPushButton(tr("Send concurrently…"), this)), curlButton_(new QToolButton(this)),
      query_(new KeyValueEditor(tr("Parameter"), tr("Value"), this)),
      headers_(new KeyValueEditor(tr("Header"), tr("Value"), this)), body_(new QPlainTextEdit(this)),
      contentType_(new QComboBox(this)), splitter_(new QSplitter(Qt::Vertical, this)),
      requestTabs_(new QTabWidget(this)), responseTabs_(new QTabWidget(this)),
      response_(new ResponseView(this)), historyView_(new HistoryView(history_, this)),
      cookieView_(new CookieJarView(cookies_, persistence_, this)), loadView_(new LoadTestView(this)),
      sendAction_(new QAction(tr("Send request"), this)),
      sendConcurrentlyAction_(new QAction(tr("Send concurrently"), this)),
      importCurlAction_(new QAction(tr("Import cURL…"), this)),
      copyCurlAction_(new QAction(tr("Copy as cURL"), this)),
      exportHarAction_(new QAction(tr("Export history as HAR…"), this)),
      importHarAction_(new QAction(tr("Import HAR…"), this)),
      harDirectory_(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)),
      requestTimeoutMs_(kDefaultTimeoutMs)
{
    network_->setCookieJar(jar_);
    network_->setRedirectPolicy(
        QNetworkRequest::ManualRedirectPolicy); // show the 302/308, as Flask answers it
    network_->setTransferTimeout(requestTimeoutMs_);
    cookieView_->setDefaultUrl(QUrl(baseUrl_ + QLatin1Char('/')));

    method_->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                       QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("HEAD"),
                       QStringLiteral("OPTIONS")});
    method_->setToolTip(tr("HTTP method"));
    url_->setPlaceholderText(tr("http://127.0.0.1:5000/hello — any http:// or https:// URL"));
    url_->setClearButtonEnabled(true);
    url_->setText(baseUrl_ + QStringLiteral("/hello"));
    sendButton_->setDefault(true);
    // The toolbar shows the action's icon; the button carries the same one.
    const QIcon sendIcon(QStringLiteral(":/icons/send.png"));
    sendAction_->setIcon(sendIcon);
    sendButton_->setIcon(sendIcon);
    sendButton_->setToolTip(tr("Send the request (Ctrl+Enter)"));
    concurrentButton_->setToolTip(tr("Send this request N times over M connections (Ctrl+Shift+Enter)"));

    sendAction_->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    sendAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    sendConcurrentlyAction_->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return),
                                           QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Enter)});
    sendConcurrentlyAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    importCurlAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    importCurlAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    importCurlAction_->setToolTip(tr("Fill the request from a curl command line (Ctrl+Shift+I)"));
    copyCurlAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    copyCurlAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    copyCurlAction_->setToolTip(
        tr("Copy the request (or the selected history row) as a curl command (Ctrl+Shift+C)"));
    addAction(sendAction_);
    addAction(sendConcurrentlyAction_);
    addAction(importCurlAction_);
    addAction(copyCurlAction_);
    connect(importCurlAction_, &QAction::triggered, this, &ClientPanel::openCurlImport);
    connect(copyCurlAction_, &QAction::triggered, this, &ClientPanel::copyAsCurl);
    curlButton_->setText(QStringLiteral("cURL"));
    curlButton_->setToolTip(tr("Import a curl command, or copy this request as one"));
    curlButton_->setPopupMode(QToolButton::InstantPopup);
    auto *curlMenu = new QMenu(curlButton_);
    curlMenu->addAction(importCurlAction_);
    curlMenu->addAction(copyCurlAction_);
    curlButton_->setMenu(curlMenu);
    connect(sendAction_, &QAction::triggered, this, &ClientPanel::send);
    connect(sendConcurrentlyAction_, &QAction::triggered, this, &ClientPanel::sendConcurrently);
    connect(sendButton_, &QPushButton::clicked, this, &ClientPanel::send);
    connect(url_, &QLineEdit::returnPressed, this, &ClientPanel::send);
    connect(concurrentButton_, &QPushButton::clicked, this, [this] {
        responseTabs_->setCurrentWidget(loadView_);
        loadView_->requestsBox()->setFocus();
    });
    connect(loadView_, &LoadTestView::startRequested, this, &ClientPanel::sendConcurrently);
    connect(url_, &QLineEdit::textEdited, this, &ClientPanel::urlEdited);
    connect(url_, &QLineEdit::textChanged, this,
            [this](const QString &text) { loadView_->setTargetUrl(QUrl(text)); });
    connect(query_, &KeyValueEditor::edited, this, &ClientPanel::queryEdited);
    connect(response_, &ResponseView::requestDetailRequested, this, &ClientPanel::requestDetailRequested);
    connect(response_, &ResponseView::followRequested, this, &ClientPanel::follow);
    connect(historyView_, &HistoryView::resendRequested, this, &ClientPanel::resend);
    connect(historyView_, &HistoryView::compareRequested, this, &ClientPanel::compare);
    connect(historyView_, &HistoryView::copyCurlRequested, this, &ClientPanel::copyHistoryAsCurl);
    exportHarAction_->setToolTip(tr("Save the client's history as a HAR 1.2 file, with each engine "
                                    "request's lifecycle under _requestscope"));
    importHarAction_->setToolTip(
        tr("Append the requests of a HAR file (ours or a browser's) to the history"));
    connect(exportHarAction_, &QAction::triggered, this, &ClientPanel::openHarExport);
    connect(importHarAction_, &QAction::triggered, this, &ClientPanel::openHarImport);
    historyView_->setHarActions(exportHarAction_, importHarAction_);
    connect(history_, &QAbstractItemModel::rowsInserted, this, &ClientPanel::updateTabTitles);
    connect(history_, &QAbstractItemModel::rowsRemoved, this, &ClientPanel::updateTabTitles);
    connect(history_, &QAbstractItemModel::modelReset, this, &ClientPanel::updateTabTitles);
    connect(cookies_, &QAbstractItemModel::rowsInserted, this, &ClientPanel::updateTabTitles);
    connect(cookies_, &QAbstractItemModel::rowsRemoved, this, &ClientPanel::updateTabTitles);
    connect(network_, &QNetworkAccessManager::finished, this, &ClientPanel::onFinished);

    // The request line.
    auto *line = new QHBoxLayout;
    line->addWidget(method_);
    line->addWidget(url_, 1);
    line->addWidget(sendButton_);
    line->addWidget(concurrentButton_);
    line->addWidget(curlButton_);

    // The request editors and the cookie jar.
    requestTabs_->setDocumentMode(true);
    requestTabs_->addTab(query_, tr("Query"));
    requestTabs_->addTab(headers_, tr("Headers"));
    requestTabs_->addTab(buildBodyEditor(), tr("Body"));
    requestTabs_->addTab(cookieView_, tr("Cookies"));

    responseTabs_->setDocumentMode(true);
    responseTabs_->addTab(response_, tr("Response"));
    responseTabs_->addTab(historyView_, tr("History"));
    responseTabs_->addTab(loadView_, tr("Concurrent"));

    splitter_->addWidget(requestTabs_);
    splitter_->addWidget(responseTabs_);
    splitter_->setChildrenCollapsible(false);
    splitter_->setStretchFactor(0, 1);
    splitter_->setStretchFactor(1, 2);
    splitter_->setSizes({180, 420});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(line);
    layout->addWidget(buildRouteButtons());
    layout->addWidget(splitter_, 1);
    setFocusProxy(url_);

    setUrlText(url_->text());
    updateTabTitles();
    persistence_->load();
}

ClientPanel::~ClientPanel()
{
    // Replies must not call back into a panel being destroyed (abort() finishes them at once).
    network_->disconnect(this);
    for (QNetworkReply *reply : pending_.keys()) {
        reply->disconnect(this);
        reply->abort();
    }
    pending_.clear();
    persistence_->flush();
}

QWidget *ClientPanel::buildRouteButtons()
{
    auto *box = new QWidget(this);
    auto *grid = new QGridLayout(box);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(3);
    grid->setVerticalSpacing(3);
    const QStringList routes = demoRoutes();
    for (int i = 0; i < routes.size(); ++i) {
        auto *button = new QToolButton(box);
        button->setText(routes.at(i));
        button->setToolTip(tr("GET %1 on the demo app").arg(routes.at(i)));
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        button->setAutoRaise(false);
        connect(button, &QToolButton::clicked, this,
                [this, route = routes.at(i)] { sendRequest(QStringLiteral("GET"), baseUrl_ + route); });
        grid->addWidget(button, i / kRouteColumns, i % kRouteColumns);
        routeButtons_ << button;
    }
    return box;
}

QWidget *ClientPanel::buildBodyEditor()
{
    auto *box = new QWidget(this);
    body_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    body_->setPlaceholderText(tr("Request body (sent when not empty)"));
    contentType_->setEditable(true);
    contentType_->addItems(
        {QStringLiteral("application/json"), QStringLiteral("application/x-www-form-urlencoded"),
         QStringLiteral("text/plain; charset=utf-8"), QStringLiteral("application/octet-stream")});
    contentType_->setToolTip(tr("Content-Type of the body (a Content-Type header in Headers wins)"));
    auto *typeLine = new QHBoxLayout;
    typeLine->addWidget(new QLabel(tr("Content-Type"), box));
    typeLine->addWidget(contentType_, 1);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(typeLine);
    layout->addWidget(body_, 1);
    return box;
}

QToolButton *ClientPanel::routeButton(const QString &route) const
{
    for (QToolButton *b : routeButtons_)
        if (b->text() == route)
            return b;
    return nullptr;
}

void ClientPanel::setBaseUrl(QString baseUrl)
{
    baseUrl = withoutTrailingSlash(std::move(baseUrl));
    if (baseUrl == baseUrl_)
        return;
    const QString old = baseUrl_;
    baseUrl_ = baseUrl;
    cookieView_->setDefaultUrl(QUrl(baseUrl_ + QLatin1Char('/')));
    const QString text = url_->text();
    if (text == old || text.startsWith(old + QLatin1Char('/')) || text.startsWith(old + QLatin1Char('?')))
        setUrlText(baseUrl_ + text.mid(old.size()));
}

void ClientPanel::setRequestTimeout(int ms)
{
    requestTimeoutMs_ = std::max(1, ms);
    network_->setTransferTimeout(requestTimeoutMs_);
}

void ClientPanel::setCookie(const QString &name, const QString &value)
{
    const QString host = QUrl(baseUrl_).host();
    QNetworkCookie cookie(name.toUtf8(), value.toUtf8());
    cookie.setDomain(host);
    cookie.setPath(QStringLiteral("/"));
    // Keep the flags of the cookie it replaces (HttpOnly, expiry…): only the value changes.
    for (const QNetworkCookie &have : jar_->cookies())
        if (have.hasSameIdentifier(cookie)) {
            cookie = have;
            cookie.setValue(value.toUtf8());
        }
    jar_->upsert(cookie);
}

void ClientPanel::sendRequest(const QString &method, const QString &url)
{
    const int index = method_->findText(method.toUpper());
    if (index >= 0)
        method_->setCurrentIndex(index);
    setUrlText(url);
    send();
}

std::optional<QUrl> ClientPanel::parseUrl(const QString &input, QString *error) const
{
    QString text = input.trimmed();
    if (text.isEmpty()) {
        *error = tr("Type a URL first, e.g. %1/hello").arg(baseUrl_);
        return std::nullopt;
    }
    if (text.startsWith(QLatin1Char('/')))
        text.prepend(baseUrl_);
    else if (!text.contains(QStringLiteral("://")))
        text.prepend(QStringLiteral("http://"));
    const QUrl url(text, QUrl::TolerantMode);
    if (!url.isValid()) {
        *error = tr("Not a valid URL: %1 (%2)").arg(input, url.errorString());
        return std::nullopt;
    }
    if (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) {
        *error = tr("The client sends http:// and https:// URLs, not %1://").arg(url.scheme());
        return std::nullopt;
    }
    if (url.host().isEmpty()) {
        *error = tr("The URL has no host: %1").arg(input);
        return std::nullopt;
    }
    return url;
}

std::optional<HistoryEntry> ClientPanel::requestFromEditors(QString *error) const
{
    const auto url = parseUrl(url_->text(), error);
    if (!url)
        return std::nullopt;
    HistoryEntry e;
    e.method = method_->currentText();
    e.url = *url;
    bool hasContentType = false;
    for (const auto &[name, value] : headers_->pairs()) {
        if (name.contains(QLatin1Char(':')) || name.contains(QLatin1Char(' '))) {
            *error = tr("Not a header name: \"%1\" (no spaces or colons)").arg(name);
            return std::nullopt;
        }
        hasContentType =
            hasContentType || name.compare(QLatin1String("Content-Type"), Qt::CaseInsensitive) == 0;
        e.requestHeaders.append({name.toUtf8(), value.toUtf8()});
    }
    e.requestBody = body_->toPlainText().toUtf8();
    if (!e.requestBody.isEmpty() && !hasContentType && !contentType_->currentText().trimmed().isEmpty())
        e.requestHeaders.append({"Content-Type", contentType_->currentText().trimmed().toUtf8()});
    return e;
}

void ClientPanel::send()
{
    QString error;
    auto entry = requestFromEditors(&error);
    responseTabs_->setCurrentWidget(response_);
    if (!entry) {
        response_->showError(error);
        return;
    }
    sendEntry(std::move(*entry));
}

void ClientPanel::sendEntry(HistoryEntry entry)
{
    QNetworkRequest request(entry.url);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    for (const auto &[name, value] : entry.requestHeaders)
        request.setRawHeader(name, value);
    entry.sentAt = QDateTime::currentDateTime();
    response_->showPending(entry.method, entry.url);

    QNetworkReply *reply =
        entry.method == QLatin1String("HEAD")
            ? network_->head(request)
            : network_->sendCustomRequest(request, entry.method.toUtf8(), entry.requestBody);
    Pending &p = pending_[reply];
    p.sequence = ++sentCount_;
    p.entry = std::move(entry);
    p.clock.start();
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] { onReadyRead(reply); });
}

void ClientPanel::onReadyRead(QNetworkReply *reply)
{
    auto it = pending_.find(reply);
    if (it == pending_.end())
        return;
    const QByteArray chunk = reply->readAll();
    HistoryEntry &e = it->entry;
    e.bodyBytes += chunk.size();
    const qsizetype room = HistoryEntry::kMaxKeptBodyBytes - e.body.size();
    if (room > 0)
        e.body += chunk.left(room);
}

void ClientPanel::onFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    auto it = pending_.find(reply);
    if (it == pending_.end())
        return;
    onReadyRead(reply);
    Pending p = std::move(*it);
    pending_.erase(it);
    HistoryEntry &e = p.entry;
    e.elapsedMs = double(p.clock.nsecsElapsed()) / 1e6;
    e.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (e.hasResponse()) {
        e.reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        for (const auto &[name, value] : reply->rawHeaderPairs())
            e.responseHeaders.append({name, value});
        bool ok = false;
        const quint64 id = e.responseHeader("X-Request-Id").trimmed().toULongLong(&ok);
        e.requestId = ok ? id : 0;
    } else {
        e.error = describeError(reply, p);
        e.body.clear();
        e.bodyBytes = 0;
    }
    const quint64 requestId = e.requestId;
    if (p.sequence == sentCount_)
        response_->showEntry(e);
    const int row = history_->append(std::move(e));
    if (requestId)
        emit requestSeen(requestId);
    emit responseReceived(row);
}

QString ClientPanel::describeError(QNetworkReply *reply, const Pending &p) const
{
    const QUrl &url = p.entry.url;
    const QString where = QStringLiteral("%1:%2")
                              .arg(url.host())
                              .arg(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        return tr("Connection refused: nothing is listening on %1. Is the engine running on that port?")
            .arg(where);
    case QNetworkReply::HostNotFoundError:
        return tr("Host not found: %1 (the name does not resolve)").arg(url.host());
    case QNetworkReply::TimeoutError: return tr("Timeout: %1 did not answer in time").arg(where);
    case QNetworkReply::OperationCanceledError:
        if (p.clock.elapsed() >= requestTimeoutMs_ - 50)
            return tr("Timeout: no answer from %1 within %2 s")
                .arg(where)
                .arg(double(requestTimeoutMs_) / 1000.0);
        return tr("Cancelled before the answer arrived");
    case QNetworkReply::RemoteHostClosedError:
        return tr("%1 closed the connection before answering").arg(where);
    case QNetworkReply::SslHandshakeFailedError:
        return tr("TLS handshake failed: %1").arg(reply->errorString());
    case QNetworkReply::ProtocolInvalidOperationError:
    case QNetworkReply::ProtocolFailure:
        return tr("Not a valid HTTP answer from %1: %2").arg(where, reply->errorString());
    default: return reply->errorString();
    }
}

void ClientPanel::follow(const QUrl &location, int status)
{
    // 307 and 308 keep the method and body; 301/302/303 become GET, as browsers do.
    const bool keepMethod = status == 307 || status == 308;
    if (!keepMethod) {
        method_->setCurrentIndex(method_->findText(QStringLiteral("GET")));
        body_->clear();
    }
    setUrlText(location.toString());
    send();
}

bool ClientPanel::sendConcurrently()
{
    responseTabs_->setCurrentWidget(loadView_);
    QString error;
    const auto entry = requestFromEditors(&error);
    if (!entry) {
        response_->showError(error);
        responseTabs_->setCurrentWidget(response_);
        return false;
    }
    LoadPlan plan;
    plan.method = entry->method.toUtf8();
    plan.url = entry->url;
    plan.headers = entry->requestHeaders;
    plan.body = entry->requestBody;
    const bool hasCookieHeader = std::any_of(plan.headers.begin(), plan.headers.end(), [](const auto &h) {
        return h.first.compare("Cookie", Qt::CaseInsensitive) == 0;
    });
    if (const QByteArray cookie = jar_->cookieHeaderFor(plan.url); !hasCookieHeader && !cookie.isEmpty())
        plan.headers.append({"Cookie", cookie});
    return loadView_->start(plan);
}

void ClientPanel::resend(int historyRow)
{
    if (historyRow < 0 || historyRow >= history_->rowCount())
        return;
    const HistoryEntry &old = history_->entry(historyRow);
    HistoryEntry again;
    again.method = old.method;
    again.url = old.url;
    again.requestHeaders = old.requestHeaders;
    again.requestBody = old.requestBody;
    method_->setCurrentIndex(std::max(0, method_->findText(old.method)));
    setUrlText(old.url.toString());
    KeyValueEditor::Pairs headers;
    for (const auto &[name, value] : old.requestHeaders)
        headers.append({QString::fromUtf8(name), QString::fromUtf8(value)});
    headers_->setPairs(headers);
    body_->setPlainText(QString::fromUtf8(old.requestBody));
    responseTabs_->setCurrentWidget(response_);
    sendEntry(std::move(again));
}

CompareDialog *ClientPanel::compare(int firstRow, int secondRow)
{
    const int rows = history_->rowCount();
    if (firstRow < 0 || secondRow < 0 || firstRow >= rows || secondRow >= rows)
        return nullptr;
    auto *dialog = new CompareDialog(history_->entry(firstRow), history_->entry(secondRow), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

bool ClientPanel::importCurl(const QString &commandLine, QString *error)
{
    QString why;
    const auto command = CurlCommand::parse(commandLine, &why);
    if (!command) {
        if (error)
            *error = why;
        return false;
    }
    applyCurl(*command);
    return true;
}

void ClientPanel::applyCurl(const CurlCommand &command)
{
    int index = method_->findText(command.method);
    if (index < 0) {
        // curl sends any method -X names (PROPFIND…); so can the client
        method_->addItem(command.method);
        index = method_->count() - 1;
    }
    method_->setCurrentIndex(index);
    setUrlText(command.url);
    KeyValueEditor::Pairs headers;
    bool hasContentType = false;
    for (const auto &[name, value] : command.headers) {
        hasContentType = hasContentType || name.compare("Content-Type", Qt::CaseInsensitive) == 0;
        headers.append({QString::fromUtf8(name), QString::fromUtf8(value)});
    }
    headers_->setPairs(headers);
    body_->setPlainText(QString::fromUtf8(command.body));
    // The command said which Content-Type to send, or that none is sent: the box adds nothing.
    if (!command.body.isEmpty() && !hasContentType)
        contentType_->setCurrentText(QString());
    requestTabs_->setCurrentWidget(command.body.isEmpty() ? static_cast<QWidget *>(headers_)
                                                          : body_->parentWidget());
}

CurlImportDialog *ClientPanel::openCurlImport()
{
    auto *dialog = new CurlImportDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (dialog->command())
            applyCurl(*dialog->command());
    });
    dialog->open();
    return dialog;
}

QString ClientPanel::curlFor(const HistoryEntry &entry) const
{
    HeaderPairs headers = entry.requestHeaders;
    const bool hasCookie = std::any_of(headers.begin(), headers.end(), [](const auto &h) {
        return h.first.compare("Cookie", Qt::CaseInsensitive) == 0;
    });
    if (const QByteArray cookie = jar_->cookieHeaderFor(entry.url); !hasCookie && !cookie.isEmpty())
        headers.append({"Cookie", cookie});
    return CurlCommand::generate(entry.method, entry.url.toString(QUrl::FullyEncoded), headers,
                                 entry.requestBody);
}

QString ClientPanel::curlForEditors(QString *error) const
{
    QString why;
    const auto entry = requestFromEditors(&why);
    if (!entry) {
        if (error)
            *error = why;
        return {};
    }
    return curlFor(*entry);
}

QString ClientPanel::curlForHistory(int row) const
{
    if (row < 0 || row >= history_->rowCount())
        return {};
    return curlFor(history_->entry(row));
}

void ClientPanel::putOnClipboard(const QString &commandLine)
{
    QGuiApplication::clipboard()->setText(commandLine);
    emit curlCopied(commandLine);
}

bool ClientPanel::copyAsCurl()
{
    // Ctrl+Shift+C in the history means the row the user is looking at.
    const QList<int> rows = historyView_->selectedRows();
    if (historyView_->table()->hasFocus() && !rows.isEmpty())
        return copyHistoryAsCurl(rows.last());
    QString error;
    const QString line = curlForEditors(&error);
    if (line.isEmpty()) {
        responseTabs_->setCurrentWidget(response_);
        response_->showError(error);
        return false;
    }
    putOnClipboard(line);
    return true;
}

bool ClientPanel::copyHistoryAsCurl(int row)
{
    const QString line = curlForHistory(row);
    if (line.isEmpty())
        return false;
    putOnClipboard(line);
    return true;
}

void ClientPanel::setRequestStore(const RequestStore *requests)
{
    requests_ = requests;
}

bool ClientPanel::exportHar(const QString &path, bool redact, QString *error)
{
    QList<HistoryEntry> entries;
    for (int row = 0; row < history_->rowCount(); ++row)
        entries.append(history_->entry(row));
    HistoryHar::WriteOptions options;
    options.redact = redact;
    options.requests = requests_.data();
    QSaveFile file(path);
    QString why;
    if (!file.open(QIODevice::WriteOnly))
        why = file.errorString();
    else if (file.write(HistoryHar::write(entries, options)) < 0 || !file.commit())
        why = file.errorString();
    if (!why.isEmpty()) {
        why = tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), why);
        historyView_->showNotice(why, true);
        if (error)
            *error = why;
        return false;
    }
    const QString what = entries.size() == 1 ? tr("1 request") : tr("%1 requests").arg(entries.size());
    historyView_->showNotice(tr("Exported %1 to %2%3")
                                 .arg(what, QDir::toNativeSeparators(path),
                                      redact ? tr(" (cookies and secrets redacted)") : QString()),
                             false);
    return true;
}

HistoryHar::ReadResult ClientPanel::importHar(const QString &path)
{
    HistoryHar::ReadResult result;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.unreadable = true;
        result.problems << tr("%1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    } else if (file.size() > HistoryHar::kMaxFileBytes) {
        result.unreadable = true;
        result.problems << tr("%1: %2 MB, over the %3 MB a HAR import reads")
                               .arg(QDir::toNativeSeparators(path))
                               .arg(file.size() >> 20)
                               .arg(HistoryHar::kMaxFileBytes >> 20);
    } else {
        result = HistoryHar::read(file.readAll());
    }
    for (const HistoryEntry &e : result.entries)
        history_->append(e);
    const QString name = QDir::toNativeSeparators(path);
    QString notice;
    if (result.unreadable)
        notice = tr("Nothing imported from %1:").arg(name);
    else if (result.problems.isEmpty())
        notice = (result.entries.size() == 1
                      ? tr("Imported 1 request from %1").arg(name)
                      : tr("Imported %1 requests from %2").arg(QString::number(result.entries.size()), name));
    else
        notice = tr("Imported %1 of %2 requests from %3; not imported:")
                     .arg(QString::number(result.entries.size()), QString::number(result.total), name);
    for (const QString &problem : result.problems)
        notice += QLatin1Char('\n') + problem;
    historyView_->showNotice(notice, !result.problems.isEmpty());
    responseTabs_->setCurrentWidget(historyView_);
    return result;
}

QFileDialog *ClientPanel::openHarExport()
{
    auto *dialog = new QFileDialog(this, tr("Export history as HAR"), harDirectory_,
                                   tr("HAR files (*.har);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("har"));
    dialog->selectFile(QStringLiteral("requestscope-history.har"));
    // A native dialog has no room for the check box.
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    auto *redact =
        new QCheckBox(tr("Redact cookies and secrets (Cookie, Set-Cookie, Authorization values)"), dialog);
    redact->setObjectName(QStringLiteral("redactBox"));
    redact->setChecked(true); // a HAR is made to be shared
    if (auto *grid = qobject_cast<QGridLayout *>(dialog->layout()))
        grid->addWidget(redact, grid->rowCount(), 0, 1, grid->columnCount());
    connect(dialog, &QFileDialog::fileSelected, this, [this, redact](const QString &path) {
        harDirectory_ = QFileInfo(path).absolutePath();
        exportHar(path, redact->isChecked());
    });
    dialog->open();
    return dialog;
}

QFileDialog *ClientPanel::openHarImport()
{
    auto *dialog =
        new QFileDialog(this, tr("Import HAR"), harDirectory_, tr("HAR files (*.har *.json);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptOpen);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setOption(QFileDialog::DontUseNativeDialog); // the same dialog both ways
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
        harDirectory_ = QFileInfo(path).absolutePath();
        importHar(path);
    });
    dialog->open();
    return dialog;
}

void ClientPanel::setUrlText(const QString &text)
{
    url_->setText(text);
    urlEdited();
}

void ClientPanel::urlEdited()
{
    if (syncingQuery_)
        return;
    const QUrl url(url_->text().trimmed());
    KeyValueEditor::Pairs pairs;
    for (const auto &[name, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
        pairs.append({name, value});
    query_->setPairs(pairs);
}

void ClientPanel::queryEdited()
{
    QUrl url(url_->text().trimmed());
    QUrlQuery query;
    for (const auto &[name, value] : query_->pairs())
        query.addQueryItem(name, value);
    url.setQuery(query.isEmpty() ? QString() : query.query(QUrl::FullyEncoded), QUrl::StrictMode);
    if (query.isEmpty())
        url.setQuery(QString());
    syncingQuery_ = true;
    url_->setText(url.toString(QUrl::FullyEncoded));
    syncingQuery_ = false;
}

void ClientPanel::updateTabTitles()
{
    responseTabs_->setTabText(responseTabs_->indexOf(historyView_),
                              tr("History (%1)").arg(history_->rowCount()));
    requestTabs_->setTabText(requestTabs_->indexOf(cookieView_),
                             tr("Cookies (%1)").arg(cookies_->rowCount()));
}

} // namespace rs::ui
