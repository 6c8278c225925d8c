// fonts.h — the page's one font for all text, Latin and Chinese: Noto Sans CJK SC cut at build
// time to the characters the page can draw, DejaVu Sans merged in for ⌈ ⌉ ⌊ ⌋ ⁻
// (scripts/cut_font.py), linked into the program as bytes (ImGui needs them before the first
// frame; no fetch). Not here: which language is shown (i18n.h) or the style's sizes (the
// UI-scale setting scales those and calls fonts_set_scale).
#pragma once

namespace app {

// Builds the atlas at the base size (~15 px). After ImGui::CreateContext, before the first frame.
void fonts_init();
// Rebuilds the atlas at base size × s (clamped to 0.5..4) and the GL font texture. Safe
// between frames (before ImGui::NewFrame); during a frame the change waits for fonts_before_frame().
void fonts_set_scale(float s);
// The scale the atlas is built at: its pixel size / the base size (whole pixels, so it may
// differ a little from the scale asked for; draw at 1 / fonts_scale() for the base size).
float fonts_scale();
// Call before ImGui::NewFrame(): applies a scale change asked for during a frame.
void fonts_before_frame();
// Characters the page can draw (the string tables in both languages, class names, every
// string literal of the sources) with no glyph in the atlas: 0 when the cut fonts cover them
// (state().missing_glyphs).
int fonts_missing_glyphs();
// Pixel height of a line of text at the current scale.
float fonts_size();

} // namespace app
