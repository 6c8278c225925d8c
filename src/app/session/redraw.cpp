// redraw.cpp — RedrawClock (redraw.h): the page's draw-or-skip rule and its counters.
#include "app/session/redraw.h"

#include <algorithm>

namespace app {

void RedrawClock::wake(double now_s) {
    if (now_s > wake_) wake_ = now_s, since_wake_ = 0;
}

double RedrawClock::follow_interval(double frame_s) {
    return std::clamp(frame_s / kFollowShare, kFollowMinS, kFollowMaxS);
}

bool RedrawClock::should_draw(double now_s, Activity what) const {
    if (what == Activity::Moving) return true;
    bool woken = wake_ > -1e299;
    if (woken && (now_s - wake_ <= kSettleS || since_wake_ < kSettleFrames)) return true;
    double every = what == Activity::Following ? follow_every() : kHeartbeatS;
    return now_s - last_draw_ >= every;
}

void RedrawClock::drawn(double now_s) {
    last_draw_ = now_s;
    drawn_++;
    since_wake_++;
}

void RedrawClock::spent(double seconds) {
    cost_ = cost_ > 0 ? 0.8 * cost_ + 0.2 * seconds : seconds;
}

RedrawClock& redraw_clock() {
    static RedrawClock c;
    return c;
}

} // namespace app
