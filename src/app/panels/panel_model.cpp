// panel_model.cpp — the Model window: the layer stack as editable rows with a live Keras-like
// summary (output shape, parameters), the offending row marked with the reason (said from the
// core's error code in the page's language), presets, add/remove/reorder, model files.
// Not here: validating the rows (app_rows_changed) or the error texts (model_text.cpp).
#include <algorithm>
#include <cstdio>

#include "app/web/api.h"
#include "app/panels/classroom.h"
#include "core/model.h"
#include "app/panels/panels.h"
#include "app/panels/layout.h"
#include "app/session/model_text.h"
#include "app/session/notes_text.h"

namespace app {

// Compact integer field: text, then the field (ID "##id"); returns true when edited.
static bool int_field(const char* id, const char* text, int* v, int lo, int hi, float width = 34) {
    ImGui::TextUnformatted(text);
    beside_if_fits(width, 2);  // the field beside its text when both fit, else under it
    ImGui::SetNextItemWidth(std::min(width, ImGui::GetContentRegionAvail().x));
    char hid[32];
    snprintf(hid, sizeof hid, "##%s", id);
    bool ch = ImGui::InputInt(hid, v, 0, 0);
    if (*v < lo) *v = lo;
    if (*v > hi) *v = hi;
    return ch;
}

// Width of a combo whose widest item fits (the texts differ in length by language).
static float combo_width(const char* const* items, int n) {
    float w = 0;
    for (int i = 0; i < n; i++) w = std::max(w, ImGui::CalcTextSize(items[i]).x);
    return w + ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 2;
}

// The activation combo, beside the last item when the column has room for it.
static bool act_combo(int* act) {
    const char* names[5] = {tr(S_act_linear), tr(S_act_relu), tr(S_act_sigmoid), tr(S_act_tanh), tr(S_act_softmax)};
    beside_if_fits(combo_width(names, 5));
    ImGui::SetNextItemWidth(std::min(combo_width(names, 5), ImGui::GetContentRegionAvail().x));
    return ImGui::Combo("##act", act, names, 5);
}

// Where int_field's text and field go: beside the last item when they fit.
static void beside_field(const char* text, float width = 34) { beside_if_fits(ImGui::CalcTextSize(text).x + 2 + width); }

// Row types in the page's language (kRowTypeNames stays the JS API's English).
static const char* row_type_text(int t) {
    static const Str keys[RowTypeCount] = {S_row_conv, S_row_maxpool, S_row_avgpool, S_row_dense, S_row_flatten, S_row_activation};
    return t >= 0 && t < RowTypeCount ? tr(keys[t]) : "?";
}
static bool row_type_getter(void*, int i, const char** out) {
    *out = row_type_text(i);
    return true;
}

// Settings of one row; true if anything changed.
static bool row_settings(LayerRow& r) {
    bool ch = false;
    switch (r.type) {
    case RowConv: {
        ch |= int_field("filters", tr(S_filters), &r.filters, 1, 1024);
        beside_field(tr(S_kernel_k), 24);
        ch |= int_field("k", tr(S_kernel_k), &r.kernel, 1, 32, 24);
        beside_field(tr(S_stride), 24);
        ch |= int_field("stride", tr(S_stride), &r.stride, 1, 16, 24);
        ImGui::TextUnformatted(tr(S_pad));
        ImGui::SameLine(0, 2);
        const char* pads[3] = {tr(S_pad_valid), tr(S_pad_same), tr(S_pad_n)};
        ImGui::SetNextItemWidth(std::min(combo_width(pads, 3), ImGui::GetContentRegionAvail().x));
        ch |= ImGui::Combo("##pad", &r.padding, pads, 3);
        if (r.padding == 2) {
            beside_field("=", 24);
            ch |= int_field("pad_n", "=", &r.pad_n, 0, 16, 24);
        }
        ch |= act_combo(&r.act);
        break;
    }
    case RowMaxPool:
    case RowAvgPool:
        ch |= int_field("size", tr(S_pool_size), &r.pool, 1, 32, 24);
        beside_field(tr(S_stride), 24);
        {   // 0 means "the pool size": show the stride the layer really uses, never "0"
            int s = r.pool_stride > 0 ? r.pool_stride : r.pool;
            if (int_field("stride", tr(S_stride), &s, 1, 32, 24)) r.pool_stride = s == r.pool ? 0 : s, ch = true;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S_pool_stride_tip));
        }
        break;
    case RowDense:
        ch |= int_field("units", tr(S_units), &r.units, 1, 8192, 44);
        ch |= act_combo(&r.act);
        break;
    case RowFlatten:
        text_disabled_wrapped(tr(S_flatten_what));
        break;
    case RowActivation:
        if (r.act == 0) r.act = 1;
        ch |= act_combo(&r.act);
        break;
    }
    return ch;
}

// Export...: a button opening the formats (core/interop/export.h).
static void draw_export_menu(AppState& a) {
    if (ImGui::Button(L(S_export_model, "export_model"))) ImGui::OpenPopup("export_formats");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S_export_tip));
    if (!ImGui::BeginPopup("export_formats")) return;
    static const struct { Str label; cnn::ExportFormat f; } kFormats[] = {
        {S_export_onnx, cnn::ExportFormat::Onnx}, {S_export_pytorch, cnn::ExportFormat::PyTorch},
        {S_export_keras, cnn::ExportFormat::Keras}};
    for (const auto& f : kFormats)
        if (ImGui::Selectable(tr(f.label))) app_export_model(a, f.f);
    ImGui::EndPopup();
}

// Presets (while the model may be edited) and the model-file buttons.
static void draw_presets_and_files(AppState& a, bool edit, bool files) {
    if (edit) {
        ImGui::SetNextItemWidth(150);
        if (ImGui::BeginCombo("##preset", tr(S_presets))) {
            static const Str names[3] = {S_preset_tutorial, S_preset_small, S_preset_deeper};  // kPresets' order
            for (int i = 0; i < 3; i++) {
                ImGui::PushID(i);
                if (ImGui::Selectable(tr(names[i]))) app_ask_model(a, kPresets[i].spec ? kPresets[i].spec : cnn::kTutorialModel);
                ImGui::PopID();
            }
            ImGui::EndCombo();
        }
    }
    if (files) {
        if (edit) beside_if_fits(button_w(tr(S_save_model)));
        if (ImGui::Button(L(S_save_model, "save_model"))) app_save_model(a);
        beside_if_fits(button_w(tr(S_load_model)));
        if (ImGui::Button(L(S_load_model, "load_model"))) js_open_file_picker(1);
        beside_if_fits(button_w(tr(S_export_model)));
        draw_export_menu(a);
    }
}

// The last save/load's note.
static void draw_model_note(const AppState& a) {
    if (a.model_note.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, a.model_note_is_error ? ImGui::ColorConvertU32ToFloat4(kVermillion)
                                                               : ImVec4(0.6f, 0.6f, 0.6f, 1));
    switch (a.model_note_kind) {
    case 1: ImGui::TextWrapped(tr(a.model_note_n == 1 ? S_model_loaded_one : S_model_loaded), a.model_note_file.c_str(), a.model_note_n); break;
    case 2: ImGui::TextWrapped(tr(S_model_saved), a.model_note_file.c_str(), a.model_note_n); break;
    case 5: ImGui::TextWrapped(tr(S_model_exported), a.model_note_file.c_str(), a.model_note_n); break;
    case 6: ImGui::TextWrapped(tr(S_model_imported), a.model_note_file.c_str()); break;
    case 3:
    case 4: ImGui::TextWrapped("%s", model_file_error_text(a).c_str()); break;
    default: ImGui::TextWrapped("%s", a.model_note.c_str());
    }
    ImGui::PopStyleColor();
}

// What the row table's buttons ask for; applied after the table is drawn.
struct RowEdits {
    bool changed = false;
    int move_from = -1, move_to = -1, remove = -1;
};

// One row: its type, name and settings, its error if it is the marked one, shape, parameters,
// and the move/remove buttons.
// A narrow panel has no Param column: the count goes under the shape, leaving the settings room.
static bool g_params_below = false;

static void draw_layer_row(AppState& a, int i, RowEdits& ed) {
    LayerRow& r = a.rows[i];
    ImGui::PushID(i);
    ImGui::TableNextRow();
    const bool bad = i == a.error_row;
    if (bad) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, IM_COL32(120, 50, 10, 160));
    ImGui::TableNextColumn();
    const char* types[RowTypeCount];
    for (int t = 0; t < RowTypeCount; t++) types[t] = row_type_text(t);
    ImGui::SetNextItemWidth(std::min(combo_width(types, RowTypeCount), ImGui::GetContentRegionAvail().x));
    ed.changed |= ImGui::Combo("##type", &r.type, row_type_getter, nullptr, RowTypeCount);
    // The Keras-style name beside the type when the column has room, else below it, wrapped
    // (ImGui breaks "max_pooling2d_1" inside the word rather than cut it at the column's edge).
    if (!r.name.empty()) text_beside(r.name.c_str(), true);
    ed.changed |= row_settings(r);
    if (bad) {
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 200, 150, 255));
        ImGui::TextWrapped(tr(S_model_error_row), model_error_text(r.problem).c_str());
        ImGui::PopStyleColor();
    }
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(r.shape.empty() ? "-" : r.shape.c_str());
    if (g_params_below && !r.shape.empty()) ImGui::TextDisabled("%zu", r.params);
    ImGui::TableNextColumn();
    if (!r.shape.empty()) ImGui::Text("%zu", r.params);
    ImGui::TableNextColumn();
    if (ImGui::ArrowButton("##up", ImGuiDir_Up) && i > 0) ed.move_from = i, ed.move_to = i - 1;
    if (ImGui::ArrowButton("##dn", ImGuiDir_Down) && i + 1 < (int)a.rows.size()) ed.move_from = i, ed.move_to = i + 1;
    ImGui::TableNextColumn();
    if (ImGui::SmallButton("x")) ed.remove = i;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S_remove_layer));
    ImGui::PopID();
}

// The stack as a table of editable rows under the input image's row; true if a row changed.
static bool draw_layer_table(AppState& a) {
    RowEdits ed;
    float footer = ImGui::GetFrameHeightWithSpacing() * 2 + ImGui::GetTextLineHeightWithSpacing() * 2;
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                            ImGuiTableFlags_SizingFixedFit;
    // At least the header and four rows: on a short window the panel scrolls to its footer
    // rather than squeezing the layers out of sight.
    float min_h = ImGui::GetFrameHeightWithSpacing() * 5 + ImGui::GetTextLineHeightWithSpacing();
    float h = std::max(ImGui::GetContentRegionAvail().y - footer, min_h);
    if (ImGui::BeginTable("layers", 5, flags, ImVec2(0, h))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(L(S_col_layer, "layer"), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn(L(S_col_shape, "shape"), ImGuiTableColumnFlags_WidthFixed, 126);
        const float params_w = std::max(52.0f, ImGui::CalcTextSize(tr(S_col_params)).x + 4);
        // The settings need about 150 pixels (a type, "filters 32", "pad valid"): below that
        // with the Param column, it goes (layout.h: nothing is cut).
        g_params_below = ImGui::GetContentRegionAvail().x - 126 - params_w - 2 * ImGui::GetFrameHeight() < 150 + 10 * ImGui::GetStyle().CellPadding.x;
        ImGui::TableSetupColumn(L(S_col_params, "params"), ImGuiTableColumnFlags_WidthFixed | (g_params_below ? ImGuiTableColumnFlags_Disabled : 0),
                                params_w);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFrameHeight());  // the arrow buttons
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFrameHeight());
        ImGui::TableHeadersRow();
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        text_disabled_wrapped(tr(S_input_image));
        ImGui::TableNextColumn();
        ImGui::TextDisabled("(None, 32, 32, 3)");
        for (int i = 0; i < (int)a.rows.size(); i++) draw_layer_row(a, i, ed);
        ImGui::EndTable();
    }
    if (ed.move_from >= 0) std::swap(a.rows[ed.move_from], a.rows[ed.move_to]), ed.changed = true;
    if (ed.remove >= 0) a.rows.erase(a.rows.begin() + ed.remove), ed.changed = true;
    return ed.changed;
}

// "+ Add layer": a row of the chosen type before the last one (usually the classifier).
static bool draw_add_layer(AppState& a) {
    bool changed = false;
    if (ImGui::Button(L(S_add_layer, "add_layer"))) ImGui::OpenPopup("add");
    if (ImGui::BeginPopup("add")) {
        for (int t = 0; t < RowTypeCount; t++)
            if (ImGui::Selectable(row_type_text(t))) {
                LayerRow r;
                r.type = t;
                if (t == RowDense) r.units = 64;
                int at = a.rows.empty() ? 0 : (int)a.rows.size() - 1;
                a.rows.insert(a.rows.begin() + at, r);
                changed = true;
            }
        ImGui::EndPopup();
    }
    return changed;
}

// Apply, the parameter total, and whether the stack trains: the reason (in the page's
// language, from the error's code), or edited, or what is training.
static void draw_model_status(AppState& a, bool training) {
    bool differs = a.draft_spec != a.applied_spec;
    ImGui::BeginDisabled(!a.draft_error.empty() || !differs || training);
    if (ImGui::Button(L(S_apply_model, "apply"))) app_ask_model(a, "");
    ImGui::EndDisabled();
    text_beside(fmt_tr(S_total_params, a.draft_params).c_str(), false);
    if (!a.draft_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kOrange));
        const std::string why = model_error_text(a.draft_problem);
        if (a.rows.empty()) ImGui::TextWrapped("%s", tr(S_model_no_layers));
        else if (a.error_row >= 0) ImGui::TextWrapped(tr(S_model_cant_train_row), a.error_row + 1, why.c_str());
        else ImGui::TextWrapped(tr(S_model_cant_train), why.c_str());
        ImGui::PopStyleColor();
    } else if (differs) {
        ImGui::TextDisabled("%s", tr(S_model_edited));
    } else {
        text_disabled_wrapped(fmt_tr(S_model_training, a.applied_spec.c_str()).c_str());
    }
}

// The question before a preset or Apply replaces a trained model (app_ask_model), a modal
// like Reset's: save first, replace, or keep it. Drawn outside the window, so it still
// shows when the Model panel is collapsed.
static void draw_replace_question(AppState& a) {
    const char* id = L(S_keep_title, "keep_title");
    if (a.ask.open && !ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
    bool open = true;
    if (!ImGui::BeginPopupModal(id, &open, ImGuiWindowFlags_AlwaysAutoResize)) return;
    const Snapshot& s = *a.snap;
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
    ImGui::TextWrapped(tr(s.history.size() == 1 ? S_keep_text_one : S_keep_text), (int)s.history.size(), (long long)s.steps);
    ImGui::PopTextWrapPos();
    if (ImGui::Button(L(S_keep_save, "keep_save"))) app_answer(a, Answer::SaveThenReplace);
    ImGui::SameLine();
    if (ImGui::Button(L(S_keep_replace, "keep_replace"))) app_answer(a, Answer::Replace);
    ImGui::SameLine();
    if (ImGui::Button(L(S_keep_cancel, "keep_cancel")) || !open || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        app_answer(a, Answer::Cancel);
    if (!a.ask.open) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void draw_model_panel(AppState& a) {
    draw_replace_question(a);
    if (!begin_panel(a, PanelModel)) return;
    // Classroom mode may hide model editing and the model files (classroom.h).
    const bool edit = !ui_hides(HideModel), files = !ui_hides(HideFiles);
    draw_presets_and_files(a, edit, files);
    draw_model_note(a);
    if (!edit) {  // the stack, read only
        draw_model_summary(a);
        ImGui::End();
        return;
    }
    bool changed = draw_layer_table(a);
    changed |= draw_add_layer(a);
    if (changed) app_rows_changed(a);
    beside_if_fits(button_w(tr(S_apply_model)));
    draw_model_status(a, a.snap->status == Status::Running);
    ImGui::End();
}

} // namespace app
