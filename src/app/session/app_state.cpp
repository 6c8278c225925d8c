// app_state.cpp — the actions on the application state, shared by the panels and the JS API.
// Data files are parsed and merged here on the UI thread (they arrive from JS there) and
// handed to the engine as immutable shared Datasets; a bad file leaves the current data as is.
#include "app/session/app_state.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <new>

#include "core/error.h"
#include "core/interop/load.h"
#include "core/interop/tfjs.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/pool2d.h"
#include "core/layers/simple.h"
#include "core/limits.h"
#include "app/session/subset.h"

namespace app {

const char* const kRowTypeNames[RowTypeCount] = {"Conv2D", "MaxPool2D", "AvgPool2D", "Dense", "Flatten", "Activation"};
const char* const kActNames[5] = {"linear", "relu", "sigmoid", "tanh", "softmax"};

const Preset kPresets[3] = {
    {"Tutorial (default)", nullptr},  // cnn::kTutorialModel
    {"Small & fast", "conv(16,3,relu) maxpool(2) conv(32,3,relu) maxpool(2) flatten dense(10,softmax)"},
    {"Deeper", "conv(32,3,pad=same,relu) conv(32,3,pad=same,relu) maxpool(2) "
               "conv(64,3,pad=same,relu) conv(64,3,pad=same,relu) maxpool(2) "
               "conv(128,3,pad=same,relu) maxpool(2) flatten dense(128,relu) dense(10,softmax)"},
};

AppState& app_state() {
    static AppState a;
    return a;
}

// ------------------------------------------------------------------ rows <-> grammar
std::string row_spec(const LayerRow& r) {
    auto I = [](int v) { return std::to_string(v); };
    switch (r.type) {
    case RowConv: {
        std::string s = "conv(" + I(r.filters) + "," + I(r.kernel);
        if (r.stride != 1) s += ",stride=" + I(r.stride);
        if (r.padding == 1) s += ",pad=same";
        if (r.padding == 2) s += ",pad=" + I(r.pad_n);
        if (r.act != 0) s += std::string(",") + kActNames[r.act];
        return s + ")";
    }
    case RowMaxPool:
    case RowAvgPool: {
        std::string s = std::string(r.type == RowMaxPool ? "maxpool(" : "avgpool(") + I(r.pool);
        if (r.pool_stride > 0 && r.pool_stride != r.pool) s += ",stride=" + I(r.pool_stride);
        return s + ")";
    }
    case RowDense: {
        std::string s = "dense(" + I(r.units);
        if (r.act != 0) s += std::string(",") + kActNames[r.act];
        return s + ")";
    }
    case RowFlatten: return "flatten";
    case RowActivation: return kActNames[r.act == 0 ? 1 : r.act];
    }
    return "";
}

static LayerRow row_from_layer(const cnn::Layer* L) {
    LayerRow r;
    if (auto* c = dynamic_cast<const cnn::Conv2D*>(L)) {
        r.type = RowConv;
        r.filters = c->filters;
        r.kernel = c->k;
        r.stride = c->stride;
        r.padding = c->padding.kind == cnn::Padding::Valid ? 0 : c->padding.kind == cnn::Padding::Same ? 1 : 2;
        r.pad_n = std::max(1, c->padding.p);
        r.act = (int)c->act;
    } else if (auto* p = dynamic_cast<const cnn::Pool2D*>(L)) {
        r.type = p->mode == cnn::Pool2D::Max ? RowMaxPool : RowAvgPool;
        r.pool = p->size;
        r.pool_stride = p->stride == p->size ? 0 : p->stride;
    } else if (auto* d = dynamic_cast<const cnn::Dense*>(L)) {
        r.type = RowDense;
        r.units = d->units;
        r.act = (int)d->act;
    } else if (dynamic_cast<const cnn::Flatten*>(L)) {
        r.type = RowFlatten;
    } else if (auto* a = dynamic_cast<const cnn::ActivationLayer*>(L)) {
        r.type = RowActivation;
        r.act = (int)a->act;
    } else {
        throw cnn::Error("layer '" + L->name + "' (" + L->kind() + ") has no row type in the Model panel");
    }
    return r;
}

// Rows from a spec, read row by row by the core, so an impossible stack still becomes rows
// (and the validation then marks the offending one); an item that does not read throws its
// error. input(...) is not a row: the page's input is always a CIFAR-10 image.
std::vector<LayerRow> rows_from_spec(const std::string& spec) {
    cnn::SpecRows parsed = cnn::parse_rows(spec);
    if (parsed.error && parsed.bad_row < 0) throw cnn::Error(parsed.error);  // input(...) or empty
    std::vector<LayerRow> rows;
    for (const cnn::SpecRow& r : parsed.rows) {
        if (!r.layer) throw cnn::Error(r.error);
        rows.push_back(row_from_layer(r.layer.get()));
    }
    return rows;
}

// Throws cnn::Error (with the estimate) when training m with the page's batch size and threads
// on these data sets (either may be null) would not fit in a.memory_limit.
static void check_page_memory(const AppState& a, const cnn::Model& m, const cnn::Dataset* train,
                              const cnn::Dataset* test) {
    size_t ntrain = train ? (size_t)train->size() : 0, ntest = test ? (size_t)test->size() : 0;
    cnn::check_memory(cnn::estimate_training_memory(m, std::max(1, a.hyper.batch), ntrain, ntest, a.hyper.threads),
                      a.memory_limit);
}

// Why rows that each read and shape can't be trained as a whole — not a classifier of
// CIFAR-10, a whole-model check, or over the page's memory — and the row to mark (for memory:
// the one that weighs most in the estimate). Code None when they can.
static cnn::ErrorInfo stack_error(const AppState& a, cnn::SpecRows&& parsed, int* row) {
    *row = (int)parsed.rows.size() - 1;
    cnn::ErrorInfo why = cnn::classifier_error(parsed.input, parsed.output());
    if (why) return why;
    cnn::Model m;
    try {
        m = cnn::Model::from_rows(std::move(parsed));
    } catch (const cnn::Error& e) {
        if (e.info.row > 0) *row = e.info.row - 1;
        return e.info;
    }
    try {
        check_page_memory(a, m, a.data.train.get(), a.data.test.get());
    } catch (const cnn::Error& e) {
        *row = (int)cnn::heaviest_layer(m, std::max(1, a.hyper.batch), a.hyper.threads);
        return e.info;
    }
    return {};
}

// Validates the rows as the core reads them: each row's name, shape and parameters while the
// stack is possible, then the first row that is not (or the stack's own error), marked.
void app_rows_changed(AppState& a) {
    std::string spec;
    for (size_t i = 0; i < a.rows.size(); i++) spec += (i ? " " : "") + row_spec(a.rows[i]);
    a.draft_spec = spec;
    a.draft_error.clear();
    a.draft_problem = {};
    a.error_row = -1;
    a.draft_params = 0;
    for (auto& r : a.rows) r.shape = r.error = r.name = "", r.params = 0, r.problem = {};
    if (a.rows.empty()) {
        a.draft_problem = cnn::ErrorInfo{cnn::Errc::NoLayers, 0, {}, {}, "the model has no layers"};
        a.draft_error = a.draft_problem.what;
        return;
    }
    cnn::SpecRows parsed = cnn::parse_rows(spec);
    for (size_t i = 0; i < a.rows.size() && i < parsed.rows.size(); i++) {
        const cnn::SpecRow& r = parsed.rows[i];
        if (!r.shaped) continue;
        a.rows[i].name = r.layer->name;
        a.rows[i].shape = r.layer->out.keras();
        a.rows[i].params = r.layer->num_params();
        a.draft_params += r.layer->num_params();
    }
    int row = parsed.bad_row;
    cnn::ErrorInfo why = parsed.error;
    if (!why) why = stack_error(a, std::move(parsed), &row);
    if (!why) return;
    row = std::clamp(row, 0, (int)a.rows.size() - 1);
    a.error_row = row;
    a.rows[row].problem = why;
    a.rows[row].error = why.what;
    a.draft_problem = why;
    a.draft_error = "row " + std::to_string(row + 1) + ": " + why.what;
}

std::string app_apply_model(AppState& a) {
    app_rows_changed(a);
    if (!a.draft_error.empty()) return a.draft_error;
    a.applied_spec = a.draft_spec;
    a.engine->set_model(a.draft_spec, a.hyper);
    // A note about the model that was in use ("loaded x (3 epochs trained)") is not about
    // this one; an error note stays until something else is tried.
    if (!a.model_note_is_error) a.model_note.clear(), a.model_note_kind = 0;
    return "";
}

std::string app_set_model(AppState& a, const std::string& spec) {
    // An impossible stack still becomes rows, so the offending row is marked; a spec that
    // does not even read leaves the current rows as they were.
    try {
        a.rows = rows_from_spec(spec);
    } catch (const std::exception& e) {
        return e.what();
    }
    return app_apply_model(a);
}

// ------------------------------------------------------------------ data
static bool ends_with(const std::string& s, const std::string& t) {
    return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}

// The sets in use from what is loaded: the first N of a class-balanced order (subset.h).
static void use_subset(AppState& a, bool train_side, bool test_side) {
    if (train_side) {
        a.data.train = take_subset(a.data.train_all, a.data.train_limit);
        a.data.train_version++;
    }
    if (test_side) {
        a.data.test = take_subset(a.data.test_all, a.data.test_limit);
        a.data.test_version++;
    }
    a.engine->set_data(a.data.train, a.data.test);
    const auto& sel = a.sel_set == 0 ? a.data.train : a.data.test;
    if (a.sel_set != kSetPicture && sel && a.sel_image >= sel->size()) app_select_image(a, a.sel_set, 0);
}

void app_set_subset(AppState& a, int train_n, int test_n) {
    train_n = std::max(0, train_n);
    test_n = std::max(0, test_n);
    bool tr = train_n != a.data.train_limit, te = test_n != a.data.test_limit;
    a.data.train_limit = train_n;
    a.data.test_limit = test_n;
    if ((tr && a.data.train_all) || (te && a.data.test_all)) use_subset(a, tr && a.data.train_all, te && a.data.test_all);
}

// A data file turned away: the current data stays; returns the English message (JS API).
// Reading a file ran out of memory (the heap is fixed in the threaded build).
static cnn::ErrorInfo out_of_memory(const std::string& file) {
    return cnn::ErrorInfo{cnn::Errc::OutOfMemory, 0, {}, {file}, file + ": not enough memory to load it"};
}

static std::string data_error(AppState& a, const std::string& what, const cnn::ErrorInfo& info, const std::string& file) {
    a.data.error = what + " (current data kept)";
    a.data.problem = info;
    a.data.problem_file = file;
    a.data.fetch_failed_file.clear();
    return a.data.error;
}

std::string app_bundled_data_error(AppState& a, const std::string& file, int http_status) {
    const std::string why = http_status > 0 ? "HTTP " + std::to_string(http_status) : "no answer from the server";
    a.data.error = "bundled data: could not fetch " + file + " (" + why + ") - load CIFAR-10 files instead";
    a.data.problem = {};
    a.data.problem_file.clear();
    a.data.fetch_failed_file = file;
    a.data.fetch_status = std::max(0, http_status);
    return a.data.error;
}

std::string app_load_data(AppState& a, const uint8_t* bytes, size_t len, const std::string& name) {
    std::string base = name.substr(name.find_last_of('/') + 1);
    if (ends_with(base, ".meta.txt") || base == "readme.html") return "";  // parts of the tarball we don't need
    cnn::Dataset d;
    try {
        d = cnn::parse_cifar(bytes, len, base);
    } catch (const cnn::Error& e) {
        return data_error(a, e.what(), e.info, "");
    } catch (const std::bad_alloc&) {
        const cnn::ErrorInfo oom = out_of_memory(base);
        return data_error(a, oom.what, oom, "");
    }
    bool is_test = base.find("test") != std::string::npos;
    bool baked = base.find("subset") != std::string::npos;
    auto& files = is_test ? a.data.test_files : a.data.train_files;
    bool& was_baked = is_test ? a.data.test_baked : a.data.train_baked;
    auto& cur = is_test ? a.data.test_all : a.data.train_all;  // the subset in use is made from it
    auto merged = std::make_shared<cnn::Dataset>();
    int added = d.size();
    if (baked) {
        *merged = std::move(d);
        files = {base};
        was_baked = true;
    } else if (std::find(files.begin(), files.end(), base) != files.end() && !was_baked) {
        a.data.note = base + " is loaded already";
        a.data.note_kind = 2, a.data.note_file = base;
        return "";
    } else {
        // The first official file replaces the bundled subset (which was drawn from them).
        if (!was_baked && cur) *merged = *cur;
        if (was_baked) files.clear();
        merged->append(d);
        files.push_back(base);
        was_baked = false;
    }
    // Would the model in use still fit in the page's memory with the bigger set? Refuse before
    // anything is replaced, with the estimate.
    if (!a.applied_spec.empty()) {
        try {
            check_page_memory(a, cnn::Model::parse_shapes(a.applied_spec), is_test ? a.data.train.get() : merged.get(),
                              is_test ? merged.get() : a.data.test.get());
        } catch (const cnn::Error& e) {
            return data_error(a, base + ": " + e.what(), e.info, base);
        }
    }
    cur = merged;
    a.data.error.clear();
    a.data.problem = {};
    a.data.problem_file.clear();
    a.data.fetch_failed_file.clear();
    a.data.note = "loaded " + base + ": " + std::to_string(added) + " images (" + (is_test ? "test" : "training") +
                  " set now " + std::to_string(cur->size()) + ")";
    a.data.note_kind = 1, a.data.note_file = base, a.data.note_added = added, a.data.note_test = is_test;
    a.data.note_total = cur->size();
    use_subset(a, !is_test, is_test);
    return "";
}

// ------------------------------------------------------------------ training
void app_start(AppState& a) {
    app_rows_changed(a);
    if (!a.draft_error.empty()) return;
    if (a.draft_spec != a.applied_spec) app_apply_model(a);
    a.engine->set_hyper(a.hyper);
    a.engine->start();
}
void app_pause(AppState& a) { a.engine->pause(); }
void app_step(AppState& a, int n) {
    app_rows_changed(a);
    if (!a.draft_error.empty()) return;
    if (a.draft_spec != a.applied_spec) app_apply_model(a);
    a.engine->set_hyper(a.hyper);
    a.engine->step(n);
}
void app_reset(AppState& a) {
    app_rows_changed(a);
    if (a.draft_error.empty() && a.draft_spec != a.applied_spec) {
        app_apply_model(a);
        return;
    }
    a.engine->reset(a.hyper);
}
void app_set_hyper(AppState& a) { a.engine->set_hyper(a.hyper); }

int app_max_threads(const AppState& a) { return std::string(a.flavour) == "threads" ? 4 : 1; }

std::vector<cnn::SettingProblem> app_try_settings(AppState& a, const cnn::TrainSettings& s) {
    std::vector<cnn::SettingProblem> problems = cnn::validate(s, app_max_threads(a));
    if (!problems.empty()) return problems;
    a.hyper = s;
    app_set_hyper(a);
    return problems;
}

void app_select_image(AppState& a, int set, int index) {
    if (set == kSetPicture) {
        if (a.picture.empty()) return;
        a.sel_set = kSetPicture;
        a.sel_image = 0;
        a.engine->select_image(kSetPicture, 0);
        return;
    }
    const auto& d = set == 0 ? a.data.train : a.data.test;
    if (!d || d->size() == 0) return;
    a.sel_set = set;
    a.sel_image = std::clamp(index, 0, d->size() - 1);
    a.engine->select_image(a.sel_set, a.sel_image);
}

// ------------------------------------------------------------------ model files
std::shared_ptr<cnn::Checkpoint> app_read_model(const uint8_t* bytes, size_t len, const std::string& name) {
    return std::make_shared<cnn::Checkpoint>(cnn::load_any_model(bytes, len, name));
}

// The Model panel's note for a model file that could not be used (why: its code); returns
// the English message.
static std::string model_file_error(AppState& a, const std::string& what, const cnn::ErrorInfo& why,
                                    const std::string& name) {
    a.model_note = what;
    a.model_note_is_error = true;
    a.model_note_kind = 3, a.model_note_file = name;
    a.model_problem = why;
    return a.model_note;
}

std::string app_use_model(AppState& a, std::shared_ptr<cnn::Checkpoint> ck, const std::string& name) {
    // The file's optimizer becomes the page's setting: it must pass the same check, so that
    // "Copy link" can never write a value the link reader refuses.
    std::vector<cnn::SettingProblem> refused = cnn::validate(cnn::settings_from_file(a.hyper, *ck), app_max_threads(a));
    if (!refused.empty()) {
        model_file_error(a, name + ": " + cnn::problem_text_en(refused[0]), {}, name);
        a.model_note_kind = 4, a.model_refused = refused[0];
        return a.model_note;
    }
    try {
        a.rows = rows_from_spec(ck->model.spec());
    } catch (const cnn::Error& e) {
        return model_file_error(a, e.what(), e.info, name);
    } catch (const std::exception& e) {
        return model_file_error(a, e.what(), cnn::Error(e.what()).info, name);
    }
    app_rows_changed(a);
    a.applied_spec = a.draft_spec;
    a.hyper = cnn::settings_from_file(a.hyper, *ck);
    const size_t n_epochs = ck->history.epochs.size();
    a.model_note = "loaded " + name + " (" + std::to_string(n_epochs) + (n_epochs == 1 ? " epoch" : " epochs") + " trained)";
    a.model_note_kind = 1, a.model_note_file = name, a.model_note_n = (long)ck->history.epochs.size();
    if (!ck->has_optimizer && n_epochs == 0) {  // an ONNX or TF.js import (or a bare model file)
        a.model_note = "imported " + name + ": weights only, no optimizer state or history";
        a.model_note_kind = 6;
    }
    a.model_note_is_error = false;
    a.engine->load_checkpoint(ck, a.hyper);
    return "";
}

// A model read by `read` put in use, or its reader's error (or running out of memory) noted.
static std::string use_read_model(AppState& a, const std::function<std::shared_ptr<cnn::Checkpoint>()>& read,
                                  const std::string& name) {
    std::shared_ptr<cnn::Checkpoint> ck;
    try {
        ck = read();
    } catch (const cnn::Error& e) {
        return model_file_error(a, e.what(), e.info, name);
    } catch (const std::bad_alloc&) {
        const cnn::ErrorInfo oom = out_of_memory(name);
        return model_file_error(a, oom.what, oom, name);
    }
    return app_use_model(a, ck, name);
}

std::string app_load_model(AppState& a, const uint8_t* bytes, size_t len, const std::string& name) {
    return use_read_model(a, [&] { return app_read_model(bytes, len, name); }, name);
}

std::string app_import_tfjs(AppState& a, const std::string& json,
                            const std::map<std::string, std::vector<uint8_t>>& shards, const std::string& name) {
    const cnn::ShardReader shard = [&](const std::string& path) {
        const std::string base = path.substr(path.find_last_of('/') + 1);
        auto it = shards.find(base);
        if (it == shards.end()) throw cnn::Error(cnn::Errc::FileNotFound, base + ": file not found", {}, {base});
        return it->second;
    };
    return use_read_model(a, [&] {
        auto ck = std::make_shared<cnn::Checkpoint>();
        ck->model = cnn::import_tfjs(json, shard, name);
        return ck;
    }, name);
}

void app_save_model(AppState& a) { a.engine->request_save(true); }

void app_export_model(AppState& a, cnn::ExportFormat f) {
    a.export_pending = true;
    a.export_format = f;
    a.engine->request_save(false);
}

// The pending export from the engine's saved bytes: one file, or a .zip of the code and its weights.
static void write_export(AppState& a, const std::vector<uint8_t>& saved) {
    a.export_pending = false;
    const cnn::Checkpoint ck = cnn::load_model(saved.data(), saved.size(), "the current model");
    std::vector<cnn::ZipEntry> files = cnn::export_model(ck.model, a.export_format, "cnn-playground", a.data.class_names);
    std::string name = files[0].name;
    std::vector<uint8_t> bytes = std::move(files[0].bytes);
    if (files.size() > 1) {
        name = a.export_format == cnn::ExportFormat::Keras ? "cnn-playground-keras.zip" : "cnn-playground-pytorch.zip";
        bytes = cnn::write_zip(files);
    }
    if (a.host.download) a.host.download(name, bytes);
    a.model_note = "exported " + name + " (" + std::to_string(bytes.size() / 1024) + " KB)";
    a.model_note_kind = 5, a.model_note_file = name, a.model_note_n = (long)(bytes.size() / 1024);
    a.model_note_is_error = false;
}

bool app_model_trained(const AppState& a) {
    return a.snap && (a.snap->steps > 0 || !a.snap->history.empty());
}

static void replace_model(AppState& a, const std::string& spec) {
    if (spec.empty()) app_apply_model(a);
    else app_set_model(a, spec);
}

void app_ask_model(AppState& a, const std::string& spec) {
    if (!app_model_trained(a)) return replace_model(a, spec);
    a.ask.open = true;
    a.ask.spec = spec;
}

// Save first queues the download before the new model: the engine runs them in order, so
// the file holds the trained weights.
void app_answer(AppState& a, Answer ans) {
    if (!a.ask.open) return;
    a.ask.open = false;
    if (ans == Answer::Cancel) return;
    if (ans == Answer::SaveThenReplace) app_save_model(a);
    replace_model(a, a.ask.spec);
}

void app_resume(AppState& a, int64_t steps, int set, int index) {
    if (steps > 0) a.engine->set_steps(steps);
    app_select_image(a, set, index);
}

// ------------------------------------------------------------------ per frame
// What training may use in the page: the WebAssembly heap's maximum (fixed 1024 MB in the
// threaded build, growable to 2048 MB in the single-thread one) less room for the page itself
// (thumbnail atlases, snapshots, a data file being merged). An estimate over it is refused
// with the estimate shown, so the page never dies from running out of memory.
cnn::MemoryLimit memory_limit_for_heap(size_t heap) {
    if (heap == 0) return cnn::default_memory_limit();
    size_t room = std::min(heap / 4, (size_t)256 << 20);
    char src[96];
    snprintf(src, sizeof src, "what the WebAssembly heap of %zu MB leaves for training", heap >> 20);
    return cnn::MemoryLimit{heap - room, src};
}

void app_init(AppState& a, bool threaded, bool isolated, Host host) {
    a.host = std::move(host);
    a.memory_limit = memory_limit_for_heap(a.host.heap_max);
    a.flavour = threaded ? "threads" : "single";
    a.isolated = isolated;
    a.data.class_names = cnn::cifar_class_names();
    // Every core trains: while a run goes on untouched the page draws a frame every 0.2-1 s
    // (redraw.h), and on 2 cores 2 threads trained 1.3-2x faster in the page than 1
    // (bench/page_bench.mjs).
    int hw = cnn::ThreadPool::max_threads();
    a.hyper.threads = threaded ? std::clamp(hw, 1, 4) : 1;
    a.engine = std::make_unique<Engine>(threaded, a.memory_limit);
    a.engine->set_hyper(a.hyper);
    app_set_model(a, cnn::kTutorialModel);
    a.snap = a.engine->snapshot();
}

void app_frame(AppState& a, double train_ms) {
    a.engine->pump(train_ms);  // single-thread build: training shares the frame
    a.snap = a.engine->snapshot();
    std::vector<uint8_t> bytes;
    bool download = false;
    int64_t steps = 0;
    if (a.engine->take_saved(&bytes, &download, &steps)) {
        if (a.host.store_model) a.host.store_model(bytes, steps);  // last model survives a reload
        if (a.export_pending) write_export(a, bytes);
        if (download) {
            if (a.host.download) a.host.download("cnn-playground.model", bytes);
            a.model_note = "saved cnn-playground.model (" + std::to_string(bytes.size() / 1024) + " KB)";
            a.model_note_kind = 2, a.model_note_file = "cnn-playground.model", a.model_note_n = (long)(bytes.size() / 1024);
            a.model_note_is_error = false;
        }
    }
}

} // namespace app
