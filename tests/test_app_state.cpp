// test_app_state.cpp — the session's actions (app_state.h) run natively against a real Engine,
// with a test Host that records what the page would download or store: start-up, model specs
// (good, impossible, unreadable), CIFAR files made in memory (and bad ones), subsets, training
// actions, saving and loading model files.
// Not here: drawing or the JS bridge (browser suites), the Engine on its own (test_engine.cpp).
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "app/session/app_state.h"
#include "core/error.h"
#include "core/limits.h"
#include "core/model_io.h"
#include "core/rng.h"
#include "session_support.h"

using Catch::Contains;
using Catch::StartsWith;
using app::AppState;
using app::Snapshot;
using app::Status;

namespace {

using session_test::cifar_bytes;
using session_test::kModel;
using session_test::kTimeout;

// What the page would have done with the session's bytes.
struct Recorder {
    std::vector<std::pair<std::string, std::vector<uint8_t>>> downloads;
    std::vector<std::vector<uint8_t>> stored;
    std::vector<int64_t> stored_steps;  // the batches each stored model was trained for

    app::Host host(size_t heap_max) {
        app::Host h;
        h.download = [this](const std::string& name, const std::vector<uint8_t>& b) { downloads.emplace_back(name, b); };
        h.store_model = [this](const std::vector<uint8_t>& b, int64_t steps) {
            stored.push_back(b);
            stored_steps.push_back(steps);
        };
        h.heap_max = heap_max;
        return h;
    }
};

// A session started as the page starts it, and a wait that runs frames until the latest
// snapshot says so (failing with a message at the deadline); it returns a copy of that snapshot.
struct Session {
    Recorder rec;  // before `a`: the Host's functions point into it
    AppState a;

    explicit Session(bool threaded = false, size_t heap_max = 0) {
        app::app_init(a, threaded, false, rec.host(heap_max));
    }

    Snapshot until(const std::string& what, const std::function<bool(const Snapshot&)>& cond) {
        const double end = app::now_s() + kTimeout;
        for (;;) {
            app::app_frame(a);
            if (cond(*a.snap)) return *a.snap;
            if (app::now_s() > end) {
                FAIL("timed out waiting for " << what << " (status " << app::status_name(a.snap->status) << ", steps "
                                              << a.snap->steps << ", message '" << a.snap->message << "')");
            }
            if (a.engine->threaded()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
};


std::string load(AppState& a, const std::vector<uint8_t>& bytes, const std::string& name) {
    return app::app_load_data(a, bytes.data(), bytes.size(), name);
}

// A session training kModel on 200 training and 100 test images, batches of 10.
void small_run(Session& s) {
    s.a.hyper.batch = 10;
    s.a.hyper.epochs = 200;
    s.a.hyper.lr = 0.01f;
    REQUIRE(load(s.a, cifar_bytes(200, 1), "data_batch_1.bin") == "");
    REQUIRE(load(s.a, cifar_bytes(100, 2), "test_batch.bin") == "");
    REQUIRE(app::app_set_model(s.a, kModel) == "");
}

using session_test::canonical;

std::vector<std::string> row_specs(const AppState& a) {
    std::vector<std::string> v;
    for (const auto& r : a.rows) v.push_back(app::row_spec(r));
    return v;
}

} // namespace

TEST_CASE("app_init: the tutorial model in the engine, the memory limit from the host's heap", "[app]") {
    Session s(false, (size_t)512 << 20);
    CHECK(std::string(s.a.flavour) == "single");
    CHECK(s.a.hyper.threads == 1);
    CHECK(s.a.memory_limit.bytes == (size_t)384 << 20);  // the heap less a quarter for the page
    CHECK_THAT(s.a.memory_limit.source, Contains("512 MB"));
    CHECK(s.a.draft_error == "");
    CHECK(s.a.applied_spec == s.a.draft_spec);
    CHECK(s.a.rows.size() == app::rows_from_spec(cnn::kTutorialModel).size());
    const Snapshot snap = s.until("the tutorial model", [](const Snapshot& x) { return !x.spec.empty(); });
    CHECK(snap.spec == canonical(cnn::kTutorialModel));
    CHECK(snap.num_params == 122570);
    CHECK(snap.status == Status::Idle);

    Session native;  // no heap given: the core's default limit
    CHECK(native.a.memory_limit.bytes == cnn::default_memory_limit().bytes);
}

TEST_CASE("app_set_model: a good spec reaches the engine; an impossible one marks its row", "[app]") {
    Session s;
    REQUIRE(app::app_set_model(s.a, kModel) == "");
    CHECK(s.a.rows.size() == 4);
    CHECK(s.a.applied_spec == s.a.draft_spec);
    s.until("the new model", [](const Snapshot& x) { return x.spec == canonical(kModel); });

    // 32 -> 30 -> 15 -> 7 -> 3 -> 1: the fifth pooling has nothing left to pool.
    const std::string too_deep = "conv(4,3,relu) maxpool(2) maxpool(2) maxpool(2) maxpool(2) maxpool(2) flatten dense(10,softmax)";
    const std::string err = app::app_set_model(s.a, too_deep);
    CHECK_THAT(err, StartsWith("row 6: "));
    CHECK(s.a.rows.size() == 8);  // the rows are there to be fixed
    CHECK(s.a.error_row == 5);
    CHECK_FALSE(s.a.rows[5].error.empty());
    CHECK(s.a.rows[4].error.empty());
    CHECK(s.a.applied_spec != s.a.draft_spec);

    const std::string five = app::app_set_model(s.a, "conv(4,3,relu) maxpool(2) flatten dense(5,softmax)");
    CHECK_THAT(five, StartsWith("row 4: ") && Contains("10 class scores"));
    CHECK(s.a.error_row == 3);
    // The engine still trains the last good model.
    CHECK(s.until("a frame", [](const Snapshot&) { return true; }).spec == canonical(kModel));
}

TEST_CASE("app_set_model: a spec that does not read keeps the rows as they were", "[app]") {
    Session s;
    REQUIRE(app::app_set_model(s.a, kModel) == "");
    const std::vector<std::string> before = row_specs(s.a);
    for (const char* bad : {"conv(4,3,relu) wobble(3)", "conv(4,3,relu", "dense(ten)"}) {
        CAPTURE(bad);
        CHECK_FALSE(app::app_set_model(s.a, bad).empty());
        CHECK(row_specs(s.a) == before);
        CHECK(s.a.applied_spec == s.a.draft_spec);
    }
}

TEST_CASE("app_load_data: CIFAR files merge into the sets; a bad file is refused and the data kept", "[app]") {
    Session s;
    REQUIRE(load(s.a, cifar_bytes(200, 1), "data_batch_1.bin") == "");
    CHECK(s.a.data.train->size() == 200);
    CHECK(s.a.data.train_version == 1);
    CHECK(s.a.data.note_kind == 1);
    CHECK(s.a.data.note_added == 200);
    CHECK_FALSE(s.a.data.note_test);
    CHECK_FALSE(s.a.data.train_baked);

    REQUIRE(load(s.a, cifar_bytes(100, 2), "cifar-10-batches-bin/data_batch_2.bin") == "");
    CHECK(s.a.data.train->size() == 300);
    CHECK(s.a.data.note_total == 300);
    CHECK(s.a.data.train_files == std::vector<std::string>{"data_batch_1.bin", "data_batch_2.bin"});
    REQUIRE(load(s.a, cifar_bytes(100, 3), "test_batch.bin") == "");
    CHECK(s.a.data.test->size() == 100);
    CHECK(s.a.data.note_test);
    s.until("the data in the engine", [](const Snapshot& x) { return x.train_size == 300 && x.test_size == 100; });

    REQUIRE(load(s.a, cifar_bytes(200, 1), "data_batch_1.bin") == "");  // again: nothing added
    CHECK(s.a.data.note_kind == 2);
    CHECK(s.a.data.train->size() == 300);

    const auto kept = s.a.data.train;
    std::vector<uint8_t> cut = cifar_bytes(3, 4);
    cut.resize(cut.size() - 7);
    std::vector<uint8_t> bad_label = cifar_bytes(3, 5);
    bad_label[cnn::Dataset::kRecord] = 12;
    for (const auto& bad : {cut, bad_label, std::vector<uint8_t>{}}) {
        const std::string err = load(s.a, bad, "data_batch_3.bin");
        CHECK_THAT(err, Contains("data_batch_3.bin") && Contains("(current data kept)"));
        CHECK(s.a.data.error == err);
        CHECK(s.a.data.train == kept);
        CHECK(s.a.data.train_files.size() == 2);
    }
    REQUIRE(load(s.a, cifar_bytes(50, 6), "data_batch_3.bin") == "");  // a good file clears the error
    CHECK(s.a.data.error.empty());
    CHECK(s.a.data.train->size() == 350);
}

TEST_CASE("app_set_subset: class-balanced subsets reach the engine and survive more data", "[app]") {
    Session s;
    small_run(s);
    app::app_set_subset(s.a, 50, 20);
    REQUIRE(s.a.data.train->size() == 50);
    CHECK(s.a.data.test->size() == 20);
    CHECK(s.a.data.train_all->size() == 200);
    int per_class[10] = {};
    for (uint8_t l : s.a.data.train->labels) per_class[l]++;
    for (int k = 0; k < 10; k++) CHECK(per_class[k] == 5);
    s.until("the subsets in the engine", [](const Snapshot& x) { return x.train_size == 50 && x.test_size == 20; });

    REQUIRE(load(s.a, cifar_bytes(100, 7), "data_batch_2.bin") == "");
    CHECK(s.a.data.train_all->size() == 300);
    CHECK(s.a.data.train->size() == 50);

    app::app_set_subset(s.a, 0, 0);
    CHECK(s.a.data.train->size() == 300);
    s.until("all the data in the engine", [](const Snapshot& x) { return x.train_size == 300 && x.test_size == 100; });
}

TEST_CASE("app_start, app_step, app_pause, app_reset drive the engine", "[app]") {
    const bool threaded = GENERATE(false, true);
    CAPTURE(threaded);
    Session s(threaded);
    small_run(s);
    app::app_step(s.a, 3);
    const Snapshot stepped = s.until("3 batches", [](const Snapshot& x) { return x.status == Status::Paused && x.steps == 3; });
    CHECK(stepped.hyper.batch == 10);
    CHECK(stepped.train_size == 200);

    s.a.hyper.lr = 0.002f;  // settings in the panel go with Start
    app::app_start(s.a);
    s.until("training at the new rate", [](const Snapshot& x) { return x.steps >= 13 && x.hyper.lr == 0.002f; });
    app::app_pause(s.a);
    s.until("paused", [](const Snapshot& x) { return x.status == Status::Paused; });

    s.a.rows[0].filters = 6;  // an edited row: Start applies the new model first
    app::app_start(s.a);
    const std::string six = canonical("conv(6,3,relu) maxpool(2) flatten dense(10,softmax)");
    s.until("the edited model training", [&](const Snapshot& x) { return x.spec == six && x.steps >= 5; });
    app::app_pause(s.a);
    s.until("paused", [](const Snapshot& x) { return x.status == Status::Paused; });

    app::app_reset(s.a);
    const Snapshot reset = s.until("the reset", [](const Snapshot& x) { return x.steps == 0; });
    CHECK(reset.status == Status::Idle);
    CHECK(reset.spec == six);

    s.a.rows[0].kernel = 40;  // rows that make no model: Start does nothing
    app::app_start(s.a);
    CHECK_FALSE(s.a.draft_error.empty());
    CHECK_FALSE(app::app_can_train(s.a));
    app::app_step(s.a, 2);
    CHECK(s.until("a frame", [](const Snapshot&) { return true; }).steps == 0);
}

TEST_CASE("app_save_model reaches the host's download; the file loads back", "[app]") {
    Session s;
    small_run(s);
    app::app_step(s.a, 3);
    s.until("3 batches", [](const Snapshot& x) { return x.status == Status::Paused && x.steps == 3; });
    s.until("the autosave", [&](const Snapshot&) { return !s.rec.stored.empty(); });
    CHECK(s.rec.downloads.empty());  // an autosave is stored for a reload, not downloaded

    app::app_save_model(s.a);
    s.until("the download", [&](const Snapshot&) { return !s.rec.downloads.empty(); });
    REQUIRE(s.rec.downloads.size() == 1);
    const auto& file = s.rec.downloads[0];
    CHECK(file.first == "cnn-playground.model");
    CHECK(s.rec.stored.back() == file.second);
    CHECK(s.a.model_note_kind == 2);
    CHECK(s.a.model_note_n == (long)(file.second.size() / 1024));
    cnn::Checkpoint ck = cnn::load_model(file.second.data(), file.second.size(), "download");
    CHECK(ck.model.spec() == canonical(kModel));

    Session t;  // a fresh page opens the file: its rows, weights and optimizer
    t.a.hyper.optimizer = cnn::Optimizer::SGD;
    REQUIRE(app::app_load_model(t.a, file.second.data(), file.second.size(), "mine.model") == "");
    CHECK(t.a.model_note_kind == 1);
    CHECK(t.a.model_note_file == "mine.model");
    CHECK(t.a.rows.size() == 4);
    CHECK(t.a.hyper.optimizer == cnn::Optimizer::Adam);
    CHECK(t.a.hyper.lr == 0.01f);
    t.until("the loaded model", [](const Snapshot& x) { return x.spec == canonical(kModel); });

    std::vector<uint8_t> broken = file.second;
    broken.resize(broken.size() / 2);
    const std::string err = app::app_load_model(t.a, broken.data(), broken.size(), "half.model");
    CHECK_THAT(err, Contains("half.model"));
    CHECK(t.a.model_note_kind == 3);
    CHECK(t.a.model_note_is_error);
    CHECK(t.a.rows.size() == 4);
}

TEST_CASE("app_export_model downloads ONNX or a zip of code and weights; an ONNX file opens as the model", "[app]") {
    Session s;
    small_run(s);
    app::app_step(s.a, 2);
    s.until("2 batches", [](const Snapshot& x) { return x.status == Status::Paused && x.steps == 2; });
    app::app_export_model(s.a, cnn::ExportFormat::Onnx);
    s.until("the ONNX download", [&](const Snapshot&) { return !s.rec.downloads.empty(); });
    REQUIRE(s.rec.downloads.size() == 1);
    const auto onnx = s.rec.downloads[0];
    CHECK(onnx.first == "cnn-playground.onnx");
    CHECK(s.a.model_note_kind == 5);
    CHECK(s.a.model_note_file == "cnn-playground.onnx");

    app::app_export_model(s.a, cnn::ExportFormat::PyTorch);
    s.until("the PyTorch download", [&](const Snapshot&) { return s.rec.downloads.size() == 2; });
    const auto& zip = s.rec.downloads[1];
    CHECK(zip.first == "cnn-playground-pytorch.zip");
    REQUIRE(zip.second.size() > 4);
    CHECK(zip.second[0] == 'P');  // a ZIP's local header, "PK\3\4"
    CHECK(zip.second[1] == 'K');

    Session t;  // a fresh page opens the .onnx: the same model, no optimizer state, no epochs
    REQUIRE(app::app_load_model(t.a, onnx.second.data(), onnx.second.size(), "mine.onnx") == "");
    CHECK(t.a.model_note_kind == 6);
    CHECK(t.a.model_note_file == "mine.onnx");
    t.until("the imported model", [](const Snapshot& x) { return x.spec == canonical(kModel); });

    std::vector<uint8_t> broken(onnx.second.begin(), onnx.second.begin() + (long)onnx.second.size() / 2);
    const std::string err = app::app_load_model(t.a, broken.data(), broken.size(), "half.onnx");
    CHECK_THAT(err, Contains("half.onnx") && Contains("not a valid ONNX file"));
    CHECK(t.a.model_problem.code == cnn::Errc::ImportMalformed);
    CHECK(t.a.rows.size() == 4);  // the current model kept
}

TEST_CASE("app_ask_model: a preset asks before replacing a trained model; cancel keeps it", "[app]") {
    const bool threaded = GENERATE(false, true);
    CAPTURE(threaded);
    Session s(threaded);
    small_run(s);
    const std::string small = canonical("conv(6,3,relu) maxpool(2) flatten dense(10,softmax)");
    app::app_ask_model(s.a, small);  // nothing trained yet: at once, no question
    CHECK_FALSE(s.a.ask.open);
    s.until("the untrained model replaced", [&](const Snapshot& x) { return x.spec == small; });

    app::app_step(s.a, 3);
    const Snapshot trained = s.until("3 batches", [](const Snapshot& x) { return x.status == Status::Paused && x.steps == 3; });
    REQUIRE(app::app_model_trained(s.a));
    app::app_ask_model(s.a, kModel);
    CHECK(s.a.ask.open);
    app::app_answer(s.a, app::Answer::Cancel);
    CHECK_FALSE(s.a.ask.open);
    Snapshot kept = s.until("a frame", [](const Snapshot&) { return true; });
    CHECK(kept.spec == small);
    CHECK(kept.steps == 3);
    CHECK(kept.model_version == trained.model_version);
    CHECK(s.a.draft_spec == small);

    app::app_ask_model(s.a, kModel);
    app::app_answer(s.a, app::Answer::SaveThenReplace);
    s.until("the download of the trained one", [&](const Snapshot&) { return !s.rec.downloads.empty(); });
    cnn::Checkpoint ck = cnn::load_model(s.rec.downloads[0].second.data(), s.rec.downloads[0].second.size(), "saved");
    CHECK(ck.model.spec() == small);
    const Snapshot replaced = s.until("the new model", [](const Snapshot& x) { return x.spec == canonical(kModel); });
    CHECK(replaced.steps == 0);
    CHECK(replaced.history.empty());
}

TEST_CASE("A replaced model takes its note with it; the store records the batches trained", "[app]") {
    Session s;
    small_run(s);
    app::app_step(s.a, 3);
    s.until("the autosave", [&](const Snapshot&) { return !s.rec.stored.empty(); });
    CHECK(s.rec.stored_steps.back() == 3);
    const std::vector<uint8_t> file = s.rec.stored.back();

    Session t;  // the page after a reload: its data, then the stored model
    small_run(t);
    REQUIRE(app::app_load_model(t.a, file.data(), file.size(), "mine.model") == "");
    CHECK(t.a.model_note_kind == 1);
    app::app_resume(t.a, s.rec.stored_steps.back(), 1, 7);  // what a reload does next
    const Snapshot back = t.until("predictions after 3 batches", [](const Snapshot& x) {
        return x.preds && x.preds->at_step == 3 && x.inside && x.inside->image == 7;
    });
    CHECK(back.steps == 3);
    CHECK(t.a.sel_image == 7);
    app::app_set_model(t.a, "conv(6,3,relu) maxpool(2) flatten dense(10,softmax)");
    CHECK(t.a.model_note.empty());  // "loaded mine.model (0 epochs trained)" is not about this one
    CHECK(t.a.model_note_kind == 0);
}
