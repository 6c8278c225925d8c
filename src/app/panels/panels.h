// panels.h — one function per window of the page; each reads the latest Snapshot and edits the
// AppState directly (immediate mode). Shared drawing helpers for plots and status icons.
// Not here: training or data loading (app_state.h actions do that).
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include "app/gfx/textures.h"
#include "app/session/app_state.h"
#include "app/session/link.h"
#include "app/session/i18n.h"
#include "imgui.h"

namespace app {

// Once per frame before the panels: thumbnails follow the data sets in use.
void sync_thumbnails(AppState& a);

void draw_header(AppState& a);
void draw_data_panel(AppState& a);
void draw_model_panel(AppState& a);
void draw_train_panel(AppState& a);
void draw_predictions_panel(AppState& a);
void draw_inside_panel(AppState& a);

// What the Inside window drew in the last frame (state().inside, for the browser tests).
struct ScreenRect {
    float x = 0, y = 0, w = 0, h = 0;
};
struct InsideShown {
    int bars = 0;                   // class probability bars
    bool picture = false;           // the chosen picture, in colour
    const char* hover_kind = "";    // the enlarged tile: "map", "unit", "kernel" or "" (none)
    int hover_layer = -1, hover_tile = -1;
    float hover_lo = 0, hover_hi = 0;  // its colour scale's ends
    ScreenRect first_map, first_kernels;  // the first layer's maps and kernels on screen
};
const InsideShown& inside_shown();

// The "Your picture" window (panel_picture.cpp): opened from the View menu, by a picture's
// arrival or the JS API; not one of the panels of the start-up layout.
void draw_picture_panel(AppState& a);
struct PictureShown {
    bool open = false, full = false, sees = false;
    int bars = 0, maps = 0;       // probability bars, heat maps drawn
    ScreenRect crop;              // the crop square on screen
};
const PictureShown& picture_shown();

// "What does a filter look for?" in the Inside window (panel_filter.cpp), w pixels wide.
void draw_filter_top(AppState& a, const Inside& in, float w);
struct FilterShown {
    bool open = false;
    int tiles = 0;  // images drawn with their maps
};
const FilterShown& filter_shown();

// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
constexpr ImU32 kBlue = IM_COL32(86, 180, 233, 255);     // sky blue: correct
constexpr ImU32 kOrange = IM_COL32(230, 159, 0, 255);    // orange: wrong
constexpr ImU32 kGreen = IM_COL32(0, 158, 115, 255);
constexpr ImU32 kVermillion = IM_COL32(213, 94, 0, 255);
constexpr ImU32 kPurple = IM_COL32(204, 121, 167, 255);
constexpr ImU32 kYellow = IM_COL32(240, 228, 66, 255);

// A right/wrong mark: a check (correct) or a cross (wrong), so colour is not the only cue.
void draw_mark(ImDrawList* dl, ImVec2 center, float r, bool correct);

struct Series {
    const char* label;
    const std::vector<float>* x;  // null: 1, 2, 3, ...
    const std::vector<float>* y;
    ImU32 color;
    bool points;                  // draw dots at the values (per-epoch series)
};
// Line plot with axes, range from the data (y from y_min if given), legend, hover readout.
void plot(const char* id, const std::vector<Series>& s, ImVec2 size, float x_max, float y_min_fixed = NAN,
          float y_max_fixed = NAN, const char* x_label = nullptr);  // null: "epoch" in the page's language

// Start-up position and size of panel `which` (0 Data, 1 Model, 2 Train, 3 Predictions,
// 4 Inside), from the display size; afterwards the user may move and resize them.
void place_window(int which);

// Remembers a window's rectangle for the JS API (panel screenshots).
void remember_rect(AppState& a, int which);

// A window's ImGui id, the same in every language ("Data", "Model", "Train", "Predictions",
// "Inside the network", "Convolution lab"), and its title in the page's language: L(title, id).
const char* panel_window_id(Panel p);
const char* panel_window_title(Panel p);

// Opens panel p's window (placed at start-up, rectangle remembered, closable from the View
// menu). False when it is collapsed: then the window is already ended and nothing is drawn.
bool begin_panel(AppState& a, Panel p);

// The training status in the page's language (status_name() is the JS API's English name).
const char* status_text(Status s);
// A class name for tight spaces: English cut to latin_chars, Chinese whole (one or two characters).
std::string class_short(const std::string& english, size_t latin_chars);

} // namespace app
