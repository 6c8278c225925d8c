// teach.h — the teaching views of the playground ("Convolution lab"): the state they edit (one
// TeachState, immediate mode: widgets write into it every frame), the problems they build from
// it, and the drawing helpers they share. The arithmetic and the explanations are the teaching
// library's (src/teach: ConvSteps, PoolSteps, filters, dense_vs_conv, check_architecture), its
// messages rendered through the string tables (session/teach_text.h); this layer only chooses
// the numbers (tutorial example, the live model's weights and feature maps, an image crop) and
// draws them. The training Snapshot is read, never written.
// Not here: the JS side (api_teach.cpp, web/teach-api.js).
#pragma once
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/session/app_state.h"
#include "app/session/i18n.h"
#include "app/session/teach_text.h"
#include "imgui.h"
#include "teach/conv_steps.h"
#include "teach/filters.h"
#include "teach/pool_steps.h"
#include "teach/rules.h"
#include "teach/views.h"

namespace app {

// A text of the lab, rendered in a language when it is shown: the page draws it in its own
// language, the JS API reads it in English. Made from a table key, a library message, or a
// line with numbers (the source of the numbers).
using LabText = std::function<std::string(Lang)>;
using LabTexts = std::vector<LabText>;
LabText key_text(Str k);
LabTexts msg_texts(const teach::Msgs& ms);
// The texts joined (by a space in English, by nothing in Chinese).
std::string render(const LabTexts& ts, Lang l);

enum TeachTab { TabConv, TabFilter, TabPool, TabStride, TabRelu, TabDense, TabArch, TabKeras, TabConcepts, TabCount };
extern const char* const kTeachTabIds[TabCount];    // "conv", "filter", "pool", ...
extern const Str kTeachTabNames[TabCount];          // their labels in the string tables

enum ConvMode { ModeTutorial, ModeCifar, ModeMulti, ModeCount };
extern const char* const kConvModeIds[ModeCount];  // "tutorial", "cifar", "multi"

// Play / pause / step / scrub over steps [0, n).
struct Anim {
    int t = 0;              // step shown
    bool playing = false;
    float speed = 2;        // steps per second
    double acc = 0;         // fractional steps carried between frames
    bool loop = true;       // start over at the end
    void advance(int n, float dt);  // called once per frame
    void clamp(int n) { t = n <= 0 ? 0 : (t < 0 ? 0 : (t >= n ? n - 1 : t)); }
};

// The canvas of the tab shown: each grid's cell size as fit_cell chose it, and whether the
// whole drawing lies inside the canvas without scrolling (what state() reports).
struct CanvasCell {
    std::string id;              // "input", "output", "kernel", ...
    float cell = 0, min = 0;     // pixels per cell, and the smallest fit_cell allows
};
struct CanvasFit {
    int tab = -1;                // the tab whose canvas was measured (-1: none yet)
    std::vector<CanvasCell> cells;
    float room[2] = {0, 0};      // the canvas's visible size
    float extent[2] = {0, 0};    // how far the drawing reaches from the canvas's top-left
    bool fits = true;            // extent within room, and nothing to scroll
};

struct TeachState {
    bool open = false;
    int tab = TabConv;
    bool tab_from_api = false;   // select the tab on the next frame (SetSelected)
    float rect[4] = {0, 0, 0, 0};  // the lab window on screen (screenshots)
    float tab_rect[TabCount][4] = {};  // each tab's button on screen (touch tests tap them)
    CanvasFit fit;               // the shown tab's canvas, last frame

    // ---- step-by-step convolution ----
    int mode = ModeTutorial;
    // Geometry (tutorial and multi-channel modes; CIFAR mode takes the layer's)
    int in_size = 5, k_size = 3, stride = 1;
    int pad_kind = 0;            // 0 valid, 1 same, 2 explicit
    int pad_n = 1;
    // Tutorial values, (in_size, in_size) and (k_size, k_size), editable
    std::vector<float> tut_input, tut_kernel;
    float tut_bias = 0;
    // CIFAR mode: conv layer (ordinal among the model's Conv2D layers), filter, shown channel
    int layer = 0, filter = 0, show_channel = 0;
    // Multi-channel mode: kernels (feature maps) and the crop's top-left in the 32×32 image
    int multi_oc = 2, crop_y = 10, crop_x = 10;
    Anim conv_anim;
    int hover_t = -1;            // step under the mouse on the output map (this frame)

    // What the step view animates now (rebuilt when its inputs change)
    teach::ConvProblem problem;
    std::unique_ptr<teach::ConvSteps> steps;
    LabTexts error;              // validate(problem), or why there is nothing to show yet
    LabTexts notes;              // conv_notes(problem) and remarks on the numbers' source
    LabTexts source;             // where the numbers come from, one line
    std::vector<float> live_map; // CIFAR mode: the model's own feature map (OH, OW) for the filter
    std::string layer_name;

    // ---- filtering ----
    int filter_kernel = 1;       // index in classic_kernels(); -1 = the user's own kernel
    float user_kernel[9] = {0, -1, 0, -1, 5, -1, 0, -1, 0};
    bool filter_gray = false;
    float noise = 0;             // noise added before filtering (0..0.5), to show smoothing

    // ---- pooling ----
    int pool_mode = 0;           // cnn::Pool2D::Max / Avg
    int pool_size = 2, pool_stride = 0;
    int pool_source = 0;         // 0 the tutorial's 4×4 example, 1 a feature map of the model
    int pool_layer = 0, pool_channel = 0;
    Anim pool_anim;
    teach::PoolProblem pool_problem;
    std::unique_ptr<teach::PoolSteps> pool_steps;
    LabTexts pool_error;

    // ---- stride ----
    int stride_in = 7, stride_k = 3;
    Anim stride_anim;

    // ---- ReLU ----
    int relu_layer = 0, relu_channel = 0;

    // ---- Keras code (teach_concepts.cpp) ----
    std::string keras_copy_note;  // "Copied." or why not, for a few seconds
    double keras_copy_at = 0;
    int keras_copies = 0;         // Copy presses (state(): the button works)
    float keras_copy_rect[4] = {0, 0, 0, 0};  // the Copy button on screen (tests click it)

    // ---- Picture to answer ----
    int concept = 0;              // 0 pixels, 1 flatten, 2 softmax, 3 loss
    int cc_pixel = 0;             // the dot shown: row·32 + column
    int cc_flat = 0;              // the flatten element shown (index in the list)
};

TeachState& teach_state();

// Draws the lab's header button and, when open, the lab window. Call after the other panels.
void draw_teach_panels(AppState& a);

// Rebuilds t.problem / t.steps from the settings and the latest snapshot (cheap when nothing
// changed). The panels call it every frame; the JS API before answering.
void teach_update_conv(AppState& a, TeachState& t);
void teach_update_pool(AppState& a, TeachState& t);
// Resets the tutorial values to the tutorial's example (sizes 5 and 3 get its exact numbers;
// other sizes a fixed pattern of small integers).
void teach_reset_values(TeachState& t);

// ---- what the views read from the snapshot ----
struct ConvLayerRef {
    int model_index = -1;        // index in Inside::layers
    int ordinal = -1;            // among the Conv2D layers
    std::string name;
    const cnn::Conv2D* layer = nullptr;  // geometry (stride, padding, act, in/out shapes)
};
// The current model's Conv2D layers (parsed from the snapshot's spec; no weights bound).
std::vector<ConvLayerRef> teach_conv_layers(AppState& a);
// The chosen image as floats (3, 32, 32) in [0, 1], as the model sees it; empty if none.
std::vector<float> teach_image(AppState& a);
// Input of layer model_index for the chosen image: the image or the previous layer's output.
std::vector<float> teach_layer_input(AppState& a, int model_index);
// Bias of filter oc of conv layer `ordinal`: from the snapshot when it carries biases (*exact
// = true), else recovered from the layer's feature map: b = act⁻¹(y) − Σ x·w at the strongest
// output (*exact = false; 0 when no output is usable, e.g. every ReLU output is 0).
float teach_bias(AppState& a, int ordinal, int oc, bool* exact);

// ---- drawing helpers (teach_draw.cpp) ----
// The text with the symbols the current font lacks (⌊ ⌋ − → ≤ ≥ … Σ) replaced by ASCII; the
// cut font has them, ImGui's fallback font does not.
std::string plain(const std::string& s);
// The texts in the page's language, with the symbols its font lacks replaced (plain()).
std::string shown(const LabTexts& ts);
std::string shown(const teach::Msgs& ms);
std::string shown(const teach::Msg& m);
// "3", "0.25", "-1.5": up to `decimals` decimals, no trailing zeros.
std::string fmt(float v, int decimals = 2);
ImU32 heat(float v, float lo, float hi);       // magnitude colour map
ImU32 signed_heat(float v, float m);           // blue - dark - orange, m = max |v|
ImU32 text_on(ImU32 bg);                       // black or white, whichever reads on bg

struct GridStyle {
    float cell = 32;             // pixels per cell
    int decimals = 2;
    bool numbers = true;         // write values in the cells
    float lo = 0, hi = 1;        // colour range
    bool signed_colors = false;
};
// ---- canvases that scale to their room (teach_draw.cpp) ----
// The one owner of "cell size for this room": the largest cell at which a drawing `units_w`
// cells wide and `units_h` high, plus `fixed_w` × `fixed_h` pixels of labels and gaps, fits
// `room`; clamped to [min, max] (colour-only grids may go smaller than number grids; numbers
// that do not fit a cell show on hover). Records the grid `id` for state().
enum CellKind { CellNumbers, CellColours, CellPixels };  // CellPixels: an image's pixels
float fit_cell(const char* id, ImVec2 room, float units_w, float units_h, float fixed_w, float fixed_h,
               CellKind kind = CellNumbers);
// The smallest cell fit_cell gives a grid of this kind at the current font size.
float min_cell(CellKind kind);
// A tab's canvas: a child window filling the rest of the tab. canvas_end measures how far
// the drawing reached (every vertex of the child's draw list, the labels marked with
// canvas_mark, ImGui's own scrolling) into t.fit, and ends the child.
void canvas_begin(TeachState& t, const char* id);
void canvas_end(TeachState& t);
// Text drawn with a draw list is clipped without vertices: its far corner is marked instead.
void canvas_mark(ImVec2 far_corner);
// A text drawn at p on a canvas (and marked), wrapped at `wrap` pixels when > 0; returns its height.
float lab_label(ImDrawList* dl, ImVec2 p, const std::string& s, ImU32 col = IM_COL32(220, 220, 220, 255), float wrap = 0);
// Line height of the current font, for the fixed parts of fit_cell.
float line_h();

// Playback controls of an animated tab (|< < play > >|, speed up to max_speed steps/s, step
// slider); full: also the loop box and "step i of n" (the convolution tab).
void playback(Anim& an, int n, const char* id, float max_speed, bool full);

// A (rows, cols) grid of values at screen position p0; values may be null (empty cells).
// Returns the cell under the mouse (row·cols + col) or -1. `filled` (optional) blanks cells
// with 0; `pad` (optional, rows·cols) draws padding cells hatched.
int draw_grid(ImDrawList* dl, ImVec2 p0, int rows, int cols, const float* values, const GridStyle& st,
              const uint8_t* filled = nullptr, const uint8_t* pad = nullptr);
void draw_window_box(ImDrawList* dl, ImVec2 p0, float cell, int r0, int c0, int h, int w, ImU32 col,
                     float thick = 3);

} // namespace app
