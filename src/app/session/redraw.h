// redraw.h — when the page draws a frame: after input or a change it keeps drawing for a short
// settle time (ImGui needs a few frames to settle hover, popups and layout), while something
// moves (an animation, a held item) it draws every frame, while training goes on unwatched it
// draws often enough to follow it but leaves the cores to training, and idle it draws only a
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

    // Following training with no input: a frame when the last is this old, or older when a
    // frame costs more than kFollowShare of the interval. The cost is measured on the page's
    // thread (glFinish included), which sees only part of it: SwiftShader spreads a frame over
    // several threads and the compositor adds its own (one frame a second took 0.17 of a core
    // in Chromium's GPU process, for a measured 35-65 ms). So 3%: SwiftShader's frames come
    // once a second, a GPU's 5 ms ones 5 times a second.
    static constexpr double kFollowMinS = 0.2, kFollowMaxS = 1.0, kFollowShare = 0.03;
    static double follow_interval(double frame_s);  // frame_s: what drawing one frame costs

    enum class Activity { Idle, Following, Moving };
    void wake(double now_s);                      // input arrived or something changed
    // Moving: draws every frame; Following: every follow_interval(frame_cost()); Idle: the
    // settle time after a wake, then the heartbeat.
    bool should_draw(double now_s, Activity what) const;
    void drawn(double now_s);                     // a frame was drawn
    void spent(double seconds);                   // what the frame just drawn cost
    double frame_cost() const { return cost_; }   // seconds, smoothed over the frames spent() told
    double follow_every() const { return follow_interval(cost_); }  // now, while following
    void skipped() { skipped_++; }                // a frame tick passed without drawing

    uint64_t frames_drawn() const { return drawn_; }
    uint64_t frames_skipped() const { return skipped_; }
    double last_wake() const { return wake_; }

private:
    double wake_ = -1e300, last_draw_ = -1e300;
    uint64_t drawn_ = 0, skipped_ = 0;
    int since_wake_ = 0;  // frames drawn since the last wake
    double cost_ = 0;
};

RedrawClock& redraw_clock();  // the page's one clock (main.cpp ticks it, the API wakes it)

} // namespace app
