// panel_predictions.cpp — the Predictions window: test images as "true -> predicted" with the
// top probabilities, wrong ones marked by colour and by a cross (right ones by a check), a
// filter to the wrong ones or one class, a confusion matrix whose cells filter the list when
// clicked, and per-class accuracy.
#include <algorithm>
#include <cstdio>

#include "panels.h"

namespace app {

static void confusion_matrix(AppState& a, const Predictions& p) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const auto& names = a.data.class_names;
    const float label_w = 76, cell = 25, acc_w = 86;
    ImVec2 o = ImGui::GetCursorScreenPos();
    float head = 16;
    // Column heads: predicted class, 3 letters
    dl->AddText(ImVec2(o.x, o.y), IM_COL32(150, 150, 150, 255), "true \\ pred");
    for (int q = 0; q < 10; q++) {
        std::string s = names[q].substr(0, 3);
        dl->AddText(ImVec2(o.x + label_w + q * cell + 3, o.y), IM_COL32(200, 200, 200, 255), s.c_str());
    }
    dl->AddText(ImVec2(o.x + label_w + 10 * cell + 6, o.y), IM_COL32(200, 200, 200, 255), "accuracy");
    for (int t = 0; t < 10; t++) {
        float y = o.y + head + t * cell;
        dl->AddText(ImVec2(o.x, y + 6), IM_COL32(200, 200, 200, 255), names[t].c_str());
        int tot = std::max(1, p.class_total[t]);
        for (int q = 0; q < 10; q++) {
            ImVec2 c0(o.x + label_w + q * cell, y), c1(c0.x + cell - 1, c0.y + cell - 1);
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
                ImGui::SetTooltip("true %s, predicted %s: %d images\nclick: show them", names[t].c_str(), names[q].c_str(),
                                  p.confusion[t][q]);
            ImGui::PopID();
        }
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

void draw_predictions_panel(AppState& a) {
    place_window(3);
    if (!ImGui::Begin("Predictions")) {
        remember_rect(a, 3);
        ImGui::End();
        return;
    }
    remember_rect(a, 3);
    auto preds = a.snap->preds;
    const auto& names = a.data.class_names;
    if (!preds || !a.data.test || preds->n != a.data.test->size()) {
        ImGui::TextDisabled("No predictions yet: they appear once a model and test images are loaded.");
        ImGui::End();
        return;
    }
    const Predictions& p = *preds;
    const cnn::Dataset& test = *a.data.test;
    ImGui::Text("Test accuracy %.1f%%  (loss %.4f) on %d images", p.accuracy * 100, p.loss, p.n);
    ImGui::SameLine();
    ImGui::TextDisabled("after %lld batches", (long long)p.at_step);

    // Filters
    ImGui::Checkbox("only wrong", &a.pred_only_wrong);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110);
    const char* cur = a.pred_class < 0 ? "all classes" : names[a.pred_class].c_str();
    if (ImGui::BeginCombo("true class", cur)) {
        if (ImGui::Selectable("all classes", a.pred_class < 0)) a.pred_class = -1;
        for (int k = 0; k < 10; k++)
            if (ImGui::Selectable(names[k].c_str(), a.pred_class == k)) a.pred_class = k;
        ImGui::EndCombo();
    }
    if (a.cm_true >= 0) {
        ImGui::SameLine();
        char b[64];
        snprintf(b, sizeof b, "%s -> %s  (x)", names[a.cm_true].substr(0, 5).c_str(), names[a.cm_pred].substr(0, 5).c_str());
        if (ImGui::SmallButton(b)) a.cm_true = a.cm_pred = -1;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("confusion-matrix cell filter: click to clear");
    }
    std::vector<int> idx;
    for (int i = 0; i < p.n; i++) {
        int t = test.labels[i], q = p.pred[i];
        if (a.pred_only_wrong && t == q) continue;
        if (a.pred_class >= 0 && t != a.pred_class) continue;
        if (a.cm_true >= 0 && (t != a.cm_true || q != a.cm_pred)) continue;
        idx.push_back(i);
    }
    ImGui::TextDisabled("%d images shown. Hover: top 3; click: look inside.", (int)idx.size());

    // The list: cells of [thumbnail][mark] "true -> pred" / "p% ..." in columns
    float matrix_h = 16 + 10 * 25 + 12;
    float list_h = std::max(120.0f, ImGui::GetContentRegionAvail().y - matrix_h - ImGui::GetTextLineHeightWithSpacing());
    ImGui::BeginChild("predlist", ImVec2(0, list_h), true);
    const float cw = 128, ch = 44;
    int cols = std::max(1, (int)(ImGui::GetContentRegionAvail().x / cw));
    int rows = ((int)idx.size() + cols - 1) / cols;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImGuiListClipper clip;
    clip.Begin(rows, ch);
    while (clip.Step()) {
        for (int r = clip.DisplayStart; r < clip.DisplayEnd; r++) {
            for (int c = 0; c < cols; c++) {
                int j = r * cols + c;
                if (j >= (int)idx.size()) break;
                int i = idx[j];
                if (c) ImGui::SameLine(c * cw);
                ImVec2 o = ImGui::GetCursorScreenPos();
                int t = test.labels[i], q = p.pred[i];
                bool ok = t == q;
                ImGui::PushID(i);
                if (ImGui::InvisibleButton("cell", ImVec2(cw - 4, ch - 4))) app_select_image(a, 1, i);
                bool hov = ImGui::IsItemHovered();
                ImGui::PopID();
                dl->AddRectFilled(o, ImVec2(o.x + cw - 4, o.y + ch - 4), hov ? IM_COL32(55, 60, 70, 255) : IM_COL32(35, 38, 44, 255), 3);
                dl->AddRect(o, ImVec2(o.x + cw - 4, o.y + ch - 4), ok ? (kBlue & 0x90FFFFFF) : kOrange, 3, 0, ok ? 1.0f : 2.0f);
                if (a.test_atlas.has(i)) {
                    ImVec2 uv0, uv1;
                    a.test_atlas.uv(i, &uv0, &uv1);
                    dl->AddImage(a.test_atlas.tex.im(), ImVec2(o.x + 4, o.y + 4), ImVec2(o.x + 36, o.y + 36), uv0, uv1);
                }
                if (a.sel_set == 1 && a.sel_image == i) dl->AddRect(ImVec2(o.x + 3, o.y + 3), ImVec2(o.x + 37, o.y + 37), kYellow, 0, 0, 2);
                draw_mark(dl, ImVec2(o.x + cw - 14, o.y + 11), 6, ok);
                // Line 1: the true class; line 2: "-> predicted NN%" (wrong ones in orange).
                char l2[48];
                snprintf(l2, sizeof l2, "->%.6s %.0f%%", names[q].c_str(), p.top_p[i * 3] * 100);
                dl->AddText(ImVec2(o.x + 40, o.y + 4), IM_COL32(225, 225, 225, 255), names[t].c_str());
                dl->AddText(ImVec2(o.x + 40, o.y + 20), ok ? IM_COL32(150, 200, 235, 255) : IM_COL32(240, 180, 80, 255), l2);
                if (hov) {
                    ImGui::BeginTooltip();
                    ImGui::Text("test image #%d", i);
                    ImGui::Text("true: %s", names[t].c_str());
                    ImGui::Text("predicted: %s  (%s)", names[q].c_str(), ok ? "right" : "WRONG");
                    for (int k = 0; k < 3; k++) {
                        int cls = p.top_k[i * 3 + k];
                        float pr = p.top_p[i * 3 + k];
                        char ov[40];
                        snprintf(ov, sizeof ov, "%s %.1f%%", names[cls].c_str(), pr * 100);
                        ImGui::ProgressBar(pr, ImVec2(200, 0), ov);
                    }
                    ImGui::EndTooltip();
                }
            }
        }
    }
    ImGui::EndChild();

    ImGui::TextDisabled("Confusion matrix (rows: true class) and accuracy per class. Click a cell.");
    confusion_matrix(a, p);
    ImGui::End();
}

} // namespace app
