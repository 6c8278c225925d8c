// input.h — the page's input glue between SDL's event queue and Dear ImGui 1.86, which reads
// the mouse as a state per frame: events that would meet in one frame (a jump and a press, a
// press and its release, a key down and up) are spread over frames, so one tap or one quick key
// press always acts; a finger lifted leaves no hover behind; a finger dragged scrolls the list
// or region under it. It does not draw, and it knows nothing of the app's panels.
#pragma once
#include <SDL.h>

namespace app {

void input_begin_frame();               // before taking events: a new frame's budget
bool input_next(SDL_Event* e);          // the next event to give ImGui this frame; false: none, or held for the next
bool input_active();                    // this frame took, held or followed up on input (the page must draw)
bool input_held();                      // a button or finger is down (keep drawing)
void input_after_backend_frame();       // after ImGui_ImplSDL2_NewFrame: mouse position and buttons from the events taken
void input_after_new_frame();           // after ImGui::NewFrame: a finger's drag scrolls the window under it

} // namespace app

#include <string>
namespace app {
// For state(): {"drawn","skipped","since_wake_s"} of the redraw clock, and the windows that can
// scroll now: [{"name","rect":[x,y,w,h],"scroll":[x,y],"max":[x,y]}] (ImGui coordinates).
std::string frames_json();
std::string scroll_json();
} // namespace app
