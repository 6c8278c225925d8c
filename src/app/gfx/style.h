// style.h — how the page looks: the UI scale for projectors (1.0 … 2.0) and the dark or the
// high-contrast theme (black, white, yellow, thick borders; the Okabe–Ito right/wrong colours
// stay as they are, and stay apart on black).
//
// The scale enlarges everything the same way, as a browser's zoom does: ImGui lays the page
// out on a logical display of (window size / scale) and renders it with a framebuffer scale of
// `scale` (ImGui's own high-DPI path), the font atlas being rasterized at `scale` times the
// base size (fonts_set_scale) and drawn at 1/scale (io.FontGlobalScale), so text stays sharp.
// Why not ImGuiStyle::ScaleAllSizes and a bigger font alone: the panels place many things in
// fixed pixels (field widths, plot margins, the confusion matrix's cells, thumbnail sizes),
// which would stay small and clip the larger text; a uniform scale keeps every layout as it is.
// Not here: which scale or theme is chosen (classroom.h's UiState, the link).
#pragma once
#include "imgui.h"

namespace app {

// Remembers the style main() set up as the base every later apply_style starts from.
void style_init();
// Applies scale and theme; between frames (before ImGui::NewFrame), since it may rebuild fonts.
void apply_style(float scale, bool high_contrast);
float style_scale();
bool style_high_contrast();
// After the platform backend's NewFrame, before ImGui::NewFrame: the logical display and the
// mouse for the current scale.
void style_scale_display();
// The colour behind the windows.
ImVec4 style_clear_color();

} // namespace app
