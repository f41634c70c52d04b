#pragma once

#include <QWidget>

namespace rs::ui {

class ContextDetail;
class ContextStackModel;
class ContextStackViewCanvas;
class RequestStore;

// Per ident, the app and request context stacks as boxes that push and pop live
// (ContextStackViewCanvas), over the ContextDetail of the box last clicked. Double-clicking a box
// asks for its request. Every function: GUI thread.
class ContextStackView : public QWidget {
    Q_OBJECT
public:
    // `requests` may be null: the detail then shows only what the box says.
    ContextStackView(const ContextStackModel *model, const RequestStore *requests, QWidget *parent = nullptr);

    ContextStackViewCanvas *canvas() const { return canvas_; }
    ContextDetail *detail() const { return detail_; }

signals:
    void requestActivated(quint64 req);

private:
    ContextStackViewCanvas *canvas_;
    ContextDetail *detail_;
};

} // namespace rs::ui
