// test_dense.cpp — Dense: forward against naive::dense for every fused activation (softmax
// included), on 1 and 2 threads with identical bits (batches and inputs larger than the
// 16-row work items), finite-difference checks of dx, dW and db, Glorot init, errors.
//
// Letters as in layer.h: N batch, I inputs, O units; W (I, O) as Keras stores its kernel.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/layers/dense.h"
#include "gradcheck.h"
#include "naive.h"

using Catch::Contains;
using Catch::Matchers::WithinAbs;
using cnn::Activation;
using cnn::Dense;
using cnn::Shape;

namespace {

struct BuiltDense {
    Dense dense;
    gradcheck::Bound slab;
    BuiltDense(int I, int O, Activation act, uint64_t seed) : dense(O, act) {
        dense.name = "dense";
        dense.infer(Shape::vector(I));
        slab = gradcheck::bind(dense);
        cnn::Rng rng(seed);
        dense.init(rng);
        for (int o = 0; o < O; o++) dense.b[o] = rng.uniform(-0.5f, 0.5f);
    }
};

const Activation kActs[] = {Activation::Linear, Activation::ReLU, Activation::Sigmoid, Activation::Tanh,
                            Activation::Softmax};

} // namespace

TEST_CASE("Dense forward matches naive::dense, bit-identical on 1 and 2 threads", "[dense]") {
    const Activation act = GENERATE(from_range(std::begin(kActs), std::end(kActs)));
    struct Size { int N, I, O; };
    // N = 37: three blocks of 16 batch rows, the last one short
    const Size sz = GENERATE(Size{1, 1, 2}, Size{5, 7, 3}, Size{37, 40, 10});
    CAPTURE(cnn::activation_name(act), sz.N, sz.I, sz.O);
    BuiltDense b(sz.I, sz.O, act, 7);
    REQUIRE(b.dense.out == Shape::vector(sz.O));
    REQUIRE(b.dense.num_params() == (size_t)sz.I * sz.O + sz.O);
    cnn::Rng rng(8);
    std::vector<float> x = gradcheck::uniform(rng, (size_t)sz.N * sz.I, -1, 1);
    const std::vector<float> ref = naive::dense(x.data(), sz.N, sz.I, b.dense.W, b.dense.b, sz.O, act);
    cnn::ThreadPool pool1(1), pool2(2);
    std::vector<float> y1(ref.size(), NAN), y2(ref.size(), NAN);
    b.dense.forward(x.data(), y1.data(), sz.N, true, pool1);
    b.dense.forward(x.data(), y2.data(), sz.N, false, pool2);
    for (size_t i = 0; i < ref.size(); i++) {
        CAPTURE(i);
        REQUIRE_THAT(y1[i], WithinAbs(ref[i], 1e-5));
    }
    CHECK(std::memcmp(y1.data(), y2.data(), y1.size() * sizeof(float)) == 0);
}

TEST_CASE("Dense gradients (dx, dW, db) match finite differences", "[dense][grad]") {
    const Activation act = GENERATE(from_range(std::begin(kActs), std::end(kActs)));
    CAPTURE(cnn::activation_name(act));
    const int N = 3, I = 6, O = 4;
    BuiltDense b(I, O, act, 17);
    const bool relu = act == Activation::ReLU;
    // ReLU: inputs redrawn (seeds 18, 19, ...) until every pre-activation is more than
    // `margin` from the kink; a step ε in one x, W or b moves z by at most ε·max(|x|,|W|,1) = ε.
    const float eps = relu ? 1e-3f : 1e-2f, margin = 2 * eps;
    std::vector<float> x;
    for (uint64_t seed = 18;; seed++) {
        REQUIRE(seed < 118);
        cnn::Rng rng(seed);
        x = gradcheck::uniform(rng, (size_t)N * I, -1, 1);
        if (!relu) break;
        std::vector<float> z = naive::dense(x.data(), N, I, b.dense.W, b.dense.b, O, Activation::Linear);
        bool ok = true;
        for (float v : z) ok = ok && std::fabs(v) > margin;
        if (ok) break;
    }
    cnn::Rng rr(27);
    const std::vector<float> r = gradcheck::uniform(rr, (size_t)N * O, -1, 1);
    cnn::ThreadPool pool(2);
    gradcheck::LayerGrads g = gradcheck::layer_grads(b.dense, b.slab, x, N, r, eps, pool);
    const size_t nW = (size_t)I * O;
    const double ex = gradcheck::rel_error(g.ax, g.nx);
    const double eW = gradcheck::rel_error(g.ap, g.np, 0, nW);
    const double eb = gradcheck::rel_error(g.ap, g.np, nW, g.ap.size());
    CAPTURE(ex, eW, eb);
    CHECK(ex < 1e-2);
    CHECK(eW < 1e-2);
    CHECK(eb < 1e-2);
}

TEST_CASE("Dense backward: hand-worked example and the dy_is_preact shortcut", "[dense][grad]") {
    // I = 2, O = 1, linear, W = [2; -1], b = 0.5, one sample x = (3, 4):
    //   y = 3·2 + 4·(−1) + 0.5 = 2.5. With dy = 1: dW = xᵀ·dy = (3, 4), db = 1, dx = dy·Wᵀ = (2, −1).
    BuiltDense b(2, 1, Activation::Linear, 1);
    b.dense.W[0] = 2; b.dense.W[1] = -1; b.dense.b[0] = 0.5f;
    cnn::ThreadPool pool(1);
    float x[2] = {3, 4}, y[1], dy[1] = {1}, dx[2];
    b.dense.forward(x, y, 1, true, pool);
    CHECK(y[0] == 2.5f);
    std::fill(b.slab.grads.begin(), b.slab.grads.end(), 0.f);
    b.dense.backward(x, y, dy, dx, 1, false, pool);
    CHECK(b.dense.dW[0] == 3); CHECK(b.dense.dW[1] == 4); CHECK(b.dense.db[0] == 1);
    CHECK(dx[0] == 2); CHECK(dx[1] == -1);

    // With a fused tanh, dy_is_preact = true means dy is already ∂L/∂z: the tanh' factor
    // must not be applied again, so the gradients equal the linear layer's.
    BuiltDense t(2, 1, Activation::Tanh, 1);
    t.dense.W[0] = 2; t.dense.W[1] = -1; t.dense.b[0] = 0.5f;
    t.dense.forward(x, y, 1, true, pool);
    CHECK_THAT(y[0], WithinAbs(std::tanh(2.5), 1e-6));
    dy[0] = 1;
    std::fill(t.slab.grads.begin(), t.slab.grads.end(), 0.f);
    t.dense.backward(x, y, dy, dx, 1, true, pool);
    CHECK(t.dense.dW[0] == 3); CHECK(t.dense.db[0] == 1); CHECK(dx[0] == 2);
    // and without the shortcut the factor 1 − tanh²(2.5) = 0.026592 is applied
    dy[0] = 1;
    std::fill(t.slab.grads.begin(), t.slab.grads.end(), 0.f);
    t.dense.backward(x, y, dy, dx, 1, false, pool);
    CHECK_THAT(t.dense.db[0], WithinAbs(1 - std::tanh(2.5) * std::tanh(2.5), 1e-6));
}

TEST_CASE("Dense backward is bit-identical on 1 and 2 threads", "[dense]") {
    // N = 37 and I = 40: several 16-row blocks for dx and for dW
    const int N = 37, I = 40, O = 10;
    BuiltDense b(I, O, Activation::Sigmoid, 37);
    cnn::Rng rng(38);
    std::vector<float> x = gradcheck::uniform(rng, (size_t)N * I, -1, 1);
    const std::vector<float> r = gradcheck::uniform(rng, (size_t)N * O, -1, 1);
    std::vector<float> dx[2], g[2];
    for (int t = 0; t < 2; t++) {
        cnn::ThreadPool pool(t + 1);
        std::vector<float> y(r.size()), dy = r;
        dx[t].assign(x.size(), NAN);
        b.dense.forward(x.data(), y.data(), N, true, pool);
        std::fill(b.slab.grads.begin(), b.slab.grads.end(), 0.f);
        b.dense.backward(x.data(), y.data(), dy.data(), dx[t].data(), N, false, pool);
        g[t] = b.slab.grads;
    }
    for (float v : dx[0]) REQUIRE(std::isfinite(v));
    CHECK(std::memcmp(dx[0].data(), dx[1].data(), dx[0].size() * sizeof(float)) == 0);
    CHECK(std::memcmp(g[0].data(), g[1].data(), g[0].size() * sizeof(float)) == 0);
}

TEST_CASE("Dense init: Glorot-uniform within ±sqrt(6/(I+O)), zero bias", "[dense][init]") {
    // I = 1024, O = 64 (the tutorial's dense): limit = sqrt(6/1088) = 0.074261
    Dense d(64, Activation::ReLU);
    d.name = "dense";
    d.infer(Shape::vector(1024));
    gradcheck::Bound slab = gradcheck::bind(d);
    std::fill(slab.params.begin(), slab.params.end(), 1.f);
    cnn::Rng rng(3);
    d.init(rng);
    const double limit = std::sqrt(6.0 / (1024 + 64));
    const size_t nW = 1024 * 64;
    double lo = 1, hi = -1;
    for (size_t i = 0; i < nW; i++) {
        lo = std::min(lo, (double)slab.params[i]);
        hi = std::max(hi, (double)slab.params[i]);
    }
    CHECK(lo >= -limit);
    CHECK(hi <= limit);
    CHECK(lo < -0.99 * limit);
    CHECK(hi > 0.99 * limit);
    for (size_t i = nW; i < slab.params.size(); i++) REQUIRE(slab.params[i] == 0.f);
}

TEST_CASE("Dense spec and infer errors", "[dense][errors]") {
    CHECK(Dense(10, Activation::Softmax).spec() == "dense(10,softmax)");
    CHECK(Dense(64).spec() == "dense(64)");
    Dense d(10);
    d.name = "dense_2";
    // NCHW image (C=64, H=4, W=4): the message gives H x W x C as Keras would print it
    CHECK_THROWS_WITH(d.infer(Shape{64, 4, 4}),
                      Contains("dense_2 (Dense)") && Contains("4x4x64") && Contains("add flatten"));
    Dense z(0);
    z.name = "dense";
    CHECK_THROWS_WITH(z.infer(Shape::vector(5)), Contains("units must be positive, got 0"));
    CHECK_THROWS_AS(d.infer(Shape{1, 1, 1}), cnn::Error);  // a 1×1 map is not a flat vector
}
