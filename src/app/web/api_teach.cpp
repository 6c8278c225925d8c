// api_teach.cpp — exported C functions behind window.playground.teach (web/teach-api.js): open
// the lab, pick a tab and a mode, set the step-by-step problem, step/seek/play, and read what the
// views show as JSON (current window, cells, products, running partial sums, output so far).
// Everything runs on the browser's main thread between frames, like api.cpp. Returned strings
// live in a static buffer until the next call.
#include <emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "app/web/json.h"
#include "app/lab/teach.h"

namespace {

using app::json::esc;
using app::json::ret;
// The lab's numbers go out with 9 digits: the tests recompute every product and sum.
std::string num9(double v) { return app::json::num(v, 9); }
// The lab's texts go out in English, whatever the page's language.
std::string en(const app::LabTexts& ts) { return app::render(ts, app::LangEn); }
std::string en(const teach::Msgs& ms) { return app::render(ms, app::LangEn); }
std::string en(const teach::Msg& m) { return app::render(m, app::LangEn); }

template <class T>
std::string arr(const std::vector<T>& v) {
    std::string s = "[";
    for (size_t i = 0; i < v.size(); i++) s += (i ? "," : "") + num9((double)v[i]);
    return s + "]";
}

std::string padding_json(const cnn::Padding& p) {
    return p.kind == cnn::Padding::Valid ? "\"valid\"" : p.kind == cnn::Padding::Same ? "\"same\"" : std::to_string(p.p);
}

app::TeachState& T() { return app::teach_state(); }

// The shown tab's canvas: {tab, fits, room, extent, cells: [{id, cell, min}]} (tab null: the
// tab has no canvas of grids).
std::string fit_json(const app::CanvasFit& f) {
    std::ostringstream o;
    o << "{\"tab\":" << (f.tab >= 0 ? esc(app::kTeachTabIds[f.tab]) : "null") << ",\"fits\":" << (f.fits ? "true" : "false")
      << ",\"room\":[" << num9(f.room[0]) << "," << num9(f.room[1]) << "],\"extent\":[" << num9(f.extent[0]) << ","
      << num9(f.extent[1]) << "],\"cells\":[";
    for (size_t i = 0; i < f.cells.size(); i++)
        o << (i ? "," : "") << "{\"id\":" << esc(f.cells[i].id) << ",\"cell\":" << num9(f.cells[i].cell) << ",\"min\":" << num9(f.cells[i].min) << "}";
    o << "]}";
    return o.str();
}

} // namespace

extern "C" {

// Shows (1) or hides (0) the lab window.
EMSCRIPTEN_KEEPALIVE void teach_open(int open) { T().open = open != 0; }

// tab: conv | filter | pool | stride | relu | dense | arch | keras | concepts. Opens the lab. "" or an error.
EMSCRIPTEN_KEEPALIVE const char* teach_set_tab(const char* tab) {
    for (int i = 0; i < app::TabCount; i++)
        if (!strcmp(tab, app::kTeachTabIds[i])) {
            T().open = true;
            T().tab = i;
            T().tab_from_api = true;
            return ret("");
        }
    return ret(std::string("unknown tab '") + tab + "' (conv, filter, pool, stride, relu, dense, arch, keras, concepts)");
}

// mode: tutorial | cifar | multi. Restarts the animation at step 0, paused.
EMSCRIPTEN_KEEPALIVE const char* teach_set_mode(const char* mode) {
    for (int i = 0; i < app::ModeCount; i++)
        if (!strcmp(mode, app::kConvModeIds[i])) {
            T().mode = i;
            T().conv_anim.t = 0;
            T().conv_anim.playing = false;
            app::teach_update_conv(app::app_state(), T());
            return ret("");
        }
    return ret(std::string("unknown mode '") + mode + "' (tutorial, cifar, multi)");
}

// Geometry of the tutorial and multi-channel modes; numbers < -1000 keep the current value.
// padding: "valid", "same", a number, or "" (keep). Impossible settings are accepted and
// explained by state().error, as in the page.
EMSCRIPTEN_KEEPALIVE const char* teach_set_geometry(int in_size, int k_size, int stride, const char* padding) {
    app::TeachState& t = T();
    if (in_size > -1000) t.in_size = in_size;
    if (k_size > -1000) t.k_size = k_size;
    if (stride > -1000) t.stride = stride;
    std::string p = padding;
    if (p == "valid") t.pad_kind = 0;
    else if (p == "same") t.pad_kind = 1;
    else if (!p.empty()) {
        char* end;
        long v = strtol(p.c_str(), &end, 10);
        if (*end) return ret("padding must be 'valid', 'same' or a number, not '" + p + "'");
        t.pad_kind = 2, t.pad_n = (int)v;
    }
    app::teach_update_conv(app::app_state(), t);
    t.conv_anim.clamp(t.steps ? t.steps->num_steps() : 0);
    return ret("");
}

// Tutorial values: input (in_size²) and kernel (k_size²), row-major; n = 0 keeps them. NaN bias keeps.
EMSCRIPTEN_KEEPALIVE const char* teach_set_values(const float* input, int n_in, const float* kernel, int n_k, double bias) {
    app::TeachState& t = T();
    app::teach_update_conv(app::app_state(), t);  // sizes the vectors
    if (n_in && n_in != (int)t.tut_input.size())
        return ret("input needs " + std::to_string(t.tut_input.size()) + " values (" + std::to_string(t.in_size) + "x" +
                   std::to_string(t.in_size) + "), got " + std::to_string(n_in));
    if (n_k && n_k != (int)t.tut_kernel.size())
        return ret("kernel needs " + std::to_string(t.tut_kernel.size()) + " values, got " + std::to_string(n_k));
    if (n_in) t.tut_input.assign(input, input + n_in);
    if (n_k) t.tut_kernel.assign(kernel, kernel + n_k);
    if (std::isfinite(bias)) t.tut_bias = (float)bias;
    app::teach_update_conv(app::app_state(), t);
    return ret("");
}

// CIFAR mode: conv layer (ordinal among the Conv2D layers) and filter; < 0 keeps.
EMSCRIPTEN_KEEPALIVE void teach_set_layer(int layer, int filter, int channel) {
    if (layer >= 0) T().layer = layer;
    if (filter >= 0) T().filter = filter;
    if (channel >= 0) T().show_channel = channel;
    app::teach_update_conv(app::app_state(), T());
}

// Multi-channel mode: number of kernels and the crop's top-left; < 0 keeps.
EMSCRIPTEN_KEEPALIVE void teach_set_multi(int kernels, int crop_y, int crop_x) {
    if (kernels > 0) T().multi_oc = kernels;
    if (crop_y >= 0) T().crop_y = crop_y;
    if (crop_x >= 0) T().crop_x = crop_x;
    app::teach_update_conv(app::app_state(), T());
}

// Moves the step-by-step animation by n steps (clamped, pauses); returns the step now shown.
EMSCRIPTEN_KEEPALIVE int teach_step(int n) {
    app::TeachState& t = T();
    app::teach_update_conv(app::app_state(), t);
    t.conv_anim.playing = false;
    t.conv_anim.t += n;
    t.conv_anim.clamp(t.steps ? t.steps->num_steps() : 0);
    return t.conv_anim.t;
}
EMSCRIPTEN_KEEPALIVE int teach_seek(int step) {
    T().conv_anim.t = step;
    return teach_step(0);
}
// Plays (1) or pauses (0); speed in steps per second (≤ 0 keeps).
EMSCRIPTEN_KEEPALIVE void teach_play(int on, double speed) {
    T().conv_anim.playing = on != 0;
    if (speed > 0) T().conv_anim.speed = (float)speed;
}
// What hovering output cell (oh, ow) of map oc does: jumps to the step that made it. -1 if none.
EMSCRIPTEN_KEEPALIVE int teach_hover(int oh, int ow, int oc) {
    app::TeachState& t = T();
    app::teach_update_conv(app::app_state(), t);
    if (!t.steps) return -1;
    int s = t.steps->step_for_output_cell(oh, ow, oc);
    if (s >= 0) t.conv_anim.t = s, t.conv_anim.playing = false;
    return s;
}

// The step-by-step view as JSON: problem (sizes, input, weights, bias), geometry, formulas,
// error/notes, and the current step (window, cells, products, running partial sums, sums),
// the output so far and the whole output.
EMSCRIPTEN_KEEPALIVE const char* teach_state_json() {
    app::TeachState& t = T();
    app::teach_update_conv(app::app_state(), t);
    std::ostringstream o;
    const teach::ConvProblem& p = t.problem;
    o << "{\"open\":" << (t.open ? "true" : "false") << ",\"tab\":" << esc(app::kTeachTabIds[t.tab])
      << ",\"mode\":" << esc(app::kConvModeIds[t.mode]) << ",\"rect\":[" << num9(t.rect[0]) << "," << num9(t.rect[1]) << ","
      << num9(t.rect[2]) << "," << num9(t.rect[3]) << "]" << ",\"tab_rects\":{";
    for (int i = 0; i < app::TabCount; i++)
        o << (i ? "," : "") << "\"" << app::kTeachTabIds[i] << "\":[" << num9(t.tab_rect[i][0]) << "," << num9(t.tab_rect[i][1])
          << "," << num9(t.tab_rect[i][2]) << "," << num9(t.tab_rect[i][3]) << "]";
    o << "}" << ",\"fit\":" << fit_json(t.fit)
      << ",\"source\":" << esc(en(t.source)) << ",\"error\":" << esc(en(t.error)) << ",\"notes\":" << esc(en(t.notes))
      << ",\"layer\":" << t.layer << ",\"layer_name\":" << esc(t.layer_name) << ",\"filter\":" << t.filter;
    o << ",\"problem\":{\"C\":" << p.C << ",\"H\":" << p.H << ",\"W\":" << p.W << ",\"K\":" << p.K << ",\"OC\":" << p.OC
      << ",\"stride\":" << p.stride << ",\"padding\":" << padding_json(p.padding) << ",\"act\":" << esc(cnn::activation_name(p.act))
      << ",\"input\":" << arr(p.input) << ",\"weights\":" << arr(p.weights) << ",\"bias\":" << arr(p.bias) << "}";
    o << ",\"formula_h\":" << esc(p.H > 0 ? en(teach::conv_formula_h(p)) : "") << ",\"formula_w\":" << esc(p.W > 0 ? en(teach::conv_formula_w(p)) : "");
    o << ",\"t\":" << t.conv_anim.t << ",\"playing\":" << (t.conv_anim.playing ? "true" : "false")
      << ",\"speed\":" << num9(t.conv_anim.speed);
    if (t.steps) {
        const teach::ConvSteps& cs = *t.steps;
        const auto& g = cs.geometry();
        o << ",\"steps\":" << cs.num_steps();
        o << ",\"geometry\":{\"pad\":[" << g.pad_t << "," << g.pad_b << "," << g.pad_l << "," << g.pad_r << "],\"PH\":" << g.PH
          << ",\"PW\":" << g.PW << ",\"OH\":" << g.OH << ",\"OW\":" << g.OW << "}";
        teach::ConvStep st = cs.step(t.conv_anim.t);
        std::vector<float> x, w, prod, running;
        std::vector<int> pad;
        double run = 0;
        int K = p.K;
        for (size_t i = 0; i < st.cells.size(); i++) {
            const teach::ConvCell& c = st.cells[i];
            x.push_back(c.x), w.push_back(c.w), prod.push_back(c.product), pad.push_back(c.padding);
            // running partial sum, restarting per channel as channel_sums does
            if (i % (size_t)(K * K) == 0) run = 0;
            run += c.product;
            running.push_back((float)run);
        }
        o << ",\"step\":{\"t\":" << st.t << ",\"oc\":" << st.oc << ",\"oh\":" << st.oh << ",\"ow\":" << st.ow
          << ",\"window\":{\"ph0\":" << st.ph0 << ",\"pw0\":" << st.pw0 << ",\"ih0\":" << st.ih0 << ",\"iw0\":" << st.iw0
          << ",\"size\":" << K << "},\"x\":" << arr(x) << ",\"w\":" << arr(w) << ",\"products\":" << arr(prod)
          << ",\"padding\":" << arr(pad) << ",\"partial_sums\":" << arr(running) << ",\"channel_sums\":" << arr(st.channel_sums)
          << ",\"sum\":" << num9(st.sum) << ",\"bias\":" << num9(st.bias) << ",\"value\":" << num9(st.value) << ",\"out\":" << num9(st.out)
          << "}";
        teach::PartialMap pm = cs.output_after(t.conv_anim.t + 1);
        o << ",\"output_so_far\":" << arr(pm.value) << ",\"filled\":" << arr(pm.filled) << ",\"output\":" << arr(cs.output());
    } else {
        o << ",\"steps\":0,\"step\":null";
    }
    o << ",\"live_map\":" << arr(t.live_map) << "}";
    return ret(o.str());
}

// Pooling tab: mode "max"|"avg" ("" keeps), size/stride/source < 0 keep (source 0 example, 1 model map).
EMSCRIPTEN_KEEPALIVE const char* teach_set_pool(const char* mode, int size, int stride, int source) {
    app::TeachState& t = T();
    std::string m = mode;
    if (m == "max") t.pool_mode = 0;
    else if (m == "avg" || m == "average") t.pool_mode = 1;
    else if (!m.empty()) return ret("pool mode must be 'max' or 'avg', not '" + m + "'");
    if (size >= 0) t.pool_size = size;
    if (stride >= 0) t.pool_stride = stride;
    if (source >= 0) t.pool_source = source ? 1 : 0;
    t.pool_anim.t = 0;
    t.pool_anim.playing = false;
    app::teach_update_pool(app::app_state(), t);
    return ret("");
}
EMSCRIPTEN_KEEPALIVE int teach_pool_step(int n) {
    app::TeachState& t = T();
    app::teach_update_pool(app::app_state(), t);
    t.pool_anim.playing = false;
    t.pool_anim.t += n;
    t.pool_anim.clamp(t.pool_steps ? t.pool_steps->num_steps() : 0);
    return t.pool_anim.t;
}
EMSCRIPTEN_KEEPALIVE const char* teach_pool_json() {
    app::TeachState& t = T();
    app::teach_update_pool(app::app_state(), t);
    const teach::PoolProblem& p = t.pool_problem;
    std::ostringstream o;
    o << "{\"mode\":" << esc(p.mode == cnn::Pool2D::Max ? "max" : "avg") << ",\"size\":" << p.size << ",\"stride\":" << p.S()
      << ",\"H\":" << p.H << ",\"W\":" << p.W << ",\"input\":" << arr(p.input) << ",\"error\":" << esc(en(t.pool_error))
      << ",\"t\":" << t.pool_anim.t;
    if (t.pool_steps) {
        const teach::PoolSteps& ps = *t.pool_steps;
        teach::PoolStep st = ps.step(t.pool_anim.t);
        o << ",\"steps\":" << ps.num_steps() << ",\"OH\":" << ps.OH() << ",\"OW\":" << ps.OW() << ",\"formula\":" << esc(en(teach::pool_formula_h(p)))
          << ",\"step\":{\"oh\":" << st.oh << ",\"ow\":" << st.ow << ",\"h0\":" << st.h0 << ",\"w0\":" << st.w0
          << ",\"values\":" << arr(st.values) << ",\"chosen\":" << st.chosen << ",\"chosen_h\":" << st.chosen_h
          << ",\"chosen_w\":" << st.chosen_w << ",\"sum\":" << num9(st.sum) << ",\"value\":" << num9(st.value) << "}"
          << ",\"output\":" << arr(ps.output());
    } else {
        o << ",\"steps\":0,\"step\":null";
    }
    o << "}";
    return ret(o.str());
}

// The other tabs' numbers: dense-vs-conv per conv layer of the model, the architecture check.
EMSCRIPTEN_KEEPALIVE const char* teach_views_json() {
    app::AppState& a = app::app_state();
    std::ostringstream o;
    o << "{\"dense_vs_conv\":[";
    auto layers = app::teach_conv_layers(a);
    for (size_t i = 0; i < layers.size(); i++) {
        try {
            teach::ParamComparison pc = teach::dense_vs_conv(*layers[i].layer);
            o << (i ? "," : "") << "{\"layer\":" << esc(layers[i].name) << ",\"conv_params\":" << pc.conv_params
              << ",\"dense_params\":" << pc.dense_params << ",\"ratio\":" << num9(pc.ratio) << ",\"explain\":" << esc(en(pc.explain)) << "}";
        } catch (const teach::TeachError& e) {
            o << (i ? "," : "") << "{\"layer\":" << esc(layers[i].name) << ",\"error\":" << esc(en(e.msgs)) << "}";
        }
    }
    o << "],\"architecture\":";
    if (a.snap && !a.snap->spec.empty()) {
        try {
            cnn::Model m = cnn::Model::parse(a.snap->spec);
            teach::ArchitectureCheck r = teach::check_architecture(m);
            o << "{\"rule\":" << esc(teach::kArchitectureRule) << ",\"matches\":" << (r.matches ? "true" : "false") << ",\"why\":" << esc(en(r.why))
              << ",\"layers\":[";
            for (size_t i = 0; i < m.layers.size(); i++)
                o << (i ? "," : "") << "{\"name\":" << esc(m.layers[i]->name) << ",\"kind\":" << esc(m.layers[i]->kind())
                  << ",\"role\":" << esc(app::table_text(app::LangEn, app::role_key(r.roles[i]))) << ",\"block\":" << r.block[i] << "}";
            o << "]}";
        } catch (const std::exception& e) {
            o << "{\"error\":" << esc(e.what()) << "}";
        }
    } else {
        o << "null";
    }
    o << "}";
    return ret(o.str());
}

} // extern "C"
