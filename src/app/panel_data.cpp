// panel_data.cpp — the Data window: which images are loaded (bundled subset or official
// files), counts per class, a filterable grid of thumbnails (click one to look inside the
// network), and loading more files (picker here; drag-and-drop is handled by the page).
#include <algorithm>
#include <cstdio>

#include "api.h"
#include "panels.h"

namespace app {

void draw_data_panel(AppState& a) {
    place_window(0);
    if (!ImGui::Begin("Data")) {
        remember_rect(a, 0);
        ImGui::End();
        return;
    }
    remember_rect(a, 0);
    const auto& D = a.data;
    int ntrain = D.train ? D.train->size() : 0, ntest = D.test ? D.test->size() : 0;

    if (D.train_baked && D.test_baked)
        ImGui::TextWrapped("Bundled subset: %d training + %d test images, balanced by class.", ntrain, ntest);
    else
        ImGui::TextWrapped("Training: %d images (%s)  Test: %d images (%s)", ntrain,
                           D.train_baked ? "subset" : std::to_string(D.train_files.size()).append(" files").c_str(), ntest,
                           D.test_baked ? "subset" : "test_batch.bin");
    if (ImGui::Button("Load CIFAR-10 files..."))
        js_open_file_picker(0);
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Official binary files: data_batch_1..5.bin, test_batch.bin,\n"
                          "or cifar-10-binary.tar.gz. Drop them anywhere on the page too.\n"
                          "The first official training file replaces the bundled subset;\n"
                          "more files add to it, up to the full 50,000 + 10,000.");
    if (!D.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kVermillion));
        ImGui::TextWrapped("Error: %s", D.error.c_str());
        ImGui::PopStyleColor();
    } else if (!D.note.empty()) {
        ImGui::TextDisabled("%s", D.note.c_str());
    }

    ImGui::RadioButton("training set", &a.data_set, 0);
    ImGui::SameLine();
    ImGui::RadioButton("test set", &a.data_set, 1);
    const cnn::Dataset* d = a.data_set == 0 ? D.train.get() : D.test.get();
    const Atlas& atlas = a.data_set == 0 ? a.train_atlas : a.test_atlas;
    if (!d || d->size() == 0) {
        ImGui::TextDisabled("no images loaded");
        ImGui::End();
        return;
    }

    // Counts per class, as small clickable bars (click: filter the grid to that class).
    int count[10] = {};
    for (uint8_t l : d->labels) count[l < 10 ? l : 0]++;
    int maxc = *std::max_element(count, count + 10);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float colw = (ImGui::GetContentRegionAvail().x - 4) / 2;
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
        dl->AddRectFilled(ImVec2(p.x + 76, p.y + 3), ImVec2(p.x + 76 + (colw - 122) * frac, p.y + ImGui::GetTextLineHeight() - 1),
                          kBlue & IM_COL32(255, 255, 255, 160));
        dl->AddText(ImVec2(p.x + 3, p.y + 1), IM_COL32(220, 220, 220, 255), D.class_names[k].c_str());
        char c[16];
        snprintf(c, sizeof c, "%d", count[k]);
        dl->AddText(ImVec2(p.x + colw - 4 - ImGui::CalcTextSize(c).x, p.y + 1), IM_COL32(220, 220, 220, 255), c);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("click: show only %s", D.class_names[k].c_str());
    }

    // Thumbnails (from the atlas; the grid is virtualised by rows)
    std::vector<int> idx;
    for (int i = 0; i < atlas.count; i++)
        if (a.data_class < 0 || d->labels[i] == a.data_class) idx.push_back(i);
    ImGui::Text("%d images%s%s", (int)idx.size(), a.data_class >= 0 ? " of class " : "",
                a.data_class >= 0 ? D.class_names[a.data_class].c_str() : "");
    if (atlas.count < d->size()) {
        ImGui::SameLine();
        ImGui::TextDisabled("(thumbnails of the first %d)", atlas.count);
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
                    ImGui::SetTooltip("#%d  %s\nclick: look inside the network", i, D.class_names[d->labels[i]].c_str());
            }
        }
    }
    ImGui::PopStyleVar();
    ImGui::EndChild();
    ImGui::End();
}

} // namespace app
