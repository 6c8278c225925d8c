// teach_views.cpp — the lab's other tabs: convolution as filtering (classic kernels and the
// user's own on the chosen image, with optional noise), max/average pooling animated, stride 1
// against stride 2, ReLU before/after on a feature map of the model, dense against convolution
// parameter counts for the user's layers, and the tutorial's architecture rule checked on the
// current model. Numbers and explanations come from the teaching library (src/teach); nothing
// here trains or edits the model.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>

#include "core/error.h"
#include "core/model.h"
#include "app/panels/panels.h"
#include "app/panels/layout.h"
#include "app/lab/teach.h"

namespace app {

namespace {

// Textures for images (one slot per place on screen), re-uploaded when drawn.
Texture& tex_slot(int slot) {
    static std::map<int, Texture> slots;
    return slots[slot];
}

// An image (C = 1 or 3, H, W) as a texture of cell×cell pixels per value. mode 0: clamp to
// [0,1]; 1: |v| / max|v| (zero-sum kernels: edges); 2: signed colours around 0.
void draw_image(int slot, const float* img, int C, int H, int W, float scale, int mode) {
    std::vector<uint8_t> px((size_t)H * W * 4);
    float m = 1e-6f;
    for (int i = 0; i < C * H * W; i++) m = std::max(m, std::fabs(img[i]));
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint8_t* p = &px[((size_t)y * W + x) * 4];
            if (mode == 2) {
                ImU32 c = signed_heat(img[(size_t)y * W + x], m);
                p[0] = (c >> IM_COL32_R_SHIFT) & 255, p[1] = (c >> IM_COL32_G_SHIFT) & 255, p[2] = (c >> IM_COL32_B_SHIFT) & 255;
            } else {
                for (int k = 0; k < 3; k++) {
                    float v = img[((size_t)(C == 3 ? k : 0) * H + y) * W + x];
                    v = mode == 1 ? std::fabs(v) / m : std::clamp(v, 0.0f, 1.0f);
                    p[k] = (uint8_t)std::lround(v * 255);
                }
            }
            p[3] = 255;
        }
    Texture& t = tex_slot(slot);
    t.upload(px.data(), W, H);
    ImGui::Image(t.im(), ImVec2(W * scale, H * scale));
}


// A lab note (symbols the font lacks replaced), wrapped at the window's visible edge.
void wrapped(const std::string& s, ImVec4 col = ImVec4(0.85f, 0.85f, 0.85f, 1)) { text_wrapped_visible(plain(s).c_str(), col); }

// A classic kernel's label (what 0), sentence (1) or short name (2) in the string tables, by
// its id in teach/filters.h.
Str kernel_key(const char* id, int what) {
    static const struct { const char* id; Str k[3]; } keys[] = {
        {"identity", {S_k_identity, S_k_identity_what, S_k_identity_short}},
        {"edge", {S_k_edge, S_k_edge_what, S_k_edge_short}},
        {"sobel_x", {S_k_sobel_x, S_k_sobel_x_what, S_k_sobel_x_short}},
        {"sobel_y", {S_k_sobel_y, S_k_sobel_y_what, S_k_sobel_y_short}},
        {"box_blur", {S_k_box_blur, S_k_box_blur_what, S_k_box_blur_short}},
        {"gaussian_blur", {S_k_gaussian_blur, S_k_gaussian_blur_what, S_k_gaussian_blur_short}},
        {"sharpen", {S_k_sharpen, S_k_sharpen_what, S_k_sharpen_short}},
        {"emboss", {S_k_emboss, S_k_emboss_what, S_k_emboss_short}},
    };
    for (const auto& e : keys)
        if (!strcmp(e.id, id)) return e.k[what];
    return S_k_unknown;
}

// A layer's role in the tutorial's rule, in the page's language.
const char* role_text(teach::LayerRole r) { return tr(role_key(r)); }

// Deterministic noise in [-1, 1] for pixel i (a hash, so the picture does not flicker).
float noise_at(uint32_t i) {
    i ^= i >> 16, i *= 0x7feb352d, i ^= i >> 15, i *= 0x846ca68b, i ^= i >> 16;
    return (i & 0xffff) / 32767.5f - 1.0f;
}

} // namespace

// ------------------------------------------------------------------ filtering
namespace {

// The filtering tab's left column: the kernel (classic or the user's own), grayscale, noise.
void filter_controls(TeachState& t) {
    const auto& ks = teach::classic_kernels();
    static float ctrl_w = 300;  // as wide as the controls need (layout.h)
    ImGui::BeginChild("filter_ctrl", ImVec2(ctrl_w, 0), true);
    wrapped(tr(S_lab_filter_intro));
    ImGui::Separator();
    for (int i = 0; i < (int)ks.size(); i++) ImGui::RadioButton(L(kernel_key(ks[i].id, 0), ks[i].id), &t.filter_kernel, i);
    ImGui::RadioButton(L(S_lab_own_kernel, "own kernel"), &t.filter_kernel, -1);
    if (t.filter_kernel == -1) {
        for (int r = 0; r < 3; r++) {
            ImGui::PushID(r);
            ImGui::SetNextItemWidth(200);
            ImGui::InputFloat3("##row", &t.user_kernel[r * 3], "%g");
            ImGui::PopID();
        }
    }
    ImGui::Separator();
    ImGui::Checkbox(L(S_lab_grayscale, "grayscale"), &t.filter_gray);
    ImGui::SetNextItemWidth(150);
    ImGui::SliderFloat(L(S_lab_noise, "noise"), &t.noise, 0, 0.5f, "%.2f");
    ImGui::TextDisabled("%s", tr(S_lab_noise_hint));
    ctrl_w = child_fit_width(300);
    ImGui::EndChild();
}

// Every classic kernel on the image (C, 32, 32), small; clicking one picks it.
void filter_gallery(TeachState& t, const std::vector<float>& img, int C, float scale) {
    const auto& ks = teach::classic_kernels();
    ImGui::TextUnformatted(tr(S_lab_every_kernel));
    for (int i = 0; i < (int)ks.size(); i++) {
        float s = 0;
        for (int j = 0; j < 9; j++) s += ks[i].k[j];
        std::vector<float> o = teach::filter_image(img.data(), C, 32, 32, ks[i].k, 3);
        // beside the last one while it fits the canvas (a name may be wider than its image)
        const char* name = tr(kernel_key(ks[i].id, 2));
        float w = std::max(32 * scale, ImGui::CalcTextSize(name).x);
        if (i) beside_if_fits(w);
        ImGui::BeginGroup();
        ImGui::TextDisabled("%s", name);
        draw_image(200 + i, o.data(), C, 32, 32, scale, std::fabs(s) < 1e-3f ? 1 : 0);
        if (ImGui::IsItemClicked()) t.filter_kernel = i;
        ImGui::EndGroup();
    }
}

} // namespace

void draw_filter_view(AppState& a, TeachState& t) {
    const auto& ks = teach::classic_kernels();
    filter_controls(t);
    ImGui::SameLine();
    canvas_begin(t, "filter_canvas");
    std::vector<float> img = teach_image(a);
    if (img.empty()) {
        ImGui::TextDisabled("%s", tr(S_lab_wait_image_short));
        canvas_end(t);
        return;
    }
    int C = 3;
    for (size_t i = 0; i < img.size(); i++) img[i] = std::clamp(img[i] + t.noise * noise_at((uint32_t)i % 1024 + 7), 0.0f, 1.0f);
    if (t.filter_gray) img = teach::to_grayscale(img.data(), 32, 32), C = 1;
    const float* k = t.filter_kernel >= 0 ? ks[std::min<int>(t.filter_kernel, ks.size() - 1)].k : t.user_kernel;
    float ksum = 0;
    for (int i = 0; i < 9; i++) ksum += k[i];
    std::vector<float> out = teach::filter_image(img.data(), C, 32, 32, k, 3);
    int mode = std::fabs(ksum) < 1e-3f ? 1 : 0;
    // The gallery's row of small images takes up to a quarter of the height; the image, the
    // kernel (as tall as the image) and the result share the rest.
    const ImVec2 room = ImGui::GetContentRegionAvail();
    const int n = (int)ks.size();
    const float sp = ImGui::GetStyle().ItemSpacing.x;
    float gscale = fit_cell("gallery", ImVec2(room.x, room.y * 0.25f), 32.0f * n, 32, (n - 1) * sp, 2 * line_h(), CellPixels);
    float gal_h = 32 * gscale + 2 * line_h() + 8;
    float scale = fit_cell("image", ImVec2(room.x, room.y - gal_h), 3 * 32, 32, 2 * 24, 6 * line_h(), CellPixels);
    ImGui::BeginGroup();
    ImGui::Text("%s%s", tr(S_lab_the_image), t.noise > 0 ? tr(S_lab_with_noise) : "");
    draw_image(100, img.data(), C, 32, 32, scale, 0);
    ImGui::EndGroup();
    ImGui::SameLine(0, 24);
    ImGui::BeginGroup();
    ImGui::TextUnformatted(tr(S_lab_kernel));
    GridStyle gs;
    gs.cell = std::floor(32 * scale / 3), gs.signed_colors = true, gs.decimals = 3;
    float m = 1e-6f;
    for (int i = 0; i < 9; i++) m = std::max(m, std::fabs(k[i]));
    gs.lo = -m, gs.hi = m;
    ImVec2 p = ImGui::GetCursorScreenPos();
    draw_grid(ImGui::GetWindowDrawList(), p, 3, 3, k, gs);
    ImGui::Dummy(ImVec2(3 * gs.cell, 3 * gs.cell));
    ImGui::Text(tr(S_lab_sum_weights), fmt(ksum, 3).c_str());
    ImGui::EndGroup();
    ImGui::SameLine(0, 24);
    ImGui::BeginGroup();
    ImGui::Text(tr(S_lab_filtered), mode == 1 ? tr(S_lab_abs_scaled) : tr(S_lab_clamped));
    draw_image(101, out.data(), C, 32, 32, scale, mode);
    ImGui::EndGroup();
    if (t.filter_kernel >= 0) wrapped(tr(kernel_key(ks[t.filter_kernel].id, 1)), ImVec4(0.95f, 0.85f, 0.4f, 1));
    else wrapped(tr(S_lab_own_kernel_what), ImVec4(0.95f, 0.85f, 0.4f, 1));
    ImGui::Separator();
    filter_gallery(t, img, C, gscale);
    canvas_end(t);
}

// ------------------------------------------------------------------ pooling
void teach_update_pool(AppState& a, TeachState& t) {
    teach::PoolProblem p;
    p.mode = t.pool_mode == 0 ? cnn::Pool2D::Max : cnn::Pool2D::Avg;
    p.size = t.pool_size;
    p.stride = t.pool_stride;
    LabTexts why;
    if (t.pool_source == 0) {
        static const float ex[16] = {1, 1, 2, 4, 5, 6, 7, 8, 3, 2, 1, 0, 1, 2, 3, 4};
        p.C = 1, p.H = p.W = 4;
        p.input.assign(ex, ex + 16);
    } else {
        // the input of the model's first pooling layer (the feature maps before it), one channel
        auto layers = teach_conv_layers(a);
        if (layers.empty() || !a.snap->inside) why = {key_text(S_lab_pool_no_conv)};
        else {
            const ConvLayerRef& L = layers[std::clamp(t.pool_layer, 0, (int)layers.size() - 1)];
            t.pool_layer = L.ordinal;
            const Inside& in = *a.snap->inside;
            const cnn::Shape s = L.layer->out;
            if (L.model_index >= (int)in.layers.size() || (int)in.layers[L.model_index].values.size() != s.size())
                why = {key_text(S_lab_wait_model)};
            else {
                t.pool_channel = std::clamp(t.pool_channel, 0, s.c - 1);
                p.C = 1, p.H = s.h, p.W = s.w;
                const auto& v = in.layers[L.model_index].values;
                p.input.assign(v.begin() + (size_t)t.pool_channel * s.h * s.w, v.begin() + (size_t)(t.pool_channel + 1) * s.h * s.w);
            }
        }
    }
    if (!why.empty()) {
        t.pool_steps.reset();
        t.pool_error = why;
        return;
    }
    bool same = t.pool_steps && p.mode == t.pool_problem.mode && p.size == t.pool_problem.size && p.stride == t.pool_problem.stride &&
                p.H == t.pool_problem.H && p.W == t.pool_problem.W && p.input == t.pool_problem.input;
    if (same) return;
    t.pool_problem = p;
    t.pool_error = msg_texts(teach::validate(p));
    t.pool_steps.reset();
    if (t.pool_error.empty()) t.pool_steps = std::make_unique<teach::PoolSteps>(p);
    t.pool_anim.clamp(t.pool_steps ? t.pool_steps->num_steps() : 0);
}

namespace {

// The pooling tab's left column: mode, size, stride, source, formula, playback.
void pool_controls(AppState& a, TeachState& t, int n) {
    static float ctrl_w = 300;  // as wide as the controls need (layout.h)
    ImGui::BeginChild("pool_ctrl", ImVec2(ctrl_w, 0), true);
    wrapped(tr(S_lab_pool_intro));
    ImGui::Separator();
    ImGui::RadioButton(L(S_lab_max, "max"), &t.pool_mode, 0);
    beside_if_fits(radio_w(L(S_lab_average, "average")));
    ImGui::RadioButton(L(S_lab_average, "average"), &t.pool_mode, 1);
    ImGui::SetNextItemWidth(110);
    ImGui::InputInt(L(S_lab_pool_size, "pool size"), &t.pool_size);
    ImGui::SetNextItemWidth(110);
    // 0 means "the pool size": show the stride really used, never "0" (as the Model panel does)
    int stride = t.pool_stride > 0 ? t.pool_stride : std::max(1, t.pool_size);
    if (ImGui::InputInt(L(S_lab_pool_stride, "pool stride"), &stride)) {
        stride = std::clamp(stride, 1, 9);
        t.pool_stride = stride == t.pool_size ? 0 : stride;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S_pool_stride_tip));
    t.pool_size = std::clamp(t.pool_size, 0, 9);
    t.pool_stride = std::clamp(t.pool_stride, -1, 9);
    ImGui::RadioButton(L(S_lab_pool_example, "the 4x4 example"), &t.pool_source, 0);
    ImGui::RadioButton(L(S_lab_pool_model_map, "a feature map of the model"), &t.pool_source, 1);
    if (t.pool_source == 1) {
        auto layers = teach_conv_layers(a);
        if (!layers.empty()) {
            ImGui::SetNextItemWidth(150);
            if (ImGui::BeginCombo(L(S_lab_output_of, "output of"), layers[std::clamp(t.pool_layer, 0, (int)layers.size() - 1)].name.c_str())) {
                for (auto& l : layers)
                    if (ImGui::Selectable(l.name.c_str(), l.ordinal == t.pool_layer)) t.pool_layer = l.ordinal;
                ImGui::EndCombo();
            }
            ImGui::SetNextItemWidth(150);
            ImGui::SliderInt(L(S_lab_map, "map"), &t.pool_channel, 0, layers[std::clamp(t.pool_layer, 0, (int)layers.size() - 1)].layer->filters - 1);
        }
    }
    ImGui::Separator();
    if (t.pool_problem.H > 0) {
        ImGui::TextUnformatted(tr(S_lab_pool_formula));
        ImGui::TextColored(ImVec4(0.95f, 0.85f, 0.4f, 1), "%s", shown(teach::pool_formula_h(t.pool_problem)).c_str());
    }
    if (!t.pool_error.empty()) wrapped(render(t.pool_error, lang()), ImVec4(1, 0.45f, 0.3f, 1));
    ImGui::Separator();
    playback(t.pool_anim, n, "pool", 200.0f, false);
    ctrl_w = child_fit_width(300);
    ImGui::EndChild();
}

// The pooling tab's canvas: the input with the window (and the cell max pooling keeps), the
// output filling in, the step written out.
void pool_canvas(TeachState& t) {
    const teach::PoolSteps& ps = *t.pool_steps;
    const teach::PoolProblem& p = ps.problem();
    teach::PoolStep st = ps.step(t.pool_anim.t);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 o = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
    const int S = p.S();
    // The output's cells are as big as the window they summarise (size S on the input).
    float cell = fit_cell("input", avail, p.W + ps.OW() * S, std::max(p.H, ps.OH() * S), 40, 32 + 4 * line_h(),
                          t.pool_source == 0 ? CellNumbers : CellColours);
    float lo = *std::min_element(p.input.begin(), p.input.end()), hi = *std::max_element(p.input.begin(), p.input.end());
    GridStyle gs;
    gs.cell = cell, gs.lo = std::min(lo, 0.0f), gs.hi = hi > gs.lo ? hi : gs.lo + 1, gs.decimals = 2;
    lab_label(dl, o, fmt_tr(S_lab_input_hw, p.H, p.W));
    ImVec2 ip(o.x, o.y + 18);
    draw_grid(dl, ip, p.H, p.W, p.input.data(), gs);
    draw_window_box(dl, ip, cell, st.h0, st.w0, p.size, p.size, kOrange, 3);
    if (st.chosen >= 0) {
        ImVec2 c(ip.x + (st.chosen_w + 0.5f) * cell, ip.y + (st.chosen_h + 0.5f) * cell);
        dl->AddCircle(c, cell * 0.40f, IM_COL32(20, 20, 20, 255), 0, 5);
        dl->AddCircle(c, cell * 0.40f, IM_COL32(255, 255, 255, 255), 0, 2.5f);
    }
    float x2 = ip.x + p.W * cell + 40;
    std::string expr;
    for (size_t i = 0; i < st.values.size(); i++) expr += (i ? ", " : "") + fmt(st.values[i], 2);
    std::string line = p.mode == cnn::Pool2D::Max ? "max(" + expr + ") = " + fmt(st.value, 3)
                                                  : "(" + expr + ") / " + std::to_string(p.size * p.size) + " = " + fmt(st.value, 3);
    teach::PartialMap pm = ps.output_after(t.pool_anim.t + 1);
    std::vector<float> all = ps.output();
    float olo = std::min(0.0f, *std::min_element(all.begin(), all.end())), ohi = *std::max_element(all.begin(), all.end());
    GridStyle og = gs;
    og.lo = olo, og.hi = ohi > olo ? ohi : olo + 1;
    float ocell = cell * S;
    og.cell = ocell;
    og.numbers = true;  // written when they fit the cell, else on hover (the step line gives them too)
    lab_label(dl, ImVec2(x2, o.y), fmt_tr(S_lab_output_hw, ps.OH(), ps.OW()));
    int hov = draw_grid(dl, ImVec2(x2, o.y + 18), ps.OH(), ps.OW(), pm.value.data(), og, pm.filled.data());
    draw_window_box(dl, ImVec2(x2, o.y + 18), ocell, st.oh, st.ow, 1, 1, kOrange, 3);
    if (hov >= 0) {
        t.pool_anim.t = ps.step_for_output_cell(hov / ps.OW(), hov % ps.OW(), 0);
        t.pool_anim.playing = false;
    }
    float yb = o.y + 18 + std::max(p.H * cell, ps.OH() * ocell) + 14;
    ImGui::SetCursorScreenPos(ImVec2(o.x, yb));
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(0.95f, 0.85f, 0.4f, 1), tr(S_lab_pool_step), st.t + 1, st.h0,
                       st.h0 + p.size - 1, st.w0, st.w0 + p.size - 1, line.c_str());
    if (st.chosen >= 0) ImGui::TextDisabled("%s", tr(S_lab_pool_circled));
    ImGui::TextDisabled("%s", tr(S_lab_hover_output));
    ImGui::PopTextWrapPos();
}

} // namespace

void draw_pool_view(AppState& a, TeachState& t) {
    teach_update_pool(a, t);
    int n = t.pool_steps ? t.pool_steps->num_steps() : 0;
    t.pool_anim.advance(n, ImGui::GetIO().DeltaTime);
    pool_controls(a, t, n);
    ImGui::SameLine();
    canvas_begin(t, "pool_canvas");
    if (t.pool_steps) pool_canvas(t);
    else ImGui::TextDisabled(tr(S_lab_nothing), shown(t.pool_error).c_str());
    canvas_end(t);
}

// ------------------------------------------------------------------ stride
namespace {

// The stride tab's two problems: the same input and kernel, stride 1 and stride 2.
void stride_problems(const TeachState& t, teach::ConvProblem* p1, teach::ConvProblem* p2) {
    TeachState tmp;
    tmp.in_size = t.stride_in, tmp.k_size = t.stride_k;
    teach_reset_values(tmp);
    for (teach::ConvProblem* p : {p1, p2}) {
        p->C = 1, p->H = p->W = t.stride_in, p->K = t.stride_k, p->OC = 1;
        p->input = tmp.tut_input, p->weights = tmp.tut_kernel, p->bias = {0};
    }
    p2->stride = 2;
}

// One column of the stride canvas at x: stride 1 (j = 0, blue) or 2 (j = 1, orange) at step tj.
void stride_column(ImDrawList* dl, ImVec2 at, float cell, float colw, const TeachState& t, const teach::ConvSteps& cs, int j, int tj) {
    const ImU32 col = j == 0 ? kBlue : kOrange;
    const int n = cs.num_steps(), S = cs.problem().stride, K = cs.problem().K;
    teach::ConvStep st = cs.step(tj);
    const auto& g = cs.geometry();
    lab_label(dl, at, tr(j == 0 ? S_lab_stride1 : S_lab_stride2), col);
    ImVec2 ip(at.x, at.y + 20);
    GridStyle gs;
    gs.cell = cell, gs.lo = 0, gs.hi = 3;
    draw_grid(dl, ip, t.stride_in, t.stride_in, cs.problem().input.data(), gs);
    // every window position as a dot at its top-left: the skipped ones are missing for stride 2
    for (int oh = 0; oh < g.OH; oh++)
        for (int ow = 0; ow < g.OW; ow++) {
            ImVec2 c(ip.x + ow * S * cell + 7, ip.y + oh * S * cell + 7);
            dl->AddCircleFilled(c, 5, IM_COL32(15, 15, 15, 255));
            dl->AddCircleFilled(c, 3.5f, col);
        }
    draw_window_box(dl, ip, cell, st.ph0, st.pw0, K, K, col, 3);
    float yo = ip.y + t.stride_in * cell + 16;
    teach::PartialMap pm = cs.output_after(tj + 1);
    std::vector<float> all = cs.output();
    GridStyle og;
    og.cell = cell, og.lo = std::min(0.0f, *std::min_element(all.begin(), all.end())), og.hi = *std::max_element(all.begin(), all.end()) + 1e-3f;
    yo += lab_label(dl, ImVec2(at.x, yo), fmt_tr(S_lab_stride_out, g.OH, g.OW, n), IM_COL32(220, 220, 220, 255), colw) + 4;
    draw_grid(dl, ImVec2(at.x, yo), g.OH, g.OW, pm.value.data(), og, pm.filled.data());
    draw_window_box(dl, ImVec2(at.x, yo), cell, st.oh, st.ow, 1, 1, col, 3);
}

// The stride tab's canvas: the two columns side by side, finishing together.
void stride_canvas(const TeachState& t, const teach::ConvSteps& s1, const teach::ConvSteps& s2) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 o = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
    float half = avail.x / 2;
    // Each column's output line wraps to its half: up to three lines under the input.
    float cell = fit_cell("input", avail, 2 * t.stride_in, t.stride_in + s1.geometry().OH, 2 * 40, 20 + 16 + 3 * line_h() + 16);
    const int n1 = s1.num_steps(), n2 = s2.num_steps();
    stride_column(dl, o, cell, half - 16, t, s1, 0, t.stride_anim.t);
    // stride 2's step follows stride 1's progress
    stride_column(dl, ImVec2(o.x + half, o.y), cell, half - 16, t, s2, 1, std::min(n2 - 1, (int)((long long)t.stride_anim.t * n2 / std::max(1, n1))));
}

} // namespace

void draw_stride_view(AppState&, TeachState& t) {
    static float ctrl_w = 300;  // as wide as the controls need (layout.h)
    ImGui::BeginChild("stride_ctrl", ImVec2(ctrl_w, 0), true);
    wrapped(tr(S_lab_stride_intro));
    ImGui::Separator();
    ImGui::SetNextItemWidth(110);
    ImGui::InputInt(L(S_lab_input_size, "input size i"), &t.stride_in);
    ImGui::SetNextItemWidth(110);
    ImGui::InputInt(L(S_lab_kernel_size, "kernel size k"), &t.stride_k);
    t.stride_in = std::clamp(t.stride_in, 1, 12);
    t.stride_k = std::clamp(t.stride_k, 1, 12);
    ImGui::Separator();
    teach::ConvProblem p1, p2;
    stride_problems(t, &p1, &p2);
    teach::Msgs e1 = teach::validate(p1), e2 = teach::validate(p2);
    std::unique_ptr<teach::ConvSteps> s1, s2;
    if (e1.empty()) s1 = std::make_unique<teach::ConvSteps>(p1);
    if (e2.empty()) s2 = std::make_unique<teach::ConvSteps>(p2);
    int n1 = s1 ? s1->num_steps() : 0;
    t.stride_anim.advance(n1, ImGui::GetIO().DeltaTime);
    ImGui::TextColored(ImVec4(0.95f, 0.85f, 0.4f, 1), "s = 1: %s", shown(teach::conv_formula_h(p1)).c_str());
    ImGui::TextColored(ImVec4(0.95f, 0.85f, 0.4f, 1), "s = 2: %s", shown(teach::conv_formula_h(p2)).c_str());
    if (!e1.empty()) wrapped(render(e1, lang()), ImVec4(1, 0.45f, 0.3f, 1));
    else if (!e2.empty()) wrapped(render(e2, lang()), ImVec4(1, 0.45f, 0.3f, 1));
    else if (!teach::conv_notes(p2).empty()) wrapped(render(teach::conv_notes(p2), lang()), ImVec4(0.6f, 0.8f, 1, 1));
    ImGui::Separator();
    playback(t.stride_anim, n1, "stride", 200.0f, false);
    ctrl_w = child_fit_width(300);
    ImGui::EndChild();
    ImGui::SameLine();
    canvas_begin(t, "stride_canvas");
    if (s1 && s2) stride_canvas(t, *s1, *s2);
    canvas_end(t);
}

// ------------------------------------------------------------------ ReLU
namespace {

// A feature map of the model before its activation (sum + bias, from teach::ConvSteps with a
// linear activation), and the layer it belongs to.
struct ReluMap {
    std::vector<float> pre;  // (OH, OW); empty when the snapshot does not have it yet
    int OH = 0, OW = 0;
    std::string layer, act;
};

ReluMap relu_map(AppState& a, TeachState& t, const ConvLayerRef& ref, const Inside& in) {
    ReluMap r;
    const cnn::Conv2D& L = *ref.layer;
    r.layer = ref.name, r.act = cnn::activation_name(L.act);
    std::vector<float> x = teach_layer_input(a, ref.model_index);
    t.relu_channel = std::clamp(t.relu_channel, 0, L.filters - 1);
    if (x.empty() || t.relu_layer >= (int)in.kernels.size()) return r;
    teach::ConvProblem p;
    p.C = L.in.c, p.H = L.in.h, p.W = L.in.w, p.K = L.k, p.OC = 1, p.stride = L.stride, p.padding = L.padding;
    p.input = std::move(x);
    size_t ks = (size_t)L.in.c * L.k * L.k;
    const auto& w = in.kernels[t.relu_layer].w;
    if (w.size() < (t.relu_channel + 1) * ks) return r;
    p.weights.assign(w.begin() + t.relu_channel * ks, w.begin() + (t.relu_channel + 1) * ks);
    bool exact;
    p.bias = {teach_bias(a, t.relu_layer, t.relu_channel, &exact)};
    if (!teach::validate(p).empty()) return r;
    teach::ConvSteps cs(p);
    r.pre = cs.output(false);
    r.OH = cs.geometry().OH, r.OW = cs.geometry().OW;
    return r;
}

// Before and after max(0, x) side by side, the count of cells set to zero.
void relu_canvas(const ReluMap& r, int channel) {
    const int OH = r.OH, OW = r.OW;
    std::vector<float> post = teach::relu(r.pre.data(), r.pre.size());
    int neg = 0;
    float m = 1e-6f;
    for (float v : r.pre) neg += v < 0, m = std::max(m, std::fabs(v));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 o = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
    float cell = fit_cell("maps", avail, 2 * OW, OH, 60, 30 + 4 * line_h(), CellColours);
    GridStyle gs;
    gs.cell = cell, gs.signed_colors = true, gs.lo = -m, gs.hi = m, gs.decimals = 2, gs.numbers = cell >= 30;
    lab_label(dl, o, fmt_tr(S_lab_relu_before, r.layer.c_str(), channel));
    int h1 = draw_grid(dl, ImVec2(o.x, o.y + 18), OH, OW, r.pre.data(), gs);
    float x2 = o.x + OW * cell + 60;
    lab_label(dl, ImVec2(x2, o.y), tr(S_lab_relu_after));
    int h2 = draw_grid(dl, ImVec2(x2, o.y + 18), OH, OW, post.data(), gs);
    dl->AddText(ImVec2(o.x + OW * cell + 12, o.y + 18 + OH * cell / 2 - 7), kYellow, "ReLU");
    int h = h1 >= 0 ? h1 : h2;
    if (h >= 0) ImGui::SetTooltip(tr(S_lab_relu_cell_tip), h / OW, h % OW, fmt(r.pre[h], 4).c_str(), fmt(post[h], 4).c_str());
    ImGui::SetCursorScreenPos(ImVec2(o.x, o.y + 18 + OH * cell + 12));
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(0.95f, 0.85f, 0.4f, 1), tr(S_lab_relu_negatives), neg, (int)r.pre.size());
    ImGui::TextDisabled(tr(S_lab_relu_own_act), r.act.c_str());
    ImGui::PopTextWrapPos();
}

} // namespace

void draw_relu_view(AppState& a, TeachState& t) {
    static float ctrl_w = 300;  // as wide as the controls need (layout.h)
    ImGui::BeginChild("relu_ctrl", ImVec2(ctrl_w, 0), true);
    wrapped(tr(S_lab_relu_intro));
    ImGui::Separator();
    auto layers = teach_conv_layers(a);
    if (!layers.empty()) {
        t.relu_layer = std::clamp(t.relu_layer, 0, (int)layers.size() - 1);
        ImGui::SetNextItemWidth(150);
        if (ImGui::BeginCombo(L(S_lab_layer, "layer"), layers[t.relu_layer].name.c_str())) {
            for (auto& l : layers)
                if (ImGui::Selectable(l.name.c_str(), l.ordinal == t.relu_layer)) t.relu_layer = l.ordinal;
            ImGui::EndCombo();
        }
        ImGui::SetNextItemWidth(150);
        ImGui::SliderInt(L(S_lab_filter, "filter"), &t.relu_channel, 0, layers[t.relu_layer].layer->filters - 1);
    }
    ctrl_w = child_fit_width(300);
    ImGui::EndChild();
    ImGui::SameLine();
    canvas_begin(t, "relu_canvas");
    // cached per snapshot, layer and filter
    static uint64_t key_version = ~0ull;
    static int key_layer = -1, key_ch = -1;
    static ReluMap map;
    const Inside* in = a.snap && a.snap->inside ? a.snap->inside.get() : nullptr;
    if (layers.empty() || !in) ImGui::TextDisabled("%s", tr(S_lab_relu_wait_model));
    else {
        if (key_version != in->version || key_layer != t.relu_layer || key_ch != t.relu_channel) {
            key_version = in->version, key_layer = t.relu_layer, key_ch = t.relu_channel;
            map = relu_map(a, t, layers[t.relu_layer], *in);
        }
        if (map.pre.empty()) ImGui::TextDisabled("%s", tr(S_lab_relu_wait_layer));
        else relu_canvas(map, t.relu_channel);
    }
    canvas_end(t);
}

// ------------------------------------------------------------------ dense vs conv
namespace {

// The two counts as bars on a log scale, with their numbers.
void dense_bars(const teach::ParamComparison& pc) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 p = ImGui::GetCursorScreenPos();
    float w = std::min(ImGui::GetContentRegionAvail().x - 260, 520.0f);
    double lmax = std::log10((double)std::max<int64_t>(pc.dense_params, 10));
    auto bar = [&](float y, int64_t v, ImU32 col, const char* what) {
        float len = (float)(std::log10((double)std::max<int64_t>(v, 1)) / lmax) * w;
        dl->AddRectFilled(ImVec2(p.x + 110, y), ImVec2(p.x + 110 + std::max(2.0f, len), y + 16), col);
        char b[64];
        snprintf(b, sizeof b, "%lld", (long long)v);
        dl->AddText(ImVec2(p.x, y), IM_COL32(220, 220, 220, 255), what);
        dl->AddText(ImVec2(p.x + 116 + std::max(2.0f, len), y), IM_COL32(220, 220, 220, 255), b);
    };
    bar(p.y, pc.conv_params, kBlue, tr(S_lab_bar_conv));
    bar(p.y + 20, pc.dense_params, kOrange, tr(S_lab_bar_dense));
    ImGui::Dummy(ImVec2(w + 260, 40));
    ImGui::TextDisabled(tr(S_lab_bars_caption), pc.ratio);
}

} // namespace

void draw_dense_view(AppState& a, TeachState&) {
    static int C = 3, H = 32, W = 32, F = 32, K = 3;
    static float ctrl_w = 300;  // as wide as the controls need (layout.h)
    ImGui::BeginChild("dense_ctrl", ImVec2(ctrl_w, 0), true);
    wrapped(tr(S_lab_dense_intro));
    ImGui::Separator();
    ImGui::TextUnformatted(tr(S_lab_try_sizes));
    ImGui::SetNextItemWidth(110);
    ImGui::InputInt(L(S_lab_channels_c, "channels C"), &C);
    ImGui::SetNextItemWidth(110);
    ImGui::InputInt(L(S_lab_height_h, "height H"), &H);
    ImGui::SetNextItemWidth(110);
    ImGui::InputInt(L(S_lab_width_w, "width W"), &W);
    ImGui::SetNextItemWidth(110);
    ImGui::InputInt(L(S_lab_filters_f, "filters F"), &F);
    ImGui::SetNextItemWidth(110);
    ImGui::InputInt(L(S_lab_kernel_kk, "kernel K"), &K);
    ctrl_w = child_fit_width(300);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("dense_canvas", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);  // a list of layers: it scrolls when long
    ImGui::TextUnformatted(tr(S_lab_your_conv_layers));
    auto layers = teach_conv_layers(a);
    if (layers.empty()) ImGui::TextDisabled("%s", tr(S_lab_no_conv_layers));
    for (const auto& ref : layers) {
        try {
            teach::ParamComparison pc = teach::dense_vs_conv(*ref.layer);
            ImGui::Separator();
            ImGui::TextColored(ImVec4(0.95f, 0.85f, 0.4f, 1), "%s", plain(fmt_tr(S_lab_dense_layer_line, ref.name.c_str(),
                               ref.layer->in.keras().c_str(), ref.layer->filters, ref.layer->k, ref.layer->k, ref.layer->out.keras().c_str())).c_str());
            wrapped(render(pc.explain, lang()));
            dense_bars(pc);
        } catch (const teach::TeachError& e) {
            wrapped(render(e.msgs, lang()), ImVec4(1, 0.45f, 0.3f, 1));
        }
    }
    ImGui::Separator();
    ImGui::TextUnformatted(tr(S_lab_your_sizes));
    try {
        teach::ParamComparison pc = teach::dense_vs_conv(C, H, W, F, K);
        wrapped(render(pc.explain, lang()));
        dense_bars(pc);
    } catch (const teach::TeachError& e) {
        wrapped(render(e.msgs, lang()), ImVec4(1, 0.45f, 0.3f, 1));
    }
    ImGui::EndChild();
}

// ------------------------------------------------------------------ architecture rule
namespace {

// The layers as boxes coloured by role (the first one breaking the rule outlined in red),
// then whether the stack matches and why not.
void arch_show(const std::vector<std::string>& names, const std::vector<std::string>& kinds, const teach::ArchitectureCheck& r) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 p = ImGui::GetCursorScreenPos();
    float x = p.x, y = p.y, bw = 162, bh = 58, maxx = p.x + ImGui::GetContentRegionAvail().x;
    auto box = [&](const std::string& title, const std::string& kind, const std::string& role, ImU32 col, bool bad, int block) {
        if (x + bw > maxx) x = p.x, y += bh + 18;
        dl->AddRectFilled(ImVec2(x, y), ImVec2(x + bw, y + bh), col, 4);
        if (bad) dl->AddRect(ImVec2(x - 2, y - 2), ImVec2(x + bw + 2, y + bh + 2), IM_COL32(255, 60, 40, 255), 4, 0, 3);
        ImU32 tc = text_on(col);
        dl->AddText(ImVec2(x + 5, y + 3), tc, title.c_str());
        dl->AddText(ImVec2(x + 5, y + 20), tc, kind.c_str());
        dl->AddText(ImVec2(x + 5, y + 37), tc, (role + (block ? " #" + std::to_string(block) : "")).c_str());
        x += bw + 14;
        if (x < maxx) dl->AddText(ImVec2(x - 12, y + bh / 2 - 7), IM_COL32(200, 200, 200, 255), ">");
    };
    box(tr(S_lab_input), "(32, 32, 3)", role_text(teach::LayerRole::Input), IM_COL32(90, 90, 100, 255), false, 0);
    for (size_t i = 0; i < kinds.size(); i++) {
        teach::LayerRole role = i < r.roles.size() ? r.roles[i] : teach::LayerRole::Unknown;
        ImU32 col = role == teach::LayerRole::FeatureExtraction ? kBlue
                    : role == teach::LayerRole::DownSampling    ? kGreen
                    : role == teach::LayerRole::Classification  ? kOrange
                    : role == teach::LayerRole::Flatten         ? kPurple
                                                              : IM_COL32(150, 150, 150, 255);
        box(names[i], kinds[i], role_text(role), col, (int)i == r.bad_index, i < r.block.size() ? r.block[i] : 0);
    }
    ImGui::Dummy(ImVec2(1, y - p.y + bh + 8));
    if (r.matches) ImGui::TextColored(ImVec4(0.4f, 0.85f, 0.5f, 1), "%s", tr(S_lab_arch_matches));
    else {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ImVec4(1, 0.45f, 0.3f, 1), tr(S_lab_arch_no_match), shown(r.why).c_str());
        ImGui::PopTextWrapPos();
    }
}

} // namespace

void draw_arch_view(AppState& a, TeachState&) {
    static char other[256] = "conv(32,3,relu) conv(32,3,relu) maxpool(2) flatten dense(10,softmax)";
    ImGui::TextUnformatted(tr(S_lab_arch_title));
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.95f, 0.85f, 0.4f, 1), "%s", plain(tr(S_lab_arch_rule)).c_str());
    ImGui::TextDisabled("%s", plain(tr(S_lab_arch_rule_words)).c_str());
    auto run = [&](const std::string& spec) {
        try {
            cnn::Model m = cnn::Model::parse(spec);
            std::vector<std::string> names, kinds;
            for (const auto& l : m.layers) names.push_back(l->name), kinds.push_back(l->kind());
            arch_show(names, kinds, teach::check_architecture(m));
        } catch (const std::exception& e) {
            // The model grammar's own error is English: the Chinese page says only that the
            // stack is not a valid model.
            ImGui::PushTextWrapPos(0);
            ImGui::TextColored(ImVec4(1, 0.45f, 0.3f, 1), "%s", tr(S_lab_arch_bad_spec));
            if (lang() == LangEn) ImGui::TextDisabled("%s", e.what());
            ImGui::PopTextWrapPos();
        }
    };
    ImGui::Separator();
    ImGui::TextUnformatted(tr(S_lab_arch_current));
    if (a.snap && !a.snap->spec.empty()) run(a.snap->spec);
    else ImGui::TextDisabled("%s", tr(S_lab_arch_no_model));
    ImGui::Separator();
    ImGui::TextUnformatted(tr(S_lab_arch_try));
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##other", other, sizeof other);
    run(other);
    ImGui::Separator();
    ImGui::TextDisabled("%s", tr(S_lab_arch_roles));
}

} // namespace app
