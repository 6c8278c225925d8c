// teach_conv.cpp — the "Convolution lab" window and its first tab, convolution step by step:
// the padded input with the kernel over its current window, the element-wise products written
// out, their sum plus bias, and the output map filling in; play/pause/step/scrub, hover an
// output cell to jump to its window. Three sources of numbers: the tutorial's 5×5 example
// (editable), a conv layer of the live model on the chosen image (one filter), and the three
// colour channels of an image crop with several kernels. Every number shown comes from
// teach::ConvSteps (src/teach/conv_steps.h); this file only picks inputs and draws.
// Not here: the other tabs (teach_views.cpp), the JS API (api_teach.cpp).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.h"
#include "core/model.h"
#include "app/panels/panels.h"
#include "app/panels/layout.h"
#include "app/panels/present.h"
#include "app/lab/teach.h"

namespace app {

const char* const kTeachTabIds[TabCount] = {"conv", "filter", "pool", "stride", "relu", "dense", "arch", "keras", "concepts"};
const Str kTeachTabNames[TabCount] = {S_tab_conv, S_tab_filter, S_tab_pool, S_tab_stride,
                                      S_tab_relu, S_tab_dense, S_tab_arch, S_tab_keras, S_tab_concepts};
const char* const kConvModeIds[ModeCount] = {"tutorial", "cifar", "multi"};

void draw_filter_view(AppState& a, TeachState& t);  // teach_views.cpp
void draw_pool_view(AppState& a, TeachState& t);
void draw_stride_view(AppState& a, TeachState& t);
void draw_relu_view(AppState& a, TeachState& t);
void draw_dense_view(AppState& a, TeachState& t);
void draw_arch_view(AppState& a, TeachState& t);
void draw_keras_view(AppState& a, TeachState& t);     // teach_concepts.cpp
void draw_concepts_view(AppState& a, TeachState& t);

TeachState& teach_state() {
    static TeachState t;
    return t;
}

void Anim::advance(int n, float dt) {
    clamp(n);
    if (!playing || n <= 0) {
        acc = 0;
        return;
    }
    acc += dt * speed;
    while (acc >= 1) {
        acc -= 1;
        if (t + 1 < n) t++;
        else if (loop) t = 0;
        else { playing = false; acc = 0; break; }
    }
}

// ------------------------------------------------------------------ the snapshot, read-only
namespace {

// Parsing the spec gives each layer's geometry; cached per spec.
struct ParsedModel {
    std::string spec;
    cnn::Model model;
    bool ok = false;
};
ParsedModel& parsed(AppState& a) {
    static ParsedModel pm;
    const std::string& spec = a.snap ? a.snap->spec : std::string();
    if (pm.spec != spec || (!pm.ok && !spec.empty() && pm.model.layers.empty())) {
        pm.spec = spec;
        pm.ok = false;
        pm.model = cnn::Model();
        if (!spec.empty()) {
            try {
                pm.model = cnn::Model::parse(spec);
                pm.ok = true;
            } catch (const std::exception&) {
            }
        }
    }
    return pm;
}

// KernelView carries biases in some versions of the engine: use them when it does.
template <class K>
auto kv_bias(const K& k, int oc, int) -> decltype(k.b, float()) {
    return oc >= 0 && oc < (int)k.b.size() ? k.b[oc] : NAN;
}
template <class K>
float kv_bias(const K&, int, long) {
    return NAN;
}

float inverse_act(cnn::Activation act, float y, bool* ok) {
    *ok = true;
    switch (act) {
    case cnn::Activation::Linear: return y;
    case cnn::Activation::ReLU: *ok = y > 0; return y;
    case cnn::Activation::Sigmoid: *ok = y > 1e-6f && y < 1 - 1e-6f; return std::log(y / (1 - y));
    case cnn::Activation::Tanh: *ok = std::fabs(y) < 1 - 1e-6f; return std::atanh(y);
    default: *ok = false; return 0;
    }
}

} // namespace

std::vector<ConvLayerRef> teach_conv_layers(AppState& a) {
    std::vector<ConvLayerRef> r;
    ParsedModel& pm = parsed(a);
    if (!pm.ok) return r;
    for (size_t i = 0; i < pm.model.layers.size(); i++)
        if (auto* c = dynamic_cast<const cnn::Conv2D*>(pm.model.layers[i].get())) {
            ConvLayerRef ref;
            ref.model_index = (int)i;
            ref.ordinal = (int)r.size();
            ref.name = c->name;
            ref.layer = c;
            r.push_back(ref);
        }
    return r;
}

std::vector<float> teach_image(AppState& a) {
    if (!a.snap || !a.snap->inside) return {};
    return a.snap->inside->input;  // the chosen image: a data set's or the user's picture
}

std::vector<float> teach_layer_input(AppState& a, int mi) {
    ParsedModel& pm = parsed(a);
    if (!pm.ok || mi < 0 || mi >= (int)pm.model.layers.size() || !a.snap->inside) return {};
    if (mi == 0) return teach_image(a);
    const Inside& in = *a.snap->inside;
    if (in.layers.size() != pm.model.layers.size()) return {};
    const LayerView& v = in.layers[mi - 1];
    if ((int)v.values.size() != pm.model.layers[mi]->in.size()) return {};
    return v.values;
}

float teach_bias(AppState& a, int ordinal, int oc, bool* exact) {
    *exact = false;
    if (!a.snap || !a.snap->inside) return 0;
    const Inside& in = *a.snap->inside;
    if (ordinal < 0 || ordinal >= (int)in.kernels.size()) return 0;
    const KernelView& kv = in.kernels[ordinal];
    float b = kv_bias(kv, oc, 0);
    if (std::isfinite(b)) {
        *exact = true;
        return b;
    }
    // Recover b from the feature map: y = act(b + Σ x·w) at the strongest output cell.
    auto layers = teach_conv_layers(a);
    if (ordinal >= (int)layers.size()) return 0;
    const cnn::Conv2D& L = *layers[ordinal].layer;
    int mi = layers[ordinal].model_index;
    std::vector<float> x = teach_layer_input(a, mi);
    if (x.empty() || mi >= (int)in.layers.size() || oc >= L.out.c) return 0;
    const std::vector<float>& y = in.layers[mi].values;  // (OC, OH, OW)
    int OH = L.out.h, OW = L.out.w, P = OH * OW;
    if ((int)y.size() != L.out.size() || (int)kv.w.size() != L.out.c * L.in.c * L.k * L.k) return 0;
    int best = 0;
    for (int i = 1; i < P; i++)
        if (y[(size_t)oc * P + i] > y[(size_t)oc * P + best]) best = i;
    bool ok;
    float pre = inverse_act(L.act, y[(size_t)oc * P + best], &ok);
    if (!ok) return 0;
    int oh = best / OW, ow = best % OW, C = L.in.c, H = L.in.h, W = L.in.w, K = L.k;
    double s = 0;
    for (int c = 0; c < C; c++)
        for (int kh = 0; kh < K; kh++)
            for (int kw = 0; kw < K; kw++) {
                int ih = oh * L.stride - L.pad_t + kh, iw = ow * L.stride - L.pad_l + kw;
                if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                s += (double)x[((size_t)c * H + ih) * W + iw] * kv.w[(((size_t)oc * C + c) * K + kh) * K + kw];
            }
    return (float)(pre - s);  // exact up to float rounding (~1e-6), but not the snapshot's own number
}

// ------------------------------------------------------------------ problems
void teach_reset_values(TeachState& t) {
    static const float tin[5][5] = {{3, 3, 2, 1, 0}, {0, 0, 1, 3, 1}, {3, 1, 2, 2, 3}, {2, 0, 0, 2, 2}, {2, 0, 0, 0, 1}};
    static const float tk[3][3] = {{0, 1, 2}, {2, 2, 0}, {0, 1, 2}};
    int n = std::max(0, std::min(t.in_size, teach::kMaxAnimSize + 1)), k = std::max(0, std::min(t.k_size, teach::kMaxAnimSize + 1));
    t.tut_input.assign((size_t)n * n, 0);
    for (int r = 0; r < n; r++)
        for (int c = 0; c < n; c++)
            t.tut_input[(size_t)r * n + c] = r < 5 && c < 5 ? tin[r][c] : (float)((r * 7 + c * 3) % 4);
    t.tut_kernel.assign((size_t)k * k, 0);
    for (int r = 0; r < k; r++)
        for (int c = 0; c < k; c++)
            t.tut_kernel[(size_t)r * k + c] = k == 3 ? tk[r][c] : (float)((r + 2 * c) % 3 - (r == c ? 0 : 1));
}

static cnn::Padding padding_of(const TeachState& t) {
    cnn::Padding p;
    p.kind = t.pad_kind == 0 ? cnn::Padding::Valid : t.pad_kind == 1 ? cnn::Padding::Same : cnn::Padding::Explicit;
    p.p = t.pad_kind == 2 ? t.pad_n : 0;
    return p;
}

static bool same_problem(const teach::ConvProblem& x, const teach::ConvProblem& y) {
    return x.C == y.C && x.H == y.H && x.W == y.W && x.K == y.K && x.OC == y.OC && x.stride == y.stride &&
           x.padding.kind == y.padding.kind && x.padding.p == y.padding.p && x.act == y.act && x.input == y.input &&
           x.weights == y.weights && x.bias == y.bias;
}

namespace {

// What one source of numbers gives: the problem, or why there is none yet; remarks on the
// numbers; where they come from.
struct Pick {
    teach::ConvProblem p;
    LabTexts why, extra, source;
};

Pick pick_tutorial(TeachState& t) {
    Pick k;
    int n = std::max(0, std::min(t.in_size, teach::kMaxAnimSize + 1)), kk = std::max(0, std::min(t.k_size, teach::kMaxAnimSize + 1));
    if (t.tut_input.size() != (size_t)n * n || t.tut_kernel.size() != (size_t)kk * kk) teach_reset_values(t);
    teach::ConvProblem& p = k.p;
    p.C = 1, p.H = p.W = t.in_size, p.K = t.k_size, p.OC = 1, p.stride = t.stride;
    p.padding = padding_of(t);
    p.input = t.tut_input;
    p.weights = t.tut_kernel;
    p.bias = {t.tut_bias};
    k.source = {key_text(S_lab_src_tutorial)};
    return k;
}

// "Layer conv2d (32 filters 3×3, …), filter 0 of 32, on training image #5 (frog); …" in l.
LabText cifar_source(const AppState& a, const ConvLayerRef& ref, int filter, const Inside& in) {
    const auto& names = a.data.class_names;
    const std::string cls = in.label >= 0 && in.label < (int)names.size() ? names[in.label] : "?";
    const teach::Msg desc = teach::describe_conv(*ref.layer);
    const std::string name = ref.name;
    const int filters = ref.layer->filters, set = in.set, image = in.image;
    const long long steps = (long long)a.snap->steps;
    return [=](Lang l) {
        const char* cl = cls.c_str();
        for (int i = 0; i < kNumClasses; i++)
            if (cls == class_name_at(LangEn, i)) cl = class_name_at(l, i);
        char b[768];
        if (set == kSetPicture)
            snprintf(b, sizeof b, table_text(l, S_lab_src_picture), name.c_str(), render(desc, l).c_str(), filter, filters, steps);
        else
            snprintf(b, sizeof b, table_text(l, S_lab_src_cifar), name.c_str(), render(desc, l).c_str(), filter, filters,
                     table_text(l, set ? S_lab_test : S_lab_training), image, cl, steps);
        return std::string(b);
    };
}

Pick pick_cifar(AppState& a, TeachState& t) {
    Pick k;
    auto layers = teach_conv_layers(a);
    const Inside* in = a.snap && a.snap->inside ? a.snap->inside.get() : nullptr;
    if (layers.empty()) return k.why = {key_text(S_lab_no_conv)}, k;
    if (!in) return k.why = {key_text(S_lab_wait_snapshot)}, k;
    t.layer = std::clamp(t.layer, 0, (int)layers.size() - 1);
    const ConvLayerRef& ref = layers[t.layer];
    const cnn::Conv2D& L = *ref.layer;
    t.layer_name = ref.name;
    t.filter = std::clamp(t.filter, 0, L.filters - 1);
    std::vector<float> x = teach_layer_input(a, ref.model_index);
    if (x.empty() || t.layer >= (int)in->kernels.size() || ref.model_index >= (int)in->layers.size() ||
        in->kernels[t.layer].w.size() != (size_t)L.filters * L.in.c * L.k * L.k)
        return k.why = {key_text(S_lab_wait_rebuild)}, k;
    const KernelView& kv = in->kernels[t.layer];
    teach::ConvProblem& p = k.p;
    p.C = L.in.c, p.H = L.in.h, p.W = L.in.w, p.K = L.k, p.OC = 1, p.stride = L.stride;
    p.padding = L.padding;
    p.act = L.act;
    p.input = std::move(x);
    size_t ks = (size_t)L.in.c * L.k * L.k;
    p.weights.assign(kv.w.begin() + t.filter * ks, kv.w.begin() + (t.filter + 1) * ks);
    bool exact;
    p.bias = {teach_bias(a, t.layer, t.filter, &exact)};
    if (!exact) k.extra = {key_text(S_lab_bias_recovered)};
    const auto& lv = in->layers[ref.model_index].values;
    size_t P = (size_t)L.out.h * L.out.w;
    if (lv.size() == (size_t)L.out.c * P) t.live_map.assign(lv.begin() + t.filter * P, lv.begin() + (t.filter + 1) * P);
    k.source = {cifar_source(a, ref, t.filter, *in)};
    t.show_channel = std::clamp(t.show_channel, 0, p.C - 1);
    return k;
}

// The multi-channel mode's kernels: the first learned ones of the model's first layer when it
// takes RGB, else classic 3×3 kernels, one per channel.
void multi_kernels(AppState& a, TeachState& t, Pick& k) {
    teach::ConvProblem& p = k.p;
    auto layers = teach_conv_layers(a);
    const Inside* in = a.snap->inside.get();
    bool learned = !layers.empty() && layers[0].layer->in.c == 3 && !in->kernels.empty() &&
                   in->kernels[0].w.size() == (size_t)layers[0].layer->filters * 3 * layers[0].layer->k * layers[0].layer->k;
    if (learned) {
        const cnn::Conv2D& L = *layers[0].layer;
        p.K = L.k;
        p.OC = std::clamp(t.multi_oc, 1, std::min(L.filters, 8));
        size_t ks = (size_t)3 * L.k * L.k;
        p.weights.assign(in->kernels[0].w.begin(), in->kernels[0].w.begin() + p.OC * ks);
        for (int oc = 0; oc < p.OC; oc++) {
            bool exact;
            p.bias.push_back(teach_bias(a, 0, oc, &exact));
        }
        t.k_size = L.k;
        const int oc = p.OC;
        const std::string name = layers[0].name;
        k.source = {[oc, name](Lang l) {
            char b[512];
            snprintf(b, sizeof b, table_text(l, S_lab_src_multi_learned), oc, name.c_str());
            return std::string(b);
        }};
        return;
    }
    const auto& ck = teach::classic_kernels();
    p.K = 3;
    p.OC = std::clamp(t.multi_oc, 1, 8);
    for (int oc = 0; oc < p.OC; oc++)
        for (int c = 0; c < 3; c++) p.weights.insert(p.weights.end(), ck[(oc * 3 + c + 1) % ck.size()].k, ck[(oc * 3 + c + 1) % ck.size()].k + 9);
    p.bias.assign(p.OC, 0);
    k.source = {key_text(S_lab_src_multi_classic)};
}

Pick pick_multi(AppState& a, TeachState& t) {
    Pick k;
    std::vector<float> img = teach_image(a);
    if (img.empty()) return k.why = {key_text(S_lab_wait_image)}, k;
    int n = std::clamp(t.in_size, 1, 32);
    if (n != t.in_size) k.extra = {key_text(S_lab_crop_max)};
    t.crop_y = std::clamp(t.crop_y, 0, 32 - n);
    t.crop_x = std::clamp(t.crop_x, 0, 32 - n);
    teach::ConvProblem& p = k.p;
    p.C = 3, p.H = p.W = n, p.stride = t.stride;
    p.padding = padding_of(t);
    p.input.resize((size_t)3 * n * n);
    for (int c = 0; c < 3; c++)
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++)
                p.input[((size_t)c * n + y) * n + x] = img[((size_t)c * 32 + t.crop_y + y) * 32 + t.crop_x + x];
    multi_kernels(a, t, k);
    return k;
}

} // namespace

void teach_update_conv(AppState& a, TeachState& t) {
    t.live_map.clear();
    t.layer_name.clear();
    Pick k = t.mode == ModeTutorial ? pick_tutorial(t) : t.mode == ModeCifar ? pick_cifar(a, t) : pick_multi(a, t);
    t.source = k.source;
    if (!k.why.empty()) {
        t.steps.reset();
        t.problem = teach::ConvProblem();
        t.error = k.why;
        t.notes.clear();
        return;
    }
    if (t.steps && same_problem(k.p, t.problem)) return;
    t.problem = k.p;
    t.error = msg_texts(teach::validate(k.p));
    t.notes = k.extra;
    t.steps.reset();
    if (t.error.empty()) {
        t.steps = std::make_unique<teach::ConvSteps>(k.p);
        for (const LabText& n : msg_texts(teach::conv_notes(k.p))) t.notes.push_back(n);
    }
    t.conv_anim.clamp(t.steps ? t.steps->num_steps() : 0);
}

// ------------------------------------------------------------------ drawing
namespace {

const ImU32 kWindowCol = kOrange;
const ImU32 kWeightCol = IM_COL32(255, 120, 90, 255);  // weights written in red, as in the tutorial
const char* const kChanNames[3] = {"R", "G", "B"};
const ImU32 kChanCols[3] = {IM_COL32(240, 110, 110, 255), IM_COL32(110, 220, 120, 255), IM_COL32(120, 160, 255, 255)};

void label(ImDrawList* dl, ImVec2 p, const std::string& s, ImU32 col = IM_COL32(220, 220, 220, 255)) {
    lab_label(dl, p, s, col);
}

// Range of a vector, widened to include 0.
void range(const std::vector<float>& v, float* lo, float* hi) {
    *lo = 0, *hi = 0;
    for (float x : v) *lo = std::min(*lo, x), *hi = std::max(*hi, x);
    if (*hi - *lo < 1e-6f) *hi = *lo + 1;
}


void geometry_controls(TeachState& t, bool locked, const teach::ConvProblem& p) {
    if (locked) {
        ImGui::TextDisabled(tr(S_lab_geom_locked), p.C, p.H, p.W, p.K, p.K, p.stride, p.padding.str().c_str());
        return;
    }
    ImGui::SetNextItemWidth(110);
    ImGui::InputInt(t.mode == ModeMulti ? L(S_lab_crop_size, "crop size i") : L(S_lab_input_size, "input size i"), &t.in_size);
    if (t.mode == ModeTutorial) {
        ImGui::SetNextItemWidth(110);
        ImGui::InputInt(L(S_lab_kernel_size, "kernel size k"), &t.k_size);
    } else {
        ImGui::TextDisabled(tr(S_lab_kernel_size_fixed), p.K);
    }
    ImGui::SetNextItemWidth(110);
    ImGui::InputInt(L(S_lab_stride_s, "stride s"), &t.stride);
    ImGui::TextUnformatted(tr(S_lab_padding));
    // The three choices side by side while they fit the column, else on the next line.
    const char* pads[3] = {L(S_pad_valid, "valid"), L(S_pad_same, "same"), L(S_lab_pad_number, "number")};
    for (int k = 0; k < 3; k++) {
        beside_if_fits(radio_w(pads[k]));
        ImGui::RadioButton(pads[k], &t.pad_kind, k);
    }
    if (t.pad_kind == 2) {
        ImGui::SetNextItemWidth(110);
        ImGui::InputInt(L(S_lab_padding_p, "padding p"), &t.pad_n);
    }
    t.in_size = std::clamp(t.in_size, -1, teach::kMaxAnimSize + 1);
    t.k_size = std::clamp(t.k_size, -1, teach::kMaxAnimSize + 1);
    t.stride = std::clamp(t.stride, -1, 9);
    t.pad_n = std::clamp(t.pad_n, -2, 9);
}

// Popup editing one tutorial value.
void edit_value_popup(const char* id, float* v) {
    if (ImGui::BeginPopup(id)) {
        ImGui::SetNextItemWidth(120);
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        ImGui::InputFloat(L(S_lab_value, "value"), v, 1, 1, "%g");
        if (ImGui::Button(L(S_lab_done, "done")) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

// The products of one channel written out: "3·0 + 3·1 + … = 12" (wrapped by the caller).
std::string products_text(const teach::ConvStep& st, int c, int K, int decimals) {
    std::string s;
    for (int kh = 0; kh < K; kh++)
        for (int kw = 0; kw < K; kw++) {
            const teach::ConvCell& cell = st.cells[((size_t)c * K + kh) * K + kw];
            if (!s.empty()) s += " + ";
            std::string w = fmt(cell.w, decimals);
            s += fmt(cell.x, decimals) + "*" + (cell.w < 0 ? "(" + w + ")" : w);
        }
    return s;
}

// Values of a padded channel and its padding mask, (PH, PW).
void padded(const teach::ConvSteps& cs, int c, std::vector<float>* v, std::vector<uint8_t>* pad) {
    const auto& g = cs.geometry();
    v->resize((size_t)g.PH * g.PW);
    pad->resize((size_t)g.PH * g.PW);
    for (int ph = 0; ph < g.PH; ph++)
        for (int pw = 0; pw < g.PW; pw++) {
            (*v)[(size_t)ph * g.PW + pw] = cs.padded_input(c, ph, pw);
            (*pad)[(size_t)ph * g.PW + pw] = cs.is_padding(ph, pw);
        }
}

// Input channel c with the window; in each window cell the weight in red at the bottom right.
int input_with_window(ImDrawList* dl, ImVec2 p0, const teach::ConvSteps& cs, const teach::ConvStep& st, int c, float cell,
                      bool numbers, int decimals) {
    const auto& g = cs.geometry();
    std::vector<float> v;
    std::vector<uint8_t> pad;
    padded(cs, c, &v, &pad);
    float lo, hi;
    range(cs.problem().input, &lo, &hi);
    GridStyle gs;
    gs.cell = cell, gs.numbers = numbers, gs.decimals = decimals, gs.lo = lo, gs.hi = hi;
    int hov = draw_grid(dl, p0, g.PH, g.PW, v.data(), gs, nullptr, pad.data());
    int K = cs.problem().K;
    // dim everything outside the window a little so the window reads first
    draw_window_box(dl, p0, cell, st.ph0, st.pw0, K, K, kWindowCol, cell >= 12 ? 3.0f : 2.0f);
    if (numbers && cell >= 44) {
        for (int kh = 0; kh < K; kh++)
            for (int kw = 0; kw < K; kw++) {
                const teach::ConvCell& cc = st.cells[((size_t)c * K + kh) * K + kw];
                std::string w = "x" + fmt(cc.w, decimals);
                ImVec2 ts = ImGui::CalcTextSize(w.c_str());
                ImVec2 q(p0.x + (st.pw0 + kw + 1) * cell - ts.x - 2, p0.y + (st.ph0 + kh + 1) * cell - ts.y - 1);
                dl->AddRectFilled(ImVec2(q.x - 1, q.y), ImVec2(q.x + ts.x + 1, q.y + ts.y), IM_COL32(20, 20, 24, 220));
                dl->AddText(q, kWeightCol, w.c_str());
            }
    }
    return hov;
}

// Kernel slice (K, K) of kernel oc, channel c, and the products of the window.
void kernel_and_products(ImDrawList* dl, ImVec2 p0, const teach::ConvProblem& p, const teach::ConvStep& st, int c,
                         float cell, int decimals, float* width) {
    int K = p.K;
    std::vector<float> w(K * K), pr(K * K);
    float m = 1e-6f, mp = 1e-6f;
    for (int i = 0; i < K * K; i++) {
        w[i] = st.cells[(size_t)c * K * K + i].w;
        pr[i] = st.cells[(size_t)c * K * K + i].product;
        m = std::max(m, std::fabs(w[i]));
        mp = std::max(mp, std::fabs(pr[i]));
    }
    GridStyle gs;
    gs.cell = cell, gs.decimals = decimals, gs.signed_colors = true, gs.lo = -m, gs.hi = m;
    label(dl, p0, tr(S_lab_kernel), kWeightCol);
    draw_grid(dl, ImVec2(p0.x, p0.y + 16), K, K, w.data(), gs);
    float x2 = p0.x + K * cell + 14;
    gs.lo = -mp, gs.hi = mp;
    label(dl, ImVec2(x2, p0.y), "x * w");
    draw_grid(dl, ImVec2(x2, p0.y + 16), K, K, pr.data(), gs);
    *width = 2 * K * cell + 14;
}

int output_map(ImDrawList* dl, ImVec2 p0, const teach::ConvSteps& cs, int oc, int t_done, const teach::ConvStep* cur, float cell,
               bool numbers, int decimals) {
    const auto& g = cs.geometry();
    teach::PartialMap pm = cs.output_after(t_done);
    std::vector<float> all = cs.output();
    float lo, hi;
    range(all, &lo, &hi);
    GridStyle gs;
    gs.cell = cell, gs.numbers = numbers, gs.decimals = decimals, gs.lo = lo, gs.hi = hi;
    size_t P = (size_t)g.OH * g.OW;
    int hov = draw_grid(dl, p0, g.OH, g.OW, pm.value.data() + oc * P, gs, pm.filled.data() + oc * P);
    if (cur && cur->oc == oc) draw_window_box(dl, p0, cell, cur->oh, cur->ow, 1, 1, kWindowCol, cell >= 12 ? 3.0f : 2.0f);
    if (hov >= 0) dl->AddRect(ImVec2(p0.x + (hov % g.OW) * cell, p0.y + (hov / g.OW) * cell),
                              ImVec2(p0.x + (hov % g.OW + 1) * cell, p0.y + (hov / g.OW + 1) * cell), IM_COL32(255, 255, 255, 255), 0, 0, 2);
    return hov;
}

void formula_lines(const TeachState& t) {
    const teach::ConvProblem& p = t.problem;
    text_wrapped_visible(plain(tr(S_lab_out_formula)).c_str(), ImGui::GetStyleColorVec4(ImGuiCol_Text));
    std::string fh = shown(teach::conv_formula_h(p)), fw = shown(teach::conv_formula_w(p));
    const ImVec4 yellow(0.95f, 0.85f, 0.4f, 1);
    if (fh == fw) text_wrapped_visible(fh.c_str(), yellow);
    else {
        text_wrapped_visible(fmt_tr(S_lab_height_is, fh.c_str()).c_str(), yellow);
        text_wrapped_visible(fmt_tr(S_lab_width_is, fw.c_str()).c_str(), yellow);
    }
}

// The controls of the live-model and RGB modes: layer, filter, shown channel; kernels, crop.
void source_controls(AppState& a, TeachState& t) {
    if (t.mode == ModeCifar) {
        auto layers = teach_conv_layers(a);
        if (!layers.empty()) {
            std::string cur = t.layer < (int)layers.size() ? layers[t.layer].name : "";
            ImGui::SetNextItemWidth(150);
            if (ImGui::BeginCombo(L(S_lab_layer, "layer"), cur.c_str())) {
                for (auto& l : layers)
                    if (ImGui::Selectable(l.name.c_str(), l.ordinal == t.layer)) t.layer = l.ordinal;
                ImGui::EndCombo();
            }
            int nf = layers[std::clamp(t.layer, 0, (int)layers.size() - 1)].layer->filters;
            ImGui::SetNextItemWidth(150);
            ImGui::SliderInt(L(S_lab_filter, "filter"), &t.filter, 0, nf - 1);
            if (t.problem.C > 3) {
                ImGui::SetNextItemWidth(150);
                ImGui::SliderInt(L(S_lab_channel_shown, "channel shown"), &t.show_channel, 0, t.problem.C - 1);
            }
        }
        ImGui::TextDisabled("%s", tr(S_lab_pick_image));
    }
    if (t.mode == ModeMulti) {
        ImGui::SetNextItemWidth(150);
        ImGui::SliderInt(L(S_lab_kernels_maps, "kernels (maps)"), &t.multi_oc, 1, 4);
        ImGui::SetNextItemWidth(150);
        ImGui::SliderInt(L(S_lab_crop_row, "crop row"), &t.crop_y, 0, std::max(0, 32 - t.in_size));
        ImGui::SetNextItemWidth(150);
        ImGui::SliderInt(L(S_lab_crop_col, "crop column"), &t.crop_x, 0, std::max(0, 32 - t.in_size));
    }
}

void draw_conv_controls(AppState& a, TeachState& t) {
    ImGui::TextUnformatted(tr(S_lab_numbers_from));
    for (int m = 0; m < ModeCount; m++) {
        static const Str names[ModeCount] = {S_lab_mode_tutorial, S_lab_mode_cifar, S_lab_mode_multi};
        ImGui::RadioButton(L(names[m], kConvModeIds[m]), &t.mode, m);
    }
    ImGui::Separator();
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", shown(t.source).c_str());
    ImGui::PopTextWrapPos();
    source_controls(a, t);
    geometry_controls(t, t.mode == ModeCifar, t.problem);
    if (t.mode == ModeTutorial) {
        ImGui::SetNextItemWidth(110);
        ImGui::InputFloat(L(S_lab_bias_b, "bias b"), &t.tut_bias, 1, 1, "%g");
        if (ImGui::Button(L(S_lab_tutorial_values, "Tutorial values"))) {
            t.in_size = 5, t.k_size = 3, t.stride = 1, t.pad_kind = 0, t.tut_bias = 0;
            teach_reset_values(t);
        }
        ImGui::SameLine();
        if (ImGui::Button(L(S_lab_same_padding, "same padding"))) t.pad_kind = 1;
        ImGui::SameLine();
        if (ImGui::Button(L(S_lab_stride2, "stride 2"))) t.stride = 2;
    }
    ImGui::Separator();
    if (t.problem.H > 0 || t.mode == ModeTutorial) formula_lines(t);
    ImGui::PushTextWrapPos(0);
    if (!t.error.empty()) ImGui::TextColored(ImVec4(1, 0.45f, 0.3f, 1), "%s", shown(t.error).c_str());
    if (!t.notes.empty()) ImGui::TextColored(ImVec4(0.6f, 0.8f, 1, 1), "%s", shown(t.notes).c_str());
    ImGui::PopTextWrapPos();
    ImGui::Separator();
    playback(t.conv_anim, t.steps ? t.steps->num_steps() : 0, "conv", 500.0f, true);
    ImGui::TextDisabled("%s", tr(S_lab_hover_output));
}

// What every layout of the canvas reads: where it draws, the step shown, and the step the
// mouse points at (an output cell hovered), -1 when none.
struct Canvas {
    ImDrawList* dl;
    ImVec2 o, avail;
    const teach::ConvSteps& cs;
    const teach::ConvProblem& p;
    const teach::ConvGeometry& g;
    teach::ConvStep st;
    std::string act;  // the activation's name, "" for linear
    int dec = 2;      // decimals of the numbers written in cells
    int hover_step = -1;
};

// One channel, the input grid: hovering a tutorial value shows it, clicking edits it.
void single_input(Canvas& c, TeachState& t, ImVec2 ip, float cell) {
    const teach::ConvGeometry& g = c.g;
    int hov = input_with_window(c.dl, ip, c.cs, c.st, 0, cell, true, c.dec);
    if (t.mode != ModeTutorial || hov < 0) return;
    int ph = hov / g.PW, pw = hov % g.PW;
    if (c.cs.is_padding(ph, pw)) {
        ImGui::SetTooltip("%s", tr(S_lab_padding_tip));
        return;
    }
    ImGui::SetTooltip(tr(S_lab_input_tip), ph - g.pad_t, pw - g.pad_l, c.cs.padded_input(0, ph, pw));
    if (ImGui::IsMouseClicked(0)) {
        ImGui::OpenPopup("edit_in");
        ImGui::GetStateStorage()->SetInt(ImGui::GetID("edit_idx"), (ph - g.pad_t) * c.p.W + pw - g.pad_l);
    }
}

// One channel, the kernel and the products at (x2, y): hovering a tutorial weight shows it,
// clicking edits it. Returns the width drawn.
float single_kernel(Canvas& c, TeachState& t, float x2, float y, float kc) {
    float kw = 0;
    kernel_and_products(c.dl, ImVec2(x2, y), c.p, c.st, 0, kc, c.dec, &kw);
    if (t.mode != ModeTutorial) return kw;
    ImVec2 m = ImGui::GetIO().MousePos;
    const int K = c.p.K;
    if (ImGui::IsWindowHovered() && m.x >= x2 && m.x < x2 + K * kc && m.y >= y + 16 && m.y < y + 16 + K * kc) {
        int kh = (int)((m.y - y - 16) / kc), kw2 = (int)((m.x - x2) / kc);
        ImGui::SetTooltip(tr(S_lab_weight_tip), kh, kw2, c.p.weights[kh * K + kw2]);
        if (ImGui::IsMouseClicked(0)) {
            ImGui::OpenPopup("edit_k");
            ImGui::GetStateStorage()->SetInt(ImGui::GetID("edit_idx"), kh * K + kw2);
        }
    }
    return kw;
}

// One channel, the lines under the grids: the window's place, the products, sum + bias; and
// the popups that edit a tutorial value.
void single_lines(Canvas& c, TeachState& t, float bottom) {
    const teach::ConvStep& st = c.st;
    const teach::ConvProblem& p = c.p;
    const int dec = c.dec;
    ImGui::SetCursorScreenPos(ImVec2(c.o.x, bottom));
    ImGui::PushTextWrapPos(c.o.x + c.avail.x - ImGui::GetWindowPos().x);
    ImGui::TextColored(ImVec4(0.85f, 0.85f, 0.85f, 1), tr(S_lab_step_window), st.t + 1, st.ih0, st.ih0 + p.K - 1, st.iw0,
                       st.iw0 + p.K - 1, c.g.PH != p.H || c.g.PW != p.W ? tr(S_lab_step_window_pad) : "");
    ImGui::TextWrapped("%s = %s", products_text(st, 0, p.K, dec).c_str(), fmt(st.sum, dec).c_str());
    ImGui::TextWrapped(tr(S_lab_plus_bias), fmt(st.sum, dec).c_str(), fmt(st.bias, dec).c_str(), fmt(st.value, dec).c_str(),
                       c.act.empty() ? "" : fmt_tr(S_lab_act_gives, c.act.c_str(), fmt(st.out, dec).c_str()).c_str());
    ImGui::PopTextWrapPos();
    int idx = ImGui::GetStateStorage()->GetInt(ImGui::GetID("edit_idx"), 0);
    if (idx >= 0 && idx < (int)t.tut_input.size()) edit_value_popup("edit_in", &t.tut_input[idx]);
    if (idx >= 0 && idx < (int)t.tut_kernel.size()) edit_value_popup("edit_k", &t.tut_kernel[idx]);
}

// One channel: input | kernel & products | output, all three at one cell size.
void canvas_single(Canvas& c, TeachState& t) {
    const teach::ConvGeometry& g = c.g;
    const teach::ConvStep& st = c.st;
    const int dec = c.dec;
    const float y = c.o.y;
    std::string val = std::string(tr(S_lab_sum)) + " = " + fmt(st.sum, dec) + "  + " + tr(S_lab_bias) + " " + fmt(st.bias, dec) +
                      "  = " + fmt(st.value, dec);
    const float valw = ImGui::CalcTextSize(val.c_str()).x, units = g.PW + 2.0f * c.p.K + g.OW;
    // The middle column is as wide as the kernel and products or the sum line, whichever is wider:
    // a cell that fits with the sum line as the middle column bounds the room the cells may take.
    float with_val = (c.avail.x - 66 - valw) / std::max(1, g.PW + g.OW);
    // Likewise down: the kernel with the three lines under it may be taller than the input.
    const float lines = 30 + 5 * line_h();
    float with_sums = (c.avail.y - lines - 60) / c.p.K;
    ImVec2 room(std::min(c.avail.x, with_val * units + 80), std::min(c.avail.y, with_sums * g.PH + lines));
    float cell = fit_cell("input", room, units, g.PH, 80, lines);  // 28 + 14 + 32 between grids, 6 for the window's box
    label(c.dl, ImVec2(c.o.x, y), fmt_tr(S_lab_input_hw, c.p.H, c.p.W) + (g.PH != c.p.H || g.PW != c.p.W ? tr(S_lab_plus_padding) : ""));
    ImVec2 ip(c.o.x, y + 18);
    single_input(c, t, ip, cell);
    float x2 = ip.x + g.PW * cell + 28;
    float kw = single_kernel(c, t, x2, y, cell);
    float ty = y + 16 + c.p.K * cell + 10;
    label(c.dl, ImVec2(x2, ty), val, kYellow);
    if (!c.act.empty()) label(c.dl, ImVec2(x2, ty + 16), c.act + "(" + fmt(st.value, dec) + ") = " + fmt(st.out, dec), kYellow);
    label(c.dl, ImVec2(x2, ty + 34), plain(fmt_tr(S_lab_to_output, st.oh, st.ow)));
    float x3 = x2 + std::max(kw, valw) + 32;
    label(c.dl, ImVec2(x3, y), fmt_tr(S_lab_output_hw, g.OH, g.OW));
    int oh = output_map(c.dl, ImVec2(x3, y + 18), c.cs, 0, t.conv_anim.t + 1, &st, cell, true, dec);
    if (oh >= 0) c.hover_step = c.cs.step_for_output_cell(oh / g.OW, oh % g.OW, 0);
    single_lines(c, t, std::max(ip.y + g.PH * cell, std::max(ty + 50, y + 18 + g.OH * cell)) + 12);
}

// RGB crop: one column per channel (input, its kernel slice, products, sum), then the maps.
void canvas_rgb(Canvas& c, TeachState& t) {
    const teach::ConvGeometry& g = c.g;
    const teach::ConvProblem& p = c.p;
    const teach::ConvStep& st = c.st;
    const float y = c.o.y;
    float colw = (c.avail.x - 20) / 3;
    // One cell size for the three columns (input over kernel and products) and the maps under
    // them; labels wrap to their column (two lines each at most, counted in the fixed height).
    float units_w = std::max({3.0f * g.PW, 3.0f * 2 * p.K, p.OC * (g.OW + 1.0f)});
    float cell = fit_cell("input", c.avail, units_w, g.PH + p.K + g.OH, 20 + 3 * 24, 60 + 9 * line_h());
    float kc = cell;
    float hdr = 0;
    for (int ch = 0; ch < 3; ch++)
        hdr = std::max(hdr, ImGui::CalcTextSize(fmt_tr(S_lab_channel_values, kChanNames[ch]).c_str(), nullptr, false, colw - 8).y);
    float yk = y + hdr + 2 + g.PH * cell + 10;
    for (int ch = 0; ch < 3; ch++) {
        float x = c.o.x + ch * colw;
        lab_label(c.dl, ImVec2(x, y), fmt_tr(S_lab_channel_values, kChanNames[ch]), kChanCols[ch], colw - 8);
        input_with_window(c.dl, ImVec2(x, y + hdr + 2), c.cs, st, ch, cell, true, c.dec);
        float kw;
        kernel_and_products(c.dl, ImVec2(x, yk), p, st, ch, kc, c.dec, &kw);
        label(c.dl, ImVec2(x, yk + 18 + p.K * kc + 4), fmt_tr(S_lab_sum_of, kChanNames[ch]) + " = " + fmt(st.channel_sums[ch], 3), kChanCols[ch]);
    }
    float ys = yk + 18 + p.K * kc + 24;
    std::string tot = std::string(tr(S_lab_sum_rgb)) + " = " + fmt(st.channel_sums[0], 3) + " + " + fmt(st.channel_sums[1], 3) + " + " +
                      fmt(st.channel_sums[2], 3) + " + " + fmt(st.bias, 3) + " = " + fmt(st.value, 3) + "  " +
                      plain(fmt_tr(S_lab_to_map, st.oc + 1, st.oh, st.ow));
    float yo = ys + lab_label(c.dl, ImVec2(c.o.x, ys), tot, kYellow, c.avail.x - 4) + 6;
    float ocell = cell, mapw = (g.OW + 1) * ocell - 6, mhdr = 0;
    for (int oc = 0; oc < p.OC; oc++)
        mhdr = std::max(mhdr, ImGui::CalcTextSize(fmt_tr(S_lab_feature_map_n, oc + 1).c_str(), nullptr, false, mapw).y);
    for (int oc = 0; oc < p.OC; oc++) {
        float x = c.o.x + oc * (g.OW + 1) * ocell;
        lab_label(c.dl, ImVec2(x, yo), fmt_tr(S_lab_feature_map_n, oc + 1), oc == st.oc ? kOrange : IM_COL32(200, 200, 200, 255), mapw);
        int h = output_map(c.dl, ImVec2(x, yo + mhdr + 2), c.cs, oc, t.conv_anim.t + 1, &st, ocell, true, c.dec);
        if (h >= 0) c.hover_step = c.cs.step_for_output_cell(h / g.OW, h % g.OW, oc);
    }
    ImGui::SetCursorScreenPos(ImVec2(c.o.x, yo + mhdr + 2 + g.OH * ocell + 8));
    ImGui::PushTextWrapPos(c.o.x + c.avail.x - ImGui::GetWindowPos().x);
    ImGui::TextDisabled(tr(S_lab_rgb_caption), p.K, p.K, p.OC, p.OC);
    ImGui::PopTextWrapPos();
}

// A layer of the model, top: the shown input channel(s) as colours with the window, this
// animation's output map and the network's own. Returns the y below them.
float layer_maps(Canvas& c, const TeachState& t, const int* shown, int nshown) {
    const teach::ConvGeometry& g = c.g;
    const teach::ConvProblem& p = c.p;
    const float y = c.o.y;
    // The maps take up to 40% of the height; the rows of numbers under them the rest. Their
    // labels wrap to the map they name (up to three lines, counted in the fixed height).
    // The network's own map beside them, when the row has room for it at the smallest cells
    // (on a narrow lab the sentence under the rows still gives its value).
    const float inputs_w = nshown * (g.PW + 2.0f), fixed_w = 10;
    const bool live = (int)t.live_map.size() == g.OH * g.OW &&
                      (inputs_w + 2 * g.OW + 3) * min_cell(CellColours) + fixed_w <= c.avail.x;
    float units_w = inputs_w + (live ? 2 * g.OW + 3 : g.OW);
    float cell = fit_cell("input", ImVec2(c.avail.x, c.avail.y * 0.4f), units_w, g.PH, fixed_w, 14 + 3 * line_h(), CellColours);
    float x3 = c.o.x + inputs_w * cell + fixed_w, x4 = x3 + (g.OW + 3) * cell;
    struct Lbl { float x, wrap; std::string s; ImU32 col; };
    std::vector<Lbl> ls;
    for (int j = 0; j < nshown; j++)
        ls.push_back({c.o.x + j * (g.PW + 2) * cell, (g.PW + 2) * cell - 6,
                      p.C == 3 ? fmt_tr(S_lab_chan, kChanNames[shown[j]]) : fmt_tr(S_lab_input_channel, shown[j], p.C),
                      p.C == 3 ? kChanCols[shown[j]] : IM_COL32(220, 220, 220, 255)});
    ls.push_back({x3, (g.OW + 3) * cell - 6, tr(S_lab_output_filling), IM_COL32(220, 220, 220, 255)});
    if (live) ls.push_back({x4, std::max(g.OW * cell, c.o.x + c.avail.x - x4 - 4), tr(S_lab_network_map), IM_COL32(220, 220, 220, 255)});
    float hdr = 0;
    for (const Lbl& l : ls) hdr = std::max(hdr, lab_label(c.dl, ImVec2(l.x, y), l.s, l.col, l.wrap));
    const float yg = y + hdr + 2;
    for (int j = 0; j < nshown; j++) input_with_window(c.dl, ImVec2(ls[j].x, yg), c.cs, c.st, shown[j], cell, false, c.dec);
    int h = output_map(c.dl, ImVec2(x3, yg), c.cs, 0, t.conv_anim.t + 1, &c.st, cell, false, c.dec);
    if (h >= 0) c.hover_step = c.cs.step_for_output_cell(h / g.OW, h % g.OW, 0);
    if (live) {
        float lo, hi;
        range(t.live_map, &lo, &hi);
        GridStyle gs;
        gs.cell = cell, gs.numbers = false, gs.lo = lo, gs.hi = hi;
        draw_grid(c.dl, ImVec2(x4, yg), g.OH, g.OW, t.live_map.data(), gs);
        draw_window_box(c.dl, ImVec2(x4, yg), cell, c.st.oh, c.st.ow, 1, 1, kWindowCol, 2);
    }
    return yg + std::max(g.PH, g.OH) * cell + 14;
}

// A layer of the model, detail: one row per shown channel, window | kernel slice | products |
// channel sum. Returns the y below the rows.
float layer_rows(Canvas& c, const int* shown, int nshown, float yd) {
    const teach::ConvProblem& p = c.p;
    const int K = p.K;
    float rows_h = c.o.y + c.avail.y - yd - (p.C > 3 ? 70 : 0) - 24 - 4 * line_h();  // the bars, the totals under the rows
    float kc = fit_cell("window", ImVec2(c.avail.x, rows_h), 3 * K, nshown * K, 200 + 40, nshown * 26.0f);
    float rowh = 16 + K * kc + 10;
    for (int j = 0; j < nshown; j++) {
        const int ch = shown[j];
        const float x = c.o.x, y = yd + j * rowh;
        const ImU32 col = p.C == 3 ? kChanCols[ch] : IM_COL32(220, 220, 220, 255);
        std::vector<float> win(K * K);
        float m = 1e-6f;
        for (int i = 0; i < K * K; i++) win[i] = c.st.cells[(size_t)ch * K * K + i].x, m = std::max(m, std::fabs(win[i]));
        GridStyle gs;
        gs.cell = kc, gs.decimals = 2, gs.lo = 0, gs.hi = m;
        label(c.dl, ImVec2(x, y), tr(S_lab_window), col);
        draw_grid(c.dl, ImVec2(x, y + 16), K, K, win.data(), gs);
        float kw;
        kernel_and_products(c.dl, ImVec2(x + K * kc + 10, y), p, c.st, ch, kc, 2, &kw);
        label(c.dl, ImVec2(x + K * kc + 10 + kw + 16, y + 16 + K * kc / 2 - 7),
              (p.C == 3 ? fmt_tr(S_lab_sum_of, kChanNames[ch]) : fmt_tr(S_lab_sum_channel, ch)) + " = " + fmt(c.st.channel_sums[ch], 4), col);
    }
    return yd + nshown * rowh + 8;
}

// A layer with more than 3 channels: every channel's sum as a bar (hover one to show it).
// Returns the y below the bars.
float layer_bars(Canvas& c, TeachState& t, float yt) {
    const int C = c.p.C;
    float bw = std::clamp((c.avail.x - 20) / C, 3.0f, 18.0f), bh = 40;
    float m = 1e-6f;
    for (float s : c.st.channel_sums) m = std::max(m, std::fabs(s));
    label(c.dl, ImVec2(c.o.x, yt), fmt_tr(S_lab_channel_sums, C));
    float base = yt + 18 + bh / 2;
    for (int ch = 0; ch < C; ch++) {
        float x = c.o.x + ch * bw, hgt = c.st.channel_sums[ch] / m * bh / 2;
        ImU32 col = ch == t.show_channel ? kYellow : (hgt >= 0 ? kOrange : kBlue);
        c.dl->AddRectFilled(ImVec2(x + 1, std::min(base, base - hgt)), ImVec2(x + bw - 1, std::max(base, base - hgt)), col);
        ImVec2 mp = ImGui::GetIO().MousePos;
        if (ImGui::IsWindowHovered() && mp.x >= x && mp.x < x + bw && mp.y >= base - bh / 2 && mp.y < base + bh / 2) {
            ImGui::SetTooltip(tr(S_lab_channel_tip), ch, fmt(c.st.channel_sums[ch], 4).c_str());
            t.show_channel = ch;
        }
    }
    c.dl->AddLine(ImVec2(c.o.x, base), ImVec2(c.o.x + C * bw, base), IM_COL32(120, 120, 120, 255));
    return yt + bh + 26;
}

// A layer of the model: input channel(s) as colours, the window's numbers in detail, the total
// and what the network itself computed for this cell.
void canvas_layer(Canvas& c, TeachState& t) {
    const teach::ConvProblem& p = c.p;
    const teach::ConvStep& st = c.st;
    int shown[3] = {0, 1, 2}, nshown = 3;
    if (p.C != 3) shown[0] = std::clamp(t.show_channel, 0, p.C - 1), nshown = 1;
    float yt = layer_rows(c, shown, nshown, layer_maps(c, t, shown, nshown));
    if (p.C > 3) yt = layer_bars(c, t, yt);
    std::string tot = fmt_tr(S_lab_sum_over, p.C) + " = " + fmt(st.sum, 4) + "   + " + tr(S_lab_bias) + " " + fmt(st.bias, 4) + "   = " +
                      fmt(st.value, 4) + (c.act.empty() ? "" : plain("   " + c.act + " → " + fmt(st.out, 4))) + "   " +
                      plain(fmt_tr(S_lab_to_output, st.oh, st.ow));
    yt += lab_label(c.dl, ImVec2(c.o.x, yt), tot, kYellow, c.avail.x - 4) + 2;
    if ((int)t.live_map.size() == c.g.OH * c.g.OW) {
        float live = t.live_map[(size_t)st.oh * c.g.OW + st.ow];
        yt += lab_label(c.dl, ImVec2(c.o.x, yt), fmt_tr(S_lab_network_computed, fmt(live, 4).c_str()), IM_COL32(170, 170, 170, 255), c.avail.x - 4);
    }
    ImGui::SetCursorScreenPos(ImVec2(c.o.x, yt + 4));
}

// The canvas: what the current step shows, in the layout that fits the problem.
void draw_conv_canvas(AppState&, TeachState& t) {
    ImVec2 o = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
    if (!t.steps) {
        ImGui::PushTextWrapPos(o.x + std::min(avail.x, 600.0f) - ImGui::GetWindowPos().x);
        ImGui::TextColored(ImVec4(1, 0.55f, 0.4f, 1), "%s", tr(S_lab_nothing_settings));
        ImGui::TextWrapped("%s", shown(t.error).c_str());
        ImGui::PopTextWrapPos();
        return;
    }
    const teach::ConvSteps& cs = *t.steps;
    t.conv_anim.clamp(cs.num_steps());
    const teach::ConvProblem& p = cs.problem();
    Canvas c{ImGui::GetWindowDrawList(), o, avail, cs, p, cs.geometry(), cs.step(t.conv_anim.t),
             p.act == cnn::Activation::Linear ? "" : cnn::activation_name(p.act)};
    const bool small = p.C <= 3 && c.g.PW <= 14 && c.g.PH <= 14;
    if (p.C == 1 && small) canvas_single(c, t);
    else if (small) canvas_rgb(c, t);
    else canvas_layer(c, t);
    ImGui::Dummy(ImVec2(1, 1));
    if (c.hover_step >= 0) {
        t.conv_anim.t = c.hover_step;
        t.conv_anim.playing = false;
    }
    t.hover_t = c.hover_step;
}

} // namespace

static void draw_conv_view(AppState& a, TeachState& t) {
    teach_update_conv(a, t);
    t.conv_anim.advance(t.steps ? t.steps->num_steps() : 0, ImGui::GetIO().DeltaTime);
    static float ctrl_w = 300;  // as wide as the controls need (a longer language, a larger font)
    ImGui::BeginChild("conv_ctrl", ImVec2(ctrl_w, 0), true);
    draw_conv_controls(a, t);
    ctrl_w = child_fit_width(300);
    ImGui::EndChild();
    ImGui::SameLine();
    canvas_begin(t, "conv_canvas");
    draw_conv_canvas(a, t);
    canvas_end(t);
}

static void draw_tab_view(AppState& a, TeachState& t, int tab) {
    switch (tab) {
    case TabConv: draw_conv_view(a, t); break;
    case TabFilter: draw_filter_view(a, t); break;
    case TabPool: draw_pool_view(a, t); break;
    case TabStride: draw_stride_view(a, t); break;
    case TabRelu: draw_relu_view(a, t); break;
    case TabDense: draw_dense_view(a, t); break;
    case TabKeras: draw_keras_view(a, t); break;
    case TabConcepts: draw_concepts_view(a, t); break;
    default: draw_arch_view(a, t); break;
    }
}

void draw_teach_panels(AppState& a) {
    TeachState& t = teach_state();
    // A button at the right end of the header bar (appended to the main menu bar); presenting,
    // the bar is the presentation's.
    if (!present_on() && ImGui::BeginMainMenuBar()) {
        const char* txt = tr(t.open ? S_lab_close : S_lab_open);
        float w = ImGui::CalcTextSize(txt).x + 16;
        // At the right end, or after the bar's items when it is full (never over them).
        ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX() + 8, ImGui::GetWindowWidth() - w - 8));
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.0f, 0.45f, 0.35f, 1));
        if (ImGui::SmallButton(L(t.open ? S_lab_close : S_lab_open, "lab_toggle"))) t.open = !t.open;
        ImGui::PopStyleColor();
        header_item("lab");
        ImGui::EndMainMenuBar();
    }
    if (!t.open) {
        t.rect[0] = t.rect[1] = t.rect[2] = t.rect[3] = 0;
        return;
    }
    ImVec2 d = ImGui::GetIO().DisplaySize;
    float top = ImGui::GetFrameHeight() + 6;
    if (!present_place_lab()) {
        ImGui::SetNextWindowPos(ImVec2(12, top), ImGuiCond_Appearing);
        ImGui::SetNextWindowSize(ImVec2(d.x - 24, d.y - top - 8), ImGuiCond_Appearing);
    }
    ImGui::SetNextWindowBgAlpha(1.0f);
    if (!ImGui::Begin(panel_window_title(PanelLab), &t.open, ImGuiWindowFlags_NoCollapse)) {
        ImGui::End();
        return;
    }
    ImVec2 wp = ImGui::GetWindowPos(), ws = ImGui::GetWindowSize();
    t.fit = CanvasFit();  // the shown tab's canvas measures itself
    t.rect[0] = wp.x, t.rect[1] = wp.y, t.rect[2] = ws.x, t.rect[3] = ws.y;
    if (present_lab_tab() >= 0) {  // presenting one tab: it alone, no tab bar to leave it by
        draw_tab_view(a, t, present_lab_tab());
        ImGui::End();
        return;
    }
    // Tabs keep their whole names; when they do not fit side by side the bar scrolls.
    if (ImGui::BeginTabBar("teach_tabs", ImGuiTabBarFlags_FittingPolicyScroll)) {
        for (int i = 0; i < TabCount; i++) {
            ImGuiTabItemFlags f = t.tab_from_api && t.tab == i ? ImGuiTabItemFlags_SetSelected : 0;
            bool shown = ImGui::BeginTabItem(L(kTeachTabNames[i], kTeachTabIds[i]), nullptr, f);
            ImVec2 r0 = ImGui::GetItemRectMin(), r1 = ImGui::GetItemRectMax();
            t.tab_rect[i][0] = r0.x, t.tab_rect[i][1] = r0.y, t.tab_rect[i][2] = r1.x - r0.x, t.tab_rect[i][3] = r1.y - r0.y;
            if (shown) {
                if (!t.tab_from_api) t.tab = i;
                draw_tab_view(a, t, i);
                ImGui::EndTabItem();
            }
        }
        t.tab_from_api = false;
        ImGui::EndTabBar();
    }
    ImGui::End();
}

} // namespace app
