// panel_picture.cpp — the "Your picture" window: the user's picture with its crop square
// (dragged to move, by its corner to resize; mouse and touch alike through ImGui), what the
// network sees (the 32×32 crop, magnified), the ten probabilities, and "Why this class?":
// the Engine's four heat maps over the chosen image for a class the user picks.
// Not here: decoding files, drawing and the camera (web/playground.js), the maps (Engine).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/gfx/textures.h"
#include "app/panels/classroom.h"
#include "app/panels/layout.h"
#include "app/panels/panels.h"
#include "app/web/api.h"

namespace app {

namespace {
PictureShown g_pic_shown;

struct PictureGpu {
    Texture full, sees, input;
    Texture maps[4];
    uint64_t full_version = 0, sees_version = 0, why_version = 0, input_version = 0;
} g_pic_tex;

// (3, 32, 32) floats 0..1 into RGBA.
std::vector<uint8_t> chw_rgba(const std::vector<float>& x, int n) {
    std::vector<uint8_t> out((size_t)n * n * 4);
    for (int i = 0; i < n * n; i++) {
        for (int c = 0; c < 3; c++) out[(size_t)i * 4 + c] = (uint8_t)std::lround(std::clamp(x[(size_t)c * n * n + i], 0.f, 1.f) * 255);
        out[(size_t)i * 4 + 3] = 255;
    }
    return out;
}

// A heat map (n, n) as RGBA: the magnitude colour scale, 0 to the map's highest value, with
// the low end transparent so the picture shows through.
void upload_heat(Texture& t, const std::vector<float>& m, int n) {
    std::vector<uint8_t> out((size_t)n * n * 4, 0);
    float hi = 0;
    for (float v : m) hi = std::max(hi, std::isfinite(v) ? v : 0.f);
    for (size_t i = 0; i < m.size() && i < (size_t)n * n; i++) {
        float u = hi > 0 && std::isfinite(m[i]) ? std::clamp(m[i] / hi, 0.f, 1.f) : 0;
        colormap_mag(u, &out[i * 4]);
        out[i * 4 + 3] = (uint8_t)std::lround(90 + 165 * u);
    }
    t.upload(out.data(), n, n);
}

void place_picture_window() {
    ImVec2 d = ImGui::GetIO().DisplaySize;
    float top = ImGui::GetFrameHeight();
    float w = std::min(d.x, std::max(std::floor(d.x * 0.29f), 360.f));
    float x = std::min(std::floor(d.x * 0.37f), d.x - w);
    ImGuiCond cond = ui().relayout ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
    ImGui::SetNextWindowPos(ImVec2(x, top), cond);
    ImGui::SetNextWindowSize(ImVec2(w, d.y - top), cond);
}

void source_buttons() {
    if (ImGui::Button(L(S_pic_open, "pic_open"))) js_picture_tool(0);
    beside_if_fits(button_w(tr(S_pic_draw)));
    if (ImGui::Button(L(S_pic_draw, "pic_draw"))) js_picture_tool(1);
    beside_if_fits(button_w(tr(S_pic_camera)));
    if (ImGui::Button(L(S_pic_camera, "pic_camera"))) js_picture_tool(2);
}

// The picture at most `side` pixels on its long side, the crop square over it; a drag moves
// the square, a drag that starts at its lower-right corner resizes it. The crop goes to the
// session when the drag ends (the network sees it then).
void picture_with_crop(AppState& a, float side) {
    PictureState& p = a.picture;
    if (g_pic_tex.full_version != p.version && p.w <= max_texture_size() && p.h <= max_texture_size()) {
        g_pic_tex.full.upload(p.rgba.data(), p.w, p.h);
        g_pic_tex.full_version = p.version;
    }
    const float s = side / std::max(p.w, p.h);
    const ImVec2 o = ImGui::GetCursorScreenPos(), size(p.w * s, p.h * s);
    ImGui::InvisibleButton("crop", size);
    static bool dragging = false, resizing = false;
    static cnn::Crop start, live;
    if (!dragging) live = p.crop;
    const ImVec2 corner(o.x + (float)(live.x + live.size) * s, o.y + (float)(live.y + live.size) * s);
    if (ImGui::IsItemActivated()) {
        ImVec2 m = ImGui::GetIO().MouseClickedPos[0];
        resizing = std::fabs(m.x - corner.x) < 18 && std::fabs(m.y - corner.y) < 18;
        dragging = true;
        start = p.crop;
    }
    if (dragging && ImGui::IsItemActive()) {
        ImVec2 dlt = ImGui::GetMouseDragDelta(0, 0.f);
        cnn::Crop c = start;
        if (resizing) c.size = start.size + std::max(dlt.x, dlt.y) / s;
        else c.x = start.x + dlt.x / s, c.y = start.y + dlt.y / s;
        live = clamp_crop(c, p.w, p.h);
    }
    if (dragging && ImGui::IsItemDeactivated()) {
        dragging = false;
        app_set_crop(a, live);
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (g_pic_tex.full.id) dl->AddImage(g_pic_tex.full.im(), o, ImVec2(o.x + size.x, o.y + size.y));
    ImVec2 c0(o.x + (float)live.x * s, o.y + (float)live.y * s), c1(c0.x + (float)live.size * s, c0.y + (float)live.size * s);
    dl->AddRect(c0, c1, IM_COL32(0, 0, 0, 200), 0, 0, 4);
    dl->AddRect(c0, c1, kYellow, 0, 0, 2);
    dl->AddRectFilled(ImVec2(c1.x - 8, c1.y - 8), c1, kYellow);
    g_pic_shown.crop = {c0.x, c0.y, c1.x - c0.x, c1.y - c0.y};
    g_pic_shown.full = g_pic_tex.full.id != 0;
}

// What the network sees: the 32×32 input, magnified to `side`.
void network_sees(const AppState& a, float side) {
    const PictureState& p = a.picture;
    if (g_pic_tex.sees_version != p.version) {
        std::vector<uint8_t> rgba = chw_rgba(p.x, 32);
        g_pic_tex.sees.upload(rgba.data(), 32, 32);
        g_pic_tex.sees_version = p.version;
    }
    ImGui::TextWrapped("%s", tr(S_pic_sees));
    ImGui::Image(g_pic_tex.sees.im(), ImVec2(side, side));
    g_pic_shown.sees = true;
}

void probability_list(const AppState& a, const Inside& in, float w) {
    int top = (int)(std::max_element(in.probs.begin(), in.probs.end()) - in.probs.begin());
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 1));
    g_pic_shown.bars = 0;
    for (size_t k = 0; k < in.probs.size() && k < a.data.class_names.size(); k++) {
        char ov[96];
        snprintf(ov, sizeof ov, "%s  %.1f%%", class_name(a.data.class_names[k]), in.probs[k] * 100);
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImGui::ColorConvertU32ToFloat4((int)k == top ? kOrange : ImGui::GetColorU32(ImGuiCol_FrameBgActive)));
        ImGui::ProgressBar(in.probs[k], ImVec2(w, ImGui::GetTextLineHeight()), ov);
        ImGui::PopStyleColor();
        g_pic_shown.bars++;
    }
    ImGui::PopStyleVar();
}

void your_picture(AppState& a, const Inside* in) {
    PictureState& p = a.picture;
    if (p.empty()) {
        text_disabled_wrapped(tr(S_pic_none));
        return;
    }
    ImGui::TextDisabled("%s", fmt_tr(S_pic_size, p.w, p.h, (int)std::lround(p.crop.size)).c_str());
    text_disabled_wrapped(tr(S_pic_crop_hint));
    const float avail = ImGui::GetContentRegionAvail().x;
    picture_with_crop(a, std::min(avail, 260.f));
    network_sees(a, std::min(avail, 128.f));
    if (a.sel_set != kSetPicture) {
        if (ImGui::Button(L(S_pic_choose, "pic_choose"))) app_select_image(a, kSetPicture, 0);
    } else {
        text_disabled_wrapped(tr(S_pic_chosen));
        if (a.snap->steps == 0) text_disabled_wrapped(tr(S_pic_untrained));
        if (in && in->set == kSetPicture) {
            ImGui::TextWrapped("%s", tr(S_inside_probs));
            probability_list(a, *in, std::min(avail, 320.f));
        }
    }
}

// The class the maps are for: the top class or one of the ten.
void class_picker(AppState& a, const Why* why) {
    const auto& names = a.data.class_names;
    std::string preview = why && why->top ? fmt_tr(S_why_top, class_name(names[why->cls])) :
                          a.why_class >= 0 && a.why_class < (int)names.size() ? class_name(names[a.why_class]) : "";
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 240.f));
    if (ImGui::BeginCombo(L(S_why_class, "why_class"), preview.c_str())) {
        if (ImGui::Selectable(fmt_tr(S_why_top, why && why->top ? class_name(names[why->cls]) : "...").c_str(), a.why_class == -1)) app_explain(a, -1);
        for (int k = 0; k < (int)names.size(); k++)
            if (ImGui::Selectable(class_name(names[k]), a.why_class == k)) app_explain(a, k);
        ImGui::EndCombo();
    }
}

void why_maps(AppState& a, const Inside& in, const Why& why) {
    if (g_pic_tex.input_version != in.version) {
        std::vector<uint8_t> rgba = chw_rgba(in.input, 32);
        g_pic_tex.input.upload(rgba.data(), 32, 32);
        g_pic_tex.input_version = in.version;
    }
    const std::vector<float>* maps[4] = {&why.occlusion, &why.gradient, &why.smoothgrad, &why.gradcam};
    if (g_pic_tex.why_version != why.version) {
        for (int i = 0; i < 4; i++)
            if (!maps[i]->empty()) upload_heat(g_pic_tex.maps[i], *maps[i], why.size);
        g_pic_tex.why_version = why.version;
    }
    static const Str titles[4] = {S_why_occlusion, S_why_gradient, S_why_smooth, S_why_gradcam};
    static const Str lines[4] = {S_why_occlusion_line, S_why_gradient_line, S_why_smooth_line, S_why_gradcam_line};
    const float side = std::min(ImGui::GetContentRegionAvail().x, 112.f);
    ImGui::TextWrapped("%s", fmt_tr(S_why_prob, class_name(a.data.class_names[why.cls]), why.base * 100).c_str());
    text_disabled_wrapped(tr(S_why_scale));
    g_pic_shown.maps = 0;
    for (int i = 0; i < 4; i++) {
        ImGui::Separator();
        ImGui::TextUnformatted(tr(titles[i]));
        if (maps[i]->empty()) {
            text_disabled_wrapped(tr(S_why_no_conv));
            continue;
        }
        ImVec2 o = ImGui::GetCursorScreenPos();
        ImGui::Dummy(ImVec2(side, side));
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddImage(g_pic_tex.input.im(), o, ImVec2(o.x + side, o.y + side));
        dl->AddImage(g_pic_tex.maps[i].im(), o, ImVec2(o.x + side, o.y + side));
        g_pic_shown.maps++;
        beside_if_fits(140);
        ImGui::TextWrapped("%s", tr(lines[i]));
    }
}

void why_section(AppState& a, const Inside* in) {
    ImGui::Separator();
    ImGui::TextUnformatted(tr(S_why_title));
    if (a.why_class < -1) app_explain(a, -1);  // the window is open: maps for the top class
    const Why* why = a.snap->why.get();
    class_picker(a, why);
    if (why && !why->error.empty()) {
        ImGui::TextWrapped("%s", fmt_tr(S_why_error, why->error.c_str()).c_str());
        return;
    }
    bool current = why && in && why->inside_version == in->version && (a.why_class < 0 ? why->top : why->cls == a.why_class);
    if (!current) {
        ImGui::TextDisabled("%s", tr(S_why_wait));
        if (!why || !in) return;
    }
    if (why->cls >= 0 && why->cls < (int)a.data.class_names.size() && in) why_maps(a, *in, *why);
}
} // namespace

const PictureShown& picture_shown() { return g_pic_shown; }

void draw_picture_panel(AppState& a) {
    g_pic_shown = PictureShown{};
    if (!ui().picture_open) return;
    place_picture_window();
    ImGui::SetNextWindowBgAlpha(1.0f);  // it lies over the Data and Inside panels: none of them shows through
    bool shown = ImGui::Begin(L(S_win_picture, "Your picture"), &ui().picture_open);
    if (!shown) {
        ImGui::End();
        return;
    }
    g_pic_shown.open = true;
    const Inside* in = a.snap->inside.get();
    source_buttons();
    your_picture(a, in);
    if (in && !a.data.class_names.empty()) why_section(a, in);
    ImGui::End();
}

} // namespace app
