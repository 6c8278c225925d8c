// classroom.h — classroom mode: the page's setup as a link (link.h) and back, the
// View / Classroom / Help menus and "Copy link" in the header bar, hiding chosen control groups,
// the projector settings (UI scale, high contrast: style.h), keyboard shortcuts and the help
// panel that lists them, and the notice that says what a bad link's ignored parts were.
// The UI state here is the page's own (which panels are open, the theme…); the model, the
// hyperparameters and the data subset live in the AppState and are read and set through it.
// Not here: parsing the fragment (link.cpp, pure), the JS side (api_classroom.cpp, web/).
#pragma once
#include <string>
#include <vector>

#include "app/session/app_state.h"
#include "app/session/link.h"

namespace app {

struct UiState {
    bool open[PanelCount] = {true, true, true, true, true, false};  // [PanelLab] mirrors the lab's own flag
    float scale = 1.0f;
    bool contrast = false;
    bool classroom = false;
    unsigned hide = 0;                   // HideGroup bits hidden in classroom mode
    bool help = false;                   // the shortcuts panel
    bool link_opened = false;            // the page was opened with a readable link (v=1)
    std::vector<LinkProblem> notice;     // what the last opened link had wrong
    bool notice_open = false;
    std::string copy_note;               // "link copied", shown for a few seconds
    double copy_note_at = 0;
    bool confirm_reset = false;          // Reset asked (ask_reset); Enter / R confirms
    bool relayout = false;               // place the panels again (after a scale change)
    bool reopen_lab = false;             // the lab closed for a frame, to be placed again
    bool picture_open = false;           // the "Your picture" window (panel_picture.cpp)
    bool filter_open_request = false;    // open Inside's "What does a filter look for?" (JS API)
};
UiState& ui();

// Reset (the Train panel's button, the R key): asks first when a trained model would be lost,
// offering to save it; resets at once when nothing is trained.
void ask_reset(AppState& a);

// True when classroom mode is on and hides `group` (HideGroup bits).
bool ui_hides(unsigned group);

// Startup: reads the page's fragment (location.hash) and restores what it carries.
void classroom_init(AppState& a);
// The setup now, as a link carries it.
LinkSettings current_settings(const AppState& a);
// Reads `fragment` and applies it (training is never started); fills ui().notice.
LinkParse open_link(AppState& a, const std::string& fragment);
// Writes the fragment into the address bar (history.replaceState) and the clipboard.
void copy_link(AppState& a);

// Between frames: a changed scale or theme; after the backend's NewFrame: the display scale.
void classroom_before_frame();
// A key from SDL (main.cpp's event loop): shortcuts are taken from the events, since with
// ImGui 1.86's polled key state a press and release within one frame would be lost.
void classroom_key(int scancode, int mods, bool repeat);
// After ImGui::NewFrame: runs the shortcuts pressed since the last frame (none while a text
// field has the keyboard).
void handle_shortcuts(AppState& a);

// The header bar's part (called inside draw_header's menu bar): View, Classroom, Help, Copy link.
void draw_classroom_menus(AppState& a);
// Help panel, the bad-link notice, the reset confirmation. After the panels.
void draw_classroom_windows(AppState& a);
// Data panel: training / test subset sizes (hidden with the data controls in classroom mode).
void draw_subset_controls(AppState& a);
// Model panel when classroom mode hides model editing: the stack, read only.
void draw_model_summary(AppState& a);

// Hooks into the page (api_classroom.cpp).
std::string js_location_hash();
void js_copy_link(const std::string& fragment);

} // namespace app
