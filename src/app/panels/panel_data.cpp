// panel_data.cpp — the Data window: which images are loaded (bundled subset or official
// files), counts per class, a filterable grid of thumbnails (click one to look inside the
// network), and loading more files (picker here; drag-and-drop is handled by the page).
// Not here: parsing and merging the files (app_load_data) or the thumbnails' textures (gfx).
#include <algorithm>
#include <cstdio>

#include "app/web/api.h"
#include "app/panels/classroom.h"
#include "app/gfx/textures.h"
#include "app/panels/panels.h"
#include "app/panels/layout.h"
#include "app/session/notes_text.h"

namespace app {

// What is loaded: the bundled subset, or how many official files on each side.
static void data_summary(const DataState& D) {
    int ntrain = D.train ? D.train->size() : 0, ntest = D.test ? D.test->size() : 0;
    if (D.train_baked && D.test_baked)
        ImGui::TextWrapped(tr(S_data_bundled), ntrain, ntest);
    else {
        char files[48];
        snprintf(files, sizeof files, tr(D.train_files.size() == 1 ? S_data_n_files_one : S_data_n_files), (int)D.train_files.size());
        ImGui::TextWrapped(tr(S_data_counts), ntrain, D.train_baked ? tr(S_data_subset) : files, ntest,
                           D.test_baked ? tr(S_data_subset) : "test_batch.bin");
    }
}

// The last load's error, or its note in the page's language.
static void data_note(const DataState& D) {
    if (!D.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kVermillion));
        ImGui::TextWrapped("%s", data_error_text(D).c_str());
        ImGui::PopStyleColor();
    } else if (D.note_kind == 1) {
        text_disabled_wrapped(fmt_tr(D.note_test ? S_data_loaded_test : S_data_loaded_train, D.note_file.c_str(), D.note_added,
                                     D.note_total).c_str());
    } else if (D.note_kind == 2) {
        text_disabled_wrapped(fmt_tr(S_data_already, D.note_file.c_str()).c_str());
    } else if (!D.note.empty()) {
        text_disabled_wrapped(D.note.c_str());
    }
}

// Loading more files (classroom mode may hide it), the subset sizes, the last load's outcome.
static void data_loading(AppState& a) {
    if (!ui_hides(HideData)) {
        if (ImGui::Button(L(S_load_data, "load_data")))
            js_open_file_picker(0);
        ImGui::SameLine();
        ImGui::TextDisabled("(?)");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tr(S_load_data_tip));
    }
    draw_subset_controls(a);  // training / test subset sizes (classroom.cpp)
    data_note(a.data);
}

// One class's count as a small clickable bar (click: filter the grid to that class).
static void class_bar(AppState& a, int k, int count, int maxc, float colw, float name_w) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const char* name = class_name(a.data.class_names[k]);
    ImVec2 p = ImGui::GetCursorScreenPos();
    char id[32];
    snprintf(id, sizeof id, "##cls%d", k);
    if (ImGui::InvisibleButton(id, ImVec2(colw, ImGui::GetTextLineHeight() + 2)))
        a.data_class = a.data_class == k ? -1 : k;
    bool sel = a.data_class == k;
    float frac = maxc ? (float)count / maxc : 0;
    dl->AddRectFilled(p, ImVec2(p.x + colw, p.y + ImGui::GetTextLineHeight() + 2),
                      sel ? IM_COL32(70, 90, 120, 255) : IM_COL32(40, 43, 50, 255), 2);
    dl->AddRectFilled(ImVec2(p.x + name_w, p.y + 3), ImVec2(p.x + name_w + (colw - 46 - name_w) * frac, p.y + ImGui::GetTextLineHeight() - 1),
                      kBlue & IM_COL32(255, 255, 255, 160));
    char c[16];
    snprintf(c, sizeof c, "%d", count);
    float cx = p.x + colw - 4 - ImGui::CalcTextSize(c).x;  // the count at the right end; the name stops before it
    fit_text(dl, ImVec2(p.x + 3, p.y + 1), std::min(name_w - 4, cx - p.x - 7), IM_COL32(220, 220, 220, 255), name, "data_class");
    dl->AddText(ImVec2(cx, p.y + 1), IM_COL32(220, 220, 220, 255), c);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip(tr(S_show_only_class), name);
}

// Counts per class in two columns; the bars start after the widest class name.
static void class_bars(AppState& a, const cnn::Dataset& d) {
    int count[10] = {};
    for (uint8_t l : d.labels) count[l < 10 ? l : 0]++;
    int maxc = *std::max_element(count, count + 10);
    float name_w = 0;
    for (int k = 0; k < 10; k++) name_w = std::max(name_w, ImGui::CalcTextSize(class_name(a.data.class_names[k])).x);
    name_w += 8;
    // Two columns when a name, a short bar and the count fit in half the width; else one.
    const float avail = ImGui::GetContentRegionAvail().x;
    const int cols = (avail - 4) / 2 >= name_w + 46 + 20 ? 2 : 1;
    const float colw = cols == 2 ? (avail - 4) / 2 : avail;
    for (int k = 0; k < 10; k++) {
        if (cols == 2 && k % 2) ImGui::SameLine(0, 4);
        class_bar(a, k, count[k], maxc, colw, name_w);
    }
}

// The thumbnails of the class filter (from the atlas; the grid is virtualised by rows). A click
// looks inside the network at that image; the chosen one is outlined.
static void thumbnail_grid(AppState& a, const cnn::Dataset& d, const Atlas& atlas) {
    const auto& names = a.data.class_names;
    ImDrawList* dl = ImGui::GetWindowDrawList();  // the Data window's list, taken outside the child
    std::vector<int> idx;
    for (int i = 0; i < atlas.count; i++)
        if (a.data_class < 0 || d.labels[i] == a.data_class) idx.push_back(i);
    if (a.data_class >= 0) ImGui::Text(tr(S_n_images_of_class), (int)idx.size(), class_name(names[a.data_class]));
    else ImGui::Text(tr(S_n_images), (int)idx.size());
    if (atlas.count < d.size()) {
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
            for (int c = 0; c < cols && r * cols + c < (int)idx.size(); c++) {
                if (c) ImGui::SameLine();
                int i = idx[r * cols + c];
                char id[24];
                snprintf(id, sizeof id, "##t%d", i);
                if (atlas_image(atlas, i, cell, id)) app_select_image(a, a.data_set, i);
                if (a.sel_set == a.data_set && a.sel_image == i)
                    dl->AddRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), kYellow, 0, 0, 2);
                if (ImGui::IsItemHovered()) ImGui::SetTooltip(tr(S_thumb_tip), i, class_name(names[d.labels[i]]));
            }
        }
    }
    ImGui::PopStyleVar();
    ImGui::EndChild();
}

void draw_data_panel(AppState& a) {
    if (!begin_panel(a, PanelData)) return;
    data_summary(a.data);
    data_loading(a);
    ImGui::RadioButton(L(S_training_set, "set_train"), &a.data_set, 0);
    ImGui::SameLine();
    ImGui::RadioButton(L(S_test_set, "set_test"), &a.data_set, 1);
    const cnn::Dataset* d = a.data_set == 0 ? a.data.train.get() : a.data.test.get();
    if (!d || d->size() == 0) {
        ImGui::TextDisabled("%s", tr(S_no_images));
    } else {
        class_bars(a, *d);
        thumbnail_grid(a, *d, a.data_set == 0 ? gpu().train_atlas : gpu().test_atlas);
    }
    ImGui::End();
}

} // namespace app
