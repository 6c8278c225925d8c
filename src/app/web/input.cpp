// input.cpp — see input.h. ImGui 1.86's SDL backend reads SDL's global mouse state, which
// already holds the newest position and buttons; here the state ImGui sees is rebuilt from the
// events taken so far, one frame at a time.
#include "app/web/input.h"

#include <cfloat>
#include <cmath>

#include "imgui.h"
#include "imgui_internal.h"

namespace app {
namespace {

struct Pointer {
    float x = -FLT_MAX, y = -FLT_MAX;
    bool valid = false;            // over the canvas
    bool down[3] = {false, false, false};
    bool touch = false;            // the last press came from a finger
    bool lift_pending = false;     // a finger was lifted: drop the hover next frame
};
struct FrameBudget {
    bool moved = false;            // a motion changed the position this frame
    unsigned buttons = 0;          // buttons pressed or released this frame (bit i)
    bool any = false;              // an event was taken or held
    int keys_n = 0;
    SDL_Scancode keys[16];         // keys pressed or released this frame
};
struct TouchScroll {
    bool pressed = false;          // a finger is down (seen by input_after_new_frame)
    bool fresh = false;            // the press is new this frame: pick the target
    bool scrolling = false;
    ImGuiID target = 0;
    ImVec2 start, last;
};

Pointer g_ptr;
FrameBudget g_frame;
TouchScroll g_scroll;

int button_index(Uint8 b) { return b == SDL_BUTTON_LEFT ? 0 : b == SDL_BUTTON_RIGHT ? 1 : b == SDL_BUTTON_MIDDLE ? 2 : -1; }

bool key_seen(SDL_Scancode k) {
    for (int i = 0; i < g_frame.keys_n; i++)
        if (g_frame.keys[i] == k) return true;
    return false;
}

// True: leave e queued for the next frame (ImGui would miss or misplace it in this one).
bool hold(const SDL_Event& e) {
    switch (e.type) {
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP: {
        int b = button_index(e.button.button);
        if (b >= 0 && (g_frame.buttons & (1u << b))) return true;  // down and up in one frame
        // A press where the pointer jumped this frame: hover first, press next frame (a tab
        // or a Selectable with AllowItemOverlap ignores a press on the frame it becomes hovered).
        bool jumped = g_frame.moved || !g_ptr.valid || e.button.x != (int)g_ptr.x || e.button.y != (int)g_ptr.y;
        if (e.type == SDL_MOUSEBUTTONDOWN && jumped) {
            g_ptr.x = (float)e.button.x, g_ptr.y = (float)e.button.y, g_ptr.valid = true;
            g_frame.moved = true;
            return true;
        }
        return false;
    }
    case SDL_MOUSEMOTION: return g_frame.buttons != 0;  // a press is seen where it happened
    case SDL_KEYDOWN:
    case SDL_KEYUP: return key_seen(e.key.keysym.scancode) || g_frame.keys_n == 16;
    default: return false;
    }
}

void take(const SDL_Event& e) {
    switch (e.type) {
    case SDL_MOUSEMOTION:
        if (g_ptr.valid && g_ptr.x == (float)e.motion.x && g_ptr.y == (float)e.motion.y) break;
        g_ptr.x = (float)e.motion.x, g_ptr.y = (float)e.motion.y, g_ptr.valid = true;
        g_frame.moved = true;
        break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP: {
        int b = button_index(e.button.button);
        if (b < 0) break;
        bool down = e.type == SDL_MOUSEBUTTONDOWN;
        g_ptr.down[b] = down;
        g_frame.buttons |= 1u << b;
        if (b == 0) {
            g_ptr.touch = e.button.which == SDL_TOUCH_MOUSEID;
            if (g_ptr.touch) g_scroll.pressed = down, g_scroll.fresh = down, g_ptr.lift_pending = !down;
        }
        break;
    }
    case SDL_KEYDOWN:
    case SDL_KEYUP: g_frame.keys[g_frame.keys_n++] = e.key.keysym.scancode; break;
    case SDL_WINDOWEVENT:
        if (e.window.event == SDL_WINDOWEVENT_LEAVE && !g_ptr.down[0]) g_ptr.valid = false;
        break;
    default: break;
    }
}

// The window a drag at the finger should scroll: the hovered one or its first parent that can.
ImGuiWindow* scroll_target(ImGuiWindow* w) {
    for (; w; w = w->ParentWindow) {
        if (w->ScrollMax.y > 0 || w->ScrollMax.x > 0) return w;
        if (!(w->Flags & ImGuiWindowFlags_ChildWindow)) break;
    }
    return nullptr;
}

// Starts scrolling once the finger has moved far enough along an axis the target can scroll.
void maybe_start_scroll(ImGuiContext& g, ImVec2 p) {
    ImGuiWindow* w = g_scroll.target ? ImGui::FindWindowByID(g_scroll.target) : nullptr;
    ImVec2 d(p.x - g_scroll.start.x, p.y - g_scroll.start.y);
    const float kSlop = 8;  // a tap wobbles a few pixels
    if (!w || g.MovingWindow || std::fabs(d.x) + std::fabs(d.y) < kSlop) return;
    bool vertical = std::fabs(d.y) >= std::fabs(d.x);
    if (vertical ? w->ScrollMax.y <= 0 : w->ScrollMax.x <= 0) return;
    g_scroll.scrolling = true;
    g_scroll.last = g_scroll.start;
    ImGui::ClearActiveID();  // the item under the finger must not act on release
}

} // namespace

void input_begin_frame() {
    g_frame = FrameBudget();
    if (g_ptr.lift_pending && !g_ptr.down[0]) {
        g_ptr.lift_pending = false;
        g_ptr.valid = false;  // a finger leaves no hover (nor a stale "previously hovered" item)
        g_frame.any = true;
    }
    SDL_PumpEvents();
}

bool input_next(SDL_Event* e) {
    if (SDL_PeepEvents(e, 1, SDL_PEEKEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) <= 0) return false;
    g_frame.any = true;
    if (hold(*e)) return false;
    SDL_PeepEvents(e, 1, SDL_GETEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT);
    take(*e);
    return true;
}

bool input_active() { return g_frame.any || g_scroll.scrolling; }
bool input_held() { return g_ptr.down[0] || g_ptr.down[1] || g_ptr.down[2]; }

void input_after_backend_frame() {
    ImGuiIO& io = ImGui::GetIO();
    bool hide = g_scroll.scrolling;  // while a finger scrolls, widgets see neither it nor its press
    // A finger moves a window by its title bar only: a drag anywhere else scrolls.
    io.ConfigWindowsMoveFromTitleBarOnly = g_ptr.touch;
    io.MousePos = g_ptr.valid && !hide ? ImVec2(g_ptr.x, g_ptr.y) : ImVec2(-FLT_MAX, -FLT_MAX);
    for (int i = 0; i < 3; i++) io.MouseDown[i] = g_ptr.down[i] && !(hide && i == 0);
}

void input_after_new_frame() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    ImVec2 p(g_ptr.x, g_ptr.y);
    if (!g_scroll.pressed) {
        g_scroll = TouchScroll();
        return;
    }
    if (g_scroll.fresh) {
        ImGuiWindow* w = scroll_target(g.HoveredWindow);
        g_scroll.target = w ? w->ID : 0;
        g_scroll.start = p;
        g_scroll.fresh = false;
        return;
    }
    if (!g_scroll.scrolling) maybe_start_scroll(g, p);
    if (!g_scroll.scrolling) return;
    ImGuiWindow* w = ImGui::FindWindowByID(g_scroll.target);
    if (w) {
        if (w->ScrollMax.y > 0) ImGui::SetScrollY(w, w->Scroll.y - (p.y - g_scroll.last.y));
        if (w->ScrollMax.x > 0) ImGui::SetScrollX(w, w->Scroll.x - (p.x - g_scroll.last.x));
    }
    g_scroll.last = p;
}

} // namespace app
