// panel_train.cpp — the Train window: optimizer and its settings, Start / Pause / Step /
// Reset, progress (epoch, batch, images/s, time left) and the tutorial's two plots, live:
// loss and accuracy per epoch for training and validation, plus the smoothed batch loss.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "app/panels/classroom.h"
#include "app/panels/panels.h"
#include "app/session/model_text.h"

namespace app {

static void fmt_time(double s, char* buf, size_t n) {
    int t = (int)std::lround(s);
    if (t >= 3600) snprintf(buf, n, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
    else snprintf(buf, n, "%d:%02d", t / 60, t % 60);
}

void draw_train_panel(AppState& a) {
    place_window(2);
    if (!ImGui::Begin(L(S_win_train, "Train"), &ui().open[PanelTrain])) {
        remember_rect(a, 2);
        ImGui::End();
        return;
    }
    remember_rect(a, 2);
    const Snapshot& s = *a.snap;
    bool running = s.status == Status::Running;

    // Settings
    bool hyper_changed = false;
    // Classroom mode may hide the optimizer and hyperparameters, and the seed (classroom.h).
    const bool show_hyper = !ui_hides(HideHyper), show_seed = !ui_hides(HideSeed);
    if (show_hyper) {
        const char* opts[2] = {tr(S_opt_adam), tr(S_opt_sgd)};
        ImGui::SetNextItemWidth(62);
        hyper_changed |= ImGui::Combo(L(S_optimizer, "optimizer"), &a.hyper.optimizer, opts, 2);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(70);
        if (ImGui::InputFloat(L(S_lr, "lr"), &a.hyper.lr, 0, 0, "%.5g", ImGuiInputTextFlags_EnterReturnsTrue)) {
            a.hyper.lr = std::clamp(a.hyper.lr, 1e-6f, 10.0f);
            hyper_changed = true;
        }
        if (ImGui::IsItemDeactivatedAfterEdit()) {
            a.hyper.lr = std::clamp(a.hyper.lr, 1e-6f, 10.0f);
            hyper_changed = true;
        }
        ImGui::SameLine();
        static const int batches[] = {8, 16, 32, 64, 128, 256};
        ImGui::SetNextItemWidth(50);
        char cur[8];
        snprintf(cur, sizeof cur, "%d", a.hyper.batch);
        if (ImGui::BeginCombo(L(S_batch, "batch"), cur)) {
            for (int b : batches) {
                char t[8];
                snprintf(t, sizeof t, "%d", b);
                if (ImGui::Selectable(t, b == a.hyper.batch)) a.hyper.batch = b, hyper_changed = true;
            }
            ImGui::EndCombo();
        }
        ImGui::SetNextItemWidth(36);
        if (ImGui::InputInt(L(S_epochs, "epochs"), &a.hyper.epochs, 0, 0)) a.hyper.epochs = std::clamp(a.hyper.epochs, 1, 1000), hyper_changed = true;
    }
    if (show_seed) {  // classroom mode may hide the seed on its own
        if (show_hyper) ImGui::SameLine();
        ImGui::SetNextItemWidth(36);
        if (ImGui::InputInt(L(S_seed, "seed"), &a.hyper.seed, 0, 0)) a.hyper.seed = std::max(0, a.hyper.seed), hyper_changed = true;
    }
    if (show_hyper && std::string(a.flavour) == "threads") {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(24);
        if (ImGui::InputInt(L(S_threads, "threads"), &a.hyper.threads, 0, 0)) a.hyper.threads = std::clamp(a.hyper.threads, 1, 4), hyper_changed = true;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S_threads_tip));
    }
    if (hyper_changed) app_set_hyper(a);
    bool pending = s.steps > 0 && (a.hyper.batch != s.hyper.batch || a.hyper.seed != s.hyper.seed);
    if (pending) ImGui::TextDisabled("%s", tr(S_pending_reset));

    // Controls
    bool can_train = app_can_train(a);
    ImGui::BeginDisabled(!can_train || running);
    if (ImGui::Button(s.status == Status::Done ? L(S_continue, "start") : L(S_start, "start"))) app_start(a);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!running);
    if (ImGui::Button(L(S_pause, "pause"))) app_pause(a);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!can_train || running);
    if (ImGui::Button(L(S_step, "step"))) app_step(a, 1);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S_step_tip));
    ImGui::SameLine();
    if (ImGui::Button(L(S_step10, "step10"))) app_step(a, 10);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(L(S_reset, "reset"))) app_reset(a);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip(tr(S_reset_tip), a.hyper.seed);
    ImGui::SameLine();
    bool failed = s.status == Status::Error || s.status == Status::Diverged;
    ImU32 sc = failed ? kVermillion : running ? kGreen : IM_COL32(200, 200, 200, 255);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(sc), "%s", status_text(s.status));
    if (s.status == Status::Diverged) {
        // The loss became NaN/inf: say where, that the last good weights are back, and offer
        // to go on from them more gently, or to start over.
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kVermillion));
        ImGui::TextWrapped(tr(S_div_stopped), s.diverged_epoch, s.diverged_batch);
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", s.message.c_str());
        ImGui::TextWrapped("%s", tr(S_div_restored));
        float lower = std::max(1e-6f, s.hyper.lr / 10);
        char b[160];
        snprintf(b, sizeof b, tr(S_div_continue), lower);
        strncat(b, "###div_continue", sizeof b - strlen(b) - 1);
        if (ImGui::Button(b)) {
            a.hyper.lr = lower;
            app_set_hyper(a);
            app_start(a);
        }
        ImGui::SameLine();
        if (ImGui::Button(L(S_div_reset, "div_reset"))) app_reset(a);
    } else if (!s.message.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kVermillion));
        if (s.problem) ImGui::TextWrapped(tr(S_model_cant_train), model_error_text(s.problem).c_str());
        else ImGui::TextWrapped(tr(S_train_message), s.message.c_str());  // the engine's English, with a lead-in
        ImGui::PopStyleColor();
    }

    // Progress
    float frac = s.batches_per_epoch ? (float)s.batch / s.batches_per_epoch : 0;
    char over[96];
    int shown_epoch = std::min(s.epoch + 1, std::max(1, s.epochs_total));
    if (s.status == Status::Done) shown_epoch = s.epoch, frac = 1;
    snprintf(over, sizeof over, tr(S_progress), shown_epoch, s.epochs_total, s.batch, s.batches_per_epoch);
    ImGui::ProgressBar(frac, ImVec2(-1, 0), over);
    char eta[32] = "-";
    if (s.eta_s > 0) fmt_time(s.eta_s, eta, sizeof eta);
    ImGui::Text(tr(S_train_line), s.images_per_s, running ? eta : "-", s.loss, s.accuracy);
    if (!s.history.empty()) {
        const auto& e = s.history.back();
        ImGui::TextDisabled(tr(S_last_epoch), e.epoch, e.loss,
                            e.accuracy, e.val_loss, e.val_accuracy, e.seconds);
    }

    // Plots (x in epochs: batch k of an epoch sits at epoch + k/batches_per_epoch)
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
    plot("acc", {{tr(S_series_acc), &ex, &acc, kOrange, true}, {tr(S_series_val_acc), &ex, &vacc, kBlue, true}}, ImVec2(avail.x, h),
         xmax, 0.0f, NAN);
    ImGui::End();
}

} // namespace app
