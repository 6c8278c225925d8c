// redraw.h — when the page draws a frame: after input or a change it keeps drawing for a short
// settle time (ImGui needs a few frames to settle hover, popups and layout), while something
// moves (training, an animation, a held item) it draws every frame, and idle it draws only a
// slow heartbeat. It decides and counts; it does not know what input or training are.
#pragma once
#include <cstdint>

namespace app {

class RedrawClock {
public:
    static constexpr double kSettleS = 0.5;     // draw every frame this long after a wake,
    static constexpr int kSettleFrames = 6;     // and at least this many frames (a slow GPU draws few in 0.5 s)
    // Idle: one frame per this, for changes nobody announced (a note's time running out). Under
    // SwiftShader one frame of the whole page costs ~100 ms of CPU, so rarely.
    static constexpr double kHeartbeatS = 4.0;

    void wake(double now_s);                      // input arrived or something changed
    bool should_draw(double now_s, bool busy) const;  // busy: keeps drawing every frame
    void drawn(double now_s);                     // a frame was drawn
    void skipped() { skipped_++; }                // a frame tick passed without drawing

    uint64_t frames_drawn() const { return drawn_; }
    uint64_t frames_skipped() const { return skipped_; }
    double last_wake() const { return wake_; }

private:
    double wake_ = -1e300, last_draw_ = -1e300;
    uint64_t drawn_ = 0, skipped_ = 0;
    int since_wake_ = 0;  // frames drawn since the last wake
};

RedrawClock& redraw_clock();  // the page's one clock (main.cpp ticks it, the API wakes it)

} // namespace app
