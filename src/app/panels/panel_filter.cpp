// panel_filter.cpp — "What does a filter look for?", a section of the Inside window: pick a
// conv layer and one of its filters; the Engine's top 9 test images for it (FilterTop in
// engine.h) are shown, each beside its activation map, and follow training.
// Not here: finding the images (core/explain/top_images.h, run by the Engine).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/gfx/textures.h"
#include "app/panels/classroom.h"
#include "app/panels/layout.h"
#include "app/panels/panels.h"

namespace app {

namespace {
FilterShown g_filter_shown;
Texture g_filter_maps[9];
uint64_t g_filter_version = 0;

// The conv layers of the Inside view (index in the model's layers), for the layer picker.
std::vector<int> conv_layers(const Inside& in) {
    std::vector<int> v;
    for (size_t i = 0; i < in.layers.size(); i++)
        if (in.layers[i].kind == "Conv2D") v.push_back((int)i);
    return v;
}

void upload_maps(const cnn::TopImages& t) {
    const size_t hw = (size_t)t.h * t.w;
    float hi = 0;
    for (float v : t.maps) hi = std::max(hi, v);
    std::vector<uint8_t> rgba(hw * 4);
    for (size_t k = 0; k < t.index.size() && k < 9; k++) {
        for (size_t i = 0; i < hw; i++) colormap_mag(hi > 0 ? std::clamp(t.maps[k * hw + i] / hi, 0.f, 1.f) : 0.f, &rgba[i * 4]);
        g_filter_maps[k].upload(rgba.data(), t.w, t.h);
    }
}

// The layer and filter pickers; a change asks the Engine.
void pickers(AppState& a, const std::vector<int>& convs, const Inside& in) {
    int layer = a.top_layer >= 0 ? a.top_layer : convs[0];
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x * 0.5f, 180.f));
    if (ImGui::BeginCombo(L(S_filter_layer, "filter_layer"), in.layers[layer].name.c_str())) {
        for (int l : convs)
            if (ImGui::Selectable(in.layers[l].name.c_str(), l == layer)) layer = l;
        ImGui::EndCombo();
    }
    int filter = a.top_filter, n = in.layers[layer].out.c;
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x * 0.5f, 180.f));
    ImGui::SliderInt(L(S_filter_filter, "filter_n"), &filter, 0, n - 1);
    filter = std::clamp(filter, 0, n - 1);
    if (layer != a.top_layer || filter != a.top_filter) app_filter_top(a, layer, filter);
}

// The nine images in rows of three, each beside its activation map.
void tiles(const AppState& a, const FilterTop& ft, float w) {
    const cnn::TopImages& t = ft.top;
    const float s = std::max(24.f, std::floor((w - 6 * ImGui::GetStyle().ItemSpacing.x) / 6));
    g_filter_shown.tiles = 0;
    for (size_t k = 0; k < t.index.size() && k < 9; k++) {
        if (k % 3) ImGui::SameLine();
        ImGui::BeginGroup();
        atlas_image(gpu().test_atlas, t.index[k], s, ("ft" + std::to_string(k)).c_str());
        ImGui::SameLine(0, 1);
        ImGui::Image(g_filter_maps[k].im(), ImVec2(s, s));
        ImGui::TextDisabled(tr(S_filter_score), t.score[k]);
        ImGui::EndGroup();
        g_filter_shown.tiles++;
    }
    (void)a;
}
} // namespace

const FilterShown& filter_shown() { return g_filter_shown; }

void draw_filter_top(AppState& a, const Inside& in, float w) {
    g_filter_shown = FilterShown{};
    const std::vector<int> convs = conv_layers(in);
    if (convs.empty() || !a.data.test) {
        text_disabled_wrapped(tr(S_why_no_conv));
        return;
    }
    g_filter_shown.open = true;
    text_disabled_wrapped(tr(S_filter_line));
    pickers(a, convs, in);
    const FilterTop* ft = a.snap->filter_top.get();
    if (!ft || ft->top.layer != a.top_layer || ft->top.filter != a.top_filter) {
        ImGui::TextDisabled("%s", tr(S_filter_wait));
        return;
    }
    if (!ft->error.empty()) {
        ImGui::TextWrapped("%s", fmt_tr(S_filter_error, ft->error.c_str()).c_str());
        return;
    }
    if (g_filter_version != ft->version) {
        upload_maps(ft->top);
        g_filter_version = ft->version;
    }
    tiles(a, *ft, w);
}

} // namespace app
