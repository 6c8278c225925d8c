// panel_train.cpp — the Train window: optimizer and its settings, Start / Pause / Step /
// Reset, progress (epoch, batch, images/s, time left) and the tutorial's two plots, live:
// loss and accuracy per epoch for training and validation, plus the smoothed batch loss and
// accuracy (from the first batch on).
// Settings change only through app_try_settings: a refused value is shown, never clamped.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "app/panels/classroom.h"
#include "app/panels/panels.h"
#include "app/panels/layout.h"
#include "app/session/notes_text.h"
#include "app/session/settings_text.h"
#include "core/settings.h"

namespace app {

static void fmt_time(double s, char* buf, size_t n) {
    int t = (int)std::lround(s);
    if (t >= 3600) snprintf(buf, n, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
    else snprintf(buf, n, "%d:%02d", t / 60, t % 60);
}

// ------------------------------------------------------------------ settings
// The latest refusal, shown under the settings until a value is accepted. Kept as codes and
// numbers so it follows a change of language.
struct Refusal {
    bool on = false;
    cnn::SettingProblem problem;
};
static Refusal& refusal() {
    static Refusal r;
    return r;
}

// Every change the panel makes goes through app_try_settings: nothing out of range is
// applied, nothing is clamped.
static void try_field(AppState& a, cnn::Setting f, double v) {
    cnn::TrainSettings s = a.hyper;
    Refusal& r = refusal();
    r.on = !cnn::set_setting(s, f, v, &r.problem, app_max_threads(a));
    if (r.on) return;
    std::vector<cnn::SettingProblem> problems = app_try_settings(a, s);
    r.on = !problems.empty();
    if (r.on) r.problem = problems[0];
}

// A number field that keeps what is typed while it has focus and checks it when editing
// ends (Enter or focus lost); a refused value goes back to the one in use.
static void number_field(AppState& a, cnn::Setting f, Str label, float width) {
    static double edit[cnn::kSettingCount];
    static bool editing[cnn::kSettingCount];
    int i = (int)f;
    if (!editing[i]) edit[i] = cnn::get_setting(a.hyper, f);
    ImGui::SetNextItemWidth(width);
    ImGui::InputDouble(L(label, cnn::setting_key(f)), &edit[i], 0, 0, f == cnn::Setting::Lr ? "%.6g" : "%.0f");
    editing[i] = ImGui::IsItemActive();
    if (ImGui::IsItemDeactivatedAfterEdit()) try_field(a, f, edit[i]);
}

// The batch size: typed, or picked from the usual sizes.
static void batch_field(AppState& a) {
    number_field(a, cnn::Setting::Batch, S_batch, 40);
    ImGui::SameLine(0, 2);
    if (ImGui::BeginCombo("##batch_pick", nullptr, ImGuiComboFlags_NoPreview)) {
        for (int b : {8, 16, 32, 64, 128, 256}) {
            char t[8];
            snprintf(t, sizeof t, "%d", b);
            if (ImGui::Selectable(t, b == a.hyper.batch)) try_field(a, cnn::Setting::Batch, b);
        }
        ImGui::EndCombo();
    }
}

static void draw_settings(AppState& a, const Snapshot& s) {
    // Classroom mode may hide the optimizer and hyperparameters, and the seed (classroom.h).
    const bool show_hyper = !ui_hides(HideHyper), show_seed = !ui_hides(HideSeed);
    if (show_hyper) {
        const char* opts[2] = {tr(S_opt_adam), tr(S_opt_sgd)};
        int kind = (int)a.hyper.optimizer;
        ImGui::SetNextItemWidth(62);
        if (ImGui::Combo(L(S_optimizer, "optimizer"), &kind, opts, 2)) try_field(a, cnn::Setting::Optimizer, kind);
        beside_if_fits(labeled_w(70, tr(S_lr)));  // a narrow window stacks the fields (layout.h)
        number_field(a, cnn::Setting::Lr, S_lr, 70);
        beside_if_fits(labeled_w(40 + 2 + ImGui::GetFrameHeight(), tr(S_batch)));
        batch_field(a);
        beside_if_fits(labeled_w(36, tr(S_epochs)));
        number_field(a, cnn::Setting::Epochs, S_epochs, 36);
    }
    if (show_seed) {  // classroom mode may hide the seed on its own
        if (show_hyper) beside_if_fits(labeled_w(36, tr(S_seed)));
        number_field(a, cnn::Setting::Seed, S_seed, 36);
    }
    if (show_hyper && std::string(a.flavour) == "threads") {
        beside_if_fits(labeled_w(24, tr(S_threads)));
        number_field(a, cnn::Setting::Threads, S_threads, 24);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S_threads_tip));
    }
    const Refusal& r = refusal();
    if (r.on) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kVermillion));
        ImGui::TextWrapped("%s", setting_problem_text(r.problem).c_str());
        ImGui::PopStyleColor();
        ImGui::TextDisabled("%s", setting_kept_text(r.problem.field, cnn::get_setting(a.hyper, r.problem.field)).c_str());
    }
    bool pending = s.steps > 0 && (a.hyper.batch != s.hyper.batch || a.hyper.seed != s.hyper.seed);
    if (pending) ImGui::TextDisabled("%s", tr(S_pending_reset));
}

// ------------------------------------------------------------------ controls and status
static void draw_controls(AppState& a, const Snapshot& s) {
    bool running = s.status == Status::Running;
    bool can_train = app_can_train(a);
    ImGui::BeginDisabled(!can_train || running);
    if (ImGui::Button(s.status == Status::Done ? L(S_continue, "start") : L(S_start, "start"))) {
        // Edited rows would replace a trained model: ask first (the Model panel's question).
        if (a.draft_spec != a.applied_spec && app_model_trained(a)) app_ask_model(a, "");
        else app_start(a);
    }
    ImGui::EndDisabled();
    beside_if_fits(button_w(tr(S_pause)));
    ImGui::BeginDisabled(!running);
    if (ImGui::Button(L(S_pause, "pause"))) app_pause(a);
    ImGui::EndDisabled();
    beside_if_fits(button_w(tr(S_step)));
    ImGui::BeginDisabled(!can_train || running);
    if (ImGui::Button(L(S_step, "step"))) app_step(a, 1);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S_step_tip));
    beside_if_fits(button_w(tr(S_step10)));
    if (ImGui::Button(L(S_step10, "step10"))) app_step(a, 10);
    ImGui::EndDisabled();
    beside_if_fits(button_w(tr(S_reset)));
    if (ImGui::Button(L(S_reset, "reset"))) ask_reset(a);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip(tr(S_reset_tip), a.hyper.seed);
    beside_if_fits(ImGui::CalcTextSize(status_text(s.status)).x);
    bool failed = s.status == Status::Error || s.status == Status::Diverged;
    ImU32 sc = failed ? kVermillion : running ? kGreen : IM_COL32(200, 200, 200, 255);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(sc), "%s", status_text(s.status));
}

// The loss became NaN/inf: say where, that the last good weights are back, and offer to go
// on from them more gently, or to start over.
static void draw_divergence(AppState& a, const Snapshot& s) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kVermillion));
    ImGui::TextWrapped(tr(S_div_stopped), s.diverged_epoch, s.diverged_batch);
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", s.message.c_str());
    ImGui::TextWrapped("%s", tr(S_div_restored));
    float lower = std::max((float)cnn::setting_range(cnn::Setting::Lr).min, s.hyper.lr / 10);
    char b[160];
    snprintf(b, sizeof b, tr(S_div_continue), lower);
    strncat(b, "###div_continue", sizeof b - strlen(b) - 1);
    if (ImGui::Button(b)) {
        try_field(a, cnn::Setting::Lr, lower);
        app_start(a);
    }
    ImGui::SameLine();
    if (ImGui::Button(L(S_div_reset, "div_reset"))) ask_reset(a);
}

static void draw_progress(const Snapshot& s) {
    float frac = s.batches_per_epoch ? (float)s.batch / s.batches_per_epoch : 0;
    char over[96];
    int shown_epoch = std::min(s.epoch + 1, std::max(1, s.epochs_total));
    if (s.status == Status::Done) shown_epoch = s.epoch, frac = 1;
    snprintf(over, sizeof over, tr(S_progress), shown_epoch, s.epochs_total, s.batch, s.batches_per_epoch);
    ImGui::ProgressBar(frac, ImVec2(-1, 0), over);
    if (s.status == Status::Done && !s.history.empty()) {  // the speed it had, not 0
        const auto& e = s.history.back();
        ImGui::Text(tr(S_train_line_done), e.images_per_s, e.loss, e.accuracy);
    } else if (s.status == Status::Running) {
        char eta[32] = "-";
        if (s.eta_s > 0) fmt_time(s.eta_s, eta, sizeof eta);
        ImGui::Text(tr(S_train_line), s.images_per_s, eta, s.loss, s.accuracy);
    } else if (s.steps == 0) {  // no speed, loss or accuracy to show yet (not zeros)
        text_disabled_wrapped(tr(S_train_line_none));
    } else {  // stopped: no speed (not "0 images/s"), the last figures
        ImGui::Text(tr(S_train_line_stopped), s.loss, s.accuracy);
    }
    if (!s.history.empty()) {
        const auto& e = s.history.back();
        text_disabled_wrapped(fmt_tr(S_last_epoch, e.epoch, e.loss, e.accuracy, e.val_loss, e.val_accuracy, e.seconds).c_str());
    }
}

// The tutorial's two plots; x in epochs: batch k of an epoch sits at epoch + k/batches_per_epoch.
static void draw_plots(const Snapshot& s) {
    std::vector<float> ex, loss, vloss, acc, vacc, bx;
    for (const auto& e : s.history) {
        ex.push_back((float)e.epoch);
        loss.push_back((float)e.loss);
        vloss.push_back((float)e.val_loss);
        acc.push_back((float)e.accuracy);
        vacc.push_back((float)e.val_accuracy);
    }
    int bpe = std::max(1, s.batches_per_epoch);
    bx.resize(s.batch_loss.size());
    for (size_t i = 0; i < bx.size(); i++) bx[i] = (float)(i + 1) / bpe;
    float xmax = std::max({1.0f, (float)s.epochs_total, bx.empty() ? 0.f : bx.back()});
    ImVec2 avail = ImGui::GetContentRegionAvail();
    float h = std::max(80.0f, (avail.y - 6) / 2);
    plot("loss", {{tr(S_series_batch_loss), &bx, &s.batch_loss, IM_COL32(150, 150, 150, 255), false},
                  {tr(S_series_loss), &ex, &loss, kOrange, true},
                  {tr(S_series_val_loss), &ex, &vloss, kBlue, true}},
         ImVec2(avail.x, h), xmax);
    plot("acc", {{tr(S_series_batch_acc), &bx, &s.batch_acc, IM_COL32(150, 150, 150, 255), false},
                 {tr(S_series_acc), &ex, &acc, kOrange, true}, {tr(S_series_val_acc), &ex, &vacc, kBlue, true}},
         ImVec2(avail.x, h), xmax, 0.0f, NAN);
}

void draw_train_panel(AppState& a) {
    if (!begin_panel(a, PanelTrain)) return;
    const Snapshot& s = *a.snap;
    draw_settings(a, s);
    draw_controls(a, s);
    if (s.status == Status::Diverged) {
        draw_divergence(a, s);
    } else if (!s.message.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kVermillion));
        ImGui::TextWrapped("%s", train_error_text(s).c_str());
        ImGui::PopStyleColor();
    }
    draw_progress(s);
    draw_plots(s);
    ImGui::End();
}

} // namespace app
