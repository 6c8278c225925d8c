// api_input.cpp — what state() says about drawing and scrolling (frame counters, scrollable
// windows), and pg_wake: the page's scripts changed something, so draw. No input handling here.
#include <emscripten.h>

#include <sstream>

#include "app/session/redraw.h"
#include "app/web/input.h"
#include "app/web/json.h"
#include "imgui.h"
#include "imgui_internal.h"

namespace app {

std::string frames_json() {
    const RedrawClock& c = redraw_clock();
    std::ostringstream o;
    o << "{\"drawn\":" << c.frames_drawn() << ",\"skipped\":" << c.frames_skipped()
      << ",\"since_wake_s\":" << json::num(emscripten_get_now() / 1000 - c.last_wake())
      << ",\"cost_ms\":" << json::num(c.frame_cost() * 1000)
      << ",\"follow_s\":" << json::num(c.follow_every()) << "}";
    return o.str();
}

std::string scroll_json() {
    using json::num;
    std::ostringstream o;
    o << "[";
    bool first = true;
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
        if (!w->Active || (w->ScrollMax.x <= 0 && w->ScrollMax.y <= 0)) continue;
        o << (first ? "" : ",") << "{\"name\":" << json::esc(w->Name) << ",\"rect\":[" << num(w->Pos.x) << "," << num(w->Pos.y)
          << "," << num(w->Size.x) << "," << num(w->Size.y) << "],\"scroll\":[" << num(w->Scroll.x) << "," << num(w->Scroll.y)
          << "],\"max\":[" << num(w->ScrollMax.x) << "," << num(w->ScrollMax.y) << "]}";
        first = false;
    }
    o << "]";
    return o.str();
}

} // namespace app

extern "C" EMSCRIPTEN_KEEPALIVE void pg_wake() { app::redraw_clock().wake(emscripten_get_now() / 1000); }
