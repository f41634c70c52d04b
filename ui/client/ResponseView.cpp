#include "ui/client/ResponseView.h"

#include "ui/client/BodyFormat.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace rs::ui {

namespace {
constexpr qsizetype kMaxShownTextBytes = 2 * 1024 * 1024;

QPlainTextEdit *monospaceViewer(QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setReadOnly(true);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    return edit;
}
} // namespace

ResponseView::ResponseView(QWidget *parent)
    : QWidget(parent), status_(new QLabel(this)), meta_(new QLabel(this)), error_(new QLabel(this)),
      detailButton_(new QPushButton(this)), followButton_(new QPushButton(this)), tabs_(new QTabWidget(this)),
      body_(monospaceViewer(this)), headers_(monospaceViewer(this))
{
    QFont big = status_->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.15);
    status_->setFont(big);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    meta_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    error_->setWordWrap(true);
    error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    error_->setStyleSheet(QStringLiteral("color: #d9534f;"));
    error_->hide();
    detailButton_->setObjectName(QStringLiteral("openRequestDetail"));
    detailButton_->setToolTip(tr("Open this request in the request detail (the engine's X-Request-Id)"));
    detailButton_->hide();
    followButton_->setObjectName(QStringLiteral("followRedirect"));
    followButton_->hide();
    connect(detailButton_, &QPushButton::clicked, this, [this] {
        if (requestId_)
            emit requestDetailRequested(requestId_);
    });
    connect(followButton_, &QPushButton::clicked, this, [this] {
        if (location_.isValid())
            emit followRequested(location_, redirectStatus_);
    });

    tabs_->addTab(body_, tr("Body"));
    tabs_->addTab(headers_, tr("Headers"));
    tabs_->setDocumentMode(true);

    auto *top = new QHBoxLayout;
    top->addWidget(status_);
    top->addSpacing(12);
    top->addWidget(meta_, 1);
    top->addWidget(followButton_);
    top->addWidget(detailButton_);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(error_);
    layout->addWidget(tabs_, 1);
    status_->setText(tr("No request sent yet"));
}

void ResponseView::showPending(const QString &method, const QUrl &url)
{
    status_->setStyleSheet({});
    status_->setText(tr("Sending…"));
    meta_->setText(QStringLiteral("%1 %2").arg(method, url.toString()));
    error_->hide();
    detailButton_->hide();
    followButton_->hide();
}

void ResponseView::showError(const QString &message)
{
    status_->setStyleSheet(QStringLiteral("color: #d9534f;"));
    status_->setText(tr("Not sent"));
    meta_->clear();
    error_->setText(message);
    error_->show();
    body_->clear();
    headers_->clear();
    detailButton_->hide();
    followButton_->hide();
    requestId_ = 0;
}

void ResponseView::showEntry(const HistoryEntry &entry)
{
    requestId_ = entry.requestId;
    location_ = QUrl();
    redirectStatus_ = 0;
    headers_->clear();
    body_->clear();
    detailButton_->hide();
    followButton_->hide();

    if (!entry.hasResponse()) {
        status_->setStyleSheet(QStringLiteral("color: #d9534f;"));
        status_->setText(tr("No response"));
        meta_->setText(QStringLiteral("%1 %2 · %3 ms")
                           .arg(entry.method, entry.url.toString())
                           .arg(entry.elapsedMs, 0, 'f', 1));
        error_->setText(entry.error);
        error_->show();
        return;
    }
    error_->hide();
    setStatusColour(entry.status);
    status_->setText(QStringLiteral("%1 %2").arg(entry.status).arg(entry.reason));

    BodyFormat::Kind kind = BodyFormat::Kind::Empty;
    const QByteArray type = entry.responseHeader("Content-Type");
    QByteArray shown = entry.body;
    const bool cutForView = shown.size() > kMaxShownTextBytes;
    if (cutForView)
        shown.truncate(kMaxShownTextBytes);
    QString text = BodyFormat::render(shown, type, &kind);
    if (entry.bodyTruncated() || cutForView)
        text += tr("\n… %1 bytes in all; the first %2 are shown\n").arg(entry.bodyBytes).arg(shown.size());
    body_->setPlainText(text);

    QStringList meta{
        QLocale::system().formattedDataSize(entry.bodyBytes, 1, QLocale::DataSizeTraditionalFormat),
        QStringLiteral("%1 ms").arg(entry.elapsedMs, 0, 'f', 1), BodyFormat::kindName(kind)};
    if (!type.isEmpty())
        meta << QString::fromUtf8(type);
    meta_->setText(meta.join(QStringLiteral(" · ")));

    QString headerText = entry.statusLine() + QLatin1Char('\n');
    for (const auto &[name, value] : entry.responseHeaders)
        headerText +=
            QString::fromUtf8(name) + QStringLiteral(": ") + QString::fromUtf8(value) + QLatin1Char('\n');
    headers_->setPlainText(headerText);

    if (entry.requestId) {
        detailButton_->setText(tr("Open request #%1 in request detail").arg(entry.requestId));
        detailButton_->show();
    }
    const QByteArray location = entry.responseHeader("Location");
    if (entry.status >= 300 && entry.status < 400 && !location.isEmpty()) {
        location_ = entry.url.resolved(QUrl::fromEncoded(location));
        redirectStatus_ = entry.status;
        followButton_->setText(tr("Follow → %1").arg(location_.toString()));
        followButton_->show();
    }
}

void ResponseView::setStatusColour(int status)
{
    // Fixed hues that read on light and dark backgrounds.
    const char *colour = status >= 500   ? "#d9534f"
                         : status >= 400 ? "#e08a1e"
                         : status >= 300 ? "#3a8fd9"
                                         : "#3aa655";
    status_->setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(colour)));
}

QString ResponseView::statusText() const
{
    return status_->text();
}

QString ResponseView::metaText() const
{
    return meta_->text();
}

QString ResponseView::bodyText() const
{
    return body_->toPlainText();
}

QString ResponseView::headersText() const
{
    return headers_->toPlainText();
}

QString ResponseView::errorText() const
{
    return error_->isHidden() ? QString() : error_->text();
}

} // namespace rs::ui
