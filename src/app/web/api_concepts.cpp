// api_concepts.cpp — the JS side of the lab's "Keras code" and "Picture to answer" tabs:
// playground.kerasCode() (the code the tab shows), playground.concepts() (every number the
// "Picture to answer" tab shows for the chosen image, for tests that recompute them), which part
// of it is shown, and the clipboard hook the Copy button uses (pgHost.copyText).
#include <emscripten.h>

#include <cstring>
#include <sstream>

#include "app/lab/teach.h"
#include "app/session/concepts.h"
#include "app/session/keras_code.h"
#include "app/web/api.h"
#include "app/web/json.h"

// ------------------------------------------------------------------ C -> JS
EM_JS(void, pg_js_copy_text, (const char* text), {
    if (window.pgHost && window.pgHost.copyText) window.pgHost.copyText(UTF8ToString(text));
});

namespace app {
void js_copy_text(const std::string& text) { pg_js_copy_text(text.c_str()); }
} // namespace app

// Named, not anonymous: the unity build puts this file beside api_teach.cpp's own helpers.
namespace concepts_json {

using app::json::esc;
using app::json::ret;
std::string num9(double v) { return app::json::num(v, 9); }

template <class T>
std::string arr(const std::vector<T>& v) {
    std::string s = "[";
    for (size_t i = 0; i < v.size(); i++) s += (i ? "," : "") + num9((double)v[i]);
    return s + "]";
}

// A (C, H, W) block as nested arrays [c][h][w], so a reader indexes it by position, not by our order.
std::string nested(const std::vector<float>& v, const cnn::Shape& s) {
    std::string o = "[";
    for (int c = 0; c < s.c; c++) {
        o += c ? ",[" : "[";
        for (int h = 0; h < s.h; h++) {
            o += h ? ",[" : "[";
            for (int w = 0; w < s.w; w++) o += (w ? "," : "") + num9(v[app::flatten_at(s, c, h, w)]);
            o += "]";
        }
        o += "]";
    }
    return o + "]";
}

const char* const kConcepts[4] = {"pixels", "flatten", "softmax", "loss"};

std::string flatten_json(const app::Inside& in, const std::vector<float>& image) {
    const app::FlattenParts f = app::flatten_parts(in, image);
    if (f.layer < 0) return "null";
    return "{\"layer\":" + std::to_string(f.layer) + ",\"from\":[" + std::to_string(f.from.c) + "," + std::to_string(f.from.h) +
           "," + std::to_string(f.from.w) + "],\"block\":" + nested(*f.block, f.from) + ",\"vector\":" + arr(*f.vec) + "}";
}

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* pg_keras_code() { return ret(app::keras_code(app::app_state())); }

// The Copy button's result from the page: 0 when the clipboard refused.
EMSCRIPTEN_KEEPALIVE void pg_text_copy_result(int ok) {
    if (!ok) app::teach_state().keras_copy_note = app::tr(app::S_keras_copy_failed);
}

// "pixels" | "flatten" | "softmax" | "loss": the part the "Picture to answer" tab shows.
EMSCRIPTEN_KEEPALIVE const char* pg_set_concept(const char* id) {
    for (int i = 0; i < 4; i++)
        if (id && !strcmp(id, kConcepts[i])) {
            app::teach_state().concept = i;
            return ret("");
        }
    return ret("unknown part (pixels, flatten, softmax, loss)");
}

EMSCRIPTEN_KEEPALIVE const char* pg_concepts() {
    app::AppState& a = app::app_state();
    const auto snap = a.engine->snapshot();  // held: the engine may publish a new one meanwhile
    const app::TeachState& t = app::teach_state();
    std::ostringstream o;
    o << "{\"shown\":" << esc(kConcepts[t.concept]) << ",\"pixel\":" << t.cc_pixel << ",\"flat\":" << t.cc_flat
      << ",\"keras_copies\":" << t.keras_copies << ",\"copy_button\":[" << num9(t.keras_copy_rect[0]) << ","
      << num9(t.keras_copy_rect[1]) << "," << num9(t.keras_copy_rect[2]) << "," << num9(t.keras_copy_rect[3]) << "]";
    const app::Inside* in = snap->inside.get();
    if (!in || in->logits.empty()) {
        o << ",\"ready\":false}";
        return ret(o.str());
    }
    const app::SoftmaxParts sp = app::softmax_parts(in->logits);
    const app::LossParts l = app::loss_parts(sp.probs, in->label);
    const std::vector<float> image = app::scale_pixels(in->pixels);
    o << ",\"ready\":true,\"set\":" << in->set << ",\"image\":" << in->image << ",\"label\":" << in->label
      << ",\"at_step\":" << in->at_step << ",\"model_probs\":" << arr(in->probs) << ",\"logits\":" << arr(sp.scores)
      << ",\"max\":" << num9(sp.max) << ",\"exps\":" << arr(sp.exps) << ",\"sum\":" << num9(sp.sum)
      << ",\"probs\":" << arr(sp.probs) << ",\"onehot\":" << arr(l.onehot) << ",\"p_true\":" << num9(l.p_true)
      << ",\"loss\":" << num9(l.loss) << ",\"pixels\":{\"bytes\":" << arr(in->pixels) << ",\"scaled\":" << arr(image) << "}"
      << ",\"flatten\":" << flatten_json(*in, image) << "}";
    return ret(o.str());
}

} // extern "C"

} // namespace concepts_json
