#include "ui/replay/ReplayScrubber.h"

#include "ui/models/EventFormat.h"
#include "ui/replay/ReplaySession.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSlider>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

#include <algorithm>

namespace rs::ui {

namespace {
struct SpeedChoice {
    const char *label;
    double factor;
};
constexpr SpeedChoice kSpeeds[] = {
    {"×0.001", 0.001}, {"×0.01", 0.01}, {"×0.1", 0.1}, {"×1", 1.0}, {"×10", 10.0}};
} // namespace

ReplayScrubber::ReplayScrubber(ReplaySession &session, QWidget *parent)
    : QWidget(parent), session_(session), slider_(new QSlider(Qt::Horizontal, this)),
      where_(new QLabel(this)), speedBox_(new QComboBox(this)), playTimer_(new QTimer(this))
{
    const auto makeAction = [this](QStyle::StandardPixmap icon, const QString &text, const QKeySequence &key,
                                   void (ReplayScrubber::*slot)()) {
        auto *a = new QAction(style()->standardIcon(icon), text, this);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        a->setToolTip(QStringLiteral("%1 (%2)").arg(text, key.toString(QKeySequence::NativeText)));
        connect(a, &QAction::triggered, this, slot);
        actions_.append(a);
        return a;
    };
    makeAction(QStyle::SP_MediaSkipBackward, tr("To the start"), QKeySequence(Qt::CTRL | Qt::Key_Home),
               &ReplayScrubber::toStart);
    makeAction(QStyle::SP_MediaSeekBackward, tr("Previous request"), QKeySequence(Qt::CTRL | Qt::Key_Up),
               &ReplayScrubber::previousRequest);
    makeAction(QStyle::SP_ArrowLeft, tr("One event back"), QKeySequence(Qt::CTRL | Qt::Key_Left),
               &ReplayScrubber::stepBack);
    playAction_ = makeAction(QStyle::SP_MediaPlay, tr("Play / pause"), QKeySequence(Qt::CTRL | Qt::Key_Space),
                             &ReplayScrubber::togglePlay);
    makeAction(QStyle::SP_ArrowRight, tr("One event forward"), QKeySequence(Qt::CTRL | Qt::Key_Right),
               &ReplayScrubber::stepForward);
    makeAction(QStyle::SP_MediaSeekForward, tr("Next request"), QKeySequence(Qt::CTRL | Qt::Key_Down),
               &ReplayScrubber::nextRequest);
    makeAction(QStyle::SP_MediaSkipForward, tr("To the end"), QKeySequence(Qt::CTRL | Qt::Key_End),
               &ReplayScrubber::toEnd);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    for (QAction *a : std::as_const(actions_)) {
        auto *button = new QToolButton(this);
        button->setDefaultAction(a);
        button->setAutoRaise(true);
        layout->addWidget(button);
    }
    for (const SpeedChoice &s : kSpeeds)
        speedBox_->addItem(QString::fromUtf8(s.label), s.factor);
    speedBox_->setToolTip(tr("Playback speed: a fraction of the recording's real time"));
    speedBox_->setCurrentIndex(1);
    connect(speedBox_, &QComboBox::currentIndexChanged, this,
            [this](int i) { speed_ = speedBox_->itemData(i).toDouble(); });
    layout->addWidget(speedBox_);

    slider_->setObjectName(QStringLiteral("replaySlider"));
    slider_->setRange(0, static_cast<int>(session_.recording().size()));
    slider_->setToolTip(tr("Drag to move through the recording; every panel shows that moment. With the "
                           "focus here, arrows move one event, Page Up/Down a hundredth"));
    slider_->setPageStep(std::max(1, static_cast<int>(session_.recording().size() / 100)));
    layout->addWidget(slider_, 1);
    where_->setObjectName(QStringLiteral("replayWhere"));
    where_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    where_->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 60);
    layout->addWidget(where_);

    connect(slider_, &QSlider::valueChanged, this, [this](int value) {
        if (!updatingSlider_)
            requestSeek(static_cast<std::size_t>(value));
    });
    connect(&session_, &ReplaySession::positionChanged, this, &ReplayScrubber::onPositionChanged);
    playTimer_->setInterval(kFrameMs);
    connect(playTimer_, &QTimer::timeout, this, &ReplayScrubber::advancePlayback);
    onPositionChanged(session_.position());
}

bool ReplayScrubber::isPlaying() const
{
    return playTimer_->isActive();
}

void ReplayScrubber::setSpeed(double speed)
{
    int best = 0;
    for (int i = 0; i < speedBox_->count(); ++i)
        if (std::abs(speedBox_->itemData(i).toDouble() - speed) <
            std::abs(speedBox_->itemData(best).toDouble() - speed))
            best = i;
    speedBox_->setCurrentIndex(best);
}

void ReplayScrubber::play()
{
    const Recording &rec = session_.recording();
    if (rec.size() == 0)
        return;
    if (session_.position() >= rec.size())
        session_.seek(0);
    const std::size_t p = session_.position();
    playClockUs_ = p == 0 ? rec.events().tUs(0) : rec.events().tUs(p - 1);
    playTimer_->start();
    playAction_->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
}

void ReplayScrubber::pause()
{
    playTimer_->stop();
    playAction_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
}

void ReplayScrubber::togglePlay()
{
    isPlaying() ? pause() : play();
}

void ReplayScrubber::advancePlayback()
{
    const Recording &rec = session_.recording();
    playClockUs_ += static_cast<std::int64_t>(kFrameMs * 1000 * speed_);
    // At least one event a frame, so a slow speed over a long gap still moves.
    const std::size_t from = session_.position();
    std::size_t to = rec.positionAtTime(playClockUs_ + 1, from);
    to = std::max(to, std::min(from + 1, rec.size()));
    if (to > from && rec.events().tUs(to - 1) > playClockUs_)
        playClockUs_ = rec.events().tUs(to - 1);
    session_.seek(to);
    if (to >= rec.size())
        pause();
}

void ReplayScrubber::stepForward()
{
    pause();
    session_.seek(session_.position() + 1);
}

void ReplayScrubber::stepBack()
{
    pause();
    if (session_.position() > 0)
        session_.seek(session_.position() - 1);
}

void ReplayScrubber::nextRequest()
{
    pause();
    const Recording &rec = session_.recording();
    // Position just after the next request.begin, so that the request is on screen.
    const std::size_t begun = rec.requestsBegunBefore(session_.position());
    if (begun < rec.requests().size())
        session_.seek(rec.requests()[begun].first + 1);
}

void ReplayScrubber::previousRequest()
{
    pause();
    const Recording &rec = session_.recording();
    // The last request whose "just begun" position is before this one.
    const std::size_t p = session_.position();
    const std::size_t earlier = p == 0 ? 0 : rec.requestsBegunBefore(p - 1);
    const std::size_t target = earlier == 0 ? 0 : rec.requests()[earlier - 1].first + 1;
    session_.seek(target);
}

void ReplayScrubber::toStart()
{
    pause();
    session_.seek(0);
}

void ReplayScrubber::toEnd()
{
    pause();
    session_.seek(session_.recording().size());
}

void ReplayScrubber::requestSeek(std::size_t position)
{
    pendingSeek_ = position;
    if (seekQueued_)
        return;
    seekQueued_ = true;
    // After the events already queued (the paint of the previous move among them).
    QTimer::singleShot(0, this, &ReplayScrubber::applyPendingSeek);
}

void ReplayScrubber::applyPendingSeek()
{
    seekQueued_ = false;
    session_.seek(pendingSeek_);
}

void ReplayScrubber::onPositionChanged(std::size_t position)
{
    updatingSlider_ = true;
    slider_->setValue(static_cast<int>(position));
    updatingSlider_ = false;
    where_->setText(positionText());
}

QString ReplayScrubber::positionText() const
{
    const Recording &rec = session_.recording();
    const std::size_t p = session_.position();
    const QLocale locale;
    QString text = tr("event %1 of %2")
                       .arg(locale.toString(static_cast<qulonglong>(p)),
                            locale.toString(static_cast<qulonglong>(rec.size())));
    if (p == 0)
        return text + tr(" · before the first event");
    trace::Event e;
    rec.events().copyTo(p - 1, e);
    text += QStringLiteral(" · %1 s · seq %2 · %3")
                .arg(QString::number(static_cast<double>(e.tUs) / 1e6, 'f', 6))
                .arg(e.seq)
                .arg(EventFormat::kind(e.kind));
    if (e.req != 0)
        text += tr(" of request #%1").arg(e.req);
    text += QStringLiteral(" on %1").arg(EventFormat::thread(e));
    return text;
}

} // namespace rs::ui
