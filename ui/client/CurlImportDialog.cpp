#include "ui/client/CurlImportDialog.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextCursor>
#include <QVBoxLayout>

#include <algorithm>

namespace rs::ui {

CurlImportDialog::CurlImportDialog(QWidget *parent)
    : QDialog(parent), text_(new QPlainTextEdit(this)), error_(new QLabel(this)), import_(nullptr)
{
    setWindowTitle(tr("Import cURL"));
    auto *hint = new QLabel(tr("Paste a curl command, e.g. from the browser's developer tools "
                               "(Network → Copy → Copy as cURL (bash)) or from API documentation. "
                               "Nothing is run and no file is read."),
                            this);
    hint->setWordWrap(true);
    text_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    text_->setPlaceholderText(QStringLiteral("curl 'http://127.0.0.1:5000/echo' -H 'Content-Type: "
                                             "application/json' --data-raw '{\"a\":1}'"));
    text_->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    const QString clip = QGuiApplication::clipboard()->text().trimmed();
    if (clip.startsWith(QLatin1String("curl ")))
        text_->setPlainText(clip);
    error_->setWordWrap(true);
    error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    error_->setStyleSheet(QStringLiteral("color: #c62828;"));
    error_->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    import_ = buttons->button(QDialogButtonBox::Ok);
    import_->setText(tr("Import"));
    connect(buttons, &QDialogButtonBox::accepted, this, &CurlImportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // An old error would describe text that is no longer there.
    connect(text_, &QPlainTextEdit::textChanged, error_, &QLabel::hide);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(hint);
    layout->addWidget(text_, 1);
    layout->addWidget(error_);
    layout->addWidget(buttons);
    resize(720, 360);
    text_->setFocus();
}

void CurlImportDialog::accept()
{
    QString error;
    int at = 0;
    auto parsed = CurlCommand::parse(text_->toPlainText(), &error, &at);
    if (!parsed) {
        error_->setText(error);
        error_->show();
        QTextCursor cursor = text_->textCursor();
        cursor.setPosition(std::clamp(at, 0, int(text_->toPlainText().size())));
        text_->setTextCursor(cursor);
        text_->setFocus();
        return;
    }
    command_ = std::move(parsed);
    QDialog::accept();
}

} // namespace rs::ui
