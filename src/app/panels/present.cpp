// present.cpp — presentation mode (see present.h): which target is shown, the scale that makes
// it big yet lets it fit, the slim bar, and putting the page back as it was on exit.
// It never draws a panel itself: the panels and the lab place their windows through it.
#include "app/panels/present.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/gfx/style.h"
#include "app/lab/teach.h"
#include "app/panels/classroom.h"
#include "app/panels/layout.h"
#include "app/panels/panels.h"
#include "app/session/i18n.h"
#include "imgui.h"

namespace app {
namespace {

// After the lab's tabs, the panels in the order a lesson meets them.
constexpr int kPanelOrder[] = {PanelModel, PanelData, PanelTrain, PanelPredictions, PanelInside};
constexpr int kPanelTargets = sizeof kPanelOrder / sizeof kPanelOrder[0];

// The smallest logical display (in the page's pixels at the chosen scale) a target is laid out
// on: a full-screen panel or lab tab shows everything at this size, so the presentation scale
// is as large as the screen allows above it.
constexpr float kMinW = 800, kMinH = 450;
constexpr float kMaxScale = 3.0f;

struct Saved {
    bool open[PanelCount] = {};
    int tab = 0;
    float scale = 1;
    float rect[PanelLab][4] = {};  // each open panel's window, at the user's scale
};

struct Present {
    int index = -1;
    Saved saved;
    int restore_frames = 0;        // frames left in which the panels go back to saved.rect
    int shown = -1;                // the target drawn in the last frame
    PresentBar bar;
} g;

void remember_item(float* r) {
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    r[0] = a.x, r[1] = a.y, r[2] = b.x - a.x, r[3] = b.y - a.y;
}

int panel_of(int i) { return i >= TabCount ? kPanelOrder[i - TabCount] : -1; }

// Large, yet the target keeps the logical display it needs; a step of 0.05 so that a window
// a pixel smaller does not change it.
float fit_scale(float css_w, float css_h) {
    float s = std::min(css_w / kMinW, css_h / kMinH);
    s = std::floor(s * 20) / 20;
    // Always above the user's own scale: presenting that is no bigger would not be presenting.
    s = std::max(s, g.saved.scale * 1.2f);
    return std::min(s, kMaxScale);
}

// The area under the bar.
void full_rect(ImVec2* pos, ImVec2* size) {
    ImVec2 d = ImGui::GetIO().DisplaySize;
    float bar = ImGui::GetFrameHeight();
    *pos = ImVec2(0, bar);
    *size = ImVec2(d.x, d.y - bar);
}

void save_page() {
    AppState& a = app_state();
    UiState& u = ui();
    for (int i = 0; i < PanelLab; i++) {
        g.saved.open[i] = u.open[i];
        const AppState::Rect& r = a.panel_rect[i];  // empty for a closed panel
        g.saved.rect[i][0] = r.x, g.saved.rect[i][1] = r.y, g.saved.rect[i][2] = r.w, g.saved.rect[i][3] = r.h;
    }
    g.saved.open[PanelLab] = teach_state().open;
    g.saved.tab = teach_state().tab;
    g.saved.scale = u.scale;
}

} // namespace

int present_count() { return TabCount + kPanelTargets; }

const char* present_id(int i) {
    static const char* const lab[TabCount] = {"lab-conv", "lab-filter", "lab-pool", "lab-stride",
                                              "lab-relu", "lab-dense", "lab-arch", "lab-keras",
                                              "lab-concepts"};
    if (i < 0 || i >= present_count()) return "";
    return i < TabCount ? lab[i] : kPanelIds[panel_of(i)];
}

int present_find(const std::string& id) {
    for (int i = 0; i < present_count(); i++)
        if (id == present_id(i)) return i;
    return -1;
}

const char* present_window(int i) {
    if (i < 0 || i >= present_count()) return "";
    return panel_window_id(i < TabCount ? PanelLab : (Panel)panel_of(i));
}

bool present_on() { return g.index >= 0; }
int present_index() { return g.index; }
float present_user_scale() { return present_on() ? g.saved.scale : ui().scale; }
bool present_user_open(int panel) {
    if (!present_on()) return panel == PanelLab ? teach_state().open : ui().open[panel];
    return g.saved.open[panel];
}
int present_lab_tab() { return g.index >= 0 && g.index < TabCount ? g.index : -1; }

void present_enter(int index) {
    if (index < 0 || index >= present_count()) return;
    if (!present_on()) save_page();
    g.index = index;
    g.shown = -1;
    g.restore_frames = 0;
}

void present_exit() {
    if (!present_on()) return;
    UiState& u = ui();
    TeachState& t = teach_state();
    for (int i = 0; i < PanelLab; i++) u.open[i] = g.saved.open[i];
    t.open = g.saved.open[PanelLab];
    t.tab = g.saved.tab;
    t.tab_from_api = true;  // the tab bar shows the saved tab again
    u.reopen_lab = false;
    u.scale = g.saved.scale;
    g.index = -1;
    g.restore_frames = 2;  // the scale comes back in the next frame, the places with it
}

void present_step(int d) {
    if (!present_on()) return;
    int n = present_count();
    present_enter(((g.index + d) % n + n) % n);
}

void present_before_frame() {
    if (g.restore_frames > 0) g.restore_frames--;
    if (!present_on()) return;
    UiState& u = ui();
    TeachState& t = teach_state();
    // The target's window was closed by its own close button: that ends the presentation.
    int p = panel_of(g.index);
    bool closed = p >= 0 ? !u.open[p] : (!t.open && !u.reopen_lab);
    if (g.shown == g.index && closed) {
        present_exit();
        return;
    }
    g.shown = g.index;
    for (int i = 0; i < PanelLab; i++) u.open[i] = i == p;
    if (p >= 0) t.open = false, u.reopen_lab = false;
    else if (!u.reopen_lab) t.open = true, t.tab = g.index;
    ImVec2 d = ImGui::GetIO().DisplaySize;
    if (d.x > 0 && d.y > 0) u.scale = fit_scale(d.x * style_scale(), d.y * style_scale());
}

bool present_place(int panel) {
    if (present_on()) {
        ImVec2 pos, size;
        full_rect(&pos, &size);
        ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
        ImGui::SetNextWindowSize(size, ImGuiCond_Always);
        return true;
    }
    if (g.restore_frames <= 0 || panel < 0 || panel >= PanelLab) return false;
    const float* r = g.saved.rect[panel];
    if (r[2] <= 0 || r[3] <= 0) return false;  // closed before: its first place, as usual
    ImGui::SetNextWindowPos(ImVec2(r[0], r[1]), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(r[2], r[3]), ImGuiCond_Always);
    return true;
}

bool present_place_lab() { return present_lab_tab() >= 0 && present_place(-1); }

void draw_present_bar() {
    if (!ImGui::BeginMainMenuBar()) return;
    int i = g.index;
    bool prev = ImGui::Button(L(S_pr_prev, "present_prev"));
    remember_item(g.bar.prev);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S_pr_prev_tip));
    bool next = ImGui::Button(L(S_pr_next, "present_next"));
    remember_item(g.bar.next);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S_pr_next_tip));
    static const Str panel_names[PanelLab] = {S_view_data, S_view_model, S_view_train, S_view_predictions, S_view_inside};
    std::string name = i < TabCount ? fmt_tr(S_pr_lab_target, tr(kTeachTabNames[i])) : tr(panel_names[panel_of(i)]);
    char count[32];
    snprintf(count, sizeof count, "%d / %d", i + 1, present_count());
    const char* exit = L(S_pr_exit, "present_exit");
    // The bar's own padding on the right as on the left (ImGui's menu bar keeps a margin there).
    float exit_w = button_w(exit) + ImGui::GetStyle().ItemSpacing.x + ImGui::GetStyle().WindowPadding.x * 2;
    float room = ImGui::GetWindowWidth() - ImGui::GetCursorPosX() - exit_w - ImGui::CalcTextSize(count).x -
                 ImGui::GetStyle().ItemSpacing.x * 3;
    ImVec2 at = ImGui::GetCursorScreenPos();
    fit_text(ImGui::GetWindowDrawList(), ImVec2(at.x, at.y + ImGui::GetStyle().FramePadding.y), room, ImGui::GetColorU32(ImGuiCol_Text), name.c_str(), "present_name");
    ImGui::Dummy(ImVec2(std::max(room, 1.0f), ImGui::GetFontSize()));
    ImGui::SameLine();
    ImGui::TextDisabled("%s", count);
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowWidth() - exit_w));
    bool leave = ImGui::Button(exit);
    remember_item(g.bar.exit);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S_pr_exit_tip));
    ImGui::EndMainMenuBar();
    // After the bar is drawn: a step changes the name and count it shows.
    if (prev) present_step(-1);
    if (next) present_step(+1);
    if (leave) present_exit();
}

const PresentBar& present_bar() { return g.bar; }

} // namespace app
