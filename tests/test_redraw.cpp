// test_redraw.cpp — the page's draw-or-skip rule (src/app/session/redraw.h): draws while busy
// and for the settle time after a wake, else only the heartbeat; counts what it drew.
#include <catch2/catch.hpp>

#include "app/session/redraw.h"

using app::RedrawClock;
using Activity = app::RedrawClock::Activity;

namespace {
// Ticks the clock at 60 Hz from t0 for `seconds`, drawing when it says so; returns frames drawn.
// Each frame drawn costs frame_s.
int run(RedrawClock& c, double t0, double seconds, Activity what, double frame_s = 0) {
    int n = 0;
    for (int i = 0; i < (int)(seconds * 60); i++) {
        double t = t0 + i / 60.0;
        if (c.should_draw(t, what)) c.drawn(t), c.spent(frame_s), n++;
        else c.skipped();
    }
    return n;
}
} // namespace

TEST_CASE("redraw: idle draws only the heartbeat, busy draws every frame", "[redraw]") {
    RedrawClock c;
    const double span = 10 * RedrawClock::kHeartbeatS;
    int idle = run(c, 100.0, span, Activity::Idle);
    CHECK(idle >= 9);   // one per heartbeat (the first tick draws at once)
    CHECK(idle <= 11);
    CHECK(run(c, 1000.0, 2.0, Activity::Moving) == 120);
    CHECK(c.frames_drawn() == (uint64_t)(idle + 120));
    CHECK(c.frames_skipped() == (uint64_t)(span * 60 - idle));
}

TEST_CASE("redraw: a wake draws every frame for the settle time, then stops", "[redraw]") {
    RedrawClock c;
    run(c, 0.0, 3.0, Activity::Idle);  // draws at 0 only: the heartbeat is longer
    c.wake(3.0);
    int settle = run(c, 3.0, RedrawClock::kSettleS, Activity::Idle);
    CHECK(settle == (int)(RedrawClock::kSettleS * 60));
    int after = run(c, 3.0 + RedrawClock::kSettleS + 0.02, RedrawClock::kHeartbeatS - 0.1, Activity::Idle);
    CHECK(after == 0);  // the heartbeat is counted from the last frame drawn
    // A key pressed long after: drawn on the very next tick.
    c.wake(20.0);
    CHECK(c.should_draw(20.0, Activity::Idle));
}

TEST_CASE("redraw: after a wake at least kSettleFrames frames, however slow they are", "[redraw]") {
    RedrawClock c;
    c.drawn(0.0);
    c.wake(10.0);
    int n = 0;
    for (double t = 10.0; t < 12.0; t += 0.25)  // 4 frames a second: 2 in the settle time
        if (c.should_draw(t, Activity::Idle)) c.drawn(t), n++;
    CHECK(n == RedrawClock::kSettleFrames);
}

TEST_CASE("redraw: an older wake never shortens a newer one", "[redraw]") {
    RedrawClock c;
    c.wake(10.0);
    c.wake(9.0);
    CHECK(c.last_wake() == 10.0);
    c.drawn(10.4);
    CHECK(c.should_draw(10.45, Activity::Idle));
}

TEST_CASE("redraw: following training draws a few frames a second, fewer when frames are dear", "[redraw]") {
    CHECK(RedrawClock::follow_interval(0.0) == RedrawClock::kFollowMinS);
    CHECK(RedrawClock::follow_interval(0.005) == RedrawClock::kFollowMinS);   // a GPU: 5 a second
    CHECK(RedrawClock::follow_interval(0.015) == Approx(0.5));                // 3% of the time
    CHECK(RedrawClock::follow_interval(0.04) == RedrawClock::kFollowMaxS);    // SwiftShader: 1 a second
    CHECK(RedrawClock::follow_interval(5.0) == RedrawClock::kFollowMaxS);     // and never fewer
    RedrawClock c;
    // 10 s of training with cheap frames: one per kFollowMinS (the 60 Hz ticks round it up).
    int cheap = run(c, 100.0, 10.0, Activity::Following, 0.005);
    CHECK(cheap >= 40);
    CHECK(cheap <= 50);
    // Dear frames: one a second, once the smoothed cost has followed them.
    run(c, 150.0, 30.0, Activity::Following, 0.2);
    CHECK(c.frame_cost() == Approx(0.2).epsilon(0.01));
    int dear = run(c, 200.0, 10.0, Activity::Following, 0.2);
    CHECK(dear >= 9);
    CHECK(dear <= 11);
    // Input while following: every frame for the settle time.
    c.wake(300.0);
    CHECK(run(c, 300.0, RedrawClock::kSettleS, Activity::Following, 0.2) == (int)(RedrawClock::kSettleS * 60));
}
