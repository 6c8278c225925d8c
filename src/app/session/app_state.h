// app_state.h — the one application state the panels edit directly every frame (immediate
// mode), and the actions both the panels and the JS API call (load data, apply a model,
// start/pause/step/reset, select an image, save/load a model file).
// Not here: drawing (panel_*.cpp), training (engine.h), the JS glue (api.cpp, web/).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/cifar.h"
#include "core/error.h"
#include "core/interop/export.h"
#include <cstdint>
#include <functional>
#include <map>

#include "app/session/engine.h"
#include "app/session/picture.h"

namespace app {

// One editable row of the Model panel: a layer of the model grammar.
enum RowType { RowConv, RowMaxPool, RowAvgPool, RowDense, RowFlatten, RowActivation, RowTypeCount };
extern const char* const kRowTypeNames[RowTypeCount];
extern const char* const kActNames[5];  // linear relu sigmoid tanh softmax (cnn::Activation order)

struct LayerRow {
    int type = RowConv;
    int filters = 32, kernel = 3, stride = 1;
    int padding = 0;       // 0 valid, 1 same, 2 explicit (pad_n cells)
    int pad_n = 1;
    int pool = 2, pool_stride = 0;  // 0 = pool size
    int units = 64;
    int act = 1;           // index into kActNames
    // Filled by app_rows_changed(): what this row produces, or why it can't (error: the
    // core's English for the JS API; problem: the same as a code, for the page's language).
    std::string name, shape, error;
    cnn::ErrorInfo problem;
    size_t params = 0;
};

struct DataState {
    std::shared_ptr<const cnn::Dataset> train, test;   // in use: the subsets of the loaded data
    std::shared_ptr<const cnn::Dataset> train_all, test_all;  // everything loaded
    int train_limit = 0, test_limit = 0;               // subset sizes (0 = all), app_set_subset
    std::vector<std::string> train_files, test_files;  // what they were made from
    bool train_baked = true, test_baked = true;        // still the bundle's subset?
    std::vector<std::string> class_names;
    uint64_t train_version = 0, test_version = 0;      // bumped when the set in use changes (thumbnails)
    std::string error, note;                           // last load's error / success note (English: JS API)
    // The error as a code (notes_text.h says it in the page's language); problem_file names
    // the file a memory refusal turned away (the core's data errors name it themselves).
    cnn::ErrorInfo problem;
    std::string problem_file;
    // The note's parts, so the Data panel says it in the page's language: kind 1 "loaded
    // file: added images (set now total)", 2 "file is loaded already".
    int note_kind = 0, note_added = 0, note_total = 0;
    bool note_test = false;
    std::string note_file;
    // A file of the page's bundled subset that the host did not serve (app_bundled_data_error):
    // its name and the HTTP status (0: no answer). Cleared by any later load, good or bad.
    std::string fetch_failed_file;
    int fetch_status = 0;
};

// The host's services: saving bytes for the user, keeping the last model across a reload
// (with the batches it was trained for, so a reload can say so), and the heap the training
// may use. Any member may be empty (nothing is done).
struct Host {
    std::function<void(const std::string& filename, const std::vector<uint8_t>& bytes)> download;
    std::function<void(const std::vector<uint8_t>& bytes, int64_t steps)> store_model;
    size_t heap_max = 0;  // bytes; 0: the core's default memory limit (native)
};

struct AppState {
    // Build and page
    const char* flavour = "single";  // "threads" | "single"
    bool isolated = false;
    float fps = 0;
    float frame_ms = 0;
    float t_app = 0, t_ui = 0, t_gl = 0;  // profile: app_frame, panels, GL render (ms, EMA)              // CPU time of our frame function (EMA), to tell it from GPU time

    DataState data;
    std::unique_ptr<Engine> engine;
    std::shared_ptr<const Snapshot> snap;  // latest published training state (read-only)

    // Model panel: rows being edited, their validation, and what's applied
    std::vector<LayerRow> rows;
    std::string draft_spec;        // spec of the rows
    std::string draft_error;       // empty if the rows make a model ("row N: " + English, JS API)
    cnn::ErrorInfo draft_problem;  // the same as a code (model_text.h says it in the page's language)
    int error_row = -1;
    size_t draft_params = 0;
    std::string applied_spec;      // spec the engine trains
    std::string model_note;        // save/load messages (English: JS API)
    bool model_note_is_error = false;
    // The note's parts for the Model panel in the page's language: kind 1 loaded (file,
    // epochs), 2 saved (file, KB), 3 a file that could not be used (model_problem: its code),
    // 4 a file whose optimizer setting is refused (model_refused), 5 exported (file, KB), 6 imported
    // (file; weights only).
    int model_note_kind = 0;
    std::string model_note_file;
    long model_note_n = 0;
    cnn::ErrorInfo model_problem;
    cnn::SettingProblem model_refused;
    // An export asked for: the engine's next saved bytes are written in this format.
    bool export_pending = false;
    cnn::ExportFormat export_format = cnn::ExportFormat::Onnx;

    // A question before a trained model is replaced (a preset, Apply): the model the answer
    // would put in use. app_ask_model sets it, app_answer clears it.
    struct Ask {
        bool open = false;
        std::string spec;
    } ask;

    // Train panel: the settings in use, changed only through app_try_settings
    cnn::TrainSettings hyper;

    // Views
    int data_set = 0;              // Data panel shows 0 train, 1 test
    int data_class = -1;           // -1 all classes
    bool pred_only_wrong = false;
    int pred_class = -1;           // true class filter
    int cm_true = -1, cm_pred = -1;  // confusion-matrix cell filter
    int sel_set = 1, sel_image = 0;  // image shown in "Inside the network" (set kSetPicture: picture)
    PictureState picture;          // the user's own picture (picture.h)
    int why_class = -2;            // Why this class?: the class asked (-1 top, < -1 none yet)
    int top_layer = -1, top_filter = 0;  // What does a filter look for? (layer < 0: not asked)
    bool layout_done = false;
    struct Rect { float x, y, w, h; };
    Rect panel_rect[6] = {};       // Data, Model, Train, Predictions, Inside, header bar

    // What the session needs from its host (the page: web/api.cpp; tests: their own),
    // handed in by app_init so that nothing here includes the browser bridge.
    Host host;
    cnn::MemoryLimit memory_limit;  // what a training run may use (memory_limit_for_heap)
};

AppState& app_state();

// Actions (UI and JS API). Functions returning std::string return "" or an error message.
void app_init(AppState& a, bool threaded, bool isolated, Host host);
// Once per frame before drawing: pump (the single-thread build trains for about train_ms),
// snapshot, saves, textures.
void app_frame(AppState& a, double train_ms = 25.0);
std::string app_load_data(AppState& a, const uint8_t* bytes, size_t len, const std::string& name);
// The host could not serve a file of the bundled subset (http_status 0: no answer): the Data
// panel says so, in the page's language, and asks for CIFAR-10 files. Returns the English.
std::string app_bundled_data_error(AppState& a, const std::string& file, int http_status);
std::string app_set_model(AppState& a, const std::string& spec);  // rows from spec, then apply
void app_rows_changed(AppState& a);   // revalidate rows after an edit
std::string app_apply_model(AppState& a);  // rows -> engine (fresh weights)
// Start/Step can run: the rows make a model and there is training data.
inline bool app_can_train(const AppState& a) { return a.draft_error.empty() && a.data.train && a.data.train->size() > 0; }
void app_start(AppState& a);
void app_pause(AppState& a);
void app_step(AppState& a, int n);
void app_reset(AppState& a);
void app_set_hyper(AppState& a);      // push a.hyper to the engine
// The one way the page changes its training settings (panel, link, JS API): s replaces
// a.hyper and goes to the engine if cnn::validate accepts all of it; else a.hyper stays
// and the problems come back. Threads are capped at app_max_threads.
std::vector<cnn::SettingProblem> app_try_settings(AppState& a, const cnn::TrainSettings& s);
int app_max_threads(const AppState& a);  // the page's worker pool: 4 threaded, 1 single-thread
// set kSetTrain or kSetTest and an index, or kSetPicture (the picture, when there is one).
void app_select_image(AppState& a, int set, int index);
// Subset sizes: the first N of a class-balanced order of the loaded data (0 = all); kept
// when more data is loaded.
void app_set_subset(AppState& a, int train_n, int test_n);
// A model file (this program's, or an ONNX file: core/interop/load.h): app_read_model parses
// it (throws cnn::Error with the reason); app_use_model
// puts a parsed one in use (rows, weights, optimizer state, history); app_load_model does
// both. The last two return "" or the error, which the Model panel's note also shows.
std::shared_ptr<cnn::Checkpoint> app_read_model(const uint8_t* bytes, size_t len, const std::string& name);
std::string app_use_model(AppState& a, std::shared_ptr<cnn::Checkpoint> ck, const std::string& name);
std::string app_load_model(AppState& a, const uint8_t* bytes, size_t len, const std::string& name);
// A TensorFlow.js Layers model (core/interop/tfjs.h): model.json's text and the weight files
// dropped with it, by file name (the manifest's paths are matched by their last part).
std::string app_import_tfjs(AppState& a, const std::string& json,
                            const std::map<std::string, std::vector<uint8_t>>& shards, const std::string& name);
void app_save_model(AppState& a);     // download through the browser
// Download the model for other programs (core/interop/export.h): cnn-playground.onnx, or
// cnn-playground-pytorch.zip / -keras.zip holding cnn-playground.py and its .npz. The weights
// are those at the engine's next save (a moment after the click, while training).
void app_export_model(AppState& a, cnn::ExportFormat f);

// A trained model (batches trained, or epochs from a file) would be lost if replaced.
bool app_model_trained(const AppState& a);
// The Model panel's presets and Apply: spec ("" = the rows as edited) replaces the model at
// once when nothing trained would be lost, else a.ask holds it until app_answer.
void app_ask_model(AppState& a, const std::string& spec);
enum class Answer { Cancel, Replace, SaveThenReplace };
void app_answer(AppState& a, Answer ans);
// After a reload: the batches the stored model had been trained for, and the chosen image.
void app_resume(AppState& a, int64_t steps, int set, int index);

// The memory limit of a training run in a page whose heap can reach heap_max bytes (that less
// room for the page); heap_max 0: the core's default_memory_limit().
cnn::MemoryLimit memory_limit_for_heap(size_t heap_max);

// Model presets for the Model panel.
struct Preset { const char* name; const char* spec; };
extern const Preset kPresets[3];

// Row <-> grammar
std::string row_spec(const LayerRow& r);
std::vector<LayerRow> rows_from_spec(const std::string& spec);  // throws cnn::Error

} // namespace app
