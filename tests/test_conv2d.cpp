// test_conv2d.cpp — Conv2D: output-size arithmetic and TensorFlow 'same' padding, forward
// against the direct convolution in naive.h (stride, valid/same/explicit padding, 1–5
// kernels, several channels, non-square, fused activations) with 1 and 2 threads giving the
// same bits, finite-difference checks of dx, dW and db, init, and the infer() errors.
//
// Letters as in layer.h: N batch, C/H/W input, OC/OH/OW output, K kernel, P = OH·OW.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/layers/conv2d.h"
#include "gradcheck.h"
#include "naive.h"

using Catch::Contains;
using Catch::Matchers::WithinAbs;
using cnn::Activation;
using cnn::Conv2D;
using cnn::Padding;
using cnn::Shape;

namespace {

Padding valid() { return Padding{}; }
Padding same() { return Padding{Padding::Same, 0}; }
Padding pad(int p) { return Padding{Padding::Explicit, p}; }

// TensorFlow's rule for 'same', written out independently of cnn::same_padding:
//   out = ⌈i/s⌉, total = max((out − 1)·s + k − i, 0), before = ⌊total/2⌋, after = the rest.
void tf_same(int i, int k, int s, int* before, int* after) {
    int out = (i + s - 1) / s;
    int total = std::max((out - 1) * s + k - i, 0);
    *before = total / 2;
    *after = total - *before;
}

struct Config {
    int N, C, H, W, OC, K, stride;
    Padding pad;
    Activation act;
};

std::string str(const Config& c) {
    return "N=" + std::to_string(c.N) + " C=" + std::to_string(c.C) + " H=" + std::to_string(c.H) +
           " W=" + std::to_string(c.W) + " OC=" + std::to_string(c.OC) + " K=" + std::to_string(c.K) +
           " s=" + std::to_string(c.stride) + " pad=" + c.pad.str() + " act=" + cnn::activation_name(c.act);
}

// The configurations every forward and gradient test runs over.
const Config kConfigs[] = {
    {2, 3, 5, 7, 2, 1, 1, valid(), Activation::Linear},    // 1×1 kernel, non-square
    {6, 2, 6, 5, 4, 3, 1, same(), Activation::ReLU},       // same, symmetric (1,1); 2 chunks of 4 images
    {2, 2, 7, 6, 3, 3, 2, same(), Activation::Tanh},       // stride 2 same: H (1,1), W (0,1)
    {2, 1, 8, 9, 3, 5, 2, same(), Activation::Sigmoid},    // 5×5 stride 2 same: H (1,2), W (2,2)
    {2, 2, 5, 6, 2, 4, 1, same(), Activation::Linear},     // even kernel, stride 1: (1,2)
    {2, 3, 5, 6, 2, 3, 2, pad(2), Activation::Linear},     // explicit 2, stride 2
    {1, 2, 6, 4, 5, 5, 1, pad(1), Activation::ReLU},       // 5×5 on 6×4 with padding 1
    {9, 2, 9, 7, 20, 5, 2, valid(), Activation::ReLU},     // 20 filters: two dW blocks of 16; 9 images: 3 chunks, 2 dW parts
    {2, 4, 4, 6, 3, 3, 1, valid(), Activation::Linear},    // 4 input channels
    {2, 1, 5, 5, 2, 3, 3, same(), Activation::Tanh},       // stride 3
};

// The padding the oracle uses, from the layer's settings (never from the layer's own result).
void expected_pads(const Config& c, int* pt, int* pb, int* pl, int* pr) {
    if (c.pad.kind == Padding::Same) {
        tf_same(c.H, c.K, c.stride, pt, pb);
        tf_same(c.W, c.K, c.stride, pl, pr);
    } else {
        *pt = *pb = *pl = *pr = c.pad.kind == Padding::Explicit ? c.pad.p : 0;
    }
}

// A layer for config c with Glorot weights from `seed` and a random (non-zero) bias.
struct BuiltConv {
    Conv2D conv;
    gradcheck::Bound slab;
    explicit BuiltConv(const Config& c, uint64_t seed) : conv(c.OC, c.K, c.stride, c.pad, c.act) {
        conv.name = "conv2d";
        conv.infer(Shape{c.C, c.H, c.W});
        slab = gradcheck::bind(conv);
        cnn::Rng rng(seed);
        conv.init(rng);
        for (int oc = 0; oc < c.OC; oc++) conv.b[oc] = rng.uniform(-0.5f, 0.5f);
    }
};

std::vector<float> oracle(const Config& c, const Conv2D& L, const std::vector<float>& x, Activation act) {
    int pt, pb, pl, pr;
    expected_pads(c, &pt, &pb, &pl, &pr);
    return naive::conv2d(x.data(), c.N, c.C, c.H, c.W, L.W, L.b, c.OC, c.K, c.stride, pt, pl, pb, pr, act);
}

} // namespace

TEST_CASE("conv_out_size: o = floor((i + 2p - k)/s) + 1 on the tutorial's examples", "[conv2d][shape]") {
    // (i, k, p, s) -> o, each worked by hand from the formula, e.g. (5,3,1,2): ⌊(5+2−3)/2⌋+1 = 3
    struct Row { int i, k, p, s, o; };
    const Row row = GENERATE(Row{4, 3, 0, 1, 2}, Row{5, 4, 2, 1, 6}, Row{5, 3, 1, 1, 5}, Row{5, 3, 2, 1, 7},
                             Row{5, 3, 0, 2, 2}, Row{5, 3, 1, 2, 3}, Row{6, 3, 1, 2, 3});
    CAPTURE(row.i, row.k, row.p, row.s);
    CHECK(cnn::conv_out_size(row.i, row.k, row.p, row.p, row.s) == row.o);
    CHECK(naive::out_size(row.i, row.k, row.p, row.p, row.s) == row.o);  // the oracle agrees

    // A Conv2D layer with those settings on an i×i input infers the same size.
    Conv2D conv(4, row.k, row.s, pad(row.p));
    conv.name = "conv2d";
    conv.infer(Shape{3, row.i, row.i});
    CHECK(conv.out == Shape{4, row.o, row.o});
    CHECK(conv.pad_t == row.p);
    CHECK(conv.pad_b == row.p);
    CHECK(conv.pad_l == row.p);
    CHECK(conv.pad_r == row.p);
}

TEST_CASE("conv_out_size: windows that do not fit give 0", "[conv2d][shape]") {
    CHECK(cnn::conv_out_size(2, 3, 0, 0, 1) == 0);
    CHECK(cnn::conv_out_size(3, 3, 0, 0, 1) == 1);
    CHECK(cnn::conv_out_size(5, 3, 0, 0, 0) == 0);  // stride 0 is not a size
    CHECK(cnn::conv_out_size(5, 2, 0, 1, 2) == 3);   // asymmetric: ⌊(5+0+1−2)/2⌋+1
}

TEST_CASE("same_padding splits like TensorFlow: extra cell after (bottom/right)", "[conv2d][shape]") {
    // (i, k, s) -> (before, after) from TF's rule out = ⌈i/s⌉, total = (out−1)s + k − i:
    struct Row { int i, k, s, before, after; };
    const Row row = GENERATE(Row{32, 3, 1, 1, 1},  // total 2
                             Row{6, 3, 2, 0, 1},   // out 3, total 2·2+3−6 = 1
                             Row{7, 3, 2, 1, 1},   // out 4, total 3·2+3−7 = 2
                             Row{5, 4, 1, 1, 2},   // total 3
                             Row{8, 5, 2, 1, 2},   // out 4, total 3·2+5−8 = 3
                             Row{5, 1, 2, 0, 0},   // out 3, total 2·2+1−5 = 0
                             Row{2, 5, 3, 1, 2},   // out 1, total 0+5−2 = 3
                             Row{9, 2, 3, 0, 0});  // out 3, total 2·3+2−9 = −1 -> 0
    CAPTURE(row.i, row.k, row.s);
    int b = -1, a = -1;
    cnn::same_padding(row.i, row.k, row.s, &b, &a);
    CHECK(b == row.before);
    CHECK(a == row.after);
    // and the output is ⌈i/s⌉, as 'same' promises
    CHECK(cnn::conv_out_size(row.i, row.k, b, a, row.s) == (row.i + row.s - 1) / row.s);
}

TEST_CASE("Conv2D forward matches the direct convolution, bit-identical on 1 and 2 threads", "[conv2d]") {
    const Config c = GENERATE(from_range(std::begin(kConfigs), std::end(kConfigs)));
    INFO(str(c));
    BuiltConv b(c, 11);
    Conv2D& L = b.conv;

    int pt, pb, pl, pr;
    expected_pads(c, &pt, &pb, &pl, &pr);
    CHECK(L.pad_t == pt);
    CHECK(L.pad_b == pb);
    CHECK(L.pad_l == pl);
    CHECK(L.pad_r == pr);
    const int OH = naive::out_size(c.H, c.K, pt, pb, c.stride), OW = naive::out_size(c.W, c.K, pl, pr, c.stride);
    REQUIRE(L.out == Shape{c.OC, OH, OW});
    REQUIRE(L.num_params() == (size_t)c.OC * c.C * c.K * c.K + c.OC);

    cnn::Rng rng(21);
    std::vector<float> x = gradcheck::uniform(rng, (size_t)c.N * c.C * c.H * c.W, -1, 1);
    const std::vector<float> ref = oracle(c, L, x, c.act);
    REQUIRE(ref.size() == (size_t)c.N * L.out.size());

    cnn::ThreadPool pool1(1), pool2(2);
    std::vector<float> y1(ref.size(), NAN), y2(ref.size(), NAN), yinf(ref.size(), NAN);
    L.forward(x.data(), y1.data(), c.N, true, pool1);
    L.forward(x.data(), y2.data(), c.N, true, pool2);
    L.forward(x.data(), yinf.data(), c.N, false, pool2);  // inference path (scratch, no cache)
    for (size_t i = 0; i < ref.size(); i++) {
        CAPTURE(i);
        REQUIRE_THAT(y1[i], WithinAbs(ref[i], 1e-5));
    }
    CHECK(std::memcmp(y1.data(), y2.data(), y1.size() * sizeof(float)) == 0);
    CHECK(std::memcmp(y1.data(), yinf.data(), y1.size() * sizeof(float)) == 0);
}

TEST_CASE("Conv2D gradients (dx, dW, db) match finite differences", "[conv2d][grad]") {
    Config c = GENERATE(from_range(std::begin(kConfigs), std::end(kConfigs)));
    c.N = std::min(c.N, 2);  // two images are enough here, and keep the finite differences cheap
    INFO(str(c));
    BuiltConv b(c, 31);
    Conv2D& L = b.conv;
    const bool relu = c.act == Activation::ReLU;
    // ReLU has a kink at 0: a smaller step, and inputs redrawn (seeds 41, 42, ...) until every
    // pre-activation z is more than `margin` from 0. One coordinate moved by ε moves z by at
    // most ε·max(|x|, |W|, 1) = ε (all inputs and weights are in [−1, 1]), so no z changes sign.
    const float eps = relu ? 1e-3f : 1e-2f, margin = 2 * eps;
    std::vector<float> x;
    int tries = 0;
    for (uint64_t seed = 41;; seed++, tries++) {
        REQUIRE(tries < 100);
        cnn::Rng rng(seed);
        x = gradcheck::uniform(rng, (size_t)c.N * c.C * c.H * c.W, -1, 1);
        if (!relu) break;
        std::vector<float> z = oracle(c, L, x, Activation::Linear);
        bool ok = true;
        for (float v : z) ok = ok && std::fabs(v) > margin;
        if (ok) break;
    }
    INFO("inputs redrawn " << tries << " times to keep pre-activations away from the ReLU kink");
    cnn::Rng rr(51);
    const std::vector<float> r = gradcheck::uniform(rr, (size_t)c.N * L.out.size(), -1, 1);

    cnn::ThreadPool pool(2);
    gradcheck::LayerGrads g = gradcheck::layer_grads(L, b.slab, x, c.N, r, eps, pool);
    const size_t nW = (size_t)c.OC * c.C * c.K * c.K;
    const double ex = gradcheck::rel_error(g.ax, g.nx);
    const double eW = gradcheck::rel_error(g.ap, g.np, 0, nW);
    const double eb = gradcheck::rel_error(g.ap, g.np, nW, g.ap.size());
    CAPTURE(ex, eW, eb);
    CHECK(ex < 1e-2);
    CHECK(eW < 1e-2);
    CHECK(eb < 1e-2);
}

TEST_CASE("Conv2D backward is bit-identical on 1 and 2 threads", "[conv2d]") {
    // 20 filters = two blocks of dW rows; 9 images = 3 chunks of (up to) 4 for forward/dx
    // and 2 parts of (up to) 8 for dW, split unevenly over 2 threads
    const Config c{9, 2, 7, 6, 20, 3, 2, same(), Activation::Tanh};
    BuiltConv b(c, 61);
    Conv2D& L = b.conv;
    cnn::Rng rng(62);
    std::vector<float> x = gradcheck::uniform(rng, (size_t)c.N * L.in.size(), -1, 1);
    const std::vector<float> r = gradcheck::uniform(rng, (size_t)c.N * L.out.size(), -1, 1);

    auto run = [&](int threads, std::vector<float>* dx, std::vector<float>* grads) {
        cnn::ThreadPool pool(threads);
        std::vector<float> y(r.size()), dy = r;
        dx->assign(x.size(), NAN);  // backward must overwrite dx fully
        L.forward(x.data(), y.data(), c.N, true, pool);
        std::fill(b.slab.grads.begin(), b.slab.grads.end(), 0.f);
        L.backward(x.data(), y.data(), dy.data(), dx->data(), c.N, false, pool);
        *grads = b.slab.grads;
    };
    std::vector<float> dx1, dx2, g1, g2;
    run(1, &dx1, &g1);
    run(2, &dx2, &g2);
    for (float v : dx1) REQUIRE(std::isfinite(v));
    CHECK(std::memcmp(dx1.data(), dx2.data(), dx1.size() * sizeof(float)) == 0);
    CHECK(std::memcmp(g1.data(), g2.data(), g1.size() * sizeof(float)) == 0);
}

TEST_CASE("Conv2D backward accumulates into the parameter gradients (+=)", "[conv2d][grad]") {
    const Config c{2, 2, 5, 5, 3, 3, 1, same(), Activation::Linear};
    BuiltConv b(c, 71);
    cnn::Rng rng(72);
    std::vector<float> x = gradcheck::uniform(rng, (size_t)c.N * b.conv.in.size(), -1, 1);
    const std::vector<float> r = gradcheck::uniform(rng, (size_t)c.N * b.conv.out.size(), -1, 1);
    cnn::ThreadPool pool(1);
    std::vector<float> y(r.size()), dy = r, dx(x.size());
    b.conv.forward(x.data(), y.data(), c.N, true, pool);
    std::fill(b.slab.grads.begin(), b.slab.grads.end(), 0.f);
    b.conv.backward(x.data(), y.data(), dy.data(), dx.data(), c.N, false, pool);
    const std::vector<float> once = b.slab.grads;
    dy = r;
    b.conv.backward(x.data(), y.data(), dy.data(), dx.data(), c.N, false, pool);
    for (size_t i = 0; i < once.size(); i++) REQUIRE_THAT(b.slab.grads[i], WithinAbs(2 * once[i], 1e-5));
    // dx may be null for the first layer: parameter gradients still come out
    std::fill(b.slab.grads.begin(), b.slab.grads.end(), 0.f);
    dy = r;
    b.conv.backward(x.data(), y.data(), dy.data(), nullptr, c.N, false, pool);
    for (size_t i = 0; i < once.size(); i++) REQUIRE(b.slab.grads[i] == once[i]);
}

TEST_CASE("im2col and col2im are adjoint: <im2col(x), c> = <x, col2im(c)>", "[conv2d]") {
    // C=2, H=5, W=6, K=3, stride 2, pads top 1 / left 0 (bottom/right only set OH, OW)
    const int C = 2, H = 5, W = 6, K = 3, s = 2, pt = 1, pl = 0;
    const int OH = cnn::conv_out_size(H, K, pt, 1, s), OW = cnn::conv_out_size(W, K, pl, 1, s);
    cnn::Rng rng(81);
    std::vector<float> x = gradcheck::uniform(rng, (size_t)C * H * W, -1, 1);
    std::vector<float> cvec = gradcheck::uniform(rng, (size_t)C * K * K * OH * OW, -1, 1);
    std::vector<float> col(cvec.size()), back(x.size(), 0.f);
    cnn::im2col(x.data(), C, H, W, K, s, pt, pl, OH, OW, col.data());
    cnn::col2im(cvec.data(), C, H, W, K, s, pt, pl, OH, OW, back.data());
    const double lhs = gradcheck::dot(col.data(), cvec.data(), col.size());
    const double rhs = gradcheck::dot(x.data(), back.data(), x.size());
    CHECK_THAT(lhs, WithinAbs(rhs, 1e-4));
}

TEST_CASE("Conv2D init: Glorot-uniform weights within ±sqrt(6/(fan_in+fan_out)), zero bias", "[conv2d][init]") {
    // fan_in = C·K·K = 3·3·3 = 27, fan_out = OC·K·K = 16·9 = 144 (Keras's definition)
    Conv2D conv(16, 3);
    conv.name = "conv2d";
    conv.infer(Shape{3, 8, 8});
    gradcheck::Bound slab = gradcheck::bind(conv);
    std::fill(slab.params.begin(), slab.params.end(), 7.f);
    cnn::Rng rng(5);
    conv.init(rng);
    const double limit = std::sqrt(6.0 / (27 + 144));  // = 0.18732
    const size_t nW = 16 * 27;
    double lo = 1, hi = -1, sum = 0;
    for (size_t i = 0; i < nW; i++) {
        REQUIRE(std::fabs(slab.params[i]) <= limit);
        lo = std::min(lo, (double)slab.params[i]);
        hi = std::max(hi, (double)slab.params[i]);
        sum += slab.params[i];
    }
    // 432 uniform draws fill the range (a gap of 10% at either end has probability ~1e-20)
    CHECK(lo < -0.9 * limit);
    CHECK(hi > 0.9 * limit);
    CHECK(std::fabs(sum / nW) < 0.1 * limit);
    for (size_t i = nW; i < slab.params.size(); i++) CHECK(slab.params[i] == 0.f);
}

TEST_CASE("Conv2D spec and describe", "[conv2d]") {
    CHECK(Conv2D(32, 3, 1, valid(), Activation::ReLU).spec() == "conv(32,3,relu)");
    CHECK(Conv2D(8, 5, 2, same()).spec() == "conv(8,5,stride=2,pad=same)");
    CHECK(Conv2D(8, 3, 1, pad(2), Activation::Tanh).spec() == "conv(8,3,pad=2,tanh)");
    CHECK(Conv2D(8, 3, 1, pad(0)).spec() == "conv(8,3,pad=0)");
    CHECK(Conv2D(4, 3, 2, same(), Activation::ReLU).describe() == "4 filters 3x3, stride 2, padding same, relu");
}

TEST_CASE("Conv2D infer errors name the layer and the sizes", "[conv2d][errors]") {
    auto infer = [](Conv2D conv, Shape in) {
        conv.name = "conv2d_3";
        conv.infer(in);
    };
    CHECK_THROWS_WITH(infer(Conv2D(4, 5), Shape{3, 4, 4}),
                      Contains("conv2d_3 (Conv2D)") && Contains("kernel 5x5") && Contains("4x4 input") &&
                          Contains("padding valid"));
    CHECK_THROWS_WITH(infer(Conv2D(4, 5), Shape{3, 8, 4}), Contains("kernel 5x5") && Contains("8x4 input"));
    // padding makes room: 4 + 2·1 ≥ 5 fits
    CHECK_NOTHROW(infer(Conv2D(4, 5, 1, pad(1)), Shape{3, 4, 4}));
    CHECK_THROWS_WITH(infer(Conv2D(4, 3), Shape::vector(10)),
                      Contains("conv2d_3") && Contains("flat vector of 10") && Contains("before flatten"));
    CHECK_THROWS_WITH(infer(Conv2D(0, 3), Shape{3, 8, 8}), Contains("filters must be positive, got 0"));
    CHECK_THROWS_WITH(infer(Conv2D(4, 0), Shape{3, 8, 8}), Contains("kernel size must be positive, got 0"));
    CHECK_THROWS_WITH(infer(Conv2D(4, 3, 0), Shape{3, 8, 8}), Contains("stride must be positive, got 0"));
    CHECK_THROWS_WITH(infer(Conv2D(4, 3, 1, pad(-1)), Shape{3, 8, 8}), Contains("padding must be 0 or more, got -1"));
    CHECK_THROWS_WITH(infer(Conv2D(4, 3, 1, valid(), Activation::Softmax), Shape{3, 8, 8}),
                      Contains("softmax needs a flat input"));
    CHECK_THROWS_AS(infer(Conv2D(4, 5), Shape{3, 4, 4}), cnn::Error);
}
