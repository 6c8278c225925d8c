// test_pool2d.cpp — MaxPooling2D and AveragePooling2D: forward against the loops in
// naive.h (sizes 2–3, strides 1–3, windows that leave cells over, non-square, several
// channels) on 1 and 2 threads with identical bits, the recorded argmax, routing of ties,
// finite-difference checks of dx, and the infer() errors.
//
// Letters as in layer.h: N batch, C channels, H/W input, OH/OW output.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/layers/pool2d.h"
#include "gradcheck.h"
#include "naive.h"

using Catch::Contains;
using Catch::Matchers::WithinAbs;
using cnn::Pool2D;
using cnn::Shape;

namespace {

struct Config {
    Pool2D::Mode mode;
    int N, C, H, W, size, stride;  // stride as given to the layer (0 = size)
};

std::string str(const Config& c) {
    return std::string(c.mode == Pool2D::Max ? "max" : "avg") + " N=" + std::to_string(c.N) +
           " C=" + std::to_string(c.C) + " H=" + std::to_string(c.H) + " W=" + std::to_string(c.W) +
           " size=" + std::to_string(c.size) + " stride=" + std::to_string(c.stride);
}

const Config kConfigs[] = {
    {Pool2D::Max, 3, 2, 6, 6, 2, 0},  // the tutorial's maxpool(2)
    {Pool2D::Max, 2, 3, 5, 7, 2, 0},  // odd sizes: last row/column dropped
    {Pool2D::Max, 2, 3, 30, 30, 2, 0},  // the tutorial's first pool: 4-wide SIMD rows + a tail
    {Pool2D::Max, 2, 4, 13, 13, 2, 0},  // the tutorial's second pool: 13 → 6, last column dropped
    {Pool2D::Max, 2, 2, 7, 6, 3, 2},  // overlapping windows
    {Pool2D::Max, 2, 1, 6, 5, 2, 1},  // stride 1
    {Pool2D::Max, 1, 2, 8, 9, 2, 3},  // stride > size: cells skipped
    {Pool2D::Avg, 3, 2, 6, 6, 2, 0},
    {Pool2D::Avg, 2, 3, 5, 7, 3, 0},
    {Pool2D::Avg, 2, 2, 7, 6, 3, 2},
    {Pool2D::Avg, 1, 2, 4, 9, 2, 1},
};

int stride_of(const Config& c) { return c.stride ? c.stride : c.size; }

Pool2D make(const Config& c) {
    Pool2D p(c.mode, c.size, c.stride);
    p.name = c.mode == Pool2D::Max ? "max_pooling2d" : "average_pooling2d";
    p.infer(Shape{c.C, c.H, c.W});
    return p;
}

} // namespace

TEST_CASE("Pool2D forward matches the naive loops, bit-identical on 1 and 2 threads", "[pool2d]") {
    const Config c = GENERATE(from_range(std::begin(kConfigs), std::end(kConfigs)));
    INFO(str(c));
    Pool2D L = make(c);
    const int s = stride_of(c);
    const int OH = naive::out_size(c.H, c.size, 0, 0, s), OW = naive::out_size(c.W, c.size, 0, 0, s);
    REQUIRE(L.out == Shape{c.C, OH, OW});
    REQUIRE(L.num_params() == 0);

    cnn::Rng rng(3);
    std::vector<float> x = gradcheck::uniform(rng, (size_t)c.N * L.in.size(), -1, 1);
    std::vector<int32_t> am;
    const std::vector<float> ref = naive::pool2d(x.data(), c.N, c.C, c.H, c.W, c.size, s, c.mode == Pool2D::Max, &am);

    cnn::ThreadPool pool1(1), pool2(2);
    std::vector<float> y1(ref.size(), NAN), y2(ref.size(), NAN), y3(ref.size(), NAN);
    L.forward(x.data(), y1.data(), c.N, false, pool1);
    L.forward(x.data(), y3.data(), c.N, true, pool1);
    L.forward(x.data(), y2.data(), c.N, true, pool2);
    for (size_t i = 0; i < ref.size(); i++) {
        CAPTURE(i);
        // max copies a value; average sums at most 9 floats: a few ulps
        REQUIRE_THAT(y1[i], WithinAbs(ref[i], c.mode == Pool2D::Max ? 0.0 : 1e-6));
    }
    CHECK(std::memcmp(y1.data(), y2.data(), y1.size() * sizeof(float)) == 0);
    CHECK(std::memcmp(y1.data(), y3.data(), y1.size() * sizeof(float)) == 0);

    if (c.mode == Pool2D::Max)  // the recorded argmax of the training forward (for teaching views)
        for (int n = 0; n < c.N; n++)
            for (int ch = 0; ch < c.C; ch++)
                for (int oh = 0; oh < OH; oh++)
                    for (int ow = 0; ow < OW; ow++)
                        REQUIRE(L.argmax(n, ch, oh, ow) == am[(((size_t)n * c.C + ch) * OH + oh) * OW + ow]);
}

TEST_CASE("Pool2D dx matches finite differences", "[pool2d][grad]") {
    const Config c = GENERATE(from_range(std::begin(kConfigs), std::end(kConfigs)));
    INFO(str(c));
    Pool2D L = make(c);
    // Max pooling is not differentiable where two cells of a window tie. The inputs are
    // distinct values 0.05 apart, so a step of ε = 0.01 never changes a window's maximum.
    const float eps = 1e-2f;
    cnn::Rng rng(13);
    std::vector<float> x = gradcheck::distinct(rng, (size_t)c.N * L.in.size(), 0.05f);
    const std::vector<float> r = gradcheck::uniform(rng, (size_t)c.N * L.out.size(), -1, 1);
    gradcheck::Bound none = gradcheck::bind(L);
    cnn::ThreadPool pool(2);
    gradcheck::LayerGrads g = gradcheck::layer_grads(L, none, x, c.N, r, eps, pool);
    const double ex = gradcheck::rel_error(g.ax, g.nx);
    CAPTURE(ex);
    CHECK(ex < 1e-2);
    CHECK(g.ap.empty());
}

TEST_CASE("Pool2D backward is bit-identical on 1 and 2 threads", "[pool2d]") {
    for (Pool2D::Mode mode : {Pool2D::Max, Pool2D::Avg}) {
        const Config c{mode, 3, 2, 7, 6, 3, 2};
        INFO(str(c));
        Pool2D L = make(c);
        cnn::Rng rng(17);
        std::vector<float> x = gradcheck::uniform(rng, (size_t)c.N * L.in.size(), -1, 1);
        const std::vector<float> r = gradcheck::uniform(rng, (size_t)c.N * L.out.size(), -1, 1);
        std::vector<float> dx[2];
        for (int t = 0; t < 2; t++) {
            cnn::ThreadPool pool(t + 1);
            std::vector<float> y(r.size()), dy = r;
            dx[t].assign(x.size(), NAN);  // backward must overwrite all of dx
            L.forward(x.data(), y.data(), c.N, true, pool);
            L.backward(x.data(), y.data(), dy.data(), dx[t].data(), c.N, false, pool);
        }
        for (float v : dx[0]) REQUIRE(std::isfinite(v));
        CHECK(std::memcmp(dx[0].data(), dx[1].data(), dx[0].size() * sizeof(float)) == 0);
    }
}

TEST_CASE("Max pooling sends the gradient to the first maximum of a tied window", "[pool2d][grad]") {
    // One 2×2 image, one window, all four cells equal: the lowest index (0) gets all of dy.
    Pool2D L(Pool2D::Max, 2);
    L.name = "max_pooling2d";
    L.infer(Shape{1, 2, 2});
    cnn::ThreadPool pool(1);
    float x[4] = {0.5f, 0.5f, 0.5f, 0.5f}, y[1], dy[1] = {3.f}, dx[4];
    L.forward(x, y, 1, true, pool);
    CHECK(y[0] == 0.5f);
    CHECK(L.argmax(0, 0, 0, 0) == 0);
    L.backward(x, y, dy, dx, 1, false, pool);
    CHECK(dx[0] == 3.f);
    CHECK(dx[1] == 0.f);
    CHECK(dx[2] == 0.f);
    CHECK(dx[3] == 0.f);
    // a tie between cells 1 and 3 (both above the rest): cell 1 wins
    float x2[4] = {0.f, 2.f, -1.f, 2.f};
    L.forward(x2, y, 1, true, pool);
    CHECK(L.argmax(0, 0, 0, 0) == 1);
    dy[0] = 1.f;
    L.backward(x2, y, dy, dx, 1, false, pool);
    CHECK(dx[1] == 1.f);
    CHECK(dx[3] == 0.f);
}

TEST_CASE("Max pooling breaks ties the same way four windows at a time (SIMD row)", "[pool2d]") {
    // One 2×8 image: four 2×2 windows side by side, one SIMD step in WebAssembly builds.
    //   all equal → (0,0);  (0,1) = (1,1) → (0,1);  (0,0) = (1,0) → (0,0);  (1,0) = (1,1) → (1,0)
    Pool2D L(Pool2D::Max, 2);
    L.name = "max_pooling2d";
    L.infer(Shape{1, 2, 8});
    cnn::ThreadPool pool(1);
    float x[16] = {0.5f, 0.5f, 0.f, 2.f, 1.f, 0.f, 0.f, -1.f,
                   0.5f, 0.5f, -1.f, 2.f, 1.f, 0.f, 3.f, 3.f};
    float y[4];
    L.forward(x, y, 1, true, pool);
    CHECK(y[0] == 0.5f);
    CHECK(y[1] == 2.f);
    CHECK(y[2] == 1.f);
    CHECK(y[3] == 3.f);
    CHECK(L.argmax(0, 0, 0, 0) == 0);
    CHECK(L.argmax(0, 0, 0, 1) == 3);
    CHECK(L.argmax(0, 0, 0, 2) == 4);
    CHECK(L.argmax(0, 0, 0, 3) == 14);
}

TEST_CASE("Average pooling of a window worked by hand", "[pool2d]") {
    // 1 channel 2×4, avgpool(2): windows [1 2; 5 6] -> 3.5 and [3 4; 7 8] -> 5.5;
    // backward spreads dy/4 over each window.
    Pool2D L(Pool2D::Avg, 2);
    L.name = "average_pooling2d";
    L.infer(Shape{1, 2, 4});
    REQUIRE(L.out == Shape{1, 1, 2});
    cnn::ThreadPool pool(1);
    float x[8] = {1, 2, 3, 4, 5, 6, 7, 8}, y[2], dy[2] = {4.f, -8.f}, dx[8];
    L.forward(x, y, 1, true, pool);
    CHECK(y[0] == 3.5f);
    CHECK(y[1] == 5.5f);
    L.backward(x, y, dy, dx, 1, false, pool);
    const float want[8] = {1, 1, -2, -2, 1, 1, -2, -2};
    for (int i = 0; i < 8; i++) CHECK(dx[i] == want[i]);
}

TEST_CASE("Pool2D spec, kind and infer errors", "[pool2d][errors]") {
    CHECK(Pool2D(Pool2D::Max, 2).spec() == "maxpool(2)");
    CHECK(Pool2D(Pool2D::Max, 3, 2).spec() == "maxpool(3,stride=2)");
    CHECK(Pool2D(Pool2D::Avg, 2, 2).spec() == "avgpool(2)");
    CHECK(std::string(Pool2D(Pool2D::Max, 2).kind()) == "MaxPooling2D");
    CHECK(std::string(Pool2D(Pool2D::Avg, 2).kind()) == "AveragePooling2D");
    CHECK(Pool2D(Pool2D::Max, 3).stride == 3);  // stride 0 means = size

    auto infer = [](Pool2D p, Shape in) {
        p.name = "max_pooling2d_1";
        p.infer(in);
    };
    CHECK_THROWS_WITH(infer(Pool2D(Pool2D::Max, 3), Shape{4, 2, 5}),
                      Contains("max_pooling2d_1 (MaxPooling2D)") && Contains("pool window 3x3") &&
                          Contains("2x5 input"));
    CHECK_THROWS_WITH(infer(Pool2D(Pool2D::Avg, 2), Shape::vector(12)),
                      Contains("(AveragePooling2D)") && Contains("flat vector of 12"));
    CHECK_THROWS_WITH(infer(Pool2D(Pool2D::Max, 0), Shape{1, 4, 4}), Contains("pool size must be positive, got 0"));
    CHECK_THROWS_WITH(infer(Pool2D(Pool2D::Max, 2, -1), Shape{1, 4, 4}), Contains("stride must be positive, got -1"));
    CHECK_THROWS_AS(infer(Pool2D(Pool2D::Max, 3), Shape{1, 2, 2}), cnn::Error);
}
