#include "ui/client/CompareDialog.h"

#include "ui/client/BodyFormat.h"
#include "ui/client/LineDiff.h"

#include <QFontDatabase>
#include <QGridLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBlock>
#include <QVBoxLayout>

namespace rs::ui {

namespace {
QPlainTextEdit *sideView(const QStringList &lines, const QList<bool> &differs, QList<int> *marked,
                         QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setReadOnly(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setPlainText(lines.join(QLatin1Char('\n')));

    // A translucent warm hue: visible on light and dark bases alike.
    QColor mark(230, 140, 30, 90);
    QList<QTextEdit::ExtraSelection> selections;
    QTextBlock block = edit->document()->firstBlock();
    for (int i = 0; block.isValid() && i < differs.size(); ++i, block = block.next()) {
        if (!differs.at(i))
            continue;
        QTextEdit::ExtraSelection s;
        s.cursor = QTextCursor(block);
        s.format.setBackground(mark);
        s.format.setProperty(QTextFormat::FullWidthSelection, true);
        selections << s;
        marked->append(i);
    }
    edit->setExtraSelections(selections);
    return edit;
}
} // namespace

QStringList CompareDialog::describe(const HistoryEntry &entry)
{
    QStringList lines;
    lines << QStringLiteral("%1 %2").arg(entry.method, entry.url.toString());
    lines << entry.statusLine();
    for (const auto &[name, value] : entry.responseHeaders)
        lines << QString::fromUtf8(name) + QStringLiteral(": ") + QString::fromUtf8(value);
    lines << QString();
    const QString body = BodyFormat::render(entry.body, entry.responseHeader("Content-Type"));
    lines += body.split(QLatin1Char('\n'));
    while (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

CompareDialog::CompareDialog(const HistoryEntry &left, const HistoryEntry &right, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Compare responses"));
    const QStringList a = describe(left);
    const QStringList b = describe(right);
    const LineDiff::Result diff = LineDiff::compare(a, b);
    differing_ = diff.differingLines();

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    left_ = sideView(a, diff.leftDiffers, &markedLeft_, splitter);
    right_ = sideView(b, diff.rightDiffers, &markedRight_, splitter);
    splitter->addWidget(left_);
    splitter->addWidget(right_);
    // Scroll both sides together.
    connect(left_->verticalScrollBar(), &QScrollBar::valueChanged, right_->verticalScrollBar(),
            &QScrollBar::setValue);
    connect(right_->verticalScrollBar(), &QScrollBar::valueChanged, left_->verticalScrollBar(),
            &QScrollBar::setValue);

    summary_ = new QLabel(this);
    summary_->setText(differing_ == 0 ? tr("The two responses are identical.")
                                      : tr("%1 lines on the left and %2 on the right differ (marked).")
                                            .arg(diff.leftDiffers.count(true))
                                            .arg(diff.rightDiffers.count(true)));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(summary_);
    layout->addWidget(splitter, 1);
    resize(1000, 600);
}

QString CompareDialog::leftText() const
{
    return left_->toPlainText();
}

QString CompareDialog::rightText() const
{
    return right_->toPlainText();
}

} // namespace rs::ui
