// teach_concepts.cpp — two lab tabs on the live model: "Keras code" (the tutorial-style script
// of the rows being edited, with Copy) and "Picture to answer" (for the chosen image: pixels
// scaled to 0..1, flatten's element order, softmax's scores, powers and probabilities, the
// one-hot label and cross-entropy). The numbers are session/concepts.h's, from the engine's
// snapshot; this file only lays them out. Not here: the JS side (web/api_concepts.cpp).
#include <algorithm>
#include <cmath>

#include "app/lab/teach.h"
#include "app/panels/layout.h"
#include "app/panels/panels.h"
#include "app/session/concepts.h"
#include "app/session/keras_code.h"
#include "app/web/api.h"

namespace app {

// Named, not anonymous: the unity build puts this file beside the other lab views.
namespace concepts_view {

void note(const std::string& s) { text_wrapped_visible(plain(s).c_str(), ImVec4(0.85f, 0.85f, 0.85f, 1)); }

// The chosen image's snapshot, or null while none is computed.
const Inside* inside_of(const AppState& a) { return a.snap && a.snap->inside && !a.snap->inside->logits.empty() ? a.snap->inside.get() : nullptr; }

const char* class_of(const AppState& a, int k) {
    return k >= 0 && k < (int)a.data.class_names.size() ? class_name(a.data.class_names[k]) : "?";
}

// ---------------------------------------------------------------- pixels
// The picture as 32×32 squares of `s` pixels from its bytes; returns the dot under the mouse
// (row·32 + column) or −1.
int picture_from_bytes(ImDrawList* dl, ImVec2 p0, const std::vector<uint8_t>& px, float s) {
    int hover = -1;
    const ImVec2 m = ImGui::GetIO().MousePos;
    for (int y = 0; y < 32; y++)
        for (int x = 0; x < 32; x++) {
            const size_t i = (size_t)y * 32 + x;
            ImVec2 a(p0.x + x * s, p0.y + y * s), b(a.x + s, a.y + s);
            dl->AddRectFilled(a, b, IM_COL32(px[i], px[1024 + i], px[2048 + i], 255));
            if (m.x >= a.x && m.x < b.x && m.y >= a.y && m.y < b.y && ImGui::IsWindowHovered()) hover = (int)i;
        }
    canvas_mark(ImVec2(p0.x + 32 * s, p0.y + 32 * s));
    return hover;
}

void pixels_view(TeachState& t, const Inside& in) {
    note(tr(S_cc_pixels_intro));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos(), room = ImGui::GetContentRegionAvail();
    const float s = std::clamp(std::floor(std::min(room.x * 0.45f, room.y - line_h()) / 32), 2.f, 10.f);
    const int hover = picture_from_bytes(dl, p0, in.pixels, s);
    if (hover >= 0) t.cc_pixel = hover;
    const int y = t.cc_pixel / 32, x = t.cc_pixel % 32;
    dl->AddRect(ImVec2(p0.x + x * s - 1, p0.y + y * s - 1), ImVec2(p0.x + (x + 1) * s + 1, p0.y + (y + 1) * s + 1), kYellow, 0, 0, 2);
    ImGui::SetCursorScreenPos(ImVec2(p0.x + 32 * s + 16, p0.y));
    ImGui::BeginGroup();
    ImGui::TextDisabled("%s", tr(S_cc_pixels_hover));
    ImGui::Text(tr(S_cc_pixel_at), y + 1, x + 1);
    const std::vector<float> scaled = scale_pixels(in.pixels);
    static const Str names[3] = {S_cc_red, S_cc_green, S_cc_blue};
    for (int c = 0; c < 3; c++) {
        const size_t i = (size_t)c * 1024 + t.cc_pixel;
        ImGui::TextUnformatted(plain(fmt_tr(S_cc_pixel_rgb, tr(names[c]), (int)in.pixels[i], scaled[i])).c_str());
    }
    ImGui::EndGroup();
    ImGui::SetCursorScreenPos(ImVec2(p0.x, p0.y + 32 * s + 4));
}

// ---------------------------------------------------------------- flatten
// Cell size at which the block (maps side by side, wrapped) and the list (rows of W·H
// cells... as wide as the room) both fit `room`.
struct FlatLayout {
    float s = 4;
    int maps_per_row = 1, list_cols = 1;
};
FlatLayout flat_layout(const cnn::Shape& f, ImVec2 room) {
    FlatLayout L;
    const float label = line_h() * 2 + 8;
    for (float s = 14; s >= 2; s -= 1) {
        L.s = s;
        L.maps_per_row = std::max(1, (int)(room.x / ((f.w + 1) * s)));
        const int map_rows = (f.c + L.maps_per_row - 1) / L.maps_per_row;
        L.list_cols = std::max(1, (int)(room.x / s));
        const int list_rows = (f.size() + L.list_cols - 1) / L.list_cols;
        if (map_rows * (f.h + 1) * s + list_rows * s + label <= room.y) break;
    }
    return L;
}

ImVec2 block_cell(const cnn::Shape& f, const FlatLayout& L, ImVec2 p0, int c, int h, int w) {
    const int mr = c / L.maps_per_row, mc = c % L.maps_per_row;
    return ImVec2(p0.x + (mc * (f.w + 1) + w) * L.s, p0.y + (mr * (f.h + 1) + h) * L.s);
}

void flatten_view(TeachState& t, const Inside& in) {
    const std::vector<float> image = scale_pixels(in.pixels);
    const FlattenParts f = flatten_parts(in, image);
    if (f.layer < 0) {
        note(tr(S_cc_flatten_none));
        return;
    }
    const cnn::Shape& s = f.from;
    note(fmt_tr(S_cc_flatten_intro, s.c, s.h, s.w, s.size()));
    ImGui::TextDisabled("%s", plain(fmt_tr(S_cc_flatten_rule, s.h, s.w)).c_str());
    const size_t at = std::min((size_t)std::max(t.cc_flat, 0), (size_t)s.size() - 1);
    const FlatIndex fi = unflatten(s, at);
    ImGui::TextUnformatted(plain(fmt_tr(S_cc_flatten_cell, (int)at, fi.c + 1, fi.h + 1, fi.w + 1, (*f.vec)[at])).c_str());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 p0 = ImGui::GetCursorScreenPos();
    const FlatLayout L = flat_layout(s, ImVec2(ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y - line_h()));
    float lo = 0, hi = 1e-6f;
    for (float v : *f.block) lo = std::min(lo, v), hi = std::max(hi, v);
    const ImVec2 m = ImGui::GetIO().MousePos;
    const bool hovered = ImGui::IsWindowHovered();
    lab_label(dl, p0, tr(S_cc_block));
    p0.y += line_h();
    ImVec2 last = p0;
    for (size_t i = 0; i < (size_t)s.size(); i++) {  // the block, map by map
        const FlatIndex c = unflatten(s, i);
        const ImVec2 a = block_cell(s, L, p0, c.c, c.h, c.w), b(a.x + L.s, a.y + L.s);
        dl->AddRectFilled(a, b, heat((*f.block)[i], lo, hi));
        if (hovered && m.x >= a.x && m.x < b.x && m.y >= a.y && m.y < b.y) t.cc_flat = (int)i;
        last = ImVec2(std::max(last.x, b.x), std::max(last.y, b.y));
    }
    const ImVec2 ha = block_cell(s, L, p0, fi.c, fi.h, fi.w);
    dl->AddRect(ha, ImVec2(ha.x + L.s, ha.y + L.s), kYellow, 0, 0, 2);
    ImVec2 q0(p0.x, last.y + L.s);
    lab_label(dl, q0, tr(S_cc_list));
    q0.y += line_h();
    for (size_t i = 0; i < f.vec->size(); i++) {  // the list, in the model's own order
        const ImVec2 a(q0.x + (i % L.list_cols) * L.s, q0.y + (i / L.list_cols) * L.s), b(a.x + L.s, a.y + L.s);
        dl->AddRectFilled(a, b, heat((*f.vec)[i], lo, hi));
        if (hovered && m.x >= a.x && m.x < b.x && m.y >= a.y && m.y < b.y) t.cc_flat = (int)i;
        if (i == at) dl->AddRect(a, b, kYellow, 0, 0, 2);
        canvas_mark(b);
    }
    canvas_mark(last);
    const int list_rows = (int)((f.vec->size() + L.list_cols - 1) / L.list_cols);
    ImGui::SetCursorScreenPos(ImVec2(p0.x, q0.y + list_rows * L.s + 4));
    ImGui::TextDisabled("%s", tr(S_cc_flatten_keras));
}

// ---------------------------------------------------------------- softmax and loss
void softmax_view(const AppState& a, const Inside& in) {
    note(tr(S_cc_softmax_intro));
    const SoftmaxParts sp = softmax_parts(in.logits);
    if (ImGui::BeginTable("softmax", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX)) {
        for (Str h : {S_cc_class, S_cc_score, S_cc_exp, S_cc_prob}) ImGui::TableSetupColumn(plain(tr(h)).c_str());
        ImGui::TableHeadersRow();
        const int top = (int)(std::max_element(sp.probs.begin(), sp.probs.end()) - sp.probs.begin());
        for (size_t k = 0; k < sp.scores.size(); k++) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(ImVec4(1, 1, 1, (int)k == top ? 1.f : 0.75f), "%s", class_of(a, (int)k));
            ImGui::TableNextColumn();
            ImGui::Text("%.4f", sp.scores[k]);
            ImGui::TableNextColumn();
            ImGui::Text("%.4f", sp.exps[k]);
            ImGui::TableNextColumn();
            ImGui::Text("%.4f", sp.probs[k]);
        }
        ImGui::EndTable();
    }
    float total = 0;
    for (float p : sp.probs) total += p;
    note(fmt_tr(S_cc_softmax_sum, sp.max, sp.sum, total));
}

void loss_view(const AppState& a, const Inside& in) {
    note(tr(S_cc_loss_intro));
    const LossParts l = loss_parts(softmax_parts(in.logits).probs, in.label);
    if (ImGui::BeginTable("onehot", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX)) {
        for (Str h : {S_cc_class, S_cc_onehot, S_cc_prob}) ImGui::TableSetupColumn(tr(h));
        ImGui::TableHeadersRow();
        const std::vector<float> probs = softmax_parts(in.logits).probs;
        for (size_t k = 0; k < l.onehot.size(); k++) {
            ImGui::TableNextRow();
            const ImVec4 col = (int)k == l.label ? ImVec4(0.34f, 0.71f, 0.91f, 1) : ImVec4(0.7f, 0.7f, 0.7f, 1);
            ImGui::TableNextColumn();
            ImGui::TextColored(col, "%s", class_of(a, (int)k));
            ImGui::TableNextColumn();
            ImGui::TextColored(col, "%d", (int)l.onehot[k]);
            ImGui::TableNextColumn();
            ImGui::TextColored(col, "%.4f", probs[k]);
        }
        ImGui::EndTable();
    }
    ImGui::TextColored(ImVec4(0.95f, 0.85f, 0.4f, 1), "%s",
                       plain(fmt_tr(S_cc_loss_line, class_of(a, l.label), l.p_true, l.p_true, l.loss)).c_str());
    note(tr(S_cc_loss_note));
}

} // namespace concepts_view

void draw_keras_view(AppState& a, TeachState& t) {
    using namespace concepts_view;
    note(tr(S_keras_intro));
    const std::string& code = keras_code(a);
    if (code.empty()) {
        ImGui::TextColored(ImVec4(1, 0.45f, 0.3f, 1), "%s", tr(S_keras_none));
        return;
    }
    if (ImGui::Button(L(S_keras_copy, "keras_copy"))) {
        js_copy_text(code);
        t.keras_copy_note = tr(S_keras_copied);
        t.keras_copy_at = ImGui::GetTime();
        t.keras_copies++;
    }
    const ImVec2 r0 = ImGui::GetItemRectMin(), r1 = ImGui::GetItemRectMax();
    t.keras_copy_rect[0] = r0.x, t.keras_copy_rect[1] = r0.y, t.keras_copy_rect[2] = r1.x - r0.x, t.keras_copy_rect[3] = r1.y - r0.y;
    if (!t.keras_copy_note.empty() && ImGui::GetTime() - t.keras_copy_at < 4.0) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.34f, 0.71f, 0.91f, 1), "%s", t.keras_copy_note.c_str());
    }
    // The code in a box that scrolls both ways (long lines at a presentation's scale stay whole).
    ImGui::BeginChild("keras_code", ImVec2(-1, -1), true, ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::TextUnformatted(code.c_str());
    ImGui::EndChild();
}

void draw_concepts_view(AppState& a, TeachState& t) {
    using namespace concepts_view;
    static const Str parts[4] = {S_cc_pixels, S_cc_flatten, S_cc_softmax, S_cc_loss};
    static const char* const ids[4] = {"pixels", "flatten", "softmax", "loss"};
    for (int i = 0; i < 4; i++) {
        if (i) ImGui::SameLine();
        ImGui::RadioButton(L(parts[i], ids[i]), &t.concept, i);
    }
    const Inside* in = inside_of(a);
    if (!in) {
        ImGui::TextDisabled("%s", tr(S_cc_no_image));
        return;
    }
    ImGui::TextDisabled("%s", plain(fmt_tr(S_cc_image_line, in->image, class_of(a, in->label), (int)in->at_step)).c_str());
    canvas_begin(t, "concepts_canvas");
    switch (t.concept) {
    case 0: pixels_view(t, *in); break;
    case 1: flatten_view(t, *in); break;
    case 2: softmax_view(a, *in); break;
    default: loss_view(a, *in); break;
    }
    canvas_end(t);
}

} // namespace app
