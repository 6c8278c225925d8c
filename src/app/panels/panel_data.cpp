// panel_data.cpp — the Data window: which images are loaded (bundled subset or official
// files), counts per class, a filterable grid of thumbnails (click one to look inside the
// network), and loading more files (picker here; drag-and-drop is handled by the page).
#include <algorithm>
#include <cstdio>

#include "app/web/api.h"
#include "app/panels/classroom.h"
#include "app/gfx/textures.h"
#include "app/panels/panels.h"

namespace app {

void draw_data_panel(AppState& a) {
    place_window(0);
    if (!ImGui::Begin(L(S_win_data, "Data"), &ui().open[PanelData])) {
        remember_rect(a, 0);
        ImGui::End();
        return;
    }
    remember_rect(a, 0);
    const auto& D = a.data;
    int ntrain = D.train ? D.train->size() : 0, ntest = D.test ? D.test->size() : 0;

    if (D.train_baked && D.test_baked)
        ImGui::TextWrapped(tr(S_data_bundled), ntrain, ntest);
    else {
        char files[48];
        snprintf(files, sizeof files, tr(S_data_n_files), (int)D.train_files.size());
        ImGui::TextWrapped(tr(S_data_counts), ntrain, D.train_baked ? tr(S_data_subset) : files, ntest,
                           D.test_baked ? tr(S_data_subset) : "test_batch.bin");
    }
    if (!ui_hides(HideData)) {  // classroom mode may hide data loading
        if (ImGui::Button(L(S_load_data, "load_data")))
            js_open_file_picker(0);
        ImGui::SameLine();
        ImGui::TextDisabled("(?)");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tr(S_load_data_tip));
    }
    draw_subset_controls(a);  // training / test subset sizes (classroom.cpp)
    if (!D.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kVermillion));
        ImGui::TextWrapped(tr(S_data_error), D.error.c_str());  // English text (JS API), translated lead-in
        ImGui::PopStyleColor();
    } else if (D.note_kind == 1) {
        ImGui::TextDisabled(tr(D.note_test ? S_data_loaded_test : S_data_loaded_train), D.note_file.c_str(), D.note_added,
                            D.note_total);
    } else if (D.note_kind == 2) {
        ImGui::TextDisabled(tr(S_data_already), D.note_file.c_str());
    } else if (!D.note.empty()) {
        ImGui::TextDisabled("%s", D.note.c_str());
    }

    ImGui::RadioButton(L(S_training_set, "set_train"), &a.data_set, 0);
    ImGui::SameLine();
    ImGui::RadioButton(L(S_test_set, "set_test"), &a.data_set, 1);
    const cnn::Dataset* d = a.data_set == 0 ? D.train.get() : D.test.get();
    const Atlas& atlas = a.data_set == 0 ? gpu().train_atlas : gpu().test_atlas;
    if (!d || d->size() == 0) {
        ImGui::TextDisabled("%s", tr(S_no_images));
        ImGui::End();
        return;
    }

    // Counts per class, as small clickable bars (click: filter the grid to that class).
    int count[10] = {};
    for (uint8_t l : d->labels) count[l < 10 ? l : 0]++;
    int maxc = *std::max_element(count, count + 10);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float colw = (ImGui::GetContentRegionAvail().x - 4) / 2;
    float name_w = 0;  // the bars start after the widest class name
    for (int k = 0; k < 10; k++) name_w = std::max(name_w, ImGui::CalcTextSize(class_name(D.class_names[k])).x);
    name_w += 8;
    for (int k = 0; k < 10; k++) {
        if (k % 2) ImGui::SameLine(0, 4);
        ImVec2 p = ImGui::GetCursorScreenPos();
        char id[32];
        snprintf(id, sizeof id, "##cls%d", k);
        if (ImGui::InvisibleButton(id, ImVec2(colw, ImGui::GetTextLineHeight() + 2)))
            a.data_class = a.data_class == k ? -1 : k;
        bool sel = a.data_class == k;
        float frac = maxc ? (float)count[k] / maxc : 0;
        dl->AddRectFilled(p, ImVec2(p.x + colw, p.y + ImGui::GetTextLineHeight() + 2),
                          sel ? IM_COL32(70, 90, 120, 255) : IM_COL32(40, 43, 50, 255), 2);
        dl->AddRectFilled(ImVec2(p.x + name_w, p.y + 3), ImVec2(p.x + name_w + (colw - 46 - name_w) * frac, p.y + ImGui::GetTextLineHeight() - 1),
                          kBlue & IM_COL32(255, 255, 255, 160));
        dl->AddText(ImVec2(p.x + 3, p.y + 1), IM_COL32(220, 220, 220, 255), class_name(D.class_names[k]));
        char c[16];
        snprintf(c, sizeof c, "%d", count[k]);
        dl->AddText(ImVec2(p.x + colw - 4 - ImGui::CalcTextSize(c).x, p.y + 1), IM_COL32(220, 220, 220, 255), c);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip(tr(S_show_only_class), class_name(D.class_names[k]));
    }

    // Thumbnails (from the atlas; the grid is virtualised by rows)
    std::vector<int> idx;
    for (int i = 0; i < atlas.count; i++)
        if (a.data_class < 0 || d->labels[i] == a.data_class) idx.push_back(i);
    if (a.data_class >= 0) ImGui::Text(tr(S_n_images_of_class), (int)idx.size(), class_name(D.class_names[a.data_class]));
    else ImGui::Text(tr(S_n_images), (int)idx.size());
    if (atlas.count < d->size()) {
        ImGui::SameLine();
        ImGui::TextDisabled(tr(S_thumbs_first), atlas.count);
    }
    ImGui::BeginChild("thumbs", ImVec2(0, 0), true);
    const float cell = 36;
    int cols = std::max(1, (int)((ImGui::GetContentRegionAvail().x + 2) / (cell + 2)));
    int rows = ((int)idx.size() + cols - 1) / cols;
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(2, 2));
    ImGuiListClipper clip;
    clip.Begin(rows, cell + 2);
    while (clip.Step()) {
        for (int r = clip.DisplayStart; r < clip.DisplayEnd; r++) {
            for (int c = 0; c < cols; c++) {
                int j = r * cols + c;
                if (j >= (int)idx.size()) break;
                if (c) ImGui::SameLine();
                int i = idx[j];
                char id[24];
                snprintf(id, sizeof id, "##t%d", i);
                if (atlas_image(atlas, i, cell, id)) app_select_image(a, a.data_set, i);
                if (a.sel_set == a.data_set && a.sel_image == i)
                    dl->AddRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), kYellow, 0, 0, 2);
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip(tr(S_thumb_tip), i, class_name(D.class_names[d->labels[i]]));
            }
        }
    }
    ImGui::PopStyleVar();
    ImGui::EndChild();
    ImGui::End();
}

} // namespace app
