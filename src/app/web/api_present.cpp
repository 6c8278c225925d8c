// api_present.cpp — presentation mode in window.playground: present(target) / present(null)
// and state().present (the target, its window, "n / N", the scales, the bar's buttons).
// Not here: what presenting does (panels/present.cpp).
#include <emscripten.h>

#include <sstream>

#include "app/gfx/style.h"
#include "app/panels/classroom.h"
#include "app/panels/present.h"
#include "app/web/json.h"

namespace {

using app::json::esc;
using app::json::num;

std::string rect(const float* r) {
    return "[" + num(r[0]) + "," + num(r[1]) + "," + num(r[2]) + "," + num(r[3]) + "]";
}

} // namespace

extern "C" {

// target: a target's id ("lab-conv", ..., "model", "data", "train", "predictions", "inside"),
// "" for the first, or null to leave. Returns "" or why the target is unknown.
EMSCRIPTEN_KEEPALIVE const char* pg_present(const char* target) {
    if (!target) {
        app::present_exit();
        return app::json::ret("");
    }
    std::string id = target;
    int i = id.empty() ? 0 : app::present_find(id);
    if (i < 0) return app::json::ret("unknown presentation target '" + id + "'");
    app::present_enter(i);
    return app::json::ret("");
}

// {"present": {on, target, index, count, window, targets, scale, user_scale, applied_scale, bar}}:
// merged into playground.state() by playground.js. scale is the one asked for, applied_scale
// the one the last frame was drawn at.
EMSCRIPTEN_KEEPALIVE const char* pg_present_state() {
    int i = app::present_index();
    std::ostringstream o;
    o << "{\"present\":{\"on\":" << (i >= 0 ? "true" : "false") << ",\"target\":" << (i >= 0 ? esc(app::present_id(i)) : "null")
      << ",\"index\":" << i << ",\"count\":" << app::present_count()
      << ",\"window\":" << (i >= 0 ? esc(app::present_window(i)) : "null") << ",\"targets\":[";
    for (int k = 0; k < app::present_count(); k++) o << (k ? "," : "") << esc(app::present_id(k));
    const app::PresentBar& b = app::present_bar();
    o << "],\"scale\":" << num(app::ui().scale) << ",\"user_scale\":" << num(app::present_user_scale())
      << ",\"applied_scale\":" << num(app::style_scale()) << ",\"bar\":{\"prev\":" << rect(b.prev)
      << ",\"next\":" << rect(b.next) << ",\"exit\":" << rect(b.exit) << "}}}";
    return app::json::ret(o.str());
}

} // extern "C"
