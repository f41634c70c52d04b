#include "ui/views/ContextStackView.h"

#include "ui/views/ContextDetail.h"
#include "ui/views/ContextStackViewCanvas.h"

#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace rs::ui {

ContextStackView::ContextStackView(const ContextStackModel *model, const RequestStore *requests,
                                   QWidget *parent)
    : QWidget(parent), canvas_(new ContextStackViewCanvas(model, requests)),
      detail_(new ContextDetail(requests))
{
    auto *layout = new QVBoxLayout(this);
    auto *hint =
        new QLabel(tr("Each ident pushes an <b>AppContext</b>, then a <b>RequestContext</b>; "
                      "<code>request</code>, <code>session</code> and <code>g</code> resolve to the "
                      "<i>top</i> boxes. Click a box to look inside; double-click opens its request."),
                   this);
    hint->setWordWrap(true);
    layout->addWidget(hint);

    auto *scroll = new QScrollArea;
    scroll->setWidget(canvas_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::StyledPanel);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(scroll);
    splitter->addWidget(detail_);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    layout->addWidget(splitter, 1);

    connect(canvas_, &ContextStackViewCanvas::boxClicked, this,
            [this](const ContextStackViewCanvas::BoxRef &box) {
                detail_->showContext(box.obj, box.req, box.ident, box.thread);
            });
    connect(canvas_, &ContextStackViewCanvas::requestActivated, this, &ContextStackView::requestActivated);
}

} // namespace rs::ui
