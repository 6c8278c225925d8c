// panel_inside.cpp — the "Inside the network" window: for the chosen image, every layer's
// output (feature maps as tiles, flat layers as strips) and the learned kernels of each
// convolution layer, refreshed as training runs. Textures are rebuilt only when the engine
// publishes a new Inside snapshot.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/panels/classroom.h"
#include "app/gfx/textures.h"
#include "app/panels/panels.h"
#include "app/panels/layout.h"
#include "app/session/model_text.h"

namespace app {

// Feature maps (C, H, W) as a grid of tiles, each map scaled to its own range.
static void maps_texture(const LayerView& v, Texture* t) {
    int C = v.out.c, H = v.out.h, W = v.out.w;
    bool flat = v.out.flat() || (H == 1 && W == 1);
    std::vector<uint8_t> px;
    if (flat) {
        int L = v.out.size(), cols = std::min(L, 64), rows = (L + cols - 1) / cols;
        float lo = *std::min_element(v.values.begin(), v.values.end());
        float hi = *std::max_element(v.values.begin(), v.values.end());
        px.assign((size_t)cols * rows * 4, 30);
        for (int i = 0; i < L; i++)
            colormap_mag(hi > lo ? (v.values[i] - lo) / (hi - lo) : 0, &px[(size_t)i * 4]);
        t->upload(px.data(), cols, rows);
        return;
    }
    int cols = std::clamp(260 / (W + 1), 1, C), rows = (C + cols - 1) / cols;
    int TW = cols * (W + 1) - 1, TH = rows * (H + 1) - 1;
    px.assign((size_t)TW * TH * 4, 0);
    for (size_t i = 3; i < px.size(); i += 4) px[i] = 255;
    for (int c = 0; c < C; c++) {
        const float* m = &v.values[(size_t)c * H * W];
        float lo = *std::min_element(m, m + H * W), hi = *std::max_element(m, m + H * W);
        if (lo > 0) lo = 0;  // relu maps: 0 is the floor, so weak maps stay dark
        int ox = (c % cols) * (W + 1), oy = (c / cols) * (H + 1);
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                colormap_mag(hi > lo ? (m[y * W + x] - lo) / (hi - lo) : 0, &px[((size_t)(oy + y) * TW + ox + x) * 4]);
    }
    t->upload(px.data(), TW, TH);
}

// Kernels: first conv layer as RGB tiles (one per filter); deeper ones as a grid of
// (first 8 input channels) x (filters) K×K tiles in a signed colour map.
static void kernels_texture(const KernelView& k, Texture* t) {
    float m = 1e-12f;
    for (float w : k.w) m = std::max(m, std::fabs(w));
    int K = k.k, T = K + 1;
    std::vector<uint8_t> px;
    if (k.c == 3) {
        int cols = std::min(k.oc, 16), rows = (k.oc + cols - 1) / cols;
        int TW = cols * T - 1, TH = rows * T - 1;
        px.assign((size_t)TW * TH * 4, 0);
        for (size_t i = 3; i < px.size(); i += 4) px[i] = 255;
        for (int o = 0; o < k.oc; o++)
            for (int y = 0; y < K; y++)
                for (int x = 0; x < K; x++) {
                    uint8_t* p = &px[((size_t)((o / cols) * T + y) * TW + (o % cols) * T + x) * 4];
                    for (int c = 0; c < 3; c++)
                        p[c] = (uint8_t)std::clamp(128.0f + 127.0f * k.w[(((size_t)o * 3 + c) * K + y) * K + x] / m, 0.f, 255.f);
                }
        t->upload(px.data(), TW, TH);
        return;
    }
    int cols = std::min(k.oc, 32), rows = std::min(k.c, 8);
    int TW = cols * T - 1, TH = rows * T - 1;
    px.assign((size_t)TW * TH * 4, 0);
    for (size_t i = 3; i < px.size(); i += 4) px[i] = 255;
    for (int o = 0; o < cols; o++)
        for (int c = 0; c < rows; c++)
            for (int y = 0; y < K; y++)
                for (int x = 0; x < K; x++)
                    colormap_signed(k.w[(((size_t)o * k.c + c) * K + y) * K + x] / m,
                                    &px[((size_t)(c * T + y) * TW + o * T + x) * 4]);
    t->upload(px.data(), TW, TH);
}

static void refresh_textures(const Inside& in) {
    if (gpu().inside_version == in.version) return;
    gpu().inside_version = in.version;
    gpu().map_tex.resize(in.layers.size());
    for (size_t i = 0; i < in.layers.size(); i++) maps_texture(in.layers[i], &gpu().map_tex[i]);
    gpu().kernel_tex.resize(in.kernels.size());
    for (size_t i = 0; i < in.kernels.size(); i++) kernels_texture(in.kernels[i], &gpu().kernel_tex[i]);
}

// A texture scaled by an integer factor (crisp pixels) to fit the width.
static void image_fit(const Texture& t, float max_w, float max_scale = 6) {
    if (!t.id || t.w == 0) return;
    float s = std::min(max_scale, std::floor(max_w / t.w));
    if (s < 1) s = max_w / t.w;
    ImGui::Image(t.im(), ImVec2(t.w * s, t.h * s));
}

// The chosen image with arrows to the previous and next one, and the network's top 3.
static void draw_chosen_image(AppState& a, const Inside& in) {
    const auto& names = a.data.class_names;
    const Atlas& atlas = a.sel_set == 0 ? gpu().train_atlas : gpu().test_atlas;
    if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) app_select_image(a, a.sel_set, a.sel_image - 1);
    ImGui::SameLine();
    if (ImGui::ArrowButton("##next", ImGuiDir_Right)) app_select_image(a, a.sel_set, a.sel_image + 1);
    ImGui::SameLine();
    ImGui::Text(tr(a.sel_set ? S_inside_test_image : S_inside_train_image), in.image, class_name(names[in.label]));
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(64, 64));
    if (atlas.has(in.image)) {
        ImVec2 uv0, uv1;
        atlas.uv(in.image, &uv0, &uv1);
        ImGui::GetWindowDrawList()->AddImage(atlas.im(in.image), p, ImVec2(p.x + 64, p.y + 64), uv0, uv1);
    }
    ImGui::SameLine();
    ImGui::BeginGroup();
    std::vector<int> order(in.probs.size());
    for (size_t i = 0; i < order.size(); i++) order[i] = (int)i;
    std::sort(order.begin(), order.end(), [&](int x, int y) { return in.probs[x] > in.probs[y]; });
    for (int j = 0; j < 3 && j < (int)order.size(); j++) {
        int k = order[j];
        char ov[40];
        snprintf(ov, sizeof ov, "%s %.1f%%", class_name(names[k]), in.probs[k] * 100);
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImGui::ColorConvertU32ToFloat4(k == in.label ? kBlue : kOrange));
        ImGui::ProgressBar(in.probs[k], ImVec2(170, 18), ov);
        ImGui::PopStyleColor();
    }
    ImGui::EndGroup();
}

// Every layer's feature maps and every conv layer's kernels, scaled to the width w.
static void draw_layers(const Inside& in, float w) {
    if (ImGui::CollapsingHeader(L(S_feature_maps, "maps"), ImGuiTreeNodeFlags_DefaultOpen)) {
        for (size_t i = 0; i < in.layers.size() && i < gpu().map_tex.size(); i++) {
            const LayerView& v = in.layers[i];
            ImGui::Text("%s", v.name.c_str());
            text_beside((std::string(layer_kind_text(v.kind)) + " " + v.out.keras()).c_str(), true);
            image_fit(gpu().map_tex[i], w, v.out.flat() ? 5 : 2);
        }
    }
    if (ImGui::CollapsingHeader(L(S_learned_kernels, "kernels"), ImGuiTreeNodeFlags_DefaultOpen)) {
        for (size_t i = 0; i < in.kernels.size() && i < gpu().kernel_tex.size(); i++) {
            const KernelView& k = in.kernels[i];
            ImGui::Text("%s", k.name.c_str());
            text_beside((k.c == 3 ? fmt_tr(S_kernels_rgb, k.oc, k.k, k.k)
                                  : fmt_tr(S_kernels_deep, std::min(k.oc, 32), std::min(k.c, 8), k.c, k.k, k.k)).c_str(), true);
            image_fit(gpu().kernel_tex[i], w, 4);
        }
    }
}

void draw_inside_panel(AppState& a) {
    if (!begin_panel(a, PanelInside, S_win_inside, "Inside the network")) return;
    auto inside = a.snap->inside;
    const auto& data = a.sel_set == 0 ? a.data.train : a.data.test;
    if (!inside || !data) {
        ImGui::TextDisabled("%s", tr(S_pick_image));
        ImGui::End();
        return;
    }
    refresh_textures(*inside);
    draw_chosen_image(a, *inside);
    ImGui::BeginChild("layers", ImVec2(0, 0), true);
    draw_layers(*inside, ImGui::GetContentRegionAvail().x);
    ImGui::EndChild();
    ImGui::End();
}

} // namespace app
