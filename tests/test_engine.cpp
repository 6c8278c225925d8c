// test_engine.cpp — app::Engine run natively in both of its modes (its own training thread, and
// the single-thread build's pump inside the caller): start, pause, step, reset, settings changed
// mid-run, new data or model while running, saving and loading checkpoints, divergence, the
// memory limit, and snapshots read from another thread while the engine publishes.
// Not here: drawing, the AppState actions (test_app_state.cpp), the Trainer's maths (test_train.cpp).
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "app/session/engine.h"
#include "core/model_io.h"
#include "core/rng.h"
#include "session_support.h"

using app::Engine;
using app::Snapshot;
using app::Status;
using Snap = std::shared_ptr<const Snapshot>;

namespace {

using session_test::kModel;
const char* kOtherModel = "conv(6,3,relu) maxpool(2) flatten dense(10,softmax)";
// No ReLU: at a huge learning rate no unit dies, so the logits overflow (a NaN loss) rather
// than the network going quiet with a clamped, finite loss.
const char* kLinearModel = "conv(4,3) maxpool(2) flatten dense(10,softmax)";
using session_test::kTimeout;

// Threads exist in every build but Emscripten's single-thread one.
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define CNN_TEST_THREADS 0
#else
#define CNN_TEST_THREADS 1
#endif
constexpr bool kHasThreads = CNN_TEST_THREADS;

// The engine's modes a build can run: 0 single-thread (pump), 1 its own training thread.
std::vector<int> modes() { return kHasThreads ? std::vector<int>{0, 1} : std::vector<int>{0}; }

// The engine's training settings, made in this one place. Defaults: a run far longer than any
// test (200 images, batches of 10: 20 batches per epoch, 200 epochs).
// optimizer: 0 Adam, 1 SGD.
cnn::TrainSettings settings(int optimizer = 0, float lr = 0.01f, int batch = 10, int epochs = 200, int seed = 1) {
    cnn::TrainSettings h;
    h.optimizer = optimizer == 0 ? cnn::Optimizer::Adam : cnn::Optimizer::SGD;
    h.lr = lr;
    h.batch = batch;
    h.epochs = epochs;
    h.seed = seed;
    h.threads = 1;
    return h;
}

// n random CIFAR-shaped images, label i % 10: a real Dataset, made in memory.
std::shared_ptr<const cnn::Dataset> random_set(int n, uint64_t seed) {
    auto d = std::make_shared<cnn::Dataset>();
    d->pixels.resize((size_t)n * cnn::Dataset::kImage);
    d->labels.resize(n);
    cnn::Rng rng(seed);
    for (auto& p : d->pixels) p = (uint8_t)rng.below(256);
    for (int i = 0; i < n; i++) d->labels[i] = (uint8_t)(i % cnn::Dataset::kClasses);
    return d;
}

// An engine and the ways a test waits on it: by polling its snapshot until a condition holds
// (pumping it in the single-thread mode), failing with a message at the deadline.
struct Driver {
    Engine e;
    int marks = 0;
    static constexpr int kTest = 100;  // test images

    explicit Driver(bool threaded, size_t limit_bytes = (size_t)1 << 30)
        : e(threaded, cnn::MemoryLimit{limit_bytes, "the test's limit"}) {}

    // An engine with data and a model, ready to train.
    static std::unique_ptr<Driver> ready(bool threaded, const cnn::TrainSettings& h = settings(), const char* spec = kModel) {
        auto d = std::make_unique<Driver>(threaded);
        d->e.set_data(random_set(200, 7), random_set(kTest, 8));
        d->e.set_model(spec, h);
        d->until("the model in place", [](const Snapshot& s) { return !s.spec.empty() && s.train_size == 200; });
        return d;
    }

    Snap until(const std::string& what, const std::function<bool(const Snapshot&)>& cond, double timeout_s = kTimeout) {
        const double end = app::now_s() + timeout_s;
        for (;;) {
            if (!e.threaded()) e.pump(5.0);
            Snap s = e.snapshot();
            if (cond(*s)) return s;
            if (app::now_s() > end) {
                FAIL("timed out after " << timeout_s << " s waiting for " << what << " (status "
                                        << app::status_name(s->status) << ", steps " << s->steps << ", message '"
                                        << s->message << "')");
            }
            if (e.threaded()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }

    // Returns once every command posted before has run and its result is published: the
    // single-thread engine runs them in one pump with no training time; the threaded one is
    // asked to look inside a test image not chosen before, and waited for until it has.
    Snap settle() {
        if (!e.threaded()) {
            e.pump(0.0);
            return e.snapshot();
        }
        const int image = ++marks % kTest;
        e.select_image(1, image);
        return until("the Inside view of test image " + std::to_string(image), [image](const Snapshot& s) {
            return s.inside && s.inside->set == 1 && s.inside->image == image;
        });
    }

    // The weights in use now, read through a user's save (ordered after earlier commands).
    cnn::Checkpoint saved() {
        e.request_save(true);
        std::vector<uint8_t> bytes;
        bool download = false;
        until("a saved download", [&](const Snapshot&) { return e.take_saved(&bytes, &download) && download; });
        return cnn::load_model(bytes.data(), bytes.size(), "engine save");
    }
};

using session_test::canonical;

bool all_finite(const std::vector<float>& v) {
    for (float x : v)
        if (!std::isfinite(x)) return false;
    return true;
}

} // namespace

TEST_CASE("Engine: start trains, pause stops, step(n) trains exactly n batches", "[engine]") {
    const bool threaded = GENERATE(from_range(modes())) == 1;
    CAPTURE(threaded);
    auto d = Driver::ready(threaded);
    Snap s = d->settle();
    CHECK(s->status == Status::Idle);
    CHECK(s->steps == 0);
    CHECK(s->batches_per_epoch == 20);
    CHECK(s->epochs_total == 200);

    d->e.start();
    s = d->until("20 batches", [](const Snapshot& x) { return x.steps >= 20; });
    CHECK(s->status == Status::Running);
    CHECK(s->epoch >= 1);
    REQUIRE_FALSE(s->history.empty());  // an epoch of 20 batches ended, with its validation
    CHECK(s->history[0].epoch == 1);
    CHECK(std::isfinite(s->history[0].val_loss));

    d->e.pause();
    s = d->until("paused", [](const Snapshot& x) { return x.status == Status::Paused; });
    const int64_t at_pause = s->steps;
    s = d->settle();
    CHECK(s->steps == at_pause);  // nothing trained after the pause
    CHECK(s->status == Status::Paused);
    REQUIRE(s->preds);            // predictions are refreshed at a pause
    CHECK(s->preds->n == Driver::kTest);
    CHECK(s->preds->at_step == at_pause);

    d->e.step(3);
    s = d->until("3 more batches, then paused",
                 [&](const Snapshot& x) { return x.status == Status::Paused && x.steps > at_pause; });
    CHECK(s->steps == at_pause + 3);
    s = d->settle();
    CHECK(s->steps == at_pause + 3);
    CHECK(s->batch_loss.size() == (size_t)(at_pause + 3));
    CHECK(all_finite(s->batch_loss));
}

TEST_CASE("Engine: predictions and the Inside view follow a run together, in both builds", "[engine]") {
    const bool threaded = GENERATE(from_range(modes())) == 1;
    CAPTURE(threaded);
    auto d = Driver::ready(threaded, settings(0, 0.01f, 10, 1000));
    Snap s = d->until("the first views", [](const Snapshot& x) { return x.inside && x.preds; });
    const uint64_t inside = s->inside->version;
    d->e.start();
    // The single-thread build too: the test set is spread over frames while training waits.
    s = d->until("predictions and Inside made during the run", [&](const Snapshot& x) {
        return x.status == Status::Running && x.preds && x.preds->at_step > 0 && x.inside && x.inside->version > inside;
    });
    CHECK(s->preds->n == Driver::kTest);
    CHECK(s->inside->layers.size() == 4);
    CHECK(s->inside->kernels.size() == 1);
    // Both from the same weights: the Inside view never runs ahead of the prediction grid.
    CHECK(s->inside->at_step == s->preds->at_step);
    const int64_t first = s->preds->at_step;
    s = d->until("a later refresh, during the run", [&](const Snapshot& x) {
        return x.status == Status::Running && x.preds && x.preds->at_step > first;
    });
    CHECK(s->inside->at_step == s->preds->at_step);
}

TEST_CASE("Engine: predictions follow every 3 s, or less often when a pass over the test set is slow",
          "[engine]") {
    CHECK(app::views_every(0.0) == 3.0);
    CHECK(app::views_every(0.1) == 3.0);
    CHECK(app::views_every(0.3) == Approx(6.0));    // the page's 1,000 test images
    CHECK(app::views_every(2.3) == Approx(46.0));   // all 10,000
}

TEST_CASE("Engine: at an epoch's end the predictions are the trainer's validation of those weights",
          "[engine]") {
    const bool threaded = GENERATE(from_range(modes())) == 1;
    CAPTURE(threaded);
    auto d = Driver::ready(threaded, settings(0, 0.01f, 10, 2));
    d->e.start();
    Snap s = d->until("a finished run of 2 epochs with its predictions",
                      [](const Snapshot& x) { return x.status == Status::Done && x.preds && x.preds->at_step == 40; });
    REQUIRE(s->history.size() == 2);
    CHECK(s->preds->n == Driver::kTest);
    CHECK(s->preds->accuracy == s->history.back().val_accuracy);
    CHECK(s->preds->loss == Approx(s->history.back().val_loss).epsilon(1e-12));
    int total = 0;
    for (int c = 0; c < 10; c++) total += s->preds->class_total[c];
    CHECK(total == Driver::kTest);
    CHECK(s->inside->at_step == 40);
}

TEST_CASE("Engine: smoothed batch loss and accuracy from the first batch", "[engine]") {
    const bool threaded = GENERATE(from_range(modes())) == 1;
    CAPTURE(threaded);
    auto d = Driver::ready(threaded, settings(0, 0.01f, 50, 2));  // 4 batches per epoch
    d->e.step(1);
    Snap s = d->until("one batch", [](const Snapshot& x) { return x.steps == 1 && x.status == Status::Paused; });
    REQUIRE(s->batch_acc.size() == 1);
    REQUIRE(s->batch_loss.size() == 1);
    CHECK(s->history.empty());
    // One batch: the bias-corrected average is that batch's own accuracy, the epoch's so far.
    CHECK(s->batch_acc[0] == Approx(s->accuracy).margin(1e-6));
    d->e.start();
    s = d->until("done", [](const Snapshot& x) { return x.status == Status::Done; });
    CHECK(s->batch_acc.size() == 8);
    for (float v : s->batch_acc) CHECK((v >= 0 && v <= 1));
}

TEST_CASE("Engine: a finished run stays finished on its last batch; threads may change", "[engine]") {
    const bool threaded = GENERATE(from_range(modes())) == 1;
    CAPTURE(threaded);
    auto d = Driver::ready(threaded, settings(0, 0.01f, 50, 1));  // 4 batches, 1 epoch
    d->e.start();
    Snap s = d->until("done", [](const Snapshot& x) { return x.status == Status::Done; });
    CHECK(s->epoch == 1);
    CHECK(s->epochs_total == 1);
    CHECK(s->batch == 4);  // not "batch 0/4" under a full bar
    CHECK(s->batches_per_epoch == 4);
    CHECK(s->images_per_s == 0);
    REQUIRE(s->history.size() == 1);
    CHECK(s->history[0].images_per_s > 0);  // the speed the panel shows for a finished run

    cnn::TrainSettings h = settings(0, 0.01f, 50, 1);
    h.threads = 2;
    d->e.set_hyper(h);
    s = d->settle();
    CHECK(s->hyper.threads == 2);
    CHECK(s->status == Status::Done);  // not "paused, epoch 2/2"
    CHECK(s->epoch == 1);
    CHECK(s->epochs_total == 1);
    CHECK(s->batch == 4);
    CHECK(s->batches_per_epoch == 4);
    CHECK(s->history.size() == 1);

    d->e.start();  // continues for another epoch with the new pool
    s = d->until("done again", [](const Snapshot& x) { return x.status == Status::Done && x.steps > 4; });
    CHECK(s->steps == 8);
    CHECK(s->history.size() == 2);
    CHECK(s->epochs_total == 2);
}

TEST_CASE("Engine: set_steps gives a restored model its batch count, and its predictions too", "[engine]") {
    const bool threaded = GENERATE(from_range(modes())) == 1;
    CAPTURE(threaded);
    auto d = Driver::ready(threaded);
    d->e.set_steps(157);
    Snap s = d->until("predictions after 157 batches", [](const Snapshot& x) {
        return x.preds && x.preds->at_step == 157 && x.inside && x.inside->at_step == 157;
    });
    CHECK(s->steps == 157);
}

TEST_CASE("Engine: a run stops Done after its epochs; Start continues for as many again or to a new target",
          "[engine]") {
    const bool threaded = GENERATE(from_range(modes())) == 1;
    CAPTURE(threaded);
    auto d = Driver::ready(threaded, settings(0, 0.01f, 50, 2));  // 4 batches per epoch, 2 epochs
    d->e.start();
    Snap s = d->until("done", [](const Snapshot& x) { return x.status == Status::Done; });
    CHECK(s->steps == 8);
    CHECK(s->history.size() == 2);
    CHECK(s->epoch == 2);
    CHECK(s->epochs_total == 2);

    d->e.start();
    s = d->until("done again", [](const Snapshot& x) { return x.status == Status::Done && x.steps > 8; });
    CHECK(s->steps == 16);
    REQUIRE(s->history.size() == 4);
    CHECK(s->history[3].epoch == 4);
    CHECK(s->epochs_total == 4);

    d->e.set_hyper(settings(0, 0.01f, 50, 5));  // a done run takes a new target at once
    s = d->until("the new target", [](const Snapshot& x) { return x.epochs_total == 5; });
    CHECK(s->status == Status::Done);
    d->e.start();
    s = d->until("done at 5 epochs", [](const Snapshot& x) { return x.status == Status::Done && x.steps > 16; });
    CHECK(s->steps == 20);
    CHECK(s->history.size() == 5);
}

TEST_CASE("Engine: reset makes fresh weights from the seed and clears the run", "[engine]") {
    const bool threaded = GENERATE(from_range(modes())) == 1;
    CAPTURE(threaded);
    auto d = Driver::ready(threaded);
    const std::vector<float> fresh = d->saved().model.params;
    d->e.step(25);
    Snap s = d->until("25 batches", [](const Snapshot& x) { return x.status == Status::Paused && x.steps == 25; });
    const uint64_t version = s->model_version;
    CHECK(s->history.size() == 1);
    CHECK(d->saved().model.params != fresh);

    d->e.reset(settings(0, 0.01f, 25, 200, 5));
    s = d->until("the reset", [&](const Snapshot& x) { return x.model_version != version; });
    CHECK(s->model_version == version + 1);
    CHECK(s->status == Status::Idle);
    CHECK(s->steps == 0);
    CHECK(s->history.empty());
    CHECK(s->batch_loss.empty());
    CHECK(s->hyper.seed == 5);
    CHECK(s->batches_per_epoch == 8);  // the new batch size: 200 / 25
    cnn::Model expect = cnn::Model::parse(kModel);
    expect.init(5);
    CHECK(d->saved().model.params == expect.params);
}

TEST_CASE("Engine: optimizer and learning rate change at once, mid-run, keeping the weights", "[engine]") {
    const bool threaded = GENERATE(from_range(modes())) == 1;
    CAPTURE(threaded);
    auto d = Driver::ready(threaded);
    d->e.start();
    Snap s = d->until("10 batches", [](const Snapshot& x) { return x.steps >= 10; });
    const uint64_t version = s->model_version;

    d->e.set_hyper(settings(1, 0.05f));
    s = d->until("sgd at 0.05 in force", [](const Snapshot& x) { return x.hyper.optimizer == cnn::Optimizer::SGD && x.hyper.lr == 0.05f; });
    const int64_t at_change = s->steps;
    CHECK(s->model_version == version);  // same weights, training goes on
    s = d->until("training on after the change", [&](const Snapshot& x) { return x.steps >= at_change + 10; });
    CHECK(s->status == Status::Running);
    d->e.pause();
    d->until("paused", [](const Snapshot& x) { return x.status == Status::Paused; });
    cnn::Checkpoint ck = d->saved();
    REQUIRE(ck.has_optimizer);
    CHECK(ck.optimizer.kind == cnn::Optimizer::SGD);
    CHECK(ck.optimizer.lr == 0.05f);
}

TEST_CASE("Engine: batch, epochs and seed wait for a reset once trained", "[engine]") {
    const bool threaded = GENERATE(from_range(modes())) == 1;
    CAPTURE(threaded);
    auto d = Driver::ready(threaded);
    d->e.step(2);
    d->until("2 batches", [](const Snapshot& x) { return x.status == Status::Paused && x.steps == 2; });
    const std::vector<float> trained = d->saved().model.params;

    d->e.set_hyper(settings(0, 0.01f, 25, 300, 9));
    Snap s = d->settle();
    CHECK(s->hyper.batch == 10);
    CHECK(s->hyper.seed == 1);
    CHECK(s->batches_per_epoch == 20);
    CHECK(s->epochs_total == 200);
    CHECK(s->steps == 2);
    CHECK(d->saved().model.params == trained);

    d->e.start();  // still the old batch size while this run goes on
    s = d->until("10 more batches", [](const Snapshot& x) { return x.steps >= 12; });
    CHECK(s->batches_per_epoch == 20);
    d->e.reset(settings(0, 0.01f, 25, 300, 9));
    s = d->until("the reset", [](const Snapshot& x) { return x.steps == 0 && x.hyper.batch == 25; });
    CHECK(s->batches_per_epoch == 8);
    CHECK(s->epochs_total == 300);
    CHECK(s->hyper.seed == 9);
}

TEST_CASE("Engine: batch, epochs and seed apply at once while nothing is trained", "[engine]") {
    const bool threaded = GENERATE(from_range(modes())) == 1;
    CAPTURE(threaded);
    auto d = Driver::ready(threaded);
    const std::vector<float> seed1 = d->saved().model.params;

    d->e.set_hyper(settings(0, 0.01f, 25, 3, 2));
    Snap s = d->settle();
    CHECK(s->hyper.batch == 25);
    CHECK(s->batches_per_epoch == 8);
    CHECK(s->epochs_total == 3);
    CHECK(s->hyper.seed == 2);
    const std::vector<float> seed2 = d->saved().model.params;
    CHECK(seed2 != seed1);  // fresh weights from the new seed

    d->e.set_hyper(settings(0, 0.01f, 25, 3, 1));
    d->settle();
    CHECK(d->saved().model.params == seed1);  // the same seed makes the same weights
}

TEST_CASE("Engine: new data while running keeps training and the history", "[engine]") {
    const bool threaded = GENERATE(from_range(modes())) == 1;
    CAPTURE(threaded);
    auto d = Driver::ready(threaded);
    d->e.start();
    Snap s = d->until("an epoch", [](const Snapshot& x) { return x.history.size() >= 1; });
    const uint64_t version = s->model_version;

    d->e.set_data(random_set(300, 9), random_set(50, 10));
    s = d->until("the new data in use", [](const Snapshot& x) { return x.train_size == 300; });
    const int64_t at_change = s->steps;
    CHECK(s->test_size == 50);
    CHECK(s->batches_per_epoch == 30);
    CHECK(s->model_version == version);
    CHECK(s->history.size() >= 1);
    s = d->until("training on the new data", [&](const Snapshot& x) { return x.steps >= at_change + 10; });
    CHECK(s->status == Status::Running);
    d->e.pause();
    s = d->until("predictions on the new test set", [](const Snapshot& x) {
        return x.status == Status::Paused && x.preds && x.preds->n == 50;
    });
    CHECK(s->preds->pred.size() == 50);
}

TEST_CASE("Engine: a new model while running stops the run with fresh weights", "[engine]") {
    const bool threaded = GENERATE(from_range(modes())) == 1;
    CAPTURE(threaded);
    auto d = Driver::ready(threaded);
    d->e.start();
    d->until("10 batches", [](const Snapshot& x) { return x.steps >= 10; });

    d->e.set_model(kOtherModel, settings());
    const std::string want = canonical(kOtherModel);
    Snap s = d->until("the new model", [&](const Snapshot& x) { return x.spec == want; });
    CHECK(s->status == Status::Idle);
    CHECK(s->steps == 0);
    CHECK(s->history.empty());
    CHECK(s->num_params == cnn::Model::parse_shapes(kOtherModel).num_params());
    CHECK(s->layer_names.size() == 4);
    s = d->settle();
    CHECK(s->steps == 0);  // nothing trains until Start
}

TEST_CASE("Engine: a model over the memory limit is refused and the current one kept", "[engine]") {
    const bool threaded = GENERATE(from_range(modes())) == 1;
    CAPTURE(threaded);
    Driver d(threaded, (size_t)64 << 20);  // 64 MB: the small model needs about 34
    d.e.set_data(random_set(200, 7), random_set(Driver::kTest, 8));
    d.e.set_model(kModel, settings());
    Snap s = d.until("the small model", [](const Snapshot& x) { return !x.spec.empty(); });
    CHECK(s->status == Status::Idle);
    const std::string small = s->spec;

    d.e.set_model("conv(512,3,pad=same,relu) conv(512,3,pad=same,relu) flatten dense(10,softmax)", settings());
    s = d.until("the refusal", [](const Snapshot& x) { return x.status == Status::Error; });
    CHECK_FALSE(s->message.empty());
    CHECK(s->spec == small);
}

TEST_CASE("Engine: each epoch is saved for the page during a run, with the batches it holds", "[engine]") {
    const bool threaded = GENERATE(from_range(modes())) == 1;
    CAPTURE(threaded);
    auto d = Driver::ready(threaded);  // 20 batches per epoch, 200 epochs
    d->e.start();
    std::vector<uint8_t> bytes;
    bool download = true;
    int64_t steps = 0;
    d->until("a save during the run", [&](const Snapshot&) { return d->e.take_saved(&bytes, &download, &steps); });
    CHECK_FALSE(download);
    // The save did not stop the run: it goes on past the saved batches. (The snapshot of the
    // moment of the save can still be one published before it: the engine publishes every
    // ~100 ms, so a Running snapshot alone may be of batch 18.)
    CHECK(steps >= 20);
    Snap s = d->until("the run going on past the saved batches",
                      [&](const Snapshot& x) { return x.status == Status::Running && x.steps > steps; });
    CHECK(s->steps > steps);
    cnn::Checkpoint ck = cnn::load_model(bytes.data(), bytes.size(), "autosave");
    CHECK((int64_t)ck.history.epochs.size() == steps / 20);  // the epochs those batches finished
}

TEST_CASE("Engine: request_save hands over bytes once; a download is never replaced by an autosave",
          "[engine]") {
    const bool threaded = GENERATE(from_range(modes())) == 1;
    CAPTURE(threaded);
    auto d = Driver::ready(threaded);
    std::vector<uint8_t> bytes;
    bool download = true;

    d->e.step(3);  // the pause after a step saves for the page (autosave)
    d->until("an autosave", [&](const Snapshot&) { return d->e.take_saved(&bytes, &download); });
    CHECK_FALSE(download);
    CHECK(cnn::load_model(bytes.data(), bytes.size(), "autosave").model.spec() == canonical(kModel));
    CHECK_FALSE(d->e.take_saved(&bytes, &download));  // handed over once

    d->e.request_save(true);
    d->e.step(2);  // ends with an autosave too
    d->until("2 more batches", [](const Snapshot& x) { return x.status == Status::Paused && x.steps == 5; });
    REQUIRE(d->e.take_saved(&bytes, &download));
    CHECK(download);
    CHECK_FALSE(d->e.take_saved(&bytes, &download));
}

TEST_CASE("Engine: load_checkpoint puts back weights, optimizer and history", "[engine]") {
    const bool threaded = GENERATE(from_range(modes())) == 1;
    CAPTURE(threaded);
    auto d = Driver::ready(threaded, settings(0, 0.02f));
    d->e.step(25);
    d->until("25 batches", [](const Snapshot& x) { return x.status == Status::Paused && x.steps == 25; });
    auto ck = std::make_shared<cnn::Checkpoint>(d->saved());
    const std::vector<float> weights = ck->model.params;

    d->e.set_model(kOtherModel, settings(1, 0.5f));
    Snap s = d->until("the other model", [](const Snapshot& x) { return x.spec == canonical(kOtherModel); });
    const uint64_t version = s->model_version;
    d->e.load_checkpoint(ck, settings(1, 0.5f));
    s = d->until("the checkpoint in use", [&](const Snapshot& x) { return x.model_version != version; });
    CHECK(s->spec == canonical(kModel));
    CHECK(s->status == Status::Idle);
    CHECK(s->steps == 0);
    CHECK(s->history.size() == 1);
    CHECK(s->hyper.optimizer == cnn::Optimizer::Adam);  // the checkpoint's optimizer, not the settings passed
    CHECK(s->hyper.lr == 0.02f);
    CHECK(d->saved().model.params == weights);

    d->e.step(2);  // and it trains on from there
    s = d->until("2 batches", [](const Snapshot& x) { return x.status == Status::Paused && x.steps == 2; });
    CHECK(s->history.size() == 1);
}

TEST_CASE("Engine: a learning rate that blows up gives Diverged; a sane one goes on", "[engine]") {
    const bool threaded = GENERATE(from_range(modes())) == 1;
    CAPTURE(threaded);
    auto d = Driver::ready(threaded, settings(1, 0.01f), kLinearModel);
    d->e.start();
    d->until("5 batches", [](const Snapshot& x) { return x.steps >= 5; });
    d->e.set_hyper(settings(1, 1e30f));
    Snap s = d->until("diverged", [](const Snapshot& x) { return x.status == Status::Diverged; });
    CHECK_FALSE(s->message.empty());
    CHECK(s->diverged_epoch >= 1);
    CHECK(s->diverged_batch >= 1);
    const int64_t at_divergence = s->steps;
    CHECK(all_finite(d->saved().model.params));  // the weights from before the blow-up

    d->e.set_hyper(settings(1, 0.01f));
    d->e.start();
    s = d->until("training on", [&](const Snapshot& x) { return x.steps >= at_divergence + 5; });
    CHECK(s->status == Status::Running);
    CHECK(s->diverged_epoch == 0);
    CHECK(s->message.empty());
}

namespace {

// Every field of a snapshot read, and what must hold between them in any published one;
// returns "" or the first thing that does not.
std::string check_snapshot(const Snapshot& s, uint64_t* last_version) {
    if (s.version < *last_version) return "version went back";
    *last_version = s.version;
    if (s.batch_loss.size() != (size_t)s.steps) return "batch_loss and steps disagree";
    if (s.batch > s.batches_per_epoch || s.epoch > s.epochs_total) return "batch or epoch past its end";
    if (!s.spec.empty() && s.layer_names.size() != 4) return "layer names do not match the model";
    for (size_t i = 0; i < s.history.size(); i++)
        if (s.history[i].epoch != (int)i + 1) return "history epochs not numbered 1, 2, ...";
    for (float v : s.batch_loss)
        if (!std::isfinite(v)) return "a loss is not finite";
    if (s.message.size() > 10000 || s.hyper.batch <= 0) return "garbage in message or settings";
    if (const auto& p = s.preds) {
        int total = 0;
        for (int k = 0; k < 10; k++) total += p->class_total[k];
        if (p->pred.size() != (size_t)p->n || p->top_k.size() != 3 * (size_t)p->n ||
            p->top_p.size() != 3 * (size_t)p->n || total != p->n)
            return "predictions of inconsistent sizes";
    }
    if (const auto& in = s.inside) {
        if (in->probs.size() != 10) return "inside probabilities not 10";
        for (const auto& L : in->layers)
            if (L.values.size() != (size_t)L.out.size() || L.name.empty()) return "inside layer of the wrong size";
        for (const auto& k : in->kernels)
            if (k.w.size() != (size_t)k.oc * k.c * k.k * k.k) return "kernel of the wrong size";
    }
    return "";
}

} // namespace

#if CNN_TEST_THREADS
TEST_CASE("Engine: snapshots read from another thread while the engine publishes", "[engine][threads]") {
    const bool threaded = GENERATE(false, true);
    CAPTURE(threaded);
    auto d = Driver::ready(threaded);
    std::atomic<bool> stop{false};
    std::atomic<long> reads{0}, versions{0};
    std::atomic<bool> failed{false};
    std::string problem;  // written by the reader before `failed`, read after the join
    std::thread reader([&] {
        uint64_t last = 0, seen = 0;
        while (!stop.load()) {
            Snap s = d->e.snapshot();
            std::string why = check_snapshot(*s, &last);
            if (!why.empty()) {
                problem = why;
                failed = true;
                return;
            }
            if (s->version != seen) seen = s->version, versions++;
            reads++;
        }
    });
    // Commands of every kind while training runs and publishes; each wait also lets the
    // reader see a newer snapshot, so the two interleave however the cores are shared.
    d->e.start();
    for (int round = 0; round < 4; round++) {
        d->e.set_hyper(settings(round % 2, 0.01f / (round + 1)));
        d->e.select_image(round % 2, round * 7);
        long seen = versions.load();
        d->until("more batches, seen by the reader", [&](const Snapshot& x) {
            return (x.steps >= 15 * (round + 1) && versions.load() > seen) || failed.load();
        });
        seen = versions.load();  // before the pause: its snapshot is the last one published
        d->e.pause();
        d->until("paused, seen by the reader", [&](const Snapshot& x) {
            return (x.status == Status::Paused && versions.load() > seen) || failed.load();
        });
        d->e.step(5);
        d->e.start();
    }
    d->e.reset(settings());
    d->until("the reset", [](const Snapshot& x) { return x.steps == 0; });
    stop = true;
    reader.join();
    CHECK(problem == "");
    CHECK(reads.load() > 100);
    CHECK(versions.load() >= 8);
}
#endif
