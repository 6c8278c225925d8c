// layout.cpp — the layout's report and the fixed-width text helper (see layout.h). Reads
// ImGui's own window list (imgui_internal.h) so that every window, the lab's and the
// pop-ups' too, is accounted for without each one reporting itself.
#include "app/panels/layout.h"

#include <cmath>
#include <cstdio>

#include "app/lab/teach.h"
#include "app/panels/classroom.h"
#include "app/session/i18n.h"
#include "imgui_internal.h"

namespace app {
namespace {

LayoutReport g_now, g_done;
bool g_in_fold = false;  // drawing the header's fold menu, whose items it accounts for
ImVec2 g_last_display(0, 0);

// A window whose items reach past its right edge, with no horizontal scroll bar to get there,
// shows them cut off.
void check_overflow(const ImGuiWindow* w) {
    if (w->ScrollbarX || (w->Flags & ImGuiWindowFlags_AlwaysAutoResize)) return;
    float over = w->DC.CursorMaxPos.x - w->WorkRect.Max.x;
    if (over < 1.5f) return;
    char b[160];
    snprintf(b, sizeof b, "window %s: %.0f px past its right edge", w->Name, over);
    g_now.truncated.push_back(b);
}

// A table column whose cells or header need more than its width shows them clipped (ImGui
// cuts a header with "..." and cells at the column's edge).
void check_tables() {
    ImGuiContext& g = *GImGui;
    for (int n = 0; n < g.Tables.GetMapSize(); n++) {
        ImGuiTable* t = g.Tables.TryGetMapData(n);
        if (!t || t->LastFrameActive != g.FrameCount || !t->OuterWindow || t->OuterWindow->Collapsed) continue;
        for (int c = 0; c < t->ColumnsCount; c++) {
            const ImGuiTableColumn& col = t->Columns[c];
            if (!col.IsEnabled || !col.IsVisibleX) continue;
            float need = ImMax(ImMax(col.ContentMaxXFrozen, col.ContentMaxXUnfrozen), col.ContentMaxXHeadersIdeal);
            if (need - col.WorkMaxX < 1.5f) continue;
            char b[200];
            snprintf(b, sizeof b, "table in %s, column %d: %.0f px too narrow", t->OuterWindow->Name, c, need - col.WorkMaxX);
            g_now.truncated.push_back(b);
        }
    }
}

} // namespace

const LayoutReport& layout_report() { return g_done; }

void layout_begin_frame() {
    ImVec2 d = ImGui::GetIO().DisplaySize;
    // A window resized by the browser (or a projector plugged in): place the windows again for
    // it; the lab, placed when it appears, closes for a frame to appear again.
    if (g_last_display.x > 0 && (d.x != g_last_display.x || d.y != g_last_display.y)) {
        ui().relayout = true;
        if (teach_state().open) teach_state().open = false, ui().reopen_lab = true;
    }
    g_last_display = d;
    g_now = LayoutReport();
    g_now.display_w = d.x, g_now.display_h = d.y;
}

void layout_end_frame() {
    ImGuiContext& g = *GImGui;
    for (ImGuiWindow* w : g.Windows) {
        if (!w->Active || w->Hidden || w->Collapsed || w->IsFallbackWindow) continue;
        if (w->Flags & ImGuiWindowFlags_Tooltip) continue;  // follows the mouse, placed by ImGui to fit
        check_overflow(w);
        if (w->Flags & ImGuiWindowFlags_ChildWindow) continue;
        g_now.windows.push_back({w->Name, w->Pos.x, w->Pos.y, w->Size.x, w->Size.y});
    }
    check_tables();
    g_done = g_now;
}

void layout_truncated(const char* id, const char* text) {
    g_now.truncated.push_back(std::string(id) + ": " + text);
}

bool fit_text(ImDrawList* dl, ImVec2 pos, float max_w, ImU32 col, const char* text, const char* id, float size) {
    ImFont* f = ImGui::GetFont();
    if (size <= 0) size = ImGui::GetFontSize();
    float w = f->CalcTextSizeA(size, FLT_MAX, 0, text).x;
    if (w <= max_w + 0.5f) {
        dl->AddText(f, size, pos, col, text);
        return true;
    }
    // Cut at a character boundary so that the text and "…" fit.
    const char* ell = tr(S_ellipsis);
    float ew = f->CalcTextSizeA(size, FLT_MAX, 0, ell).x;
    const char* end = text;
    for (const char* p = text; *p;) {
        unsigned int c;
        int n = ImTextCharFromUtf8(&c, p, nullptr);
        if (f->CalcTextSizeA(size, FLT_MAX, 0, text, p + n).x + ew > max_w) break;
        p += n;
        end = p;
    }
    std::string cut(text, end);
    cut += ell;
    dl->AddText(f, size, pos, col, cut.c_str());
    layout_truncated(id, text);
    ImVec2 b(pos.x + max_w, pos.y + size);
    if (ImGui::IsMouseHoveringRect(pos, b) && ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem))
        ImGui::SetTooltip("%s", text);
    return false;
}

void beside_if_fits(float w, float spacing) {
    float right = ImGui::GetItemRectMax().x + (spacing < 0 ? ImGui::GetStyle().ItemSpacing.x : spacing);
    // The cursor is at the next line's start: its room is the window's or the table column's.
    float edge = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    if (right + w <= edge) ImGui::SameLine(0, spacing);
}

float labeled_w(float field_w, const char* label) {
    return field_w + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
}

float radio_w(const char* label) {
    return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
}

float button_w(const char* label) { return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2; }

void text_wrapped_visible(const char* text, ImVec4 col) {
    const ImGuiStyle& st = ImGui::GetStyle();
    float x0 = ImGui::GetWindowPos().x;
    float visible = x0 + ImGui::GetWindowWidth() - st.WindowPadding.x - (ImGui::GetScrollMaxY() > 0 ? st.ScrollbarSize : 0);
    // ImGui's own edge (the window's content, or a table cell's), but never past the visible one.
    float right = ImMin(ImGui::GetContentRegionMaxAbs().x, visible);
    ImGui::PushStyleColor(ImGuiCol_Text, col);
    ImGui::PushTextWrapPos(right - x0 + ImGui::GetScrollX());  // window-local, as ImGui counts it
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

void text_disabled_wrapped(const char* text) {
    text_wrapped_visible(text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
}

float child_fit_width(float min_w) {
    const ImGuiWindow* w = ImGui::GetCurrentWindow();
    float need = w->DC.CursorMaxPos.x - w->DC.CursorStartPos.x + ImGui::GetStyle().WindowPadding.x * 2;
    if (w->ScrollbarY) need += ImGui::GetStyle().ScrollbarSize;
    return ImMax(min_w, std::ceil(need));
}

void text_beside(const char* text, bool disabled) {
    beside_if_fits(ImGui::CalcTextSize(text).x);
    if (disabled) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", text);
    if (disabled) ImGui::PopStyleColor();
}

void header_item(const char* id) {
    if (g_in_fold) return;
    HeaderItem h;
    h.id = id;
    h.x0 = ImGui::GetItemRectMin().x, h.x1 = ImGui::GetItemRectMax().x;
    h.reachable = h.x0 >= 0 && h.x1 <= ImGui::GetIO().DisplaySize.x + 0.5f;
    g_now.header.push_back(h);
}

void header_fold_open(bool open) { g_in_fold = open; }

void header_folded_item(const char* id, float menu_x0, float menu_x1) {
    HeaderItem h;
    h.id = id;
    h.x0 = menu_x0, h.x1 = menu_x1;
    h.folded = true;
    h.reachable = menu_x0 >= 0 && menu_x1 <= ImGui::GetIO().DisplaySize.x + 0.5f;
    g_now.header.push_back(h);
    g_now.header_folded = true;
}

} // namespace app
