// panel_common.cpp — the header bar, the start-up layout of the five windows, and drawing
// helpers shared by panels (line plots with ImDrawList, right/wrong marks).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/web/api.h"
#include "app/panels/classroom.h"
#include "app/panels/layout.h"
#include "app/lab/teach.h"
#include "app/panels/panels.h"
#include "app/panels/present.h"

namespace app {

namespace {
struct PanelWindow {
    Str title;
    const char* id;
};
const PanelWindow kPanelWindows[PanelCount] = {
    {S_win_data, "Data"}, {S_win_model, "Model"}, {S_win_train, "Train"}, {S_win_predictions, "Predictions"},
    {S_win_inside, "Inside the network"}, {S_lab_title, "Convolution lab"}};
} // namespace

const char* panel_window_id(Panel p) { return kPanelWindows[p].id; }
const char* panel_window_title(Panel p) { return L(kPanelWindows[p].title, kPanelWindows[p].id); }

bool begin_panel(AppState& a, Panel p) {
    place_window(p);
    bool shown = ImGui::Begin(panel_window_title(p), &ui().open[p]);
    remember_rect(a, p);
    if (!shown) ImGui::End();
    return shown;
}

void sync_thumbnails(AppState& a) {
    GpuState& g = gpu();
    if (g.train_version != a.data.train_version) {
        g.train_version = a.data.train_version;
        if (a.data.train) g.train_atlas.build(*a.data.train);
    }
    if (g.test_version != a.data.test_version) {
        g.test_version = a.data.test_version;
        if (a.data.test) g.test_atlas.build(*a.data.test);
    }
}

void remember_rect(AppState& a, int which) {
    ImVec2 p = ImGui::GetWindowPos(), s = ImGui::GetWindowSize();
    a.panel_rect[which] = {p.x, p.y, s.x, s.y};
}

void place_window(int which) {
    if (present_place(which)) return;  // presenting, or back from it
    ImVec2 d = ImGui::GetIO().DisplaySize;
    float top = ImGui::GetFrameHeight(), H = d.y - top;
    float c1 = std::floor(d.x * 0.37f), c2 = std::floor(d.x * 0.29f), c3 = d.x - c1 - c2;
    float mh = std::floor(H * 0.43f), dh = std::floor(H * 0.45f);
    ImVec2 pos, size;
    switch (which) {
    case 0: pos = ImVec2(c1, top), size = ImVec2(c2, dh); break;                 // Data
    case 1: pos = ImVec2(0, top), size = ImVec2(c1, mh); break;                  // Model
    case 2: pos = ImVec2(0, top + mh), size = ImVec2(c1, H - mh); break;         // Train
    case 3: pos = ImVec2(c1 + c2, top), size = ImVec2(c3, H); break;             // Predictions
    default: pos = ImVec2(c1, top + dh), size = ImVec2(c2, H - dh); break;       // Inside
    }
    ImGuiCond cond = ui().relayout ? ImGuiCond_Always : ImGuiCond_FirstUseEver;  // again after a UI-scale change
    ImGui::SetNextWindowPos(pos, cond);
    ImGui::SetNextWindowSize(size, cond);
}

const char* status_text(Status st) {
    switch (st) {
    case Status::Idle: return tr(S_status_idle);
    case Status::Running: return tr(S_status_running);
    case Status::Paused: return tr(S_status_paused);
    case Status::Done: return tr(S_status_done);
    case Status::Error: return tr(S_status_error);
    case Status::Diverged: return tr(S_status_diverged);
    }
    return "?";
}

std::string class_short(const std::string& english, size_t latin_chars) {
    if (lang() == LangZh) return class_name(english);  // one or two characters already
    return english.substr(0, latin_chars);
}

namespace {
// Widths on the menu bar, to decide before drawing what fits: a menu takes its label and an
// item spacing on each side, a text one spacing, a separator one spacing and a pixel.
float bar_menu_w(const char* label) { return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().ItemSpacing.x * 2; }
float bar_text_w(const char* s) { return ImGui::CalcTextSize(s).x + ImGui::GetStyle().ItemSpacing.x; }
float bar_sep_w() { return ImGui::GetStyle().ItemSpacing.x + 1; }

void language_menu() {
    // Language: the menu's own label names it in both languages, so either reader finds it.
    if (ImGui::BeginMenu(L(S_menu_language, "lang_menu"))) {
        if (ImGui::MenuItem(L(S_lang_en, "lang_en"), nullptr, lang() == LangEn)) choose_lang(LangEn);
        if (ImGui::MenuItem(L(S_lang_zh, "lang_zh"), nullptr, lang() == LangZh)) choose_lang(LangZh);
        ImGui::EndMenu();
    }
    header_item("language");
}

// The header's figures: frames and images per second ("" when not training).
void header_numbers(const AppState& a, char* fps, char* ips, size_t n) {
    snprintf(fps, n, tr(S_fps), a.fps);
    ips[0] = 0;
    if (a.snap->images_per_s > 0) snprintf(ips, n, tr(S_images_per_s), a.snap->images_per_s);
}

// What fits on a bar `width` wide: 0 everything, 1 without the subtitle, 2 the menus and
// figures folded into one "Menu".
int header_fold_level(const AppState& a, float width, const char* build) {
    char fps[48], ips[48];
    header_numbers(a, fps, ips, sizeof fps);
    // The lab's button goes at the bar's right end (teach_conv.cpp), 8 pixels from it.
    float lab = ImGui::CalcTextSize(tr(teach_state().open ? S_lab_close : S_lab_open)).x + 16 + 16;
    float fixed = bar_text_w(tr(S_app_title)) + bar_text_w(build) + bar_text_w(status_text(a.snap->status)) + 4 * bar_sep_w() + lab;
    float menus = bar_menu_w(L(S_menu_language, "lang_menu")) + bar_menu_w(L(S_menu_view, "menu_view")) +
                  bar_menu_w(L(S_menu_classroom, "menu_classroom")) + bar_menu_w(L(S_cls_copy_link, "copy_link")) +
                  bar_menu_w(L(S_menu_help, "menu_help")) + bar_text_w(fps) + (ips[0] ? bar_text_w(ips) + bar_sep_w() : 0);
    if (!ui().copy_note.empty()) menus += bar_text_w(ui().copy_note.c_str());
    float sub = bar_text_w(tr(S_app_subtitle));
    if (fixed + menus + sub <= width) return 0;
    return fixed + menus <= width ? 1 : 2;
}

// The menus and figures in one menu, for a bar too narrow for them side by side.
void folded_menus(AppState& a) {
    bool open = ImGui::BeginMenu(L(S_menu_more, "menu_more"));
    float x0 = ImGui::GetItemRectMin().x, x1 = ImGui::GetItemRectMax().x;
    if (!open && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S_menu_more_tip));
    for (const char* id : {"language", "view", "classroom", "copy_link", "help", "fps"}) header_folded_item(id, x0, x1);
    if (!open) return;
    header_fold_open(true);
    language_menu();
    draw_classroom_menus(a);
    header_fold_open(false);
    char fps[48], ips[48];
    header_numbers(a, fps, ips, sizeof fps);
    ImGui::Separator();
    ImGui::TextDisabled("%s", fps);
    if (ips[0]) ImGui::TextDisabled("%s", ips);
    ImGui::EndMenu();
}
} // namespace

void draw_header(AppState& a) {
    if (!ImGui::BeginMainMenuBar()) return;
    bool thr = std::string(a.flavour) == "threads";
    const char* build = thr ? tr(S_build_threads) : tr(S_build_single);
    int level = header_fold_level(a, ImGui::GetIO().DisplaySize.x, build);
    ImGui::TextColored(ImVec4(1, 1, 1, 1), "%s", tr(S_app_title));
    header_item("title");
    if (level == 0) ImGui::TextDisabled("%s", tr(S_app_subtitle));
    ImGui::Separator();
    if (level < 2) {
        language_menu();
        draw_classroom_menus(a);  // View, Classroom, Copy link, Help (classroom.cpp)
    } else {
        folded_menus(a);
    }
    ImGui::Separator();
    ImGui::TextColored(thr ? ImVec4(0.34f, 0.71f, 0.91f, 1) : ImVec4(0.9f, 0.62f, 0, 1), "%s", build);
    header_item("build");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", thr ? tr(S_build_threads_tip) : tr(S_build_single_tip));
    ImGui::Separator();
    ImGui::Text("%s", status_text(a.snap->status));
    header_item("status");
    if (level < 2) {
        char fps[48], ips[48];
        header_numbers(a, fps, ips, sizeof fps);
        ImGui::Separator();
        ImGui::TextUnformatted(fps);
        header_item("fps");
        if (ips[0]) ImGui::Separator(), ImGui::TextUnformatted(ips);
    }
    ImGui::EndMainMenuBar();
    a.panel_rect[5] = {0, 0, ImGui::GetIO().DisplaySize.x, ImGui::GetFrameHeight()};
}

void draw_mark(ImDrawList* dl, ImVec2 c, float r, bool correct) {
    if (correct) {
        dl->AddCircleFilled(c, r, kBlue);
        ImVec2 a(c.x - r * 0.5f, c.y), b(c.x - r * 0.1f, c.y + r * 0.45f), d(c.x + r * 0.55f, c.y - r * 0.45f);
        dl->AddLine(a, b, IM_COL32(20, 20, 20, 255), 2.0f);
        dl->AddLine(b, d, IM_COL32(20, 20, 20, 255), 2.0f);
    } else {
        dl->AddRectFilled(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), kOrange, 2.0f);
        float q = r * 0.5f;
        dl->AddLine(ImVec2(c.x - q, c.y - q), ImVec2(c.x + q, c.y + q), IM_COL32(20, 20, 20, 255), 2.0f);
        dl->AddLine(ImVec2(c.x - q, c.y + q), ImVec2(c.x + q, c.y - q), IM_COL32(20, 20, 20, 255), 2.0f);
    }
}

void plot(const char* id, const std::vector<Series>& series, ImVec2 size, float x_max, float y_min_fixed,
          float y_max_fixed, const char* x_label) {
    if (!x_label) x_label = tr(S_plot_epoch);
    ImGui::PushID(id);
    ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("plot", size);
    bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float left = 40, bottom = 16, right = 8;
    // The legend along the top, in as many rows as the width needs (nothing cut at its edge).
    const float lh = ImGui::GetTextLineHeight();
    std::vector<ImVec2> lpos;
    float lx = p0.x + left, ly = p0.y + 1;
    for (const auto& s : series) {
        float w = 22 + ImGui::CalcTextSize(s.label).x;
        if (lx > p0.x + left && lx + w - 9 > p0.x + size.x - right) lx = p0.x + left, ly += lh;
        lpos.push_back(ImVec2(lx, ly));
        lx += w;
    }
    const float top = ly - p0.y + lh;
    ImVec2 a(p0.x + left, p0.y + top), b(p0.x + size.x - right, p0.y + size.y - bottom);
    dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), IM_COL32(25, 27, 32, 255), 3);

    float ymin = INFINITY, ymax = -INFINITY;
    for (const auto& s : series)
        for (float v : *s.y)
            if (std::isfinite(v)) ymin = std::min(ymin, v), ymax = std::max(ymax, v);
    if (!std::isfinite(ymin)) ymin = 0, ymax = 1;
    if (std::isfinite(y_min_fixed)) ymin = y_min_fixed;
    if (std::isfinite(y_max_fixed)) ymax = y_max_fixed;
    if (ymax - ymin < 1e-6f) ymax = ymin + 1;
    float pad = (ymax - ymin) * 0.05f;
    if (!std::isfinite(y_min_fixed)) ymin -= pad;
    if (!std::isfinite(y_max_fixed)) ymax += pad;
    x_max = std::max(x_max, 1.0f);
    auto X = [&](float x) { return a.x + (b.x - a.x) * (x / x_max); };
    auto Y = [&](float y) { return b.y - (b.y - a.y) * ((y - ymin) / (ymax - ymin)); };

    // Grid and axis labels: up to 4 horizontal lines (fewer on a short plot, so that their
    // labels never overlap), a vertical one per epoch (or 5).
    char buf[32];
    const int ylines = std::clamp((int)((b.y - a.y) / (lh * 1.1f)), 1, 4);
    for (int i = 0; i <= ylines; i++) {
        float v = ymin + (ymax - ymin) * i / ylines;
        float y = Y(v);
        dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), IM_COL32(60, 63, 70, 255));
        snprintf(buf, sizeof buf, "%.2f", v);
        dl->AddText(ImVec2(p0.x + 2, y - lh / 2), IM_COL32(150, 150, 150, 255), buf);
    }
    int xstep = std::max(1, (int)std::ceil(x_max / 10));
    for (int e = 0; e <= (int)x_max; e += xstep) {
        float x = X((float)e);
        dl->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), IM_COL32(50, 53, 60, 255));
        snprintf(buf, sizeof buf, "%d", e);
        dl->AddText(ImVec2(x - 3, b.y + 1), IM_COL32(150, 150, 150, 255), buf);
    }
    // The axis name above the axis at its right end (the tick labels below it would overlap).
    dl->AddText(ImVec2(b.x - ImGui::CalcTextSize(x_label).x - 2, b.y - ImGui::GetTextLineHeight() - 1), IM_COL32(120, 120, 120, 255),
                x_label);

    // Series, clipped to the plot area
    dl->PushClipRect(ImVec2(a.x - 4, a.y - 4), ImVec2(b.x + 4, b.y + 4), true);
    for (const auto& s : series) {
        const auto& ys = *s.y;
        size_t n = ys.size();
        if (!n) continue;
        // Long series: at most ~2 points per pixel.
        size_t stride = std::max<size_t>(1, n / (size_t)std::max(1.0f, (b.x - a.x) * 2));
        ImVec2 prev;
        bool have = false;
        for (size_t i = 0; i < n; i += stride) {
            float xv = s.x ? (*s.x)[i] : (float)(i + 1);
            if (!std::isfinite(ys[i])) { have = false; continue; }
            ImVec2 q(X(xv), Y(ys[i]));
            if (have) dl->AddLine(prev, q, s.color, s.points ? 2.0f : 1.5f);
            if (s.points) dl->AddCircleFilled(q, 3, s.color);
            prev = q;
            have = true;
        }
    }
    dl->PopClipRect();

    for (size_t i = 0; i < series.size(); i++) {
        ImVec2 q = lpos[i];
        dl->AddRectFilled(ImVec2(q.x, q.y + lh / 2 - 3), ImVec2(q.x + 10, q.y + lh / 2 + 3), series[i].color);
        dl->AddText(ImVec2(q.x + 13, q.y), IM_COL32(210, 210, 210, 255), series[i].label);
    }

    // Hover: value of each series nearest to the mouse's x
    if (hovered) {
        float mx = (ImGui::GetIO().MousePos.x - a.x) / (b.x - a.x) * x_max;
        ImGui::BeginTooltip();
        ImGui::Text("%s %.2f", x_label, mx);
        for (const auto& s : series) {
            const auto& ys = *s.y;
            if (ys.empty()) continue;
            size_t best = 0;
            float bd = INFINITY;
            for (size_t i = 0; i < ys.size(); i++) {
                float xv = s.x ? (*s.x)[i] : (float)(i + 1);
                if (std::fabs(xv - mx) < bd) bd = std::fabs(xv - mx), best = i;
            }
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(s.color), "%s: %.4f", s.label, ys[best]);
        }
        ImGui::EndTooltip();
    }
    ImGui::PopID();
}

} // namespace app
