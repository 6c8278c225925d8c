// redraw.cpp — RedrawClock (redraw.h): the page's draw-or-skip rule and its counters.
#include "app/session/redraw.h"

namespace app {

void RedrawClock::wake(double now_s) {
    if (now_s > wake_) wake_ = now_s;
}

bool RedrawClock::should_draw(double now_s, bool busy) const {
    if (busy) return true;
    if (now_s - wake_ <= kSettleS) return true;
    return now_s - last_draw_ >= kHeartbeatS;
}

void RedrawClock::drawn(double now_s) {
    last_draw_ = now_s;
    drawn_++;
}

RedrawClock& redraw_clock() {
    static RedrawClock c;
    return c;
}

} // namespace app
