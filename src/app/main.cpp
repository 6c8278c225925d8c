// main.cpp — the browser playground: SDL2 window + WebGL2 context, Dear ImGui, and one frame
// function that lets the app state catch up with training and draws the panels. Reads top to
// bottom like ImGui's example_sdl2_opengl3: set-up, loop (the browser's), no clean-up (a page
// just closes). Training runs in the Engine (engine.h), never in here.
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <GLES3/gl3.h>

#include <cstdio>

#include "app/web/api.h"
#include "app/web/input.h"
#include "app/session/redraw.h"
#include "app/session/app_state.h"
#include "app/panels/classroom.h"
#include "app/gfx/fonts.h"
#include "app/session/i18n.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl.h"
#include "app/panels/panels.h"
#include "app/panels/layout.h"
#include "app/panels/present.h"
#include "app/gfx/style.h"
#include "app/lab/teach.h"

static SDL_Window* g_window = nullptr;
static SDL_GLContext g_gl = nullptr;

static void frame(void*);

int main(int, char**) {
    // SDL + WebGL2 (GLES 3.0)
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);  // ImGui draws 2-D only: no depth or stencil buffer to fill
    SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);
    int w = EM_ASM_INT({ return window.innerWidth; }), h = EM_ASM_INT({ return window.innerHeight; });
    g_window = SDL_CreateWindow("CNN playground", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                                (SDL_WindowFlags)(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE));
    g_gl = SDL_GL_CreateContext(g_window);
    if (!g_gl) {
        fprintf(stderr, "WebGL2 context: %s\n", SDL_GetError());
        return 1;
    }
    SDL_GL_SetSwapInterval(1);

    // Dear ImGui: the cut Noto Sans CJK font linked into the program (fonts.h), no imgui.ini.
    // Language: a stored choice, else the browser's (i18n.h).
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    app::apply_lang(app::lang_from_code(app::js_initial_lang().c_str()));
    app::fonts_init();
    ImGui::StyleColorsDark();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 4;
    style.FrameRounding = 3;
    style.GrabRounding = 3;
    style.WindowPadding = ImVec2(8, 6);
    style.ItemSpacing = ImVec2(6, 4);
    app::style_init();  // the base that the UI scale and the themes start from (style.h)
    ImGui_ImplSDL2_InitForOpenGL(g_window, g_gl);
    ImGui_ImplOpenGL3_Init("#version 300 es");

    // The app: threaded flavour iff compiled with pthreads (the loader only picks it when
    // the page is cross-origin isolated).
#ifdef __EMSCRIPTEN_PTHREADS__
    const bool threaded = true;
#else
    const bool threaded = false;
#endif
    bool isolated = EM_ASM_INT({ return self.crossOriginIsolated ? 1 : 0; });
    app::app_init(app::app_state(), threaded, isolated, app::web_host());
    app::classroom_init(app::app_state());  // a shared link (location.hash) restores its setup
    EM_ASM({ if (window.pgHost) window.pgHost.onReady(); });

    emscripten_set_main_loop_arg(frame, nullptr, 0, true);
    return 0;
}

// Draw this tick? A playing lab animation, a held button, an active widget or a snapshot the
// engine just published outside a run draw every frame; a run in progress is followed at a
// frame every 0.2-1 s (the cores go to training); otherwise the redraw clock decides (a short
// settle after input, then a slow heartbeat), so an idle page costs almost nothing.
static app::RedrawClock::Activity activity(const app::AppState& a) {
    using Activity = app::RedrawClock::Activity;
    static const app::Snapshot* last = nullptr;
    bool changed = a.snap.get() != last;
    last = a.snap.get();
    const app::TeachState& t = app::teach_state();
    bool anim = t.open && (t.conv_anim.playing || t.pool_anim.playing || t.stride_anim.playing);
    bool active = ImGui::IsAnyItemActive() && !ImGui::GetIO().WantTextInput;  // a text cursor may rest
    if (anim || active || app::input_held()) return Activity::Moving;
    if (a.snap && a.snap->status == app::Status::Running) return Activity::Following;
    return changed ? Activity::Moving : Activity::Idle;
}

// Idle, the loop ticks on a 50 ms timer instead of every display frame: no frame is asked of
// the browser's compositor, and input still waits in SDL's queue for at most one tick.
static void pace(bool drawing) {
    static bool timer = false;
    if (drawing == !timer) return;
    timer = !drawing;
    if (timer) emscripten_set_main_loop_timing(EM_TIMING_SETTIMEOUT, 50);
    else emscripten_set_main_loop_timing(EM_TIMING_RAF, 1);
}

static void frame(void*) {
    app::AppState& a = app::app_state();
    ImGuiIO& io = ImGui::GetIO();
    app::RedrawClock& clock = app::redraw_clock();
    double t0 = emscripten_get_now();

    // Events (input.h spreads those that would meet in one ImGui frame over several); the
    // canvas follows the browser window.
    app::input_begin_frame();
    SDL_Event e;
    while (app::input_next(&e)) {
        ImGui_ImplSDL2_ProcessEvent(&e);
        if (e.type == SDL_KEYDOWN) app::classroom_key(e.key.keysym.scancode, e.key.keysym.mod, e.key.repeat != 0);
    }
    if (app::input_active()) clock.wake(t0 / 1000);
    int cw = EM_ASM_INT({ return window.innerWidth; }), ch = EM_ASM_INT({ return window.innerHeight; });
    int ww, wh;
    SDL_GetWindowSize(g_window, &ww, &wh);
    if (cw > 0 && ch > 0 && (cw != ww || ch != wh)) SDL_SetWindowSize(g_window, cw, ch), clock.wake(t0 / 1000);

    // Catch up with training. The single-thread build trains inside the tick: ~25 ms when it
    // draws (about 30 fps), most of the 50 ms timer tick after one that drew nothing (a run
    // followed with a frame every 0.2-1 s).
    static bool drew_last = true;
    double t1 = emscripten_get_now();
    app::app_frame(a, drew_last ? 25.0 : 45.0);
    app::sync_thumbnails(a);
    double t2 = emscripten_get_now();
    const app::RedrawClock::Activity what = activity(a);
    bool draw = clock.should_draw(t2 / 1000, what);
    pace(draw);
    drew_last = draw;
    if (!draw) {
        clock.skipped();
        return;
    }
    clock.drawn(t2 / 1000);
    a.fps = io.Framerate;

    app::present_before_frame();  // presentation mode: the target shown and its scale (present.h)
    app::classroom_before_frame();  // UI scale / theme chosen during the last frame
    app::fonts_before_frame();  // a font scale asked for during the last frame
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    app::input_after_backend_frame();
    app::style_scale_display();  // logical display = window / UI scale
    ImGui::NewFrame();
    app::input_after_new_frame();
    app::layout_begin_frame();  // a new display size places the windows again (layout.h)
    app::handle_shortcuts(a);
    if (app::present_on()) app::draw_present_bar(); else app::draw_header(a);
    const bool* open = app::ui().open;  // View menu; a closed panel has no rectangle
    if (open[app::PanelData]) app::draw_data_panel(a); else a.panel_rect[0] = {};
    if (open[app::PanelModel]) app::draw_model_panel(a); else a.panel_rect[1] = {};
    if (open[app::PanelTrain]) app::draw_train_panel(a); else a.panel_rect[2] = {};
    if (open[app::PanelPredictions]) app::draw_predictions_panel(a); else a.panel_rect[3] = {};
    if (open[app::PanelInside]) app::draw_inside_panel(a); else a.panel_rect[4] = {};
    app::draw_picture_panel(a);  // "Your picture" and Why this class?, when open
    app::draw_teach_panels(a);  // Convolution lab (teach_*.cpp), drawn over the panels when open
    app::draw_classroom_windows(a);  // help, bad-link notice, reset confirmation
    a.layout_done = true;
    app::layout_end_frame();  // every window's rectangle and what was cut, for state()
    ImGui::Render();
    double t3 = emscripten_get_now();

    SDL_GL_MakeCurrent(g_window, g_gl);
    glViewport(0, 0, (int)(io.DisplaySize.x * io.DisplayFramebufferScale.x), (int)(io.DisplaySize.y * io.DisplayFramebufferScale.y));
    ImVec4 bg = app::style_clear_color();
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    // Following a run, what a frame costs decides how often to draw: glFinish waits for the
    // GPU (SwiftShader: another process's CPU) so the cost includes it. Not at full rate.
    const bool following = what == app::RedrawClock::Activity::Following;
    if (following) glFinish();
    SDL_GL_SwapWindow(g_window);
    double t4 = emscripten_get_now();
    if (following) clock.spent((t4 - t2) / 1000);
    a.t_app = 0.9f * a.t_app + 0.1f * (float)(t2 - t1);
    a.t_ui = 0.9f * a.t_ui + 0.1f * (float)(t3 - t2);
    a.t_gl = 0.9f * a.t_gl + 0.1f * (float)(t4 - t3);
    a.frame_ms = 0.95f * a.frame_ms + 0.05f * (float)(emscripten_get_now() - t0);
}
