#include "ui/MainWindow.h"

#include "core/control/EngineControl.h"
#include "core/trace/EventBus.h"
#include "ui/EventFeed.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTextCursor>
#include <QTimer>
#include <QVBoxLayout>

namespace rs::ui {

MainWindow::MainWindow(control::EngineControl &engine, std::shared_ptr<EventFeed> feed, QWidget *parent)
    : QMainWindow(parent), feedOwner_(std::move(feed)), feed_(*feedOwner_)
{
    const QString address = engine.status().address;
    QStringList routes;
    for (const auto &r : engine.routes())
        routes.append(r.rule);
    setWindowTitle(QStringLiteral("RequestScope — %1").arg(address));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    auto *header = new QLabel(QStringLiteral("<b>Demo app serving on <a href=\"%1\">%1</a></b><br>Try: "
                                             "<code>curl %1/hello</code><br>Routes: %2")
                                  .arg(address, routes.join(QStringLiteral("  ")).toHtmlEscaped()),
                              central);
    header->setTextFormat(Qt::RichText);
    header->setWordWrap(true);
    header->setOpenExternalLinks(true);
    status_ = new QLabel(central);
    log_ = new QPlainTextEdit(central);
    log_->setReadOnly(true);
    log_->setLineWrapMode(QPlainTextEdit::NoWrap);
    log_->setMaximumBlockCount(2000);
    log_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(header);
    layout->addWidget(status_);
    layout->addWidget(log_, 1);
    setCentralWidget(central);
    resize(1000, 700);

    timer_ = new QTimer(this);
    timer_->setInterval(16);
    connect(timer_, &QTimer::timeout, this, &MainWindow::refresh);
    timer_->start();
    refresh();
}

void MainWindow::refresh()
{
    const std::vector<trace::Event> batch = feed_.take();
    if (!batch.empty()) {
        // Only the tail of a large batch is worth drawing in a text log.
        const std::size_t first = batch.size() > 200 ? batch.size() - 200 : 0;
        QString text;
        std::string line;
        for (std::size_t i = first; i < batch.size(); ++i) {
            line.clear();
            batch[i].appendJson(line);
            text += QString::fromStdString(line) + QLatin1Char('\n');
        }
        text.chop(1);
        log_->appendPlainText(text);
        // Follow the newest events, as a live log should.
        log_->moveCursor(QTextCursor::End);
        log_->ensureCursorVisible();
    }
    status_->setText(
        QStringLiteral("events received: %1   dropped (GUI buffer): %2   dropped (engine buffer): %3")
            .arg(feed_.received())
            .arg(feed_.dropped())
            .arg(trace::EventBus::instance().dropped()));
}

} // namespace rs::ui
