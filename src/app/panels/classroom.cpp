// classroom.cpp — classroom mode: link <-> the page's setup, the header bar's View / Classroom /
// Help menus and "Copy link", hidden control groups, UI scale and theme, keyboard shortcuts,
// the help panel, the bad-link notice and the reset confirmation (see classroom.h).
#include "app/panels/classroom.h"

#include <SDL.h>

#include <algorithm>
#include <cstdio>

#include "app/web/api.h"
#include "core/model.h"
#include "app/session/i18n.h"
#include "app/session/model_text.h"
#include "app/session/settings_text.h"
#include "imgui.h"
#include "app/panels/panels.h"
#include "app/panels/layout.h"
#include "app/panels/present.h"
#include "app/gfx/style.h"
#include "app/lab/teach.h"

namespace app {

UiState& ui() {
    static UiState u;
    return u;
}

bool ui_hides(unsigned group) { return ui().classroom && (ui().hide & group); }

// ------------------------------------------------------------------ settings <-> app
static LinkSettings default_settings() {
    LinkSettings d;
    d.model = cnn::kTutorialModel;  // d.train: the page's default settings
    return d;
}

LinkSettings current_settings(const AppState& a) {
    const UiState& u = ui();
    LinkSettings s;
    s.model = a.draft_error.empty() ? a.draft_spec : a.applied_spec;
    s.train = a.hyper;
    s.train_n = a.data.train_limit, s.test_n = a.data.test_limit;
    for (int i = 0; i < PanelCount; i++) s.panels[i] = present_user_open(i);  // not the presentation's
    s.lang = lang();
    s.scale = present_user_scale();  // not the presentation's
    s.contrast = u.contrast;
    s.classroom = u.classroom;
    s.hide = u.hide;
    return s;
}

// Applies s to the page; returns what could not be applied (the model, when the page refuses it).
static std::vector<LinkProblem> apply_settings(AppState& a, const LinkSettings& s) {
    std::vector<LinkProblem> out;
    UiState& u = ui();
    app_pause(a);  // a link never starts training, and stops one that runs
    cnn::TrainSettings train = s.train;
    train.threads = a.hyper.threads;  // the machine's, not the link's
    for (const cnn::SettingProblem& p : app_try_settings(a, train))
        out.push_back({cnn::setting_key(p.field), cnn::format_setting(p.field, p.value), setting_problem_text(p)});
    std::string spec = s.model.empty() ? cnn::kTutorialModel : s.model;
    std::string err = app_set_model(a, spec);  // fresh weights from the seed above
    if (!err.empty()) {
        // In the page's language: why it does not read or classify, else (memory) the rows' error.
        std::string said = link_model_error(spec);
        if (said.empty()) said = model_error_text(a.draft_problem);
        char why[512];
        snprintf(why, sizeof why, tr(S_link_bad_model), said.c_str());
        out.push_back({"model", spec, why});
        app_set_model(a, cnn::kTutorialModel);
    }
    app_set_subset(a, s.train_n, s.test_n);
    for (int i = 0; i < PanelLab; i++) u.open[i] = s.panels[i];
    teach_state().open = s.panels[PanelLab];
    if (s.lang >= 0) apply_lang(s.lang);  // the page's title too; not remembered as the user's choice
    u.scale = s.scale;
    u.contrast = s.contrast;
    u.classroom = s.classroom;
    u.hide = s.hide;
    return out;
}

LinkParse open_link(AppState& a, const std::string& fragment) {
    LinkParse p = parse_link(fragment, default_settings());
    UiState& u = ui();
    if (p.empty) return p;
    std::vector<LinkProblem> more = apply_settings(a, p.settings);
    p.problems.insert(p.problems.end(), more.begin(), more.end());
    u.link_opened = !p.rejected;
    u.notice = p.problems;
    u.notice_open = !p.problems.empty();
    return p;
}

void classroom_init(AppState& a) {
    std::string h = js_location_hash();
    if (!h.empty()) open_link(a, h);
}

void copy_link(AppState& a) {
    js_copy_link(make_link(current_settings(a)));
    ui().copy_note = tr(S_cls_copied);
    ui().copy_note_at = ImGui::GetTime();
}

// ------------------------------------------------------------------ frame hooks
void classroom_before_frame() {
    UiState& u = ui();
    if (u.reopen_lab) teach_state().open = true, u.reopen_lab = false;
    if (u.scale != style_scale() || u.contrast != style_high_contrast()) {
        if (u.scale != style_scale()) {
            // The panels are placed again for the new logical display; the lab (placed when it
            // appears) is closed for one frame so that it appears again.
            u.relayout = true;
            if (teach_state().open) teach_state().open = false, u.reopen_lab = true;
        }
        apply_style(u.scale, u.contrast);
        u.scale = style_scale();  // clamped
    }
}

// ------------------------------------------------------------------ keyboard
namespace {
struct Key { int sc, mods; bool repeat; };
std::vector<Key> g_keys;

void next_image(AppState& a, int d) {
    const auto& set = a.sel_set == 0 ? a.data.train : a.data.test;
    if (!set || set->size() == 0) return;
    int n = set->size();
    app_select_image(a, a.sel_set, ((a.sel_image + d) % n + n) % n);
}

// One step of the Convolution lab's animation on the tab shown (step-by-step, pooling, stride).
void lab_step(AppState& a, int d) {
    TeachState& t = teach_state();
    if (!t.open) return;
    if (t.tab == TabConv) {
        teach_update_conv(a, t);
        t.conv_anim.playing = false;
        t.conv_anim.t += d;
        t.conv_anim.clamp(t.steps ? t.steps->num_steps() : 0);
    } else if (t.tab == TabPool) {
        teach_update_pool(a, t);
        t.pool_anim.playing = false;
        t.pool_anim.t += d;
        t.pool_anim.clamp(t.pool_steps ? t.pool_steps->num_steps() : 0);
    } else if (t.tab == TabStride) {
        t.stride_anim.playing = false;
        t.stride_anim.t = std::max(0, t.stride_anim.t + d);  // the view clamps to its step count
    }
}
} // namespace

void classroom_key(int scancode, int mods, bool repeat) { g_keys.push_back({scancode, mods, repeat}); }

void handle_shortcuts(AppState& a) {
    std::vector<Key> keys;
    keys.swap(g_keys);
    UiState& u = ui();
    if (ImGui::GetIO().WantTextInput) return;  // typing into a field
    for (const Key& k : keys) {
        bool shift = k.mods & KMOD_SHIFT;
        if (k.mods & (KMOD_CTRL | KMOD_ALT | KMOD_GUI)) continue;  // the browser's shortcuts
        if (u.confirm_reset) {
            if (k.sc == SDL_SCANCODE_RETURN || k.sc == SDL_SCANCODE_KP_ENTER || k.sc == SDL_SCANCODE_R ||
                k.sc == SDL_SCANCODE_Y) {
                app_reset(a);
                u.confirm_reset = false;
            } else if (k.sc == SDL_SCANCODE_S) {  // save first, then reset
                app_save_model(a), app_reset(a);
                u.confirm_reset = false;
            } else if (k.sc == SDL_SCANCODE_ESCAPE || k.sc == SDL_SCANCODE_N) {
                u.confirm_reset = false;
            }
            continue;
        }
        bool running = a.snap && a.snap->status == Status::Running;
        switch (k.sc) {
        case SDL_SCANCODE_SPACE:
            if (k.repeat) break;
            if (running) app_pause(a);
            else if (app_can_train(a)) app_start(a);
            break;
        case SDL_SCANCODE_S:
            if (!running && app_can_train(a)) app_step(a, 1);
            break;
        case SDL_SCANCODE_R:
            if (k.repeat) break;
            if (shift) app_reset(a);
            else ask_reset(a);
            break;
        case SDL_SCANCODE_RIGHT:
        case SDL_SCANCODE_N: next_image(a, +1); break;
        case SDL_SCANCODE_LEFT:
        case SDL_SCANCODE_P: next_image(a, -1); break;
        case SDL_SCANCODE_PERIOD: lab_step(a, +1); break;
        case SDL_SCANCODE_COMMA: lab_step(a, -1); break;
        case SDL_SCANCODE_F:
            if (k.repeat) break;
            if (present_on()) present_exit();
            else present_enter(0);
            break;
        case SDL_SCANCODE_PAGEDOWN: present_step(+1); break;  // what a presenter's clicker sends
        case SDL_SCANCODE_PAGEUP: present_step(-1); break;
        case SDL_SCANCODE_F1: u.help = !u.help; break;
        case SDL_SCANCODE_SLASH:
            if (shift) u.help = !u.help;  // '?'
            break;
        case SDL_SCANCODE_ESCAPE:
            if (u.notice_open) u.notice_open = false;
            else if (u.help) u.help = false;
            else present_exit();
            break;
        default: break;
        }
    }
}

// ------------------------------------------------------------------ header bar
void draw_classroom_menus(AppState& a) {
    UiState& u = ui();
    if (ImGui::BeginMenu(L(S_menu_view, "menu_view"))) {
        static const Str names[PanelLab] = {S_view_data, S_view_model, S_view_train, S_view_predictions, S_view_inside};
        for (int i = 0; i < PanelLab; i++) ImGui::MenuItem(tr(names[i]), nullptr, &u.open[i]);
        bool lab = teach_state().open;
        if (ImGui::MenuItem(tr(S_view_lab), nullptr, &lab)) teach_state().open = lab;
        ImGui::MenuItem(tr(S_view_picture), nullptr, &u.picture_open);
        ImGui::Separator();
        ImGui::TextDisabled("%s", tr(S_view_scale));
        for (float s : kScales) {
            char b[16];
            snprintf(b, sizeof b, "%g%%", s * 100);
            ImGui::SameLine();
            if (ImGui::RadioButton(b, u.scale == s)) u.scale = s;
        }
        ImGui::Checkbox(tr(S_view_contrast), &u.contrast);
        ImGui::Separator();
        if (ImGui::MenuItem(tr(S_pr_menu), tr(S_key_present))) present_enter(0);
        ImGui::MenuItem(tr(S_help_item), "F1", &u.help);
        ImGui::EndMenu();
    }
    header_item("view");
    // Yellow while classroom mode is on: the teacher sees at once that controls are hidden.
    if (u.classroom) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kYellow));
    bool open = ImGui::BeginMenu(L(S_menu_classroom, "menu_classroom"));
    if (u.classroom) ImGui::PopStyleColor();
    if (open) {
        ImGui::Checkbox(tr(S_cls_mode), &u.classroom);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S_cls_mode_tip));
        ImGui::Separator();
        ImGui::TextDisabled("%s", tr(S_cls_hide_title));
        static const Str names[kHideGroupCount] = {S_hide_model, S_hide_hyper, S_hide_data, S_hide_files, S_hide_seed};
        for (int i = 0; i < kHideGroupCount; i++) ImGui::CheckboxFlags(tr(names[i]), &u.hide, 1u << i);
        ImGui::Separator();
        if (ImGui::MenuItem(tr(S_cls_copy_link))) copy_link(a);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S_cls_copy_tip));
        ImGui::EndMenu();
    }
    header_item("classroom");
    if (ImGui::MenuItem(L(S_cls_copy_link, "copy_link"))) copy_link(a);
    header_item("copy_link");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S_cls_copy_tip));
    if (ImGui::BeginMenu(L(S_menu_help, "menu_help"))) {
        ImGui::MenuItem(tr(S_help_item), "F1", &u.help);
        ImGui::EndMenu();
    }
    header_item("help");
    if (!u.copy_note.empty() && ImGui::GetTime() - u.copy_note_at < 4.0) ImGui::TextColored(ImVec4(0.34f, 0.71f, 0.91f, 1), "%s", u.copy_note.c_str());
}

// ------------------------------------------------------------------ windows
static void help_window() {
    UiState& u = ui();
    if (!u.help) return;
    ImVec2 d = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(d.x * 0.5f, d.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowBgAlpha(1.0f);
    if (ImGui::Begin(L(S_help_title, "help"), &u.help, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse)) {
        struct Row { const char* key; Str action; };
        const Row rows[] = {
            {tr(S_key_space), S_help_start_pause}, {"S", S_help_step},
            {"R", S_help_reset},                    {tr(S_key_arrows_next), S_help_next},
            {tr(S_key_arrows_prev), S_help_prev},   {tr(S_key_lab), S_help_anim},
            {tr(S_key_help), S_help_help},          {tr(S_key_esc), S_help_esc},
            {tr(S_key_present), S_help_present},    {tr(S_key_present_step), S_help_present_step},
        };
        if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit)) {
            ImGui::TableSetupColumn(tr(S_help_key));
            ImGui::TableSetupColumn(tr(S_help_action));
            ImGui::TableHeadersRow();
            for (const Row& r : rows) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kYellow), "%s", r.key);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(tr(r.action));
            }
            ImGui::EndTable();
        }
        ImGui::TextDisabled("%s", tr(S_help_textfield));
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
        ImGui::TextDisabled("%s", tr(S_help_link));
        ImGui::PopTextWrapPos();
    }
    ImGui::End();
}

static void notice_window() {
    UiState& u = ui();
    if (!u.notice_open) return;
    ImVec2 d = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(d.x * 0.5f, ImGui::GetFrameHeight() + 8), ImGuiCond_Appearing, ImVec2(0.5f, 0));
    ImGui::SetNextWindowBgAlpha(1.0f);
    ImGui::PushStyleColor(ImGuiCol_Border, ImGui::ColorConvertU32ToFloat4(kOrange));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 3.0f);
    bool open = ImGui::Begin(L(S_notice_title, "link_notice"), &u.notice_open,
                             ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    if (open) {
        ImGui::TextUnformatted(tr(S_notice_intro));
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40);
        for (const LinkProblem& p : u.notice) {
            std::string kv = p.key + (p.value.empty() ? "" : "=" + (p.value.size() > 60 ? p.value.substr(0, 57) + "..." : p.value));
            ImGui::Bullet();
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kOrange), "%s", kv.c_str());
            ImGui::SameLine();
            ImGui::TextWrapped("%s", p.why.c_str());
        }
        ImGui::PopTextWrapPos();
        if (ImGui::Button(L(S_notice_ok, "notice_ok"))) u.notice_open = false;
    }
    ImGui::End();
}

void ask_reset(AppState& a) {
    if (app_model_trained(a)) ui().confirm_reset = true;
    else app_reset(a);
}

// Reset's question: what would be lost, then save first (the engine runs the save before the
// reset, in order), reset, or cancel.
static void reset_confirm(AppState& a) {
    UiState& u = ui();
    const char* id = L(S_cls_reset_title, "confirm_reset");
    if (u.confirm_reset && !ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
    bool open = true;
    if (ImGui::BeginPopupModal(id, &open, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
        if (a.snap) ImGui::TextWrapped(tr(S_keep_reset_text), (int)a.snap->history.size(), (long long)a.snap->steps);
        ImGui::TextWrapped(tr(S_cls_reset_text), a.hyper.seed);
        ImGui::PopTextWrapPos();
        if (ImGui::Button(L(S_keep_reset_save, "reset_save"))) app_save_model(a), app_reset(a), u.confirm_reset = false;
        ImGui::SameLine();
        if (ImGui::Button(L(S_cls_reset_yes, "reset_yes"))) app_reset(a), u.confirm_reset = false;
        ImGui::SameLine();
        if (ImGui::Button(L(S_cls_reset_no, "reset_no"))) u.confirm_reset = false;
        if (!open) u.confirm_reset = false;
        if (!u.confirm_reset) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

void draw_classroom_windows(AppState& a) {
    help_window();
    notice_window();
    reset_confirm(a);
    ui().relayout = false;  // the panels were placed again this frame
}

// ------------------------------------------------------------------ panel parts
static bool size_combo(const char* id, int* limit, const int* sizes, int n, int loaded) {
    char cur[24];
    if (*limit == 0) snprintf(cur, sizeof cur, "%s", tr(S_subset_all));
    else snprintf(cur, sizeof cur, "%d", *limit);
    bool changed = false;
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("000000").x + ImGui::GetFrameHeight() + 8);
    if (ImGui::BeginCombo(id, cur)) {
        for (int i = 0; i < n; i++) {
            if (sizes[i] != 0 && loaded > 0 && sizes[i] >= loaded) continue;  // as much as "all"
            char t[24];
            if (sizes[i] == 0) snprintf(t, sizeof t, "%s", tr(S_subset_all));
            else snprintf(t, sizeof t, "%d", sizes[i]);
            if (ImGui::Selectable(t, sizes[i] == *limit)) *limit = sizes[i], changed = true;
        }
        ImGui::EndCombo();
    }
    return changed;
}

void draw_subset_controls(AppState& a) {
    if (ui_hides(HideData)) return;
    static const int train_sizes[] = {0, 500, 1000, 2000, 5000, 10000, 20000};
    static const int test_sizes[] = {0, 100, 200, 500, 1000, 2000, 5000};
    const DataState& D = a.data;
    int all_tr = D.train_all ? D.train_all->size() : 0, all_te = D.test_all ? D.test_all->size() : 0;
    int tr_n = D.train_limit, te_n = D.test_limit;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(S_subset_label));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S_subset_tip));
    const float combo_w = ImGui::CalcTextSize("000000").x + ImGui::GetFrameHeight() + 8;  // size_combo's
    beside_if_fits(labeled_w(combo_w, L(S_subset_train, "subset_train")));
    bool ch = size_combo(L(S_subset_train, "subset_train"), &tr_n, train_sizes, 7, all_tr);
    beside_if_fits(labeled_w(combo_w, L(S_subset_test, "subset_test")));
    ch |= size_combo(L(S_subset_test, "subset_test"), &te_n, test_sizes, 7, all_te);
    if (ch) app_set_subset(a, tr_n, te_n);
    if (D.train_limit || D.test_limit)
        ImGui::TextDisabled(tr(S_subset_using), D.train ? D.train->size() : 0, all_tr, D.test ? D.test->size() : 0, all_te);
}

void draw_model_summary(AppState& a) {
    ImGui::TextDisabled("%s", tr(S_model_readonly));
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                            ImGuiTableFlags_SizingFixedFit;
    float footer = ImGui::GetTextLineHeightWithSpacing() * 2;
    if (ImGui::BeginTable("layers_ro", 3, flags, ImVec2(0, -footer))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(tr(S_cls_col_layer), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn(tr(S_cls_col_shape), ImGuiTableColumnFlags_WidthFixed, 126);
        ImGui::TableSetupColumn(tr(S_cls_col_params), ImGuiTableColumnFlags_WidthFixed, 60);
        ImGui::TableHeadersRow();
        for (const LayerRow& r : a.rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%s  %s", r.name.c_str(), row_spec(r).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.shape.empty() ? "-" : r.shape.c_str());
            ImGui::TableNextColumn();
            if (!r.shape.empty()) ImGui::Text("%zu", r.params);
        }
        ImGui::EndTable();
    }
    ImGui::Text(tr(S_cls_total_params), a.draft_params);
}

} // namespace app
