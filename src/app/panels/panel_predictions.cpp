// panel_predictions.cpp — the Predictions window: test images as "true -> predicted" with the
// top probabilities, wrong ones marked by colour and by a cross (right ones by a check), a
// filter to the wrong ones or one class, a confusion matrix whose cells filter the list when
// clicked, and per-class accuracy.
// Not here: computing the predictions (the Engine does, in its snapshots) or the thumbnails (gfx).
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "app/panels/classroom.h"
#include "app/gfx/textures.h"
#include "app/panels/panels.h"

namespace app {

// Cell [t][q] of the confusion matrix at c0: its count, shaded by the share of class t
// (right answers in blue, wrong ones in orange, three times as strong); a click filters the list.
static void confusion_cell(AppState& a, const Predictions& p, int t, int q, ImVec2 c0, float cell) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const auto& names = a.data.class_names;
    ImVec2 c1(c0.x + cell - 1, c0.y + cell - 1);
    int tot = std::max(1, p.class_total[t]);
    float f = (float)p.confusion[t][q] / tot;
    ImU32 base = t == q ? kBlue : kOrange;
    int alpha = p.confusion[t][q] ? 40 + (int)(215 * std::min(1.0f, f * (t == q ? 1.0f : 3.0f))) : 0;
    dl->AddRectFilled(c0, c1, IM_COL32(40, 43, 50, 255));
    if (alpha) dl->AddRectFilled(c0, c1, (base & 0x00FFFFFF) | ((ImU32)alpha << 24));
    if (a.cm_true == t && a.cm_pred == q) dl->AddRect(c0, c1, kYellow, 0, 0, 2);
    char n[8];
    snprintf(n, sizeof n, "%d", p.confusion[t][q]);
    ImVec2 ts = ImGui::CalcTextSize(n);
    dl->AddText(ImVec2(c0.x + (cell - ts.x) / 2, c0.y + (cell - ts.y) / 2),
                f > 0.5f ? IM_COL32(10, 10, 10, 255) : IM_COL32(230, 230, 230, 255), n);
    ImGui::SetCursorScreenPos(c0);
    ImGui::PushID(t * 10 + q);
    if (ImGui::InvisibleButton("cell", ImVec2(cell - 1, cell - 1))) {
        if (a.cm_true == t && a.cm_pred == q) a.cm_true = a.cm_pred = -1;
        else a.cm_true = t, a.cm_pred = q;
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(tr(S_cm_cell_tip), class_name(names[t]), class_name(names[q]), p.confusion[t][q]);
    ImGui::PopID();
}

static void confusion_matrix(AppState& a, const Predictions& p) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const auto& names = a.data.class_names;
    const float cell = 25, acc_w = 86;
    float label_w = 0;  // the widest class name
    for (int t = 0; t < 10; t++) label_w = std::max(label_w, ImGui::CalcTextSize(class_name(names[t])).x);
    label_w = std::max(76.0f, label_w + 8);
    ImVec2 o = ImGui::GetCursorScreenPos();
    float head = 16;
    // Column heads: predicted class, 3 letters
    dl->AddText(ImVec2(o.x, o.y), IM_COL32(150, 150, 150, 255), tr(S_cm_corner));
    for (int q = 0; q < 10; q++) {
        // Shrunk to the cell when wider (two Chinese characters), centred over the column.
        std::string s = class_short(names[q], 3);
        float fs = ImGui::GetFontSize(), w = ImGui::CalcTextSize(s.c_str()).x;
        float sz = w > cell - 2 ? fs * (cell - 2) / w : fs;
        dl->AddText(ImGui::GetFont(), sz, ImVec2(o.x + label_w + q * cell + (cell - w * sz / fs) / 2, o.y + (fs - sz)),
                    IM_COL32(200, 200, 200, 255), s.c_str());
    }
    dl->AddText(ImVec2(o.x + label_w + 10 * cell + 6, o.y), IM_COL32(200, 200, 200, 255), tr(S_series_acc));
    for (int t = 0; t < 10; t++) {
        float y = o.y + head + t * cell;
        dl->AddText(ImVec2(o.x, y + 6), IM_COL32(200, 200, 200, 255), class_name(names[t]));
        for (int q = 0; q < 10; q++) confusion_cell(a, p, t, q, ImVec2(o.x + label_w + q * cell, y), cell);
        // Per-class accuracy bar
        float acc = p.class_total[t] ? (float)p.class_correct[t] / p.class_total[t] : 0;
        ImVec2 b0(o.x + label_w + 10 * cell + 6, y + 5), b1(b0.x + acc_w - 36, y + cell - 6);
        dl->AddRectFilled(b0, b1, IM_COL32(40, 43, 50, 255));
        dl->AddRectFilled(b0, ImVec2(b0.x + (b1.x - b0.x) * acc, b1.y), kBlue);
        char n[8];
        snprintf(n, sizeof n, "%.0f%%", acc * 100);
        dl->AddText(ImVec2(b1.x + 3, y + 6), IM_COL32(220, 220, 220, 255), n);
    }
    ImGui::SetCursorScreenPos(ImVec2(o.x, o.y + head + 10 * cell + 4));
    ImGui::Dummy(ImVec2(label_w + 10 * cell + acc_w, 0));
}

// Filters of the list: only wrong ones, one true class, and the confusion-matrix cell if any.
static void prediction_filters(AppState& a) {
    const auto& names = a.data.class_names;
    ImGui::Checkbox(L(S_only_wrong, "only_wrong"), &a.pred_only_wrong);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110);
    const char* cur = a.pred_class < 0 ? tr(S_all_classes) : class_name(names[a.pred_class]);
    if (ImGui::BeginCombo(L(S_true_class, "true_class"), cur)) {
        if (ImGui::Selectable(L(S_all_classes, "all"), a.pred_class < 0)) a.pred_class = -1;
        for (int k = 0; k < 10; k++) {
            ImGui::PushID(k);
            if (ImGui::Selectable(class_name(names[k]), a.pred_class == k)) a.pred_class = k;
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    if (a.cm_true >= 0) {
        ImGui::SameLine();
        char b[64];
        snprintf(b, sizeof b, tr(S_cm_filter), class_short(names[a.cm_true], 5).c_str(), class_short(names[a.cm_pred], 5).c_str());
        strncat(b, "###cm_filter", sizeof b - strlen(b) - 1);
        if (ImGui::SmallButton(b)) a.cm_true = a.cm_pred = -1;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S_cm_filter_tip));
    }
}

// Test images that pass the filters, in order.
static std::vector<int> shown_predictions(const AppState& a, const Predictions& p, const cnn::Dataset& test) {
    std::vector<int> idx;
    for (int i = 0; i < p.n; i++) {
        int t = test.labels[i], q = p.pred[i];
        if (a.pred_only_wrong && t == q) continue;
        if (a.pred_class >= 0 && t != a.pred_class) continue;
        if (a.cm_true >= 0 && (t != a.cm_true || q != a.cm_pred)) continue;
        idx.push_back(i);
    }
    return idx;
}

// Hovering a cell: the image's number, true and predicted class, and the three best guesses.
static void prediction_tooltip(const AppState& a, const Predictions& p, int i, int t, int q) {
    const auto& names = a.data.class_names;
    ImGui::BeginTooltip();
    ImGui::Text(tr(S_test_image_n), i);
    ImGui::Text(tr(S_true_is), class_name(names[t]));
    ImGui::Text(tr(S_predicted_is), class_name(names[q]), t == q ? tr(S_right) : tr(S_wrong));
    for (int k = 0; k < 3; k++) {
        int cls = p.top_k[i * 3 + k];
        float pr = p.top_p[i * 3 + k];
        char ov[40];
        snprintf(ov, sizeof ov, "%s %.1f%%", class_name(names[cls]), pr * 100);
        ImGui::ProgressBar(pr, ImVec2(200, 0), ov);
    }
    ImGui::EndTooltip();
}

// One cell of the list at the cursor, size (cw, ch): [thumbnail][mark] "true" / "-> predicted NN%",
// wrong ones in orange. A click looks inside the network at the image.
static void prediction_cell(AppState& a, const Predictions& p, int i, int t, float cw, float ch) {
    const auto& names = a.data.class_names;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 o = ImGui::GetCursorScreenPos();
    int q = p.pred[i];
    bool ok = t == q;
    ImGui::PushID(i);
    if (ImGui::InvisibleButton("cell", ImVec2(cw - 4, ch - 4))) app_select_image(a, 1, i);
    bool hov = ImGui::IsItemHovered();
    ImGui::PopID();
    dl->AddRectFilled(o, ImVec2(o.x + cw - 4, o.y + ch - 4), hov ? IM_COL32(55, 60, 70, 255) : IM_COL32(35, 38, 44, 255), 3);
    dl->AddRect(o, ImVec2(o.x + cw - 4, o.y + ch - 4), ok ? (kBlue & 0x90FFFFFF) : kOrange, 3, 0, ok ? 1.0f : 2.0f);
    if (gpu().test_atlas.has(i)) {
        ImVec2 uv0, uv1;
        gpu().test_atlas.uv(i, &uv0, &uv1);
        dl->AddImage(gpu().test_atlas.im(i), ImVec2(o.x + 4, o.y + 4), ImVec2(o.x + 36, o.y + 36), uv0, uv1);
    }
    if (a.sel_set == 1 && a.sel_image == i) dl->AddRect(ImVec2(o.x + 3, o.y + 3), ImVec2(o.x + 37, o.y + 37), kYellow, 0, 0, 2);
    draw_mark(dl, ImVec2(o.x + cw - 14, o.y + 11), 6, ok);
    char l2[48];
    snprintf(l2, sizeof l2, tr(S_pred_cell), class_short(names[q], 6).c_str(), p.top_p[i * 3] * 100);
    dl->PushClipRect(o, ImVec2(o.x + cw - 22, o.y + ch), true);  // names stop before the mark
    dl->AddText(ImVec2(o.x + 40, o.y + 4), IM_COL32(225, 225, 225, 255), class_name(names[t]));
    dl->PopClipRect();
    dl->AddText(ImVec2(o.x + 40, o.y + 20), ok ? IM_COL32(150, 200, 235, 255) : IM_COL32(240, 180, 80, 255), l2);
    if (hov) prediction_tooltip(a, p, i, t, q);
}

// The shown images in columns of cells, virtualised by rows, height list_h.
static void prediction_list(AppState& a, const Predictions& p, const cnn::Dataset& test, const std::vector<int>& idx,
                            float list_h) {
    ImGui::BeginChild("predlist", ImVec2(0, list_h), true);
    const float cw = 128, ch = 44;
    int cols = std::max(1, (int)(ImGui::GetContentRegionAvail().x / cw));
    int rows = ((int)idx.size() + cols - 1) / cols;
    ImGuiListClipper clip;
    clip.Begin(rows, ch);
    while (clip.Step()) {
        for (int r = clip.DisplayStart; r < clip.DisplayEnd; r++) {
            for (int c = 0; c < cols && r * cols + c < (int)idx.size(); c++) {
                int i = idx[r * cols + c];
                if (c) ImGui::SameLine(c * cw);
                prediction_cell(a, p, i, test.labels[i], cw, ch);
            }
        }
    }
    ImGui::EndChild();
}

void draw_predictions_panel(AppState& a) {
    if (!begin_panel(a, PanelPredictions, S_win_predictions, "Predictions")) return;
    auto preds = a.snap->preds;  // kept alive while this frame draws it
    if (!preds || !a.data.test || preds->n != a.data.test->size()) {
        ImGui::TextDisabled("%s", tr(S_no_predictions));
        ImGui::End();
        return;
    }
    const Predictions& p = *preds;
    ImGui::Text(tr(S_test_accuracy), p.accuracy * 100, p.loss, p.n);
    ImGui::SameLine();
    ImGui::TextDisabled(tr(S_after_batches), (long long)p.at_step);
    prediction_filters(a);
    std::vector<int> idx = shown_predictions(a, p, *a.data.test);
    ImGui::TextDisabled(tr(S_pred_shown), (int)idx.size());
    float matrix_h = 16 + 10 * 25 + 12;  // the confusion matrix below the list
    float list_h = std::max(120.0f, ImGui::GetContentRegionAvail().y - matrix_h - ImGui::GetTextLineHeightWithSpacing());
    prediction_list(a, p, *a.data.test, idx, list_h);
    ImGui::TextDisabled("%s", tr(S_cm_caption));
    confusion_matrix(a, p);
    ImGui::End();
}

} // namespace app
