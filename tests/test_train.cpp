// test_train.cpp — the Trainer state machine and evaluate() on a small synthetic CIFAR-shaped
// set (10 classes, each a bright square at its own place, plus noise): the loss falls and
// accuracy climbs well above chance in a few epochs, the history and its CSV, divergence
// stopping with a clear Error and finite weights, bit-identical training on 1 and 2 threads.
// Not here: the real CIFAR-10 files (test_cifar.cpp) or long runs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/train.h"

using Catch::Contains;
using Catch::Matchers::WithinAbs;
using cnn::Dataset;
using cnn::Model;
using cnn::Optimizer;
using cnn::ThreadPool;
using cnn::TrainConfig;
using cnn::Trainer;

namespace {

// n images (label i % 10) of (C=3, H=32, W=32) bytes: noise in [0, 96) everywhere, and for
// class k an 8×8 square of [192, 256) at grid cell (row k/4, column k%4) — 10 distinct
// places, so a small conv net separates the classes after a few epochs.
Dataset synthetic(int n, uint64_t seed) {
    Dataset d;
    d.pixels.resize((size_t)n * Dataset::kImage);
    d.labels.resize(n);
    cnn::Rng rng(seed);
    for (int i = 0; i < n; i++) {
        const int k = i % Dataset::kClasses;
        d.labels[i] = (uint8_t)k;
        uint8_t* img = d.pixels.data() + (size_t)i * Dataset::kImage;
        const int r0 = (k / 4) * 10 + 1, c0 = (k % 4) * 8;
        for (int c = 0; c < Dataset::C; c++)
            for (int h = 0; h < Dataset::H; h++)
                for (int w = 0; w < Dataset::W; w++) {
                    const bool in_square = h >= r0 && h < r0 + 8 && w >= c0 && w < c0 + 8;
                    img[(c * Dataset::H + h) * Dataset::W + w] =
                        (uint8_t)(in_square ? 192 + rng.below(64) : rng.below(96));
                }
    }
    return d;
}

const char* kSmallModel = "conv(8,3,relu) maxpool(2) flatten dense(10,softmax)";

bool all_finite(const std::vector<float>& v) {
    for (float x : v)
        if (!std::isfinite(x)) return false;
    return true;
}

} // namespace

TEST_CASE("Trainer: the loss falls and accuracy beats chance on a learnable set", "[train]") {
    const Dataset train = synthetic(200, 1), val = synthetic(100, 2);
    Model m = Model::parse(kSmallModel);
    m.init(1);
    Optimizer opt = Optimizer::adam(0.003f);
    ThreadPool pool(2);
    TrainConfig cfg;
    cfg.epochs = 3;  // epoch 3 is at ~100% here; the thresholds below leave a wide margin
    cfg.batch_size = 20;
    cfg.seed = 3;
    Trainer tr(m, opt, train, &val, cfg, pool);
    CHECK(tr.batches_per_epoch() == 10);
    CHECK(tr.epoch() == 0);
    CHECK_FALSE(tr.done());

    int steps = 0, ends = 0;
    bool more = true;
    while (more) {
        more = tr.step();
        steps++;
        CHECK(std::isfinite(tr.last_loss()));
        if (tr.epoch_just_ended()) {
            ends++;
            CHECK(tr.batch() == 0);
            CHECK(tr.epoch() == ends);
        } else {
            CHECK(tr.batch() == steps % 10);
        }
    }
    CHECK(steps == 30);
    CHECK(ends == 3);
    CHECK(tr.done());
    CHECK_FALSE(tr.step());  // nothing left: no change
    CHECK(tr.epoch() == 3);
    CHECK(opt.t == 30);

    const cnn::History& h = tr.history();
    REQUIRE(h.epochs.size() == 3);
    for (int e = 0; e < 3; e++) {
        CAPTURE(e, h.epochs[e].loss, h.epochs[e].accuracy, h.epochs[e].val_loss, h.epochs[e].val_accuracy);
        CHECK(h.epochs[e].epoch == e + 1);
        CHECK(h.epochs[e].seconds >= 0);
        CHECK(h.epochs[e].images_per_s >= 0);
    }
    const cnn::EpochStats &first = h.epochs.front(), &last = h.epochs.back();
    CAPTURE(first.loss, last.loss, last.accuracy, last.val_accuracy);
    CHECK(last.loss < first.loss);
    CHECK(last.loss < 0.8 * std::log(10.0));  // well under the loss of guessing, ln 10 = 2.30
    CHECK(last.accuracy > 0.5);                // chance is 0.1
    CHECK(last.val_accuracy > 0.5);

    // validation after the last epoch = evaluate() of the final model
    cnn::EvalResult v = cnn::evaluate(m, val, pool);
    CHECK(v.n == 100);
    CHECK(v.loss == last.val_loss);
    CHECK(v.accuracy == last.val_accuracy);

    // CSV: the header, then one line per epoch
    const std::string csv = h.csv();
    std::istringstream in(csv);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "epoch,loss,accuracy,val_loss,val_accuracy,seconds,images_per_s");
    for (int e = 1; e <= 3; e++) {
        CHECK(lines[e].rfind(std::to_string(e) + ",", 0) == 0);
        CHECK(std::count(lines[e].begin(), lines[e].end(), ',') == 6);
    }
}

TEST_CASE("evaluate: probabilities per image, batches that do not divide the set", "[train]") {
    const Dataset data = synthetic(23, 5);
    Model m = Model::parse("conv(4,3,stride=2,relu) flatten dense(10)");
    m.init(2);
    ThreadPool pool(1);
    std::vector<float> probs;
    cnn::EvalResult r = cnn::evaluate(m, data, pool, 10, &probs);  // batches of 10, 10, 3
    CHECK(r.n == 23);
    REQUIRE(probs.size() == 23 * 10);
    int correct = 0;
    double loss = 0;
    for (int i = 0; i < 23; i++) {
        double sum = 0;
        int best = 0;
        for (int k = 0; k < 10; k++) {
            sum += probs[i * 10 + k];
            if (probs[i * 10 + k] > probs[i * 10 + best]) best = k;
        }
        CHECK_THAT(sum, WithinAbs(1.0, 1e-5));
        correct += best == data.labels[i];
        loss -= std::log(std::max((double)probs[i * 10 + data.labels[i]], 1e-7));
    }
    CHECK_THAT(r.accuracy, WithinAbs(correct / 23.0, 1e-12));
    CHECK_THAT(r.loss, WithinAbs(loss / 23, 1e-5));
    // a different batch size gives the same answer
    cnn::EvalResult r2 = cnn::evaluate(m, data, pool, 7);
    CHECK_THAT(r2.loss, WithinAbs(r.loss, 1e-6));
    CHECK(r2.accuracy == r.accuracy);
    CHECK(cnn::evaluate(m, Dataset{}, pool).n == 0);
}

TEST_CASE("Trainer: a partial last batch and a fixed shuffling seed", "[train]") {
    const Dataset train = synthetic(25, 7);
    auto run = [&](uint64_t seed, bool shuffle) {
        Model m = Model::parse("conv(4,3,stride=2,relu) flatten dense(10,softmax)");
        m.init(4);
        Optimizer opt = Optimizer::sgd(0.05f);
        ThreadPool pool(1);
        TrainConfig cfg;
        cfg.epochs = 2;
        cfg.batch_size = 10;  // 10 + 10 + 5
        cfg.seed = seed;
        cfg.shuffle = shuffle;
        Trainer tr(m, opt, train, nullptr, cfg, pool);
        CHECK(tr.batches_per_epoch() == 3);
        int steps = 0;
        while (tr.step()) steps++;
        CHECK(steps + 1 == 6);
        REQUIRE(tr.history().epochs.size() == 2);
        CHECK(tr.history().epochs[0].val_loss == 0);  // no validation set
        return m.params;
    };
    const std::vector<float> a = run(1, true), b = run(1, true), c = run(2, true), d = run(1, false), e = run(2, false);
    CHECK(a == b);  // same seed: same order, same weights
    CHECK(a != c);  // another shuffle
    CHECK(d == e);  // no shuffling: the seed does not matter
}

TEST_CASE("Trainer: constructor errors say what is wrong", "[train][errors]") {
    const Dataset train = synthetic(10, 1);
    Optimizer opt = Optimizer::adam();
    ThreadPool pool(1);
    Model m = Model::parse(kSmallModel);
    TrainConfig cfg;
    CHECK_THROWS_WITH(Trainer(m, opt, Dataset{}, nullptr, cfg, pool), Contains("training set is empty"));
    cfg.batch_size = 0;
    CHECK_THROWS_WITH(Trainer(m, opt, train, nullptr, cfg, pool), Contains("batch size must be positive"));
    cfg = TrainConfig{};
    cfg.epochs = -1;
    CHECK_THROWS_WITH(Trainer(m, opt, train, nullptr, cfg, pool), Contains("epochs must be 0 or more"));
    cfg = TrainConfig{};
    // the model must take CIFAR images and end in a flat 10-vector
    Model small = Model::parse("input(3,16,16) flatten dense(10)");
    CHECK_THROWS_WITH(Trainer(small, opt, train, nullptr, cfg, pool),
                      Contains("(None, 16, 16, 3)") && Contains("(None, 32, 32, 3)"));
    Model five = Model::parse("flatten dense(5,softmax)");
    CHECK_THROWS_WITH(Trainer(five, opt, train, nullptr, cfg, pool),
                      Contains("5 outputs") && Contains("10 classes") && Contains("dense(10,softmax)"));
    cfg.epochs = 0;
    Trainer none(m, opt, train, nullptr, cfg, pool);
    CHECK(none.done());
    CHECK_FALSE(none.step());
}

TEST_CASE("Trainer: divergence throws an Error naming epoch and batch; weights stay finite", "[train][errors]") {
    const Dataset train = synthetic(100, 11);
    Model m = Model::parse(kSmallModel);
    m.init(5);
    Optimizer opt = Optimizer::sgd(0.01f);
    ThreadPool pool(1);
    TrainConfig cfg;
    cfg.epochs = 2;
    cfg.batch_size = 20;  // 5 batches per epoch
    Trainer tr(m, opt, train, nullptr, cfg, pool);
    REQUIRE(tr.step());
    REQUIRE(tr.step());
    REQUIRE(all_finite(m.params));
    const std::vector<float> before = m.params;  // weights after batch 2
    // Batch 3 is computed from finite weights (a finite loss) but its update, at lr 1e30,
    // overflows the weights; batch 4's loss is then NaN and the trainer must stop there.
    opt.lr = 1e30f;
    REQUIRE(tr.step());
    try {
        tr.step();
        FAIL("training went on after the weights overflowed");
    } catch (const cnn::Error& e) {
        const std::string what = e.what();
        CAPTURE(what);
        CHECK_THAT(what, Contains("diverged"));
        CHECK_THAT(what, Contains("epoch 1"));
        CHECK_THAT(what, Contains("batch 4"));
    }
    // the weights from before the update that blew up (batch 3's), all finite
    CHECK(all_finite(m.params));
    CHECK(m.params == before);
    CHECK(tr.epoch() == 0);
    CHECK(tr.batch() == 3);
}

TEST_CASE("Trainer: huge weights make the first batch diverge; the Error says so", "[train][errors]") {
    const Dataset train = synthetic(40, 12);
    Model m = Model::parse(kSmallModel);
    m.init(6);
    for (float& p : m.params) p = p >= 0 ? 1e30f : -1e30f;  // logits overflow to ±inf -> NaN
    Optimizer opt = Optimizer::adam();
    ThreadPool pool(1);
    TrainConfig cfg;
    cfg.batch_size = 20;
    Trainer tr(m, opt, train, nullptr, cfg, pool);
    CHECK_THROWS_WITH(tr.step(), Contains("diverged") && Contains("epoch 1, batch 1"));
    CHECK(all_finite(m.params));  // nothing was updated
    CHECK(opt.t == 0);
    // The exception is a cnn::Diverged that says where (the page offers what to do next).
    try {
        tr.step();
        FAIL("no divergence");
    } catch (const cnn::Diverged& d) {
        CHECK(d.epoch == 1);
        CHECK(d.batch == 1);
    }
}

TEST_CASE("Trainer: after a divergence, training can go on at a lower learning rate",
          "[train][errors]") {
    // Regression: the trainer once restored the weights but not the optimizer state. With
    // SGD + momentum the velocity u still held the step that blew up (−lr·g at lr 1e30), so
    // the next update p += u overflowed again even at a sane learning rate, and the advice
    // in the message ("try a lower learning rate") could not work.
    const Dataset train = synthetic(100, 11);
    Model m = Model::parse(kSmallModel);
    m.init(5);
    Optimizer opt = Optimizer::sgd(0.01f);
    ThreadPool pool(1);
    TrainConfig cfg;
    cfg.epochs = 2;
    cfg.batch_size = 20;
    Trainer tr(m, opt, train, nullptr, cfg, pool);
    tr.step();
    tr.step();
    opt.lr = 1e30f;
    tr.step();
    REQUIRE_THROWS_AS(tr.step(), cnn::Error);
    opt.lr = 0.01f;  // the user follows the advice
    for (int i = 0; i < 3; i++) {
        CAPTURE(i);
        CHECK_NOTHROW(tr.step());
    }
    CHECK(all_finite(m.params));
    for (float u : opt.m) REQUIRE(std::fabs(u) < 1e6f);
}

TEST_CASE("Training is bit-identical on 1 and 2 threads", "[train]") {
    // 20 filters (two dW blocks), batch 20 (> 16-row dense blocks), 3 batches
    const Dataset train = synthetic(60, 13);
    std::vector<float> params[2], moments[2];
    double loss[2];
    for (int t = 0; t < 2; t++) {
        Model m = Model::parse("conv(20,3,stride=2,relu) maxpool(2) flatten dense(10,softmax)");
        m.init(14);
        Optimizer opt = Optimizer::adam(0.01f);
        ThreadPool pool(t + 1);
        TrainConfig cfg;
        cfg.epochs = 1;
        cfg.batch_size = 20;
        Trainer tr(m, opt, train, nullptr, cfg, pool);
        while (tr.step()) {}
        params[t] = m.params;
        moments[t] = opt.v;
        loss[t] = tr.history().epochs.at(0).loss;
    }
    CHECK(loss[0] == loss[1]);
    CHECK(std::memcmp(params[0].data(), params[1].data(), params[0].size() * sizeof(float)) == 0);
    CHECK(std::memcmp(moments[0].data(), moments[1].data(), moments[0].size() * sizeof(float)) == 0);
}

TEST_CASE("History::csv of an empty history is the header only", "[train]") {
    cnn::History h;
    CHECK(h.csv() == "epoch,loss,accuracy,val_loss,val_accuracy,seconds,images_per_s\n");
    cnn::EpochStats e;
    e.epoch = 3;
    e.loss = 1.5;
    e.accuracy = 0.25;
    h.epochs.push_back(e);
    CHECK_THAT(h.csv(), Contains("\n3,1.500000,0.250000,"));
}
