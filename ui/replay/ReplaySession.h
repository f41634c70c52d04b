#pragma once

#include "ui/replay/Recording.h"

#include <QObject>

#include <memory>

namespace rs::trace {
class EventBus;
}

namespace rs::ui {

class EventFeed;
class ModelHub;

// Drives a ModelHub's models through a Recording: seek(position) makes the Local storage, context
// stacks, request store (timeline, request list, detail, session store) and event log show what a
// live window showed after that many events. A step forward of up to one snapshot interval
// applies just those events; anything else restores the nearest snapshot before the position and
// applies the rest, so every move costs at most kSnapshotEvery events plus the visible requests.
// Every function and signal: GUI thread.
class ReplaySession : public QObject {
    Q_OBJECT
public:
    // Rows the replay's event log keeps: the events just before the position.
    static constexpr std::size_t kLogWindow = 5000;

    explicit ReplaySession(std::shared_ptr<const Recording> recording, QObject *parent = nullptr);
    ~ReplaySession() override;

    const Recording &recording() const { return *recording_; }
    ModelHub &hub() const { return *hub_; }
    std::size_t position() const { return position_; }
    // Clamped to 0..recording().size().
    void seek(std::size_t position);

signals:
    void positionChanged(std::size_t position);

private:
    void restoreAt(std::size_t position);

    std::shared_ptr<const Recording> recording_;
    // The hub never runs: its feed and bus only satisfy its interface (a replay drops nothing).
    std::unique_ptr<trace::EventBus> quietBus_;
    std::unique_ptr<ModelHub> hub_;
    std::size_t position_ = 0;
};

} // namespace rs::ui
