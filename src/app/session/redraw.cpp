// redraw.cpp — RedrawClock (redraw.h): the page's draw-or-skip rule and its counters.
#include "app/session/redraw.h"

namespace app {

void RedrawClock::wake(double now_s) {
    if (now_s > wake_) wake_ = now_s, since_wake_ = 0;
}

bool RedrawClock::should_draw(double now_s, bool busy) const {
    if (busy) return true;
    bool woken = wake_ > -1e299;
    if (woken && (now_s - wake_ <= kSettleS || since_wake_ < kSettleFrames)) return true;
    return now_s - last_draw_ >= kHeartbeatS;
}

void RedrawClock::drawn(double now_s) {
    last_draw_ = now_s;
    drawn_++;
    since_wake_++;
}

RedrawClock& redraw_clock() {
    static RedrawClock c;
    return c;
}

} // namespace app
