// api.cpp — the exported C functions behind window.playground (web/playground.js wraps them
// with cwrap) and the hooks into the page's JS. All run on the browser's main thread, between
// frames, so they may touch the AppState directly; training commands go to the engine's queue.
// Strings returned point into a static buffer valid until the next call.
#include "app/web/api.h"

#include <emscripten.h>
#include <emscripten/heap.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>

#include "app/session/app_state.h"
#include "app/web/input.h"
#include "app/web/json.h"
#include "app/gfx/fonts.h"
#include "app/gfx/textures.h"
#include "app/panels/panels.h"
#include "app/panels/layout.h"
#include "app/panels/classroom.h"
#include "app/session/i18n.h"
#include "imgui.h"

// ------------------------------------------------------------------ C -> JS
EM_JS(void, pg_js_download, (const char* name, const uint8_t* p, int n), {
    // slice(): a copy off the (possibly shared) heap; Blob refuses shared views.
    const bytes = HEAPU8.slice(p, p + n);
    if (window.pgHost) window.pgHost.download(UTF8ToString(name), bytes);
});
EM_JS(void, pg_js_store, (const uint8_t* p, int n, double steps), {
    const bytes = HEAPU8.slice(p, p + n);
    if (window.pgHost) window.pgHost.storeModel(bytes, steps);
});
EM_JS(void, pg_js_picture_tool, (int which), {
    if (window.pgHost) window.pgHost.pictureTool(which);
});
EM_JS(void, pg_js_picker, (int kind), {
    if (window.pgHost) window.pgHost.openPicker(kind);
});
// The page's language: a stored choice, else the browser's; strings are returned malloc'ed.
EM_JS(char*, pg_js_initial_lang, (), {
    let code = "";
    try { code = localStorage.getItem("cnn-playground-lang") || ""; } catch (e) {}
    if (!code) code = (navigator.languages && navigator.languages[0]) || navigator.language || "en";
    const n = lengthBytesUTF8(code) + 1, p = _malloc(n);
    stringToUTF8(code, p, n);
    return p;
});
EM_JS(void, pg_js_store_lang, (const char* code), {
    try { localStorage.setItem("cnn-playground-lang", UTF8ToString(code)); } catch (e) {}
});
// The page's own texts outside the canvas (the tab title, the drop overlay), from the tables.
EM_JS(void, pg_js_page_texts, (const char* html_lang, const char* title, const char* drop), {
    document.documentElement.lang = UTF8ToString(html_lang);
    document.title = UTF8ToString(title);
    const d = document.getElementById("drop");
    if (d) d.textContent = UTF8ToString(drop);
});

namespace app {
void js_download(const char* f, const uint8_t* b, int n) { pg_js_download(f, b, n); }
void js_store_model(const uint8_t* b, int n, int64_t steps) { pg_js_store(b, n, (double)steps); }

Host web_host() {
    Host h;
    h.download = [](const std::string& f, const std::vector<uint8_t>& b) { js_download(f.c_str(), b.data(), (int)b.size()); };
    h.store_model = [](const std::vector<uint8_t>& b, int64_t steps) { js_store_model(b.data(), (int)b.size(), steps); };
    h.heap_max = emscripten_get_heap_max();
    return h;
}
void js_open_file_picker(int kind) { pg_js_picker(kind); }
void js_picture_tool(int which) { pg_js_picture_tool(which); }
std::string js_initial_lang() {
    char* c = pg_js_initial_lang();
    std::string s = c ? c : "";
    free(c);
    return s;
}
void apply_lang(int l) {
    set_lang((Lang)l);
    pg_js_page_texts(lang() == LangZh ? "zh-CN" : "en", tr(S_page_title), tr(S_page_drop));
}
void choose_lang(int l) {
    apply_lang(l);
    pg_js_store_lang(lang_code(lang()));
}
} // namespace app

// ------------------------------------------------------------------ JSON helpers
namespace {
using app::json::esc;
using app::json::num;
using app::json::ret;

// What the Inside window drew (panels.h): bars, picture, the hovered tile, the first maps' place.
std::string inside_shown_json() {
    const app::InsideShown& v = app::inside_shown();
    auto rect = [](const app::ScreenRect& r) { return "[" + num(r.x) + "," + num(r.y) + "," + num(r.w) + "," + num(r.h) + "]"; };
    return ",\"bars\":" + std::to_string(v.bars) + ",\"picture\":" + (v.picture ? "true" : "false") +
           ",\"hover\":{\"kind\":" + esc(v.hover_kind) + ",\"layer\":" + std::to_string(v.hover_layer) +
           ",\"tile\":" + std::to_string(v.hover_tile) + ",\"lo\":" + num(v.hover_lo) + ",\"hi\":" + num(v.hover_hi) +
           "},\"first_map\":" + rect(v.first_map) + ",\"first_kernels\":" + rect(v.first_kernels);
}
// A map's numbers for the tests: its size, whether all are finite, its range and sum.
std::string map_json(const std::vector<float>& m) {
    bool finite = true;
    double lo = m.empty() ? 0 : INFINITY, hi = m.empty() ? 0 : -INFINITY, sum = 0;
    for (float v : m) {
        finite = finite && std::isfinite(v);
        lo = std::min(lo, (double)v), hi = std::max(hi, (double)v), sum += v;
    }
    return "{\"n\":" + std::to_string(m.size()) + ",\"finite\":" + (finite ? "true" : "false") + ",\"min\":" + num(lo) +
           ",\"max\":" + num(hi) + ",\"sum\":" + num(sum) + "}";
}

// state().picture: the user's picture, its crop, and its probabilities when it is the
// Inside view's image; shown: what the window drew.
std::string picture_json(const app::AppState& a, const app::Snapshot& s) {
    const app::PictureState& p = a.picture;
    const app::PictureShown& v = app::picture_shown();
    std::ostringstream o;
    o << "{\"w\":" << p.w << ",\"h\":" << p.h << ",\"crop\":[" << num(p.crop.x) << "," << num(p.crop.y) << "," << num(p.crop.size)
      << "],\"version\":" << p.version << ",\"source\":" << esc(p.source) << ",\"error\":" << esc(p.error)
      << ",\"chosen\":" << (a.sel_set == app::kSetPicture ? "true" : "false") << ",\"probs\":[";
    bool in = s.inside && s.inside->set == app::kSetPicture && s.inside->picture_version == p.version && p.version;
    for (size_t k = 0; in && k < s.inside->probs.size(); k++) o << (k ? "," : "") << num(s.inside->probs[k]);
    o << "],\"inside_version\":" << (in ? s.inside->version : 0);
    o << ",\"shown\":{\"open\":" << (v.open ? "true" : "false") << ",\"full\":" << (v.full ? "true" : "false")
      << ",\"sees\":" << (v.sees ? "true" : "false") << ",\"bars\":" << v.bars << ",\"maps\":" << v.maps
      << ",\"crop\":[" << num(v.crop.x) << "," << num(v.crop.y) << "," << num(v.crop.w) << "," << num(v.crop.h) << "]}}";
    return o.str();
}

// state().filter_top: the last published top images of a filter (null before asked).
std::string filter_top_json(const app::Snapshot& s) {
    if (!s.filter_top) return "null";
    const app::FilterTop& f = *s.filter_top;
    std::ostringstream o;
    o << "{\"layer\":" << f.top.layer << ",\"filter\":" << f.top.filter << ",\"h\":" << f.top.h << ",\"w\":" << f.top.w << ",\"index\":[";
    for (size_t i = 0; i < f.top.index.size(); i++) o << (i ? "," : "") << f.top.index[i];
    o << "],\"score\":[";
    for (size_t i = 0; i < f.top.score.size(); i++) o << (i ? "," : "") << num(f.top.score[i]);
    o << "],\"maps\":" << map_json(f.top.maps) << ",\"at_step\":" << f.at_step << ",\"version\":" << f.version
      << ",\"error\":" << esc(f.error) << ",\"shown\":{\"open\":" << (app::filter_shown().open ? "true" : "false")
      << ",\"tiles\":" << app::filter_shown().tiles << "}}";
    return o.str();
}

// state().why: the last published maps (null before explain()).
std::string why_json(const app::Snapshot& s) {
    if (!s.why) return "null";
    const app::Why& w = *s.why;
    std::ostringstream o;
    o << "{\"cls\":" << w.cls << ",\"top\":" << (w.top ? "true" : "false") << ",\"set\":" << w.set << ",\"image\":" << w.image
      << ",\"picture_version\":" << w.picture_version << ",\"inside_version\":" << w.inside_version << ",\"at_step\":" << w.at_step
      << ",\"version\":" << w.version << ",\"size\":" << w.size << ",\"base\":" << num(w.base) << ",\"error\":" << esc(w.error)
      << ",\"ms\":[" << num(w.ms[0]) << "," << num(w.ms[1]) << "," << num(w.ms[2]) << "," << num(w.ms[3]) << "]"
      << ",\"occlusion\":" << map_json(w.occlusion) << ",\"gradient\":" << map_json(w.gradient)
      << ",\"smoothgrad\":" << map_json(w.smoothgrad) << ",\"gradcam\":" << map_json(w.gradcam) << "}";
    return o.str();
}
} // namespace

using app::AppState;

// The last drawn frame's layout (panels/layout.h): the display, every window, the header's
// items and whether each can be reached, and the texts cut to fit.
static std::string layout_json() {
    const app::LayoutReport& r = app::layout_report();
    std::ostringstream o;
    o << "{\"display\":[" << num(r.display_w) << "," << num(r.display_h) << "],\"header_folded\":" << (r.header_folded ? "true" : "false");
    o << ",\"windows\":[";
    for (size_t i = 0; i < r.windows.size(); i++) {
        const auto& w = r.windows[i];
        o << (i ? "," : "") << "{\"name\":" << esc(w.name) << ",\"rect\":[" << num(w.x) << "," << num(w.y) << "," << num(w.w) << "," << num(w.h) << "]}";
    }
    o << "],\"header\":[";
    for (size_t i = 0; i < r.header.size(); i++) {
        const auto& h = r.header[i];
        o << (i ? "," : "") << "{\"id\":" << esc(h.id) << ",\"x\":[" << num(h.x0) << "," << num(h.x1) << "],\"folded\":" << (h.folded ? "true" : "false")
          << ",\"reachable\":" << (h.reachable ? "true" : "false") << "}";
    }
    o << "],\"truncated\":[";
    for (size_t i = 0; i < r.truncated.size(); i++) o << (i ? "," : "") << esc(r.truncated[i]);
    o << "]}";
    return o.str();
}

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* pg_state() {
    AppState& a = app::app_state();
    // Hold the snapshot: the engine thread may publish a new one (and drop this) at any moment.
    const std::shared_ptr<const app::Snapshot> snap = a.engine->snapshot();
    const app::Snapshot& s = *snap;
    std::ostringstream o;
    o << "{\"flavour\":" << esc(a.flavour) << ",\"crossOriginIsolated\":" << (a.isolated ? "true" : "false");
    o << ",\"threads\":" << s.hyper.threads;
    o << ",\"data\":{\"train\":" << (a.data.train ? a.data.train->size() : 0)
      << ",\"test\":" << (a.data.test ? a.data.test->size() : 0) << ",\"train_files\":[";
    for (size_t i = 0; i < a.data.train_files.size(); i++) o << (i ? "," : "") << esc(a.data.train_files[i]);
    o << "],\"test_files\":[";
    for (size_t i = 0; i < a.data.test_files.size(); i++) o << (i ? "," : "") << esc(a.data.test_files[i]);
    o << "],\"thumbnails\":{\"train\":" << app::gpu().train_atlas.count << ",\"test\":" << app::gpu().test_atlas.count
      << ",\"pages\":" << app::gpu().train_atlas.pages.size() + app::gpu().test_atlas.pages.size() << "}";
    o << ",\"error\":" << esc(a.data.error) << "}";
    o << ",\"model\":{\"spec\":" << esc(a.draft_spec) << ",\"applied\":" << esc(s.spec) << ",\"layers\":[";
    for (size_t i = 0; i < a.rows.size(); i++) {
        const auto& r = a.rows[i];
        o << (i ? "," : "") << "{\"name\":" << esc(r.name) << ",\"kind\":" << esc(app::kRowTypeNames[r.type])
          << ",\"spec\":" << esc(app::row_spec(r)) << ",\"shape\":" << esc(r.shape) << ",\"params\":" << r.params
          << ",\"error\":" << esc(r.error) << "}";
    }
    o << "],\"total_params\":" << a.draft_params << ",\"error\":" << esc(a.draft_error)
      << ",\"memory_limit_mb\":" << (a.memory_limit.bytes >> 20)
      << ",\"error_row\":" << a.error_row << "}";
    o << ",\"training\":{\"status\":" << esc(app::status_name(s.status)) << ",\"message\":" << esc(s.message)
      << ",\"epoch\":" << s.epoch << ",\"epochs\":" << s.epochs_total << ",\"batch\":" << s.batch
      << ",\"batches_per_epoch\":" << s.batches_per_epoch << ",\"steps\":" << s.steps
      << ",\"loss\":" << num(s.loss) << ",\"accuracy\":" << num(s.accuracy) << ",\"last_loss\":" << num(s.last_loss)
      << ",\"smoothed_loss\":" << (s.batch_loss.empty() ? "null" : num(s.batch_loss.back()))
      << ",\"diverged_epoch\":" << s.diverged_epoch << ",\"diverged_batch\":" << s.diverged_batch;
    double vl = s.history.empty() ? NAN : s.history.back().val_loss;
    double va = s.history.empty() ? NAN : s.history.back().val_accuracy;
    o << ",\"val_loss\":" << num(vl) << ",\"val_accuracy\":" << num(va) << ",\"images_per_s\":" << num(s.images_per_s)
      << ",\"eta_s\":" << num(s.eta_s) << "}";
    o << ",\"hyper\":{\"optimizer\":" << esc(cnn::Optimizer::kind_name(a.hyper.optimizer)) << ",\"lr\":" << cnn::format_setting(cnn::Setting::Lr, a.hyper.lr)
      << ",\"batch\":" << a.hyper.batch << ",\"epochs\":" << a.hyper.epochs << ",\"seed\":" << a.hyper.seed
      << ",\"threads\":" << a.hyper.threads << "}";
    o << ",\"history\":[";
    for (size_t i = 0; i < s.history.size(); i++) {
        const auto& e = s.history[i];
        o << (i ? "," : "") << "{\"epoch\":" << e.epoch << ",\"loss\":" << num(e.loss) << ",\"accuracy\":" << num(e.accuracy)
          << ",\"val_loss\":" << num(e.val_loss) << ",\"val_accuracy\":" << num(e.val_accuracy)
          << ",\"seconds\":" << num(e.seconds) << ",\"images_per_s\":" << num(e.images_per_s) << "}";
    }
    o << "],\"batch_losses\":" << s.batch_loss.size() << ",\"batch_accuracies\":" << s.batch_acc.size()
      << ",\"smoothed_accuracy\":" << (s.batch_acc.empty() ? "null" : num(s.batch_acc.back()))
      << ",\"ask\":{\"open\":" << (a.ask.open ? "true" : "false") << ",\"spec\":" << esc(a.ask.spec) << "}";
    o << ",\"predictions\":" << (s.preds ? s.preds->n : 0) << ",\"predictions_at_step\":" << (s.preds ? s.preds->at_step : -1);
    o << ",\"fps\":" << num(a.fps) << ",\"frame_ms\":" << num(a.frame_ms) << ",\"profile_ms\":{\"app\":" << num(a.t_app) << ",\"ui\":" << num(a.t_ui) << ",\"gl\":" << num(a.t_gl) << ",\"vertices\":" << ImGui::GetIO().MetricsRenderVertices << ",\"windows\":" << ImGui::GetIO().MetricsRenderWindows << "}" << ",\"selected_image\":" << a.sel_image << ",\"selected_set\":" << esc(a.sel_set == app::kSetPicture ? "picture" : a.sel_set ? "test" : "train");
    o << ",\"inside\":{\"image\":" << (s.inside ? s.inside->image : -1)
      << ",\"at_step\":" << (s.inside ? s.inside->at_step : -1)
      << ",\"layers\":" << (s.inside ? s.inside->layers.size() : 0)
      << ",\"kernels\":" << (s.inside ? s.inside->kernels.size() : 0) << inside_shown_json() << "}";
    o << ",\"picture\":" << picture_json(a, s) << ",\"why\":" << why_json(s) << ",\"filter_top\":" << filter_top_json(s);
    static const char* names[6] = {"data", "model", "train", "predictions", "inside", "header"};
    o << ",\"panels\":{";
    for (int i = 0; i < 6; i++) {
        const auto& r = a.panel_rect[i];
        o << (i ? "," : "") << "\"" << names[i] << "\":[" << num(r.x) << "," << num(r.y) << "," << num(r.w) << "," << num(r.h) << "]";
    }
    o << "},\"layout\":" << layout_json();
    o << ",\"model_note\":" << esc(a.model_note);
    o << ",\"lang\":" << esc(app::lang_code(app::lang())) << ",\"missing_glyphs\":" << app::fonts_missing_glyphs()
      << ",\"font_px\":" << num(app::fonts_size());
    o << ",\"frames\":" << app::frames_json() << ",\"scrolling\":" << app::scroll_json() << "}";  // input.h
    return ret(o.str());
}

EMSCRIPTEN_KEEPALIVE const char* pg_predictions() {
    AppState& a = app::app_state();
    auto snap = a.engine->snapshot();
    std::ostringstream o;
    const app::Predictions* p = snap->preds.get();
    if (!p) return ret("{\"n\":0}");
    o << "{\"n\":" << p->n << ",\"loss\":" << num(p->loss) << ",\"accuracy\":" << num(p->accuracy)
      << ",\"at_step\":" << p->at_step << ",\"classes\":[";
    for (int k = 0; k < 10; k++) o << (k ? "," : "") << esc(a.data.class_names[k]);
    o << "],\"confusion\":[";
    for (int t = 0; t < 10; t++) {
        o << (t ? "," : "") << "[";
        for (int q = 0; q < 10; q++) o << (q ? "," : "") << p->confusion[t][q];
        o << "]";
    }
    o << "],\"per_class_accuracy\":[";
    for (int k = 0; k < 10; k++) o << (k ? "," : "") << num(p->class_total[k] ? (double)p->class_correct[k] / p->class_total[k] : 0);
    o << "],\"first\":[";
    int m = std::min({p->n, 20, a.data.test ? a.data.test->size() : 0});  // the test set may have just shrunk (subset)
    for (int i = 0; i < m; i++) {
        o << (i ? "," : "") << "{\"true\":" << (int)a.data.test->labels[i] << ",\"pred\":" << (int)p->pred[i] << ",\"top\":[";
        for (int j = 0; j < 3; j++) o << (j ? "," : "") << "[" << (int)p->top_k[i * 3 + j] << "," << num(p->top_p[i * 3 + j]) << "]";
        o << "]}";
    }
    o << "]}";
    return ret(o.str());
}

EMSCRIPTEN_KEEPALIVE const char* pg_set_model(const char* spec) {
    return ret(app::app_set_model(app::app_state(), spec));
}

EMSCRIPTEN_KEEPALIVE const char* pg_load_data(const uint8_t* p, int len, const char* name) {
    return ret(app::app_load_data(app::app_state(), p, (size_t)len, name));
}

EMSCRIPTEN_KEEPALIVE const char* pg_load_model(const uint8_t* p, int len, const char* name) {
    return ret(app::app_load_model(app::app_state(), p, (size_t)len, name));
}

// A TensorFlow.js model dropped with its weight files: each .bin first (pg_tfjs_shard), then
// model.json (pg_import_tfjs), which uses and forgets them.
static std::map<std::string, std::vector<uint8_t>>& tfjs_shards() {
    static std::map<std::string, std::vector<uint8_t>> shards;
    return shards;
}
EMSCRIPTEN_KEEPALIVE void pg_tfjs_shard(const uint8_t* p, int len, const char* name) {
    tfjs_shards()[name] = std::vector<uint8_t>(p, p + len);
}
EMSCRIPTEN_KEEPALIVE const char* pg_import_tfjs(const uint8_t* p, int len, const char* name) {
    std::map<std::string, std::vector<uint8_t>> shards;
    shards.swap(tfjs_shards());
    return ret(app::app_import_tfjs(app::app_state(), std::string(reinterpret_cast<const char*>(p), (size_t)len), shards, name));
}

// An error found on the JS side (bad .gz, missing bundled data): shown in the Data panel.
// The user's picture: RGBA bytes w × h (the page decoded them); opens the picture window.
EMSCRIPTEN_KEEPALIVE const char* pg_set_picture(const uint8_t* p, int w, int h, const char* source) {
    std::string err = app::app_set_picture(app::app_state(), p, w, h, source ? source : "api");
    if (err.empty()) app::ui().picture_open = true;
    return ret(err);
}
EMSCRIPTEN_KEEPALIVE const char* pg_set_crop(double x, double y, double size) {
    return ret(app::app_set_crop(app::app_state(), cnn::Crop{x, y, size}));
}
EMSCRIPTEN_KEEPALIVE void pg_explain(int cls) {
    app::app_explain(app::app_state(), std::clamp(cls, -1, 9));
    app::ui().picture_open = true;
}
// What does a filter look for? layer (index in the model's layers), filter; opens the section.
EMSCRIPTEN_KEEPALIVE void pg_filter_top(int layer, int filter) {
    app::app_filter_top(app::app_state(), layer, std::max(0, filter));
    app::ui().filter_open_request = layer >= 0;
}
EMSCRIPTEN_KEEPALIVE void pg_show_picture(int open) { app::ui().picture_open = open != 0; }
// A text of the tables by its key's name ("S_cam_none"), in the page's language: the page's
// own overlays (drawing, camera) say their words with it.
EMSCRIPTEN_KEEPALIVE const char* pg_text(const char* key) {
    for (int k = 0; k < app::S_COUNT; k++)
        if (key && std::string(app::key_name((app::Str)k)) == key) return app::tr((app::Str)k);
    return "";
}
EMSCRIPTEN_KEEPALIVE void pg_data_error(const char* msg) { app::app_state().data.error = msg; }
EMSCRIPTEN_KEEPALIVE void pg_bundled_data_error(const char* file, int http_status) {
    app::app_bundled_data_error(app::app_state(), file ? file : "", http_status);
}

EMSCRIPTEN_KEEPALIVE void pg_save_model() { app::app_save_model(app::app_state()); }
// "onnx" | "pytorch" | "keras": the download follows at the engine's next save; "" or the error.
EMSCRIPTEN_KEEPALIVE const char* pg_export_model(const char* format) {
    cnn::ExportFormat f;
    if (!cnn::parse_export_format(format, &f)) return ret(std::string("unknown export format '") + format + "' (onnx, pytorch, keras)");
    app::app_export_model(app::app_state(), f);
    return ret("");
}
EMSCRIPTEN_KEEPALIVE void pg_start() { app::app_start(app::app_state()); }
EMSCRIPTEN_KEEPALIVE void pg_pause() { app::app_pause(app::app_state()); }
EMSCRIPTEN_KEEPALIVE void pg_step(int n) { app::app_step(app::app_state(), n); }
EMSCRIPTEN_KEEPALIVE void pg_reset() { app::app_reset(app::app_state()); }
EMSCRIPTEN_KEEPALIVE void pg_select_image(int i) { app::app_select_image(app::app_state(), 1, i); }
// What the Model panel's presets and Apply do ("" = the rows as edited): asks first when a
// trained model would be replaced; pg_answer(0 cancel, 1 replace, 2 save then replace).
EMSCRIPTEN_KEEPALIVE void pg_ask_model(const char* spec) { app::app_ask_model(app::app_state(), spec ? spec : ""); }
EMSCRIPTEN_KEEPALIVE void pg_answer(int ans) { app::app_answer(app::app_state(), (app::Answer)std::clamp(ans, 0, 2)); }
// After a reload, once the stored model is back: its batch count and the chosen image.
EMSCRIPTEN_KEEPALIVE void pg_resume(double steps, int set, int index) {
    app::app_resume(app::app_state(), (int64_t)steps, set, index);
}

// "en", "zh" (or "zh-CN"…): the page's language, remembered in localStorage. Returns the code set.
EMSCRIPTEN_KEEPALIVE const char* pg_set_lang(const char* code) {
    app::choose_lang(app::lang_from_code(code));
    return app::lang_code(app::lang());
}

// The font atlas at base size × s (fonts.h; the UI-scale setting also scales the style).
// Returns the font's pixel size and how many table characters lack a glyph, as JSON.
EMSCRIPTEN_KEEPALIVE const char* pg_set_font_scale(double s) {
    app::fonts_set_scale((float)s);
    return ret("{\"font_px\":" + num(app::fonts_size()) + ",\"missing_glyphs\":" + std::to_string(app::fonts_missing_glyphs()) + "}");
}

// The fields whose bit is set in `given` (bit i: cnn::Setting i, optimizer first) change;
// each is checked by the training settings' one check. Any refusal changes nothing and
// returns the English messages ("; "-joined), the same words the CLI prints.
EMSCRIPTEN_KEEPALIVE const char* pg_set_hyper(const char* optimizer, double lr, double batch, double epochs, double seed,
                                              double threads, int given) {
    AppState& a = app::app_state();
    cnn::TrainSettings s = a.hyper;
    const double nums[cnn::kSettingCount] = {0, lr, batch, epochs, seed, threads};
    std::string err;
    for (int i = 0; i < cnn::kSettingCount; i++) {
        if (!((given >> i) & 1)) continue;
        cnn::Setting f = (cnn::Setting)i;
        cnn::SettingProblem p;
        bool ok = f == cnn::Setting::Optimizer ? cnn::set_setting_text(s, f, optimizer, &p)
                                               : cnn::set_setting(s, f, nums[i], &p, app::app_max_threads(a));
        if (!ok) err += (err.empty() ? "" : "; ") + cnn::problem_text_en(p);
    }
    if (err.empty())
        for (const cnn::SettingProblem& p : app::app_try_settings(a, s)) err += (err.empty() ? "" : "; ") + cnn::problem_text_en(p);
    return ret(err);
}

} // extern "C"
