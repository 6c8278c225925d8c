// panel_inside.cpp — the "Inside the network" window: for the chosen image, the colour picture,
// the network's probability for all ten classes (true class marked), every layer's output
// (feature maps as tiles, flat layers as strips) and the learned kernels of each convolution
// layer; hovering a tile enlarges it with its value range and colour scale. Textures are rebuilt
// only when the engine publishes a new Inside snapshot. Not here: computing the snapshot (engine).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/panels/classroom.h"
#include "app/gfx/textures.h"
#include "app/panels/panels.h"
#include "app/panels/layout.h"
#include "app/session/model_text.h"

namespace app {

static InsideShown g_shown;
const InsideShown& inside_shown() { return g_shown; }

static ScreenRect rect_of_item() {
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    return ScreenRect{a.x, a.y, b.x - a.x, b.y - a.y};
}

// A texture's tiles: n tiles of tw×th pixels in rows of `cols`, `gap` pixels apart.
struct Grid {
    int cols = 1, rows = 1, tw = 1, th = 1, gap = 1, n = 0;
    int ox(int i) const { return (i % cols) * (tw + gap); }
    int oy(int i) const { return (i / cols) * (th + gap); }
    int width() const { return cols * (tw + gap) - gap; }
    int height() const { return rows * (th + gap) - gap; }
};

static bool is_flat(const LayerView& v) { return v.out.flat() || (v.out.h == 1 && v.out.w == 1); }

static Grid map_grid(const LayerView& v) {
    Grid g;
    if (is_flat(v)) {
        g.n = v.out.size(), g.cols = std::min(g.n, 64), g.gap = 0;
    } else {
        g.n = v.out.c, g.tw = v.out.w, g.th = v.out.h, g.cols = std::clamp(260 / (v.out.w + 1), 1, v.out.c);
    }
    g.rows = (g.n + g.cols - 1) / g.cols;
    return g;
}

// First conv layer: one RGB tile per kernel. Deeper ones: (first 8 input channels) rows ×
// (first 32 kernels) columns of K×K tiles.
static Grid kernel_grid(const KernelView& k) {
    Grid g;
    g.tw = g.th = k.k;
    if (k.c == 3) g.cols = std::min(k.oc, 16), g.rows = (k.oc + g.cols - 1) / g.cols, g.n = k.oc;
    else g.cols = std::min(k.oc, 32), g.rows = std::min(k.c, 8), g.n = g.cols * g.rows;
    return g;
}

static float kernel_max(const KernelView& k) {
    float m = 1e-12f;
    for (float w : k.w) m = std::max(m, std::fabs(w));
    return m;
}

// The colour scale's ends of map tile i: relu maps keep 0 as the floor, so weak maps stay dark.
static void map_scale(const LayerView& v, const Grid& g, int i, float* lo, float* hi) {
    const float* m = is_flat(v) ? v.values.data() : &v.values[(size_t)i * g.tw * g.th];
    size_t n = is_flat(v) ? v.values.size() : (size_t)g.tw * g.th;
    *lo = *std::min_element(m, m + n), *hi = *std::max_element(m, m + n);
    if (!is_flat(v) && *lo > 0) *lo = 0;
}

static std::vector<uint8_t> blank(const Grid& g) {
    std::vector<uint8_t> px((size_t)g.width() * g.height() * 4, 0);
    for (size_t i = 3; i < px.size(); i += 4) px[i] = 255;
    return px;
}

static void maps_texture(const LayerView& v, Texture* t) {
    Grid g = map_grid(v);
    std::vector<uint8_t> px = blank(g);
    for (int i = 0; i < g.n; i++) {
        float lo, hi;
        map_scale(v, g, i, &lo, &hi);
        const float* m = is_flat(v) ? &v.values[i] : &v.values[(size_t)i * g.tw * g.th];
        for (int y = 0; y < g.th; y++)
            for (int x = 0; x < g.tw; x++)
                colormap_mag(hi > lo ? (m[y * g.tw + x] - lo) / (hi - lo) : 0,
                             &px[((size_t)(g.oy(i) + y) * g.width() + g.ox(i) + x) * 4]);
    }
    t->upload(px.data(), g.width(), g.height());
}

// Weight w of kernel o, input channel c, at (y, x).
static float weight(const KernelView& k, int o, int c, int y, int x) {
    return k.w[(((size_t)o * k.c + c) * k.k + y) * k.k + x];
}

static void kernels_texture(const KernelView& k, Texture* t) {
    const float m = kernel_max(k);
    Grid g = kernel_grid(k);
    std::vector<uint8_t> px = blank(g);
    for (int i = 0; i < g.n; i++)
        for (int y = 0; y < k.k; y++)
            for (int x = 0; x < k.k; x++) {
                uint8_t* p = &px[((size_t)(g.oy(i) + y) * g.width() + g.ox(i) + x) * 4];
                if (k.c == 3)
                    for (int c = 0; c < 3; c++) p[c] = (uint8_t)std::clamp(128.0f + 127.0f * weight(k, i, c, y, x) / m, 0.f, 255.f);
                else
                    colormap_signed(weight(k, i % g.cols, i / g.cols, y, x) / m, p);
            }
    t->upload(px.data(), g.width(), g.height());
}

static void refresh_textures(const Inside& in) {
    if (gpu().inside_version == in.version) return;
    gpu().inside_version = in.version;
    gpu().map_tex.resize(in.layers.size());
    for (size_t i = 0; i < in.layers.size(); i++) maps_texture(in.layers[i], &gpu().map_tex[i]);
    gpu().kernel_tex.resize(in.kernels.size());
    for (size_t i = 0; i < in.kernels.size(); i++) kernels_texture(in.kernels[i], &gpu().kernel_tex[i]);
}

// A texture scaled by an integer factor (crisp pixels) to fit the width; the factor used.
static float image_fit(const Texture& t, float max_w, float max_scale = 6) {
    if (!t.id || t.w == 0) return 0;
    float s = std::min(max_scale, std::floor(max_w / t.w));
    if (s < 1) s = max_w / t.w;
    ImGui::Image(t.im(), ImVec2(t.w * s, t.h * s));
    return s;
}

// The tile of g under the mouse in the image just drawn at scale s, or -1.
static int hovered_tile(const Grid& g, float s) {
    if (s <= 0 || !ImGui::IsItemHovered()) return -1;
    ImVec2 p = ImGui::GetMousePos(), o = ImGui::GetItemRectMin();
    int px = (int)((p.x - o.x) / s), py = (int)((p.y - o.y) / s);
    int col = px / (g.tw + g.gap), row = py / (g.th + g.gap);
    if (px % (g.tw + g.gap) >= g.tw || py % (g.th + g.gap) >= g.th || col >= g.cols || row >= g.rows) return -1;
    int i = row * g.cols + col;
    return i < g.n ? i : -1;
}

// A horizontal colour scale from lo to hi: magnitude, signed (blue-white-orange) or grey (RGB kernels).
enum class Scale { Mag, Signed, Grey };
static void colour_scale(Scale kind, float lo, float hi) {
    ImGui::TextUnformatted(tr(kind == Scale::Mag ? S_inside_scale_mag : kind == Scale::Signed ? S_inside_scale_signed : S_inside_scale_rgb));
    const float W = 200, H = ImGui::GetTextLineHeight() * 0.8f;
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int i = 0; i < 40; i++) {
        float t = (i + 0.5f) / 40;
        uint8_t c[4] = {0, 0, 0, 255};
        if (kind == Scale::Mag) colormap_mag(t, c);
        else if (kind == Scale::Signed) colormap_signed(2 * t - 1, c);
        else c[0] = c[1] = c[2] = (uint8_t)(t * 255);
        dl->AddRectFilled(ImVec2(p.x + W * i / 40, p.y), ImVec2(p.x + W * (i + 1) / 40 + 1, p.y + H), IM_COL32(c[0], c[1], c[2], 255));
    }
    ImGui::Dummy(ImVec2(W, H));
    char a[32], b[32];
    snprintf(a, sizeof a, "%.3f", lo), snprintf(b, sizeof b, "%.3f", hi);
    const float x0 = ImGui::GetCursorPosX();  // the line's start: lo under the scale's left end, hi under its right
    ImGui::TextUnformatted(a);
    ImGui::SameLine(std::max(x0 + ImGui::CalcTextSize(a).x + 8, x0 + W - ImGui::CalcTextSize(b).x));
    ImGui::TextUnformatted(b);
}

// One tile of t enlarged to about 160 pixels (crisp).
static void enlarged(const Texture& t, const Grid& g, int i) {
    float s = std::max(1.0f, std::floor(160.0f / std::max(g.tw, g.th)));
    ImVec2 uv0((float)g.ox(i) / t.w, (float)g.oy(i) / t.h), uv1((float)(g.ox(i) + g.tw) / t.w, (float)(g.oy(i) + g.th) / t.h);
    ImGui::Image(t.im(), ImVec2(g.tw * s, g.th * s), uv0, uv1);
}

static void remember_hover(const char* kind, int layer, int tile, float lo, float hi) {
    g_shown.hover_kind = kind, g_shown.hover_layer = layer, g_shown.hover_tile = tile;
    g_shown.hover_lo = lo, g_shown.hover_hi = hi;
}

static void map_tooltip(const LayerView& v, const Texture& t, const Grid& g, int layer, int i) {
    float lo, hi;
    map_scale(v, g, i, &lo, &hi);
    ImGui::BeginTooltip();
    if (is_flat(v)) {
        ImGui::Text(tr(S_inside_unit), v.name.c_str(), i + 1, g.n, v.values[i]);
    } else {
        ImGui::Text(tr(S_inside_map_tile), v.name.c_str(), i + 1, g.n);
        enlarged(t, g, i);
        const float* m = &v.values[(size_t)i * g.tw * g.th];
        ImGui::Text(tr(S_inside_range), *std::min_element(m, m + g.tw * g.th), *std::max_element(m, m + g.tw * g.th));
    }
    colour_scale(Scale::Mag, lo, hi);
    ImGui::EndTooltip();
    remember_hover(is_flat(v) ? "unit" : "map", layer, i, lo, hi);
}

static void kernel_tooltip(const KernelView& k, const Texture& t, const Grid& g, int layer, int i) {
    const float m = kernel_max(k);
    int o = k.c == 3 ? i : i % g.cols, c0 = k.c == 3 ? 0 : i / g.cols, c1 = k.c == 3 ? 3 : c0 + 1;
    float lo = INFINITY, hi = -INFINITY;
    for (int c = c0; c < c1; c++)
        for (int y = 0; y < k.k; y++)
            for (int x = 0; x < k.k; x++) lo = std::min(lo, weight(k, o, c, y, x)), hi = std::max(hi, weight(k, o, c, y, x));
    ImGui::BeginTooltip();
    if (k.c == 3) ImGui::Text(tr(S_inside_kernel_rgb_tile), k.name.c_str(), o + 1, k.oc);
    else ImGui::Text(tr(S_inside_kernel_tile), k.name.c_str(), o + 1, c0 + 1);
    enlarged(t, g, i);
    ImGui::Text(tr(S_inside_range), lo, hi);
    colour_scale(k.c == 3 ? Scale::Grey : Scale::Signed, -m, m);
    ImGui::EndTooltip();
    remember_hover("kernel", layer, i, -m, m);
}

// The chosen picture (the network's input, in colour) at `size` pixels.
static void picture(const AppState& a, const Inside& in, float size) {
    const Atlas& atlas = in.set == 0 ? gpu().train_atlas : gpu().test_atlas;
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(size, size));
    if (in.set == kSetPicture) {  // the user's picture: its 32×32 input, not a thumbnail
        static Texture tex;
        static uint64_t shown = 0;
        if (shown != in.version && in.input.size() == (size_t)cnn::Dataset::kImage) {
            std::vector<uint8_t> rgba(32 * 32 * 4, 255);
            for (int i = 0; i < 32 * 32; i++)
                for (int c = 0; c < 3; c++) rgba[i * 4 + c] = (uint8_t)std::lround(std::clamp(in.input[c * 1024 + i], 0.f, 1.f) * 255);
            tex.upload(rgba.data(), 32, 32);
            shown = in.version;
        }
        if (tex.id) ImGui::GetWindowDrawList()->AddImage(tex.im(), p, ImVec2(p.x + size, p.y + size));
        g_shown.picture = tex.id != 0;
        return;
    }
    (void)a;
    if (!atlas.has(in.image)) return;
    ImVec2 uv0, uv1;
    atlas.uv(in.image, &uv0, &uv1);
    ImGui::GetWindowDrawList()->AddImage(atlas.im(in.image), p, ImVec2(p.x + size, p.y + size), uv0, uv1);
    g_shown.picture = true;
}

// All the classes' probabilities as bars, in class order or sorted; the true class in blue
// and named so, a wrong top guess in orange.
static void probability_bars(const AppState& a, const Inside& in, float w) {
    static bool sorted = false;
    ImGui::TextWrapped("%s", tr(S_inside_probs));
    ImGui::Checkbox(L(S_inside_sorted, "sorted"), &sorted);
    std::vector<int> order(in.probs.size());
    for (size_t i = 0; i < order.size(); i++) order[i] = (int)i;
    if (sorted) std::stable_sort(order.begin(), order.end(), [&](int x, int y) { return in.probs[x] > in.probs[y]; });
    const int top = order.empty() ? -1 : (int)(std::max_element(in.probs.begin(), in.probs.end()) - in.probs.begin());
    const ImU32 grey = ImGui::GetColorU32(ImGuiCol_FrameBgActive);
    g_shown.bars = 0;
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 1));  // ten bars in little height
    for (int k : order) {
        char ov[96], name[80];
        const char* cls = class_name(a.data.class_names[k]);
        if (k == in.label) snprintf(name, sizeof name, tr(S_inside_true_class), cls);
        else snprintf(name, sizeof name, "%s", cls);
        snprintf(ov, sizeof ov, "%s  %.1f%%", name, in.probs[k] * 100);
        ImU32 col = k == in.label ? kBlue : k == top ? kOrange : grey;
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImGui::ColorConvertU32ToFloat4(col));
        ImGui::ProgressBar(in.probs[k], ImVec2(w, ImGui::GetTextLineHeight()), ov);
        ImGui::PopStyleColor();
        g_shown.bars++;
    }
    ImGui::PopStyleVar();
}

// The picture with arrows to the previous and next image, and the ten probabilities beside it.
static void draw_chosen_image(AppState& a, const Inside& in) {
    const auto& names = a.data.class_names;
    if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) app_select_image(a, a.sel_set, a.sel_image - 1);
    ImGui::SameLine();
    if (ImGui::ArrowButton("##next", ImGuiDir_Right)) app_select_image(a, a.sel_set, a.sel_image + 1);
    ImGui::SameLine();
    if (in.set == kSetPicture) ImGui::TextWrapped("%s", tr(S_inside_picture));
    else ImGui::TextWrapped("%s", fmt_tr(in.set ? S_inside_test_image : S_inside_train_image, in.image,
                                         class_name(names[in.label])).c_str());
    const float side = std::round(ImGui::GetTextLineHeight() * 7);
    picture(a, in, side);
    // The bars beside the picture when they get at least 160 pixels there, else under it.
    const float bars_min = 160;
    beside_if_fits(bars_min);
    ImGui::BeginGroup();
    probability_bars(a, in, std::max(bars_min, ImGui::GetContentRegionAvail().x));
    ImGui::EndGroup();
}

static void draw_maps(const AppState& a, const Inside& in, float w) {
    ImGui::TextUnformatted(tr(S_inside_input));
    picture(a, in, 64);  // the first maps' scale: 32 pixels at 2×
    for (size_t i = 0; i < in.layers.size() && i < gpu().map_tex.size(); i++) {
        const LayerView& v = in.layers[i];
        ImGui::Text("%s", v.name.c_str());
        text_beside((std::string(layer_kind_text(v.kind)) + " " + v.out.keras()).c_str(), true);
        Grid g = map_grid(v);
        float s = image_fit(gpu().map_tex[i], w, v.out.flat() ? 5 : 2);
        if (i == 0) g_shown.first_map = rect_of_item();
        int t = hovered_tile(g, s);
        if (t >= 0) map_tooltip(v, gpu().map_tex[i], g, (int)i, t);
    }
}

static void draw_kernels(const Inside& in, float w) {
    for (size_t i = 0; i < in.kernels.size() && i < gpu().kernel_tex.size(); i++) {
        const KernelView& k = in.kernels[i];
        ImGui::Text("%s", k.name.c_str());
        text_beside((k.c == 3 ? fmt_tr(S_kernels_rgb, k.oc, k.k, k.k)
                              : fmt_tr(S_kernels_deep, std::min(k.oc, 32), std::min(k.c, 8), k.c, k.k, k.k)).c_str(), true);
        Grid g = kernel_grid(k);
        float s = image_fit(gpu().kernel_tex[i], w, 4);
        if (i == 0) g_shown.first_kernels = rect_of_item();
        int t = hovered_tile(g, s);
        if (t >= 0) kernel_tooltip(k, gpu().kernel_tex[i], g, (int)i, t);
    }
}

void draw_inside_panel(AppState& a) {
    g_shown = InsideShown{};
    if (!begin_panel(a, PanelInside)) return;
    auto inside = a.snap->inside;
    const auto& data = a.sel_set == 0 ? a.data.train : a.data.test;
    if (!inside || (!data && a.sel_set != kSetPicture) || a.data.class_names.empty()) {
        ImGui::TextDisabled("%s", tr(S_pick_image));
        ImGui::End();
        return;
    }
    refresh_textures(*inside);
    draw_chosen_image(a, *inside);
    text_disabled_wrapped(tr(S_inside_hover_hint));
    ImGui::BeginChild("layers", ImVec2(0, 0), true);
    const float w = ImGui::GetContentRegionAvail().x;
    if (ImGui::CollapsingHeader(L(S_feature_maps, "maps"), ImGuiTreeNodeFlags_DefaultOpen)) draw_maps(a, *inside, w);
    if (ImGui::CollapsingHeader(L(S_learned_kernels, "kernels"), ImGuiTreeNodeFlags_DefaultOpen)) draw_kernels(*inside, w);
    if (ui().filter_open_request) ImGui::SetNextItemOpen(true), ui().filter_open_request = false;
    if (ImGui::CollapsingHeader(L(S_filter_title, "filter_top"))) draw_filter_top(a, *inside, w);
    ImGui::EndChild();
    ImGui::End();
}

} // namespace app
