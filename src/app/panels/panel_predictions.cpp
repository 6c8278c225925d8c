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
#include "app/panels/layout.h"
#include "imgui_internal.h"  // ImTextCharFromUtf8, ImTextCountCharsFromUtf8

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
    // A count of up to three digits fits its cell: the font shrinks with a small cell.
    float fs = std::min(ImGui::GetFontSize(), cell * 0.62f);
    ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(fs, FLT_MAX, 0, n);
    dl->AddText(ImGui::GetFont(), fs, ImVec2(c0.x + (cell - ts.x) / 2, c0.y + (cell - ts.y) / 2),
                f > 0.5f ? IM_COL32(10, 10, 10, 255) : IM_COL32(230, 230, 230, 255), n);
    ImGui::SetCursorScreenPos(c0);
    ImGui::PushID(t * 10 + q);
    if (ImGui::InvisibleButton("cell", ImVec2(cell - 1, cell - 1))) {
        if (a.cm_true == t && a.cm_pred == q) a.cm_true = a.cm_pred = -1;
        else a.cm_true = t, a.cm_pred = q;
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(tr(p.confusion[t][q] == 1 ? S_cm_cell_tip_one : S_cm_cell_tip), class_name(names[t]), class_name(names[q]), p.confusion[t][q]);
    ImGui::PopID();
}

// A predicted class's name over its column, whole: English turned a quarter to read upwards,
// Chinese (one or two characters) stacked. `x` the column's centre, `bottom` the heads' foot.
static float column_head(ImDrawList* dl, const char* name, float x, float bottom, float size, bool measure_only) {
    ImFont* f = ImGui::GetFont();
    if (lang() == LangZh) {
        int n = ImTextCountCharsFromUtf8(name, nullptr), i = 0;
        if (measure_only) return n * size;
        for (const char* p = name; *p; i++) {
            unsigned int c;
            const char* q = p + ImTextCharFromUtf8(&c, p, nullptr);
            float w = f->CalcTextSizeA(size, FLT_MAX, 0, p, q).x;
            dl->AddText(f, size, ImVec2(x - w / 2, bottom - (n - i) * size), IM_COL32(200, 200, 200, 255), p, q);
            p = q;
        }
        return n * size;
    }
    float w = f->CalcTextSizeA(size, FLT_MAX, 0, name).x;
    if (measure_only) return w;
    // Laid out flat at the window's left edge (so ImGui's culling keeps every glyph), then
    // each vertex turned about that origin and moved to the column.
    ImVec2 at(ImGui::GetWindowPos().x + 1, bottom), to(x - size / 2, bottom);
    int v0 = dl->VtxBuffer.Size;
    dl->AddText(f, size, at, IM_COL32(200, 200, 200, 255), name);
    for (int i = v0; i < dl->VtxBuffer.Size; i++) {
        ImVec2 d(dl->VtxBuffer[i].pos.x - at.x, dl->VtxBuffer[i].pos.y - at.y);
        dl->VtxBuffer[i].pos = ImVec2(to.x + d.y, to.y - d.x);
    }
    return w;
}

// The matrix's measures for a window `avail_w` wide: the class names' column, the accuracy
// column, the heads' height and font, and the cells, which share the rest (14 .. 32 pixels).
// A narrow window drops the accuracy bars (the percentages stay) to leave the cells room.
struct MatrixSize { float label_w, acc_w, cell, head, head_font, height; bool bars; };
static MatrixSize matrix_size(const AppState& a, float avail_w) {
    const auto& names = a.data.class_names;
    const float fs = ImGui::GetFontSize();
    MatrixSize m;
    m.label_w = 0;  // the widest class name
    for (int t = 0; t < 10; t++) m.label_w = std::max(m.label_w, ImGui::CalcTextSize(class_name(names[t])).x);
    m.label_w = std::max(m.label_w, ImGui::CalcTextSize(tr(S_cm_corner)).x) + 8;  // the corner's "true \ pred" above them
    m.bars = true;
    m.acc_w = ImGui::CalcTextSize("100%").x + 34;
    if (avail_w - m.label_w - m.acc_w < 10 * 16) m.bars = false, m.acc_w = ImGui::CalcTextSize("100%").x + 8;
    m.cell = std::clamp(std::floor((avail_w - m.label_w - m.acc_w) / 10), m.bars ? 14.0f : 12.0f, 32.0f);
    m.head_font = std::min(fs, m.cell - 2);  // a line of it fits a column
    m.head = 0;
    for (int q = 0; q < 10; q++) m.head = std::max(m.head, column_head(nullptr, class_name(names[q]), 0, 0, m.head_font, true));
    if (!m.bars)  // the accuracy column's heading stands like the classes' (it is as narrow)
        m.head = std::max(m.head, column_head(nullptr, tr(S_series_acc), 0, 0, fs, true));
    m.head = std::max(m.head, fs) + 4;
    m.height = m.head + 10 * m.cell + 4;
    return m;
}

static void confusion_matrix(AppState& a, const Predictions& p) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const auto& names = a.data.class_names;
    const float fs = ImGui::GetFontSize();
    const MatrixSize m = matrix_size(a, ImGui::GetContentRegionAvail().x);
    const float label_w = m.label_w, acc_w = m.acc_w, cell = m.cell, head = m.head, hs = m.head_font;
    ImVec2 o = ImGui::GetCursorScreenPos();
    fit_text(dl, ImVec2(o.x, o.y + head - fs - 2), label_w - 2, IM_COL32(150, 150, 150, 255), tr(S_cm_corner), "cm_corner");
    for (int q = 0; q < 10; q++) column_head(dl, class_name(names[q]), o.x + label_w + q * cell + cell / 2, o.y + head - 2, hs, false);
    if (m.bars)
        fit_text(dl, ImVec2(o.x + label_w + 10 * cell + 6, o.y + head - fs - 2), acc_w - 6, IM_COL32(200, 200, 200, 255), tr(S_series_acc), "cm_accuracy");
    else
        column_head(dl, tr(S_series_acc), o.x + label_w + 10 * cell + 6 + fs / 2, o.y + head - 2, fs, false);
    for (int t = 0; t < 10; t++) {
        float y = o.y + head + t * cell;
        dl->AddText(ImVec2(o.x, y + (cell - fs) / 2), IM_COL32(200, 200, 200, 255), class_name(names[t]));
        for (int q = 0; q < 10; q++) confusion_cell(a, p, t, q, ImVec2(o.x + label_w + q * cell, y), cell);
        // Per-class accuracy bar
        float acc = p.class_total[t] ? (float)p.class_correct[t] / p.class_total[t] : 0;
        ImVec2 b0(o.x + label_w + 10 * cell + 6, y + cell * 0.25f), b1(b0.x + (m.bars ? 24 : 0), y + cell * 0.75f);
        if (m.bars) {
            dl->AddRectFilled(b0, b1, IM_COL32(40, 43, 50, 255));
            dl->AddRectFilled(b0, ImVec2(b0.x + (b1.x - b0.x) * acc, b1.y), kBlue);
        }
        char n[8];
        snprintf(n, sizeof n, "%.0f%%", acc * 100);
        dl->AddText(ImVec2(b1.x + 3, y + (cell - fs) / 2), IM_COL32(220, 220, 220, 255), n);
    }
    ImGui::SetCursorScreenPos(ImVec2(o.x, o.y + m.height));
    ImGui::Dummy(ImVec2(label_w + 10 * cell + acc_w, 0));
}

// Filters of the list: only wrong ones, one true class, and the confusion-matrix cell if any.
static void prediction_filters(AppState& a) {
    const auto& names = a.data.class_names;
    ImGui::Checkbox(L(S_only_wrong, "only_wrong"), &a.pred_only_wrong);
    const ImGuiStyle& st = ImGui::GetStyle();
    beside_if_fits(110 + st.ItemInnerSpacing.x + ImGui::CalcTextSize(L(S_true_class, "true_class"), nullptr, true).x);
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
        char b[96];
        snprintf(b, sizeof b, tr(S_cm_filter), class_name(names[a.cm_true]), class_name(names[a.cm_pred]));
        beside_if_fits(ImGui::CalcTextSize(b).x + st.FramePadding.x * 2);
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
    char l2[64];
    snprintf(l2, sizeof l2, tr(S_pred_cell), class_name(names[q]), p.top_p[i * 3] * 100);
    fit_text(dl, ImVec2(o.x + 40, o.y + 4), cw - 66, IM_COL32(225, 225, 225, 255), class_name(names[t]), "pred_true");  // stops before the mark
    fit_text(dl, ImVec2(o.x + 40, o.y + 20), cw - 48, ok ? IM_COL32(150, 200, 235, 255) : IM_COL32(240, 180, 80, 255), l2, "pred_guess");
    if (hov) prediction_tooltip(a, p, i, t, q);
}

// The shown images in columns of cells, virtualised by rows, height list_h.
static void prediction_list(AppState& a, const Predictions& p, const cnn::Dataset& test, const std::vector<int>& idx,
                            float list_h) {
    ImGui::BeginChild("predlist", ImVec2(0, list_h), true);
    // Columns as many as fit cells wide enough for every class name whole; they share the width.
    const float ch = 44, avail = ImGui::GetContentRegionAvail().x;
    float text_w = 0;
    char l2[64];
    for (int k = 0; k < 10; k++) {
        snprintf(l2, sizeof l2, tr(S_pred_cell), class_name(a.data.class_names[k]), 100.0f);
        text_w = std::max({text_w, ImGui::CalcTextSize(class_name(a.data.class_names[k])).x + 18, ImGui::CalcTextSize(l2).x});
    }
    int cols = std::max(1, (int)(avail / (text_w + 52)));
    const float cw = std::floor(avail / cols);
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
    if (!begin_panel(a, PanelPredictions)) return;
    auto preds = a.snap->preds;  // kept alive while this frame draws it
    if (!preds || !a.data.test || preds->n != a.data.test->size()) {
        ImGui::TextDisabled("%s", tr(S_no_predictions));
        ImGui::End();
        return;
    }
    const Predictions& p = *preds;
    ImGui::TextWrapped(tr(S_test_accuracy), p.accuracy * 100, p.loss, p.n);
    text_beside(fmt_tr(p.at_step == 1 ? S_after_batch_one : S_after_batches, (long long)p.at_step).c_str(), true);
    prediction_filters(a);
    std::vector<int> idx = shown_predictions(a, p, *a.data.test);
    text_disabled_wrapped(fmt_tr(idx.size() == 1 ? S_pred_shown_one : S_pred_shown, (int)idx.size()).c_str());
    float matrix_h = matrix_size(a, ImGui::GetContentRegionAvail().x).height + 8;  // the confusion matrix below the list
    float list_h = std::max(120.0f, ImGui::GetContentRegionAvail().y - matrix_h - ImGui::GetTextLineHeightWithSpacing());
    prediction_list(a, p, *a.data.test, idx, list_h);
    text_disabled_wrapped(tr(S_cm_caption));
    confusion_matrix(a, p);
    ImGui::End();
}

} // namespace app
