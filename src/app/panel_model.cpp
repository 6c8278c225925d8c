// panel_model.cpp — the Model window: the layer stack as editable rows with a live Keras-like
// summary (output shape, parameters), the offending row marked with the reason, presets,
// add/remove/reorder, and saving/loading model files.
#include <cstdio>

#include "api.h"
#include "core/model.h"
#include "panels.h"

namespace app {

// Compact integer field; returns true when edited.
static bool int_field(const char* label, int* v, int lo, int hi, float width = 34) {
    ImGui::TextUnformatted(label);
    ImGui::SameLine(0, 2);
    ImGui::SetNextItemWidth(width);
    char id[32];
    snprintf(id, sizeof id, "##%s", label);
    bool ch = ImGui::InputInt(id, v, 0, 0);
    if (*v < lo) *v = lo;
    if (*v > hi) *v = hi;
    return ch;
}

static bool act_combo(int* act, float width = 70) {
    ImGui::SetNextItemWidth(width);
    return ImGui::Combo("##act", act, kActNames, 5);
}

// Settings of one row; true if anything changed.
static bool row_settings(LayerRow& r) {
    bool ch = false;
    switch (r.type) {
    case RowConv: {
        ch |= int_field("filters", &r.filters, 1, 1024);
        ImGui::SameLine();
        ch |= int_field("k", &r.kernel, 1, 32, 24);
        ImGui::SameLine();
        ch |= int_field("stride", &r.stride, 1, 16, 24);
        ImGui::TextUnformatted("pad");
        ImGui::SameLine(0, 2);
        ImGui::SetNextItemWidth(58);
        static const char* pads[3] = {"valid", "same", "N"};
        ch |= ImGui::Combo("##pad", &r.padding, pads, 3);
        if (r.padding == 2) {
            ImGui::SameLine(0, 2);
            ch |= int_field("=", &r.pad_n, 0, 16, 24);
        }
        ImGui::SameLine();
        ch |= act_combo(&r.act);
        break;
    }
    case RowMaxPool:
    case RowAvgPool:
        ch |= int_field("size", &r.pool, 1, 32, 24);
        ImGui::SameLine();
        ch |= int_field("stride", &r.pool_stride, 0, 32, 24);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("0 = same as the pool size");
        break;
    case RowDense:
        ch |= int_field("units", &r.units, 1, 8192, 44);
        ImGui::SameLine();
        ch |= act_combo(&r.act);
        break;
    case RowFlatten:
        ImGui::TextDisabled("(C,H,W) -> vector");
        break;
    case RowActivation:
        if (r.act == 0) r.act = 1;
        ch |= act_combo(&r.act);
        break;
    }
    return ch;
}

void draw_model_panel(AppState& a) {
    place_window(1);
    if (!ImGui::Begin("Model")) {
        remember_rect(a, 1);
        ImGui::End();
        return;
    }
    remember_rect(a, 1);
    bool training = a.snap->status == Status::Running;

    // Presets and files
    ImGui::SetNextItemWidth(150);
    if (ImGui::BeginCombo("##preset", "Presets...")) {
        for (const auto& p : kPresets)
            if (ImGui::Selectable(p.name)) app_set_model(a, p.spec ? p.spec : cnn::kTutorialModel);
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button("Save model")) app_save_model(a);
    ImGui::SameLine();
    if (ImGui::Button("Load model...")) js_open_file_picker(1);
    if (!a.model_note.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, a.model_note_is_error ? ImGui::ColorConvertU32ToFloat4(kVermillion)
                                                                   : ImVec4(0.6f, 0.6f, 0.6f, 1));
        ImGui::TextWrapped("%s", a.model_note.c_str());
        ImGui::PopStyleColor();
    }

    // The stack
    bool changed = false;
    int move_from = -1, move_to = -1, remove = -1;
    float footer = ImGui::GetFrameHeightWithSpacing() * 2 + ImGui::GetTextLineHeightWithSpacing() * 2;
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                            ImGuiTableFlags_SizingFixedFit;
    if (ImGui::BeginTable("layers", 5, flags, ImVec2(0, -footer))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Layer", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Output shape", ImGuiTableColumnFlags_WidthFixed, 126);
        ImGui::TableSetupColumn("Param #", ImGuiTableColumnFlags_WidthFixed, 44);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 16);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 16);
        ImGui::TableHeadersRow();
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("input: CIFAR-10 image");
        ImGui::TableNextColumn();
        ImGui::TextDisabled("(None, 32, 32, 3)");
        for (int i = 0; i < (int)a.rows.size(); i++) {
            LayerRow& r = a.rows[i];
            ImGui::PushID(i);
            ImGui::TableNextRow();
            bool bad = i == a.error_row;
            if (bad) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, IM_COL32(120, 50, 10, 160));
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(96);
            if (ImGui::Combo("##type", &r.type, kRowTypeNames, RowTypeCount)) changed = true;
            ImGui::SameLine();
            if (!r.name.empty()) ImGui::TextDisabled("%s", r.name.c_str());
            changed |= row_settings(r);
            if (bad) {
                ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 200, 150, 255));
                ImGui::TextWrapped("! %s", r.error.c_str());
                ImGui::PopStyleColor();
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.shape.empty() ? "-" : r.shape.c_str());
            ImGui::TableNextColumn();
            if (!r.shape.empty()) ImGui::Text("%zu", r.params);
            ImGui::TableNextColumn();
            if (ImGui::ArrowButton("##up", ImGuiDir_Up) && i > 0) move_from = i, move_to = i - 1;
            if (ImGui::ArrowButton("##dn", ImGuiDir_Down) && i + 1 < (int)a.rows.size()) move_from = i, move_to = i + 1;
            ImGui::TableNextColumn();
            if (ImGui::SmallButton("x")) remove = i;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("remove this layer");
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (move_from >= 0) std::swap(a.rows[move_from], a.rows[move_to]), changed = true;
    if (remove >= 0) a.rows.erase(a.rows.begin() + remove), changed = true;

    // Add a layer before the last one (usually the classifier)
    if (ImGui::Button("+ Add layer")) ImGui::OpenPopup("add");
    if (ImGui::BeginPopup("add")) {
        for (int t = 0; t < RowTypeCount; t++)
            if (ImGui::Selectable(kRowTypeNames[t])) {
                LayerRow r;
                r.type = t;
                if (t == RowDense) r.units = 64;
                int at = a.rows.empty() ? 0 : (int)a.rows.size() - 1;
                a.rows.insert(a.rows.begin() + at, r);
                changed = true;
            }
        ImGui::EndPopup();
    }
    if (changed) app_rows_changed(a);
    ImGui::SameLine();
    bool differs = a.draft_spec != a.applied_spec;
    ImGui::BeginDisabled(!a.draft_error.empty() || !differs || training);
    if (ImGui::Button("Apply (new weights)")) app_apply_model(a);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::Text("Total params: %zu", a.draft_params);
    if (!a.draft_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kOrange));
        ImGui::TextWrapped("Can't train this stack: %s", a.draft_error.c_str());
        ImGui::PopStyleColor();
    } else if (differs) {
        ImGui::TextDisabled("Edited: Start or Apply trains it from new weights.");
    } else {
        ImGui::TextDisabled("Training: %s", a.applied_spec.c_str());
    }
    ImGui::End();
}

} // namespace app
