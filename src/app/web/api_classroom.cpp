// api_classroom.cpp — the classroom side of window.playground (web/playground.js): the page's
// settings as JSON (merged into state()), the link (read, open, copy), UI scale and theme,
// classroom mode, open panels, data subset, and the hooks into the page the classroom code
// uses (location.hash, history.replaceState + clipboard). Runs on the browser's main thread
// between frames, like api.cpp; returned strings live until the next call.
#include <emscripten.h>

#include <cmath>
#include <cstdio>
#include <sstream>

#include "app/panels/classroom.h"
#include "core/model.h"
#include "core/model_io.h"
#include "app/session/i18n.h"
#include "app/web/json.h"
#include "app/lab/teach.h"

// ------------------------------------------------------------------ C -> JS
EM_JS(void, pg_js_copy_link, (const char* fragment), {
    if (window.pgHost && window.pgHost.copyLink) window.pgHost.copyLink(UTF8ToString(fragment));
});

namespace app {
std::string js_location_hash() {
    const char* h = emscripten_run_script_string("String(location.hash || '')");
    return h ? h : "";
}
void js_copy_link(const std::string& fragment) { pg_js_copy_link(fragment.c_str()); }
} // namespace app

namespace {

using app::json::esc;
using app::json::ret;

std::string problems_json(const std::vector<app::LinkProblem>& ps) {
    std::string o = "[";
    for (size_t i = 0; i < ps.size(); i++)
        o += (i ? "," : "") + std::string("{\"key\":") + esc(ps[i].key) + ",\"value\":" + esc(ps[i].value) +
             ",\"why\":" + esc(ps[i].why) + "}";
    return o + "]";
}


} // namespace

extern "C" {

// {"ui": {...}, "subset": {...}}: merged into playground.state() by playground.js.
EMSCRIPTEN_KEEPALIVE const char* pg_ui_state() {
    app::AppState& a = app::app_state();
    app::UiState& u = app::ui();
    std::ostringstream o;
    o << "{\"ui\":{\"lang\":" << esc(app::lang_code(app::lang())) << ",\"scale\":" << u.scale
      << ",\"theme\":" << esc(u.contrast ? "contrast" : "dark") << ",\"classroom\":{\"on\":" << (u.classroom ? "true" : "false")
      << ",\"hide\":[";
    auto groups = [&](auto chosen) {  // the ids of the hide groups for which chosen(bit) holds
        bool first = true;
        for (int i = 0; i < app::kHideGroupCount; i++)
            if (chosen(1u << i)) o << (first ? "" : ",") << esc(app::kHideIds[i]), first = false;
    };
    groups([&](unsigned bit) { return (u.hide & bit) != 0; });
    o << "],\"hidden_now\":[";
    groups([](unsigned bit) { return app::ui_hides(bit); });
    o << "]},\"panels\":{";
    for (int i = 0; i < app::PanelCount; i++) {
        bool open = i == app::PanelLab ? app::teach_state().open : u.open[i];
        o << (i ? "," : "") << esc(app::kPanelIds[i]) << ":" << (open ? "true" : "false");
    }
    o << "},\"help\":" << (u.help ? "true" : "false") << ",\"confirm_reset\":" << (u.confirm_reset ? "true" : "false")
      << ",\"link\":" << esc(app::make_link(app::current_settings(a))) << ",\"link_opened\":" << (u.link_opened ? "true" : "false")
      << ",\"notice_open\":" << (u.notice_open ? "true" : "false") << ",\"notice\":" << problems_json(u.notice) << "}";
    o << ",\"subset\":{\"train\":" << a.data.train_limit << ",\"test\":" << a.data.test_limit
      << ",\"train_loaded\":" << (a.data.train_all ? a.data.train_all->size() : 0)
      << ",\"test_loaded\":" << (a.data.test_all ? a.data.test_all->size() : 0) << ",\"train_per_class\":[";
    int counts[10] = {};
    if (a.data.train)
        for (uint8_t l : a.data.train->labels) counts[l < 10 ? l : 0]++;
    for (int k = 0; k < 10; k++) o << (k ? "," : "") << counts[k];
    o << "]}}";
    return ret(o.str());
}

// The fragment (without '#') that restores the page as it is now.
EMSCRIPTEN_KEEPALIVE const char* pg_link() { return ret(app::make_link(app::current_settings(app::app_state()))); }

// Opens a fragment as if the page had been loaded with it: {"empty", "rejected", "problems"}.
EMSCRIPTEN_KEEPALIVE const char* pg_open_link(const char* fragment) {
    app::LinkParse p = app::open_link(app::app_state(), fragment ? fragment : "");
    return ret(std::string("{\"empty\":") + (p.empty ? "true" : "false") + ",\"rejected\":" +
               (p.rejected ? "true" : "false") + ",\"problems\":" + problems_json(p.problems) + "}");
}

EMSCRIPTEN_KEEPALIVE void pg_copy_link() { app::copy_link(app::app_state()); }
// The page's answer to a copy: 0 when the clipboard refused (the link is in the address bar).
EMSCRIPTEN_KEEPALIVE void pg_link_copy_result(int ok) {
    if (!ok) app::ui().copy_note = app::tr(app::S_cls_copy_failed);
}

EMSCRIPTEN_KEEPALIVE const char* pg_set_scale(double s) {
    if (!(s >= 0.5 && s <= 3)) return ret("scale must be within 0.5 .. 3");
    app::ui().scale = (float)s;
    return ret("");
}

EMSCRIPTEN_KEEPALIVE const char* pg_set_theme(const char* theme) {
    std::string t = theme ? theme : "";
    if (t == "dark") app::ui().contrast = false;
    else if (t == "contrast") app::ui().contrast = true;
    else return ret("unknown theme '" + t + "' (dark or contrast)");
    return ret("");
}

// on: 0/1 (< 0 keeps); hide: comma-separated group ids, or null to keep.
EMSCRIPTEN_KEEPALIVE const char* pg_set_classroom(int on, const char* hide) {
    app::UiState& u = app::ui();
    if (hide) {
        app::LinkSettings d;
        app::LinkParse p = app::parse_link(std::string("v=1&hide=") + app::link_encode(hide), d);
        if (!p.problems.empty()) return ret(p.problems[0].why);
        u.hide = p.settings.hide;
    }
    if (on >= 0) u.classroom = on != 0;
    return ret("");
}

EMSCRIPTEN_KEEPALIVE const char* pg_set_panel(const char* id, int open) {
    std::string s = id ? id : "";
    for (int i = 0; i < app::PanelCount; i++)
        if (s == app::kPanelIds[i]) {
            if (i == app::PanelLab) app::teach_state().open = open != 0;
            else app::ui().open[i] = open != 0;
            return ret("");
        }
    return ret("unknown panel '" + s + "'");
}

EMSCRIPTEN_KEEPALIVE void pg_set_subset(int train_n, int test_n) { app::app_set_subset(app::app_state(), train_n, test_n); }

// The last model from browser storage at start-up. When the page was opened with a link, the
// link's setup wins: the stored model is restored only if it is the link's model, and the
// link's optimizer and learning rate are kept. Returns "", "skipped" or an error.
EMSCRIPTEN_KEEPALIVE const char* pg_restore_model(const uint8_t* p, int len, const char* name) {
    app::AppState& a = app::app_state();
    if (!app::ui().link_opened) return ret(app::app_load_model(a, p, (size_t)len, name));
    std::shared_ptr<cnn::Checkpoint> ck;
    try {
        ck = app::app_read_model(p, (size_t)len, name);  // read once, checked, then used
        if (ck->model.spec() != cnn::Model::parse_shapes(a.applied_spec).spec()) return ret("skipped");
    } catch (const std::exception& e) {
        return ret(e.what());
    }
    cnn::TrainSettings keep = a.hyper;
    std::string err = app::app_use_model(a, ck, name);
    cnn::TrainSettings s = a.hyper;
    s.optimizer = keep.optimizer;
    s.lr = keep.lr;
    app::app_try_settings(a, s);  // values the page had accepted: nothing to refuse
    return ret(err);
}

} // extern "C"

extern "C" {
// After a reload with no link, before the stored model comes back: the page's last settings
// (its link, kept in localStorage) without its model, which the stored file brings. Training
// settings, subset sizes and open panels; a value the page now refuses keeps its default.
EMSCRIPTEN_KEEPALIVE void pg_resume_settings(const char* fragment) {
    app::AppState& a = app::app_state();
    app::LinkSettings d;
    d.train = a.hyper;
    app::LinkParse p = app::parse_link(fragment ? fragment : "", d);
    if (p.empty || p.rejected) return;
    cnn::TrainSettings s = p.settings.train;
    s.threads = a.hyper.threads;  // the machine's
    app::app_try_settings(a, s);
    app::app_set_subset(a, p.settings.train_n, p.settings.test_n);
    for (int i = 0; i < app::PanelLab; i++) app::ui().open[i] = p.settings.panels[i];
    app::teach_state().open = p.settings.panels[app::PanelLab];
}
} // extern "C"
