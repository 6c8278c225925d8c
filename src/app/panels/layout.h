// layout.h — what the page's layout reports through state(), and the helpers that keep it
// honest: text drawn into a fixed width (cut with "…", the whole text as a tooltip, recorded),
// windows whose content runs past their right edge, every window's rectangle, the header's
// items and whether each can be reached. Not here: where the panels go (place_window) or
// what they draw.
#pragma once
#include <string>
#include <vector>

#include "imgui.h"

namespace app {

struct HeaderItem {
    std::string id;
    float x0 = 0, x1 = 0;    // on the bar; for a folded item, the fold menu's own place
    bool folded = false;     // inside the header's "Menu" rather than on the bar
    bool reachable = false;  // its place on the bar lies inside the display
};
struct LayoutWindow {
    std::string name;
    float x, y, w, h;
};
// One frame's account, complete once the frame has been drawn.
struct LayoutReport {
    float display_w = 0, display_h = 0;
    bool header_folded = false;
    std::vector<HeaderItem> header;
    std::vector<LayoutWindow> windows;
    std::vector<std::string> truncated;  // "id: whole text" or "window NAME: N px past its right edge"
};
// The last finished frame's report (what state() shows).
const LayoutReport& layout_report();

// After ImGui::NewFrame: starts a report; a new display size places the windows again.
void layout_begin_frame();
// Before ImGui::Render: the windows' rectangles and their horizontal overflow; publishes.
void layout_end_frame();

// Records that the widget `id` could not show `text` whole this frame.
void layout_truncated(const char* id, const char* text);
// Draws `text` at `pos` within `max_w` pixels (font size `size`, 0: the current one). When it
// does not fit it is cut with "…", recorded, and shown whole as a tooltip on hover.
// Returns whether it fitted.
bool fit_text(ImDrawList* dl, ImVec2 pos, float max_w, ImU32 col, const char* text, const char* id, float size = 0);
// Puts the next item, `w` pixels wide, beside the last one (`spacing` px after it; -1: the
// style's) when it fits the window or table column, else below it (a narrow window or a
// large UI scale).
void beside_if_fits(float w, float spacing = -1);
// Widths for beside_if_fits: a field `field_w` wide with its label after it; a button.
float labeled_w(float field_w, const char* label);
float button_w(const char* label);
float radio_w(const char* label);  // a radio button with its label
// A text in colour `col` wrapped at the window's visible right edge (in a window that scrolls
// sideways ImGui's own wrap edge is the content's width, which a long line then keeps wide).
void text_wrapped_visible(const char* text, ImVec4 col);
// A greyed text wrapped so (a long note, a file name, a model spec).
void text_disabled_wrapped(const char* text);
// A child window's width that grows to what its content needed the frame before (at least
// `min_w`): call before EndChild with the width it was given.
float child_fit_width(float min_w);
// A text beside the last item when it fits, else on a line of its own, wrapped to the window.
void text_beside(const char* text, bool disabled);
// Records the header item just drawn (ImGui's last item) as on the bar, or as folded into
// the menu whose place is [menu_x0, menu_x1].
void header_item(const char* id);
void header_folded_item(const char* id, float menu_x0, float menu_x1);
// While the fold menu's contents are drawn, header_item records nothing.
void header_fold_open(bool open);

} // namespace app
