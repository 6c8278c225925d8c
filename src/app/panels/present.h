// present.h — presentation mode: one panel or one Convolution-lab tab fills the display under a
// slim bar (previous, next, the target's name, "n / N", Exit), the UI scale raised for a room;
// leaving restores the open panels, the lab, the user's scale and the windows' places.
// Not here: the scale itself (style.h, set through ui().scale as the View menu does), what a
// panel or a lab tab draws.
#pragma once
#include <string>

#include "app/session/app_state.h"

namespace app {

// The targets in the tutorial's order: the lab's tabs, then Model, Data, Train, Predictions, Inside.
int present_count();
const char* present_id(int i);      // "lab-conv", ..., "lab-arch", "model", "data", ...
int present_find(const std::string& id);  // -1 when unknown
const char* present_window(int i);  // the ImGui id of the target's window ("Model", "Convolution lab")

bool present_on();
int present_index();                // -1 when off
float present_user_scale();         // the scale to restore (the View menu's, while presenting)
bool present_user_open(int panel);  // panel (a Panel, the lab too) open, as it is to be restored
void present_enter(int index);      // also while presenting: jumps to that target
void present_exit();
void present_step(int d);           // next (+1) or previous (-1), wrapping around

// Before classroom_before_frame: the panels and lab shown, the presentation scale, an exit
// by a window's close button.
void present_before_frame();
// In place_window and the lab: fills the area under the bar (or puts a window back where it
// was before presenting). True when it placed the next window.
bool present_place(int panel);
bool present_place_lab();
int present_lab_tab();              // the lab tab presented, or -1
// Instead of the header while presenting.
void draw_present_bar();
// The bar's buttons as last drawn (x, y, w, h on the logical display), for tests that tap them.
struct PresentBar {
    float prev[4] = {}, next[4] = {}, exit[4] = {};
};
const PresentBar& present_bar();

} // namespace app
