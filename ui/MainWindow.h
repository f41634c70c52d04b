#pragma once

#include <QMainWindow>

#include <memory>

class QLabel;
class QPlainTextEdit;
class QTimer;

namespace rs::control {
class EngineControl;
}

namespace rs::ui {

class EventFeed;

// For now a single window: where the demo app listens, its routes, and the last events, updated
// from the event feed in batches every 16 ms. The full dock layout comes with the GUI issue.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(control::EngineControl &engine, std::shared_ptr<EventFeed> feed, QWidget *parent = nullptr);

private:
    void refresh();

    std::shared_ptr<EventFeed> feedOwner_;
    EventFeed &feed_;
    QLabel *status_;
    QPlainTextEdit *log_;
    QTimer *timer_;
};

} // namespace rs::ui
