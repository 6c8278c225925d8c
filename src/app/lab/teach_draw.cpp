// teach_draw.cpp — drawing helpers of the teaching views: number grids with ImDrawList (values
// written in the cells when they are big enough, padding cells hatched), the sliding window's
// box, colour maps, ASCII stand-ins for symbols a font lacks, and the lab's texts in a language
// (LabText, shown, fmt_tr), and the cell size each canvas gets from its room (fit_cell) with the
// measure of whether its drawing fits (canvas_begin/end).
// Not here: where each tab puts its grids (teach_conv.cpp, teach_views.cpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cfloat>
#include <cstring>

#include "imgui_internal.h"  // ImTextCharFromUtf8
#include "app/lab/teach.h"

namespace app {

// Does the current font draw the first character of a UTF-8 string?
static bool has_glyph(const char* utf8) {
    unsigned int c = 0;
    ImTextCharFromUtf8(&c, utf8, nullptr);
    const ImFont* f = ImGui::GetFont();
    return f && c && c <= 0xFFFF && f->FindGlyphNoFallback((ImWchar)c);
}

std::string plain(const std::string& s) {
    // UTF-8 sequences a font may lack, and their ASCII stand-ins (used only where it does).
    static const char* const pairs[][2] = {
        {"⌊", "floor("}, {"⌋", ")"}, {"⌈", "ceil("}, {"⌉", ")"}, {"−", "-"}, {"→", "->"}, {"≤", "<="}, {"≥", ">="}, {"…", "..."},
        {"Σ", "sum"}, {"‘", "'"}, {"’", "'"}, {"“", "\""}, {"”", "\""}, {"–", "-"}, {"—", "-"}, {"⁻¹", "^-1"},
        {"·", "*"}, {"×", "x"}, {"≈", "~"}, {"²", "^2"}};
    std::string r = s;
    for (const auto& p : pairs) {
        if (r.find(p[0]) == std::string::npos) continue;
        bool all = true;  // every character of the sequence ("⁻¹" is two)
        for (const char* q = p[0]; *q; q += ImTextCountUtf8BytesFromChar(q, nullptr)) all = all && has_glyph(q);
        if (all) continue;
        size_t n = strlen(p[0]);
        for (size_t i = r.find(p[0]); i != std::string::npos; i = r.find(p[0], i + strlen(p[1])))
            r.replace(i, n, p[1]);
    }
    return r;
}

LabText key_text(Str k) {
    return [k](Lang l) { return std::string(table_text(l, k)); };
}

LabTexts msg_texts(const teach::Msgs& ms) {
    LabTexts r;
    for (const teach::Msg& m : ms) r.push_back([m](Lang l) { return render(m, l); });
    return r;
}

std::string render(const LabTexts& ts, Lang l) {
    std::string s;
    for (const LabText& t : ts) s += (s.empty() || l == LangZh ? "" : " ") + t(l);
    return s;
}

std::string shown(const LabTexts& ts) { return plain(render(ts, lang())); }
std::string shown(const teach::Msgs& ms) { return plain(render(ms, lang())); }
std::string shown(const teach::Msg& m) { return plain(render(m, lang())); }

std::string fmt(float v, int decimals) {
    if (!std::isfinite(v)) return "nan";
    char b[32];
    snprintf(b, sizeof b, "%.*f", decimals, v);
    std::string s = b;
    if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    return s;
}

ImU32 heat(float v, float lo, float hi) {
    // dark blue -> teal -> yellow (viridis-like), readable with the common colour-vision deficiencies
    float t = hi > lo ? (v - lo) / (hi - lo) : 0.5f;
    t = std::clamp(t, 0.0f, 1.0f);
    static const float stops[5][3] = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
    float f = t * 4;
    int i = std::min(3, (int)f);
    float u = f - i;
    auto c = [&](int k) { return (int)(stops[i][k] + (stops[i + 1][k] - stops[i][k]) * u); };
    return IM_COL32(c(0), c(1), c(2), 255);
}

ImU32 signed_heat(float v, float m) {
    // negative blue, zero dark grey, positive orange
    float t = m > 0 ? std::clamp(v / m, -1.0f, 1.0f) : 0;
    const float z[3] = {45, 45, 52}, pos[3] = {230, 159, 0}, neg[3] = {86, 180, 233};
    const float* e = t >= 0 ? pos : neg;
    float a = std::fabs(t);
    auto c = [&](int k) { return (int)(z[k] + (e[k] - z[k]) * a); };
    return IM_COL32(c(0), c(1), c(2), 255);
}

ImU32 text_on(ImU32 bg) {
    float r = (bg >> IM_COL32_R_SHIFT) & 255, g = (bg >> IM_COL32_G_SHIFT) & 255, b = (bg >> IM_COL32_B_SHIFT) & 255;
    return 0.299f * r + 0.587f * g + 0.114f * b > 140 ? IM_COL32(10, 10, 10, 255) : IM_COL32(245, 245, 245, 255);
}

int draw_grid(ImDrawList* dl, ImVec2 p0, int rows, int cols, const float* values, const GridStyle& st,
              const uint8_t* filled, const uint8_t* pad) {
    const float cs = st.cell;
    ImVec2 mouse = ImGui::GetIO().MousePos;
    int hovered = -1;
    bool win_hovered = ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
    float m = std::max(std::fabs(st.lo), std::fabs(st.hi));
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) {
            int i = r * cols + c;
            ImVec2 a(p0.x + c * cs, p0.y + r * cs), b(a.x + cs, a.y + cs);
            bool is_pad = pad && pad[i];
            bool empty = !values || (filled && !filled[i]);
            ImU32 bg;
            if (is_pad) bg = IM_COL32(34, 36, 42, 255);
            else if (empty) bg = IM_COL32(28, 30, 36, 255);
            else bg = st.signed_colors ? signed_heat(values[i], m) : heat(values[i], st.lo, st.hi);
            dl->AddRectFilled(a, b, bg);
            if (is_pad && cs >= 10) {
                // hatching: the cell is not part of the input
                for (float d = 6; d < 2 * cs; d += 7) {
                    ImVec2 s(a.x + std::min(d, cs), a.y + std::max(0.0f, d - cs));
                    ImVec2 e(a.x + std::max(0.0f, d - cs), a.y + std::min(d, cs));
                    dl->AddLine(s, e, IM_COL32(62, 66, 76, 255));
                }
            }
            if (cs >= 12) dl->AddRect(a, b, is_pad ? IM_COL32(90, 90, 100, 255) : IM_COL32(15, 15, 18, 255));
            bool over = win_hovered && mouse.x >= a.x && mouse.x < b.x && mouse.y >= a.y && mouse.y < b.y;
            if (over) hovered = i;
            if (!st.numbers || empty) continue;
            std::string s = is_pad ? "0" : fmt(values[i], st.decimals);
            ImVec2 ts = ImGui::CalcTextSize(s.c_str());
            if (ts.x <= cs - 2 && ts.y <= cs) {
                ImU32 tc = is_pad ? IM_COL32(140, 140, 150, 255) : text_on(bg);
                dl->AddText(ImVec2(a.x + (cs - ts.x) * 0.5f, a.y + (cs - ts.y) * 0.5f), tc, s.c_str());
            } else if (over) {
                ImGui::SetTooltip("%s", s.c_str());  // too small to hold its number: never cut it
            }
        }
    return hovered;
}

namespace {
CanvasFit* g_fit = nullptr;     // the canvas being drawn (between canvas_begin and canvas_end)
ImVec2 g_far(0, 0);             // the marked far corner of its texts
} // namespace

float line_h() { return ImGui::GetTextLineHeightWithSpacing(); }

float min_cell(CellKind kind) {
    // Numbers need about a font's height to be read (numbers wider than the cell show on
    // hover); colours stay visible down to two pixels, an image down to its own size.
    return kind == CellNumbers ? std::round(0.9f * ImGui::GetFontSize()) : kind == CellColours ? 2.0f : 1.0f;
}

float fit_cell(const char* id, ImVec2 room, float units_w, float units_h, float fixed_w, float fixed_h, CellKind kind) {
    const float em = ImGui::GetFontSize();
    // The top keeps a grid from turning into a few giant squares on a projector.
    const float lo = min_cell(kind);
    const float hi = kind == CellNumbers ? std::round(8 * em) : std::round(2.7f * em);
    // Half a font's height kept spare: labels beside a grid (a layer's values) vary in width
    // with their numbers (a CI run saw the model-layer view 2 px over at 853x533).
    const float spare = 0.5f * em;
    float fit = std::min((room.x - fixed_w - spare) / std::max(units_w, 1.0f), (room.y - fixed_h - spare) / std::max(units_h, 1.0f));
    float cell = std::floor(std::clamp(fit, lo, hi));
    if (g_fit) g_fit->cells.push_back({id, cell, lo});
    return cell;
}

void canvas_begin(TeachState& t, const char* id) {
    ImGui::BeginChild(id, ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);  // a grid at its smallest scrolls rather than being cut
    t.fit = CanvasFit();
    t.fit.tab = t.tab;
    g_fit = &t.fit;
    g_far = ImGui::GetCursorScreenPos();
}

void canvas_mark(ImVec2 far_corner) {
    g_far.x = std::max(g_far.x, far_corner.x), g_far.y = std::max(g_far.y, far_corner.y);
}

float lab_label(ImDrawList* dl, ImVec2 p, const std::string& s, ImU32 col, float wrap) {
    dl->AddText(nullptr, 0, p, col, s.c_str(), nullptr, wrap);
    ImVec2 sz = ImGui::CalcTextSize(s.c_str(), nullptr, false, wrap);
    canvas_mark(ImVec2(p.x + sz.x, p.y + sz.y));
    return sz.y;
}

void canvas_end(TeachState& t) {
    ImGuiWindow* w = ImGui::GetCurrentWindow();
    ImVec2 far = g_far;
    for (const ImDrawVert& v : w->DrawList->VtxBuffer) far.x = std::max(far.x, v.pos.x), far.y = std::max(far.y, v.pos.y);
    CanvasFit& f = t.fit;
    f.room[0] = w->Size.x, f.room[1] = w->Size.y;
    f.extent[0] = far.x - w->Pos.x, f.extent[1] = far.y - w->Pos.y;
    f.fits = f.extent[0] <= f.room[0] + 0.5f && f.extent[1] <= f.room[1] + 0.5f && ImGui::GetScrollMaxX() <= 0 && ImGui::GetScrollMaxY() <= 0;
    g_fit = nullptr;
    ImGui::EndChild();
}

void draw_window_box(ImDrawList* dl, ImVec2 p0, float cell, int r0, int c0, int h, int w, ImU32 col, float thick) {
    ImVec2 a(p0.x + c0 * cell, p0.y + r0 * cell), b(a.x + w * cell, a.y + h * cell);
    dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), col, 0, 0, thick);
}

void playback(Anim& an, int n, const char* id, float max_speed, bool full) {
    ImGui::PushID(id);
    if (ImGui::Button("|<")) an.t = 0, an.playing = false;
    ImGui::SameLine();
    if (ImGui::Button("<")) an.t = std::max(0, an.t - 1), an.playing = false;
    ImGui::SameLine();
    if (ImGui::Button(an.playing ? L(S_lab_pause, "play") : L(S_lab_play, "play"), ImVec2(50, 0))) an.playing = !an.playing;
    ImGui::SameLine();
    if (ImGui::Button(">")) an.t = std::min(std::max(0, n - 1), an.t + 1), an.playing = false;
    ImGui::SameLine();
    if (ImGui::Button(">|")) an.t = std::max(0, n - 1), an.playing = false;
    if (full) {
        ImGui::SameLine();
        ImGui::Checkbox(L(S_lab_loop, "loop"), &an.loop);
    }
    ImGui::SetNextItemWidth(-60);
    ImGui::SliderFloat(L(S_lab_speed, "speed"), &an.speed, 0.25f, max_speed, tr(S_lab_steps_per_s), ImGuiSliderFlags_Logarithmic);
    int s = an.t + 1;
    ImGui::SetNextItemWidth(-60);
    if (ImGui::SliderInt(L(S_lab_step, "step"), &s, 1, std::max(1, n), full ? (n > 0 ? "%d" : "-") : "%d"))
        an.t = s - 1, an.playing = false;
    if (full) ImGui::TextDisabled(tr(S_lab_step_of), n > 0 ? an.t + 1 : 0, n);
    ImGui::PopID();
}

} // namespace app
