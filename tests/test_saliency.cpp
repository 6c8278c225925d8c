// test_saliency.cpp — the explanations of src/core/explain and the picture scaling of
// src/core/image.h. [saliency]: Model::backward_from and the input gradient against central
// finite differences of the logit; SmoothGrad's determinism; occlusion against a re-evaluation
// of every occluded copy one by one; the top images of a filter against image-by-image
// inference; Grad-CAM and the input gradient of the tutorial's model against PyTorch
// (tests/interop/gradcam_ref.inc, made by tests/interop/gradcam_ref.py, which CTest reruns).
// [resize]: crop_scale against a direct area-overlap computation on known pictures.
// [saliency_speed] (hidden): milliseconds per map for the tutorial's model.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <vector>

#include "core/error.h"
#include "core/explain/gradcam.h"
#include "core/explain/occlusion.h"
#include "core/explain/saliency.h"
#include "core/explain/top_images.h"
#include "core/image.h"
#include "core/model.h"
#include "gradcheck.h"

namespace {

#include "interop/gradcam_ref.inc"

using cnn::Model;

Model seeded(const char* spec, uint64_t seed) {
    Model m = Model::parse(spec);
    m.init(seed);
    return m;
}

std::vector<float> random_image(const Model& m, uint64_t seed) {
    cnn::Rng rng(seed);
    return gradcheck::uniform(rng, m.input.size(), 0.f, 1.f);
}

// Largest |a − b| over the arrays, divided by the largest |b| (a relative error of the whole map).
double rel_max(const float* a, const float* b, size_t n) {
    double d = 0, s = 0;
    for (size_t i = 0; i < n; i++) {
        d = std::max(d, (double)std::fabs(a[i] - b[i]));
        s = std::max(s, (double)std::fabs(b[i]));
    }
    return s > 0 ? d / s : d;
}

// ---- the reference model of gradcam_ref.py: its formulas, written again here -----------

double fract(double v) { return v - std::floor(v); }

// Every layer with weights gets W[i] = sqrt(6 / fan_in) · (2·fract(sin(78.233 i + 12.9898 l)
// · 43758.5453) − 1) and b[j] = 0.05 cos(0.9 j + l), in this project's layouts (the slab holds
// each layer's W, then its b, in layer order; W is (OC, C, K, K) or (I, O)).
void formula_weights(Model& m) {
    int l = 0;
    float* p = m.params.data();
    for (auto& L : m.layers) {
        if (L->num_params() == 0) continue;
        const size_t nb = (size_t)L->out.c, nw = L->num_params() - nb;
        const double a = std::sqrt(6.0 / ((double)nw / nb));  // fan_in = weights per output
        for (size_t i = 0; i < nw; i++) p[i] = (float)(a * (2 * fract(std::sin(78.233 * i + 12.9898 * l) * 43758.5453) - 1));
        for (size_t j = 0; j < nb; j++) p[nw + j] = (float)(0.05 * std::cos(0.9 * j + l));
        p += L->num_params();
        l++;
    }
}

// x[i] = 0.5 + 0.45 sin(0.037 · i · (i mod 7 + 1)), (3, 32, 32)
std::vector<float> formula_image() {
    std::vector<float> x(3 * 32 * 32);
    for (size_t i = 0; i < x.size(); i++) x[i] = (float)(0.5 + 0.45 * std::sin(0.037 * i * (i % 7 + 1)));
    return x;
}

} // namespace

// ---- gradients ---------------------------------------------------------------------------

// A small model ending without softmax, so its last layer's output is the logits the
// finite differences need; its twin ends in softmax and must give the same gradients.
static const char* kLogitSpec = "input(3,10,9) conv(4,3,relu) maxpool(2) conv(5,2,tanh) flatten dense(8,relu) dense(5)";
static const char* kSoftmaxSpec = "input(3,10,9) conv(4,3,relu) maxpool(2) conv(5,2,tanh) flatten dense(8,relu) dense(5,softmax)";

TEST_CASE("Input gradient: the logit's gradient matches central finite differences", "[saliency]") {
    cnn::ThreadPool pool(2);
    Model m = seeded(kLogitSpec, 11);
    std::vector<float> x = random_image(m, 12);
    const int last = (int)m.layers.size() - 1;
    for (int cls : {0, 3}) {
        CAPTURE(cls);
        const std::vector<float> g = cnn::input_gradient(m, x.data(), cls, pool);
        auto logit = [&]() {
            m.forward(x.data(), 1, false, pool);
            return (double)m.layer_output(last)[cls];
        };
        const std::vector<double> num = gradcheck::numeric(x.data(), x.size(), 1e-3f, logit);
        const double err = gradcheck::rel_error(std::vector<double>(g.begin(), g.end()), num);
        std::printf("input gradient vs finite differences, class %d: relative error %.2e over %zu pixels\n", cls, err,
                    x.size());
        CHECK(err < 1e-2);
        CHECK(gradcheck::max_abs(g) > 1e-3);  // not a trivially zero gradient
    }
}

TEST_CASE("Input gradient: a model ending in softmax gives the gradient of its logit, not of the probability",
          "[saliency]") {
    cnn::ThreadPool pool(1);
    Model a = seeded(kLogitSpec, 5), b = Model::parse(kSoftmaxSpec);
    b.params = a.params;  // same layout: the twins differ only in the last activation
    std::vector<float> x = random_image(a, 6);
    for (int cls = 0; cls < 5; cls++) {
        const std::vector<float> ga = cnn::input_gradient(a, x.data(), cls, pool);
        const std::vector<float> gb = cnn::input_gradient(b, x.data(), cls, pool);
        CHECK(rel_max(gb.data(), ga.data(), ga.size()) < 1e-6);
    }
    CHECK_THROWS_AS(cnn::input_gradient(a, x.data(), 5, pool), cnn::Error);
    CHECK_THROWS_AS(cnn::input_gradient(a, x.data(), -1, pool), cnn::Error);
}

TEST_CASE("backward_from: training's backward is unchanged, and the parameter gradients are of the logit",
          "[saliency]") {
    cnn::ThreadPool pool(2);
    Model m = seeded(kSoftmaxSpec, 21);
    std::vector<float> x = random_image(m, 22);
    // d(logit 2)/d(params) by backward_from against backward's cross-entropy gradient: with
    // p the probabilities, d(−log p_y)/d(logits) = p − onehot(y), so backward_from of that
    // row must reproduce backward's grads exactly (the same arithmetic in the same order).
    const int y = 2;
    const float* p = m.forward(x.data(), 1, true, pool);
    std::vector<float> d(p, p + 5);
    d[y] -= 1.f;
    m.backward(x.data(), &y, 1, pool);
    const std::vector<float> from_loss = m.grads;
    m.forward(x.data(), 1, true, pool);
    m.backward_from(x.data(), d.data(), 1, -1, nullptr, pool);
    CHECK(m.grads == from_loss);
    CHECK_THROWS_AS(m.backward_from(x.data(), d.data(), 1, (int)m.layers.size() - 1, nullptr, pool), cnn::Error);
}

TEST_CASE("SmoothGrad: deterministic for a seed, independent of threads, the plain gradient without noise",
          "[saliency]") {
    cnn::ThreadPool one(1), two(2);
    Model m = seeded(kSoftmaxSpec, 31);
    std::vector<float> x = random_image(m, 32);
    cnn::SmoothGradOptions o;
    o.samples = 9;
    const std::vector<float> a = cnn::smoothgrad(m, x.data(), 1, o, one);
    CHECK(cnn::smoothgrad(m, x.data(), 1, o, two) == a);
    o.seed = 2;
    const std::vector<float> b = cnn::smoothgrad(m, x.data(), 1, o, one);
    CHECK(b != a);
    o.noise = 0.f;
    const std::vector<float> plain = cnn::input_gradient(m, x.data(), 1, one);
    CHECK(rel_max(cnn::smoothgrad(m, x.data(), 1, o, one).data(), plain.data(), plain.size()) < 1e-6);
    // the heat map: largest |g| over the channels
    const std::vector<float> px = cnn::gradient_pixels(plain, 3, 10, 9);
    for (int i = 0; i < 90; i++)
        CHECK(px[i] == std::max({std::fabs(plain[i]), std::fabs(plain[90 + i]), std::fabs(plain[180 + i])}));
}

// ---- occlusion -----------------------------------------------------------------------------

TEST_CASE("Occlusion: every position's drop equals a re-evaluation of that occluded copy alone", "[saliency]") {
    cnn::ThreadPool pool(2);
    const char* spec = "input(3,12,10) conv(4,3,relu) maxpool(2) flatten dense(5,softmax)";
    Model m = seeded(spec, 41);
    const std::vector<float> x = random_image(m, 42);
    const int H = 12, W = 10, P = 4, S = 3, cls = 2;
    const cnn::OcclusionMap o = cnn::occlusion(m, x.data(), cls, P, S, pool);
    REQUIRE(o.rows == 3);  // corners at rows 0, 3, 6 (a patch at 9 would leave the image)
    REQUIRE(o.cols == 3);  // columns 0, 3, 6
    Model ref = seeded(spec, 41);
    const float base = ref.forward(x.data(), 1, false, pool)[cls];
    CHECK(o.base == base);
    std::vector<double> sum(H * W, 0.0);
    std::vector<int> cover(H * W, 0);
    for (int r = 0; r < o.rows; r++)
        for (int c = 0; c < o.cols; c++) {
            std::vector<float> y = x;  // the occluded copy, made here cell by cell
            for (int ch = 0; ch < 3; ch++)
                for (int i = r * S; i < r * S + P; i++)
                    for (int j = c * S; j < c * S + P; j++) y[(ch * H + i) * W + j] = 0.5f;
            const double drop = base - ref.forward(y.data(), 1, false, pool)[cls];
            CAPTURE(r, c);
            CHECK(std::fabs(o.drop[r * o.cols + c] - drop) < 1e-6);
            for (int i = r * S; i < r * S + P; i++)
                for (int j = c * S; j < c * S + P; j++) sum[i * W + j] += drop, cover[i * W + j]++;
        }
    for (int p = 0; p < H * W; p++) {
        CAPTURE(p);
        CHECK(std::fabs(o.pixels[p] - (cover[p] ? sum[p] / cover[p] : 0.0)) < 1e-6);
    }
    CHECK(cover[11 * W + 9] == 0);  // the last row and column are under no patch
    CHECK(gradcheck::max_abs(o.drop) > 1e-4);
    CHECK_THROWS_AS(cnn::occlusion(m, x.data(), cls, 11, 1, pool), cnn::Error);  // wider than the image
    CHECK_THROWS_AS(cnn::occlusion(m, x.data(), cls, 3, 0, pool), cnn::Error);
}

// ---- a filter's top images ---------------------------------------------------------------------

TEST_CASE("Top images: the k highest maxima of a filter's map, as image-by-image inference finds them",
          "[saliency]") {
    cnn::ThreadPool pool(2);
    Model m = seeded("conv(4,3,relu) maxpool(2) conv(6,3,relu) flatten dense(10,softmax)", 51);
    cnn::Dataset d;
    cnn::Rng rng(52);
    for (int i = 0; i < 45; i++) {
        d.labels.push_back((uint8_t)(i % 10));
        for (int k = 0; k < cnn::Dataset::kImage; k++) d.pixels.push_back((uint8_t)rng.below(256));
    }
    const int layer = 2, filter = 5, k = 7, first = 3;
    const cnn::TopImages t = cnn::top_images(m, layer, filter, d, k, pool, first, -1, 16);
    const int P = 13 * 13;
    REQUIRE(t.index.size() == (size_t)k);
    REQUIRE(t.maps.size() == (size_t)k * P);
    std::vector<float> score(d.size()), maps((size_t)d.size() * P), x(cnn::Dataset::kImage);
    for (int i = first; i < d.size(); i++) {
        for (int j = 0; j < cnn::Dataset::kImage; j++) x[j] = d.image(i)[j] / 255.f;
        m.forward(x.data(), 1, false, pool);
        const float* a = m.layer_output(layer) + (size_t)filter * P;
        score[i] = *std::max_element(a, a + P);
        std::copy(a, a + P, maps.begin() + (size_t)i * P);
    }
    std::vector<int> order(d.size() - first);
    std::iota(order.begin(), order.end(), first);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return score[a] > score[b]; });
    for (int r = 0; r < k; r++) {
        CAPTURE(r);
        CHECK(t.index[r] == order[r]);
        CHECK(std::fabs(t.score[r] - score[order[r]]) < 1e-5);
        CHECK(rel_max(&t.maps[(size_t)r * P], &maps[(size_t)order[r] * P], P) < 1e-5);
    }
    CHECK_THROWS_AS(cnn::top_images(m, 1, 0, d, k, pool), cnn::Error);       // a pooling layer
    CHECK_THROWS_AS(cnn::top_images(m, layer, 6, d, k, pool), cnn::Error);   // no filter 6
}

// ---- Grad-CAM and the input gradient against PyTorch ----------------------------------------

TEST_CASE("Grad-CAM and the input gradient of the tutorial's model match PyTorch", "[saliency]") {
    cnn::ThreadPool pool(2);
    Model m = Model::parse(cnn::kTutorialModel);
    formula_weights(m);
    const std::vector<float> x = formula_image();
    // the forward first: the same probabilities as PyTorch's logits give
    const float* p = m.forward(x.data(), 1, false, pool);
    double zmax = *std::max_element(kRefLogits, kRefLogits + 10), sum = 0;
    for (float z : kRefLogits) sum += std::exp(z - zmax);
    for (int k = 0; k < 10; k++) CHECK(std::fabs(p[k] - std::exp(kRefLogits[k] - zmax) / sum) < 1e-5);

    const cnn::GradCam g = cnn::grad_cam(m, x.data(), kRefClass, pool);
    CHECK(g.layer == 4);
    REQUIRE(g.alpha.size() == 64);
    REQUIRE(g.coarse.size() == 16);
    REQUIRE(g.map.size() == 1024);
    const double ea = rel_max(g.alpha.data(), kRefAlpha, 64), ec = rel_max(g.coarse.data(), kRefCoarse, 16);
    const double em = rel_max(g.map.data(), kRefMap, 1024);
    const std::vector<float> dx = cnn::input_gradient(m, x.data(), kRefClass, pool);
    const double ex = rel_max(dx.data(), kRefInputGrad, dx.size());
    std::printf("against PyTorch (largest difference / largest value): alpha %.1e, coarse %.1e, map %.1e, input gradient %.1e\n",
                ea, ec, em, ex);
    CHECK(ea < 1e-4);
    CHECK(ec < 1e-4);
    CHECK(em < 1e-4);
    CHECK(ex < 1e-4);
}

TEST_CASE("Bilinear upsampling: pixel centres aligned, borders clamped", "[saliency]") {
    const float src[4] = {0, 1, 2, 3};  // (2, 2)
    const std::vector<float> up = cnn::upsample_bilinear(src, 2, 2, 4, 4);
    // x: source (dst + 0.5)/2 − 0.5 = −0.25 (clamped to 0), 0.25, 0.75, 1.25 (right column clamped)
    const float row0[4] = {0, 0.25f, 0.75f, 1}, col0[4] = {0, 0.5f, 1.5f, 2};
    for (int j = 0; j < 4; j++) CHECK(up[j] == row0[j]);
    for (int i = 0; i < 4; i++) CHECK(up[i * 4] == col0[i]);
    CHECK(up[15] == 3);
}

TEST_CASE("Speed: each map for one image of the tutorial's model", "[saliency_speed][.]") {
    cnn::ThreadPool pool(2);
    Model m = seeded(cnn::kTutorialModel, 1);
    const std::vector<float> x = formula_image();
    auto ms = [](auto&& f) {
        f();  // warm: buffers sized, pages touched
        const auto t0 = std::chrono::steady_clock::now();
        const int reps = 5;
        for (int i = 0; i < reps; i++) f();
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / reps;
    };
    const double grad = ms([&] { cnn::input_gradient(m, x.data(), 3, pool); });
    const double smooth = ms([&] { cnn::smoothgrad(m, x.data(), 3, cnn::SmoothGradOptions{}, pool); });
    const double occl = ms([&] { cnn::occlusion(m, x.data(), 3, 4, 2, pool); });
    const double cam = ms([&] { cnn::grad_cam(m, x.data(), 3, pool); });
    std::printf("tutorial model, 2 threads, ms per map: gradient %.2f, SmoothGrad (25 samples) %.2f, "
                "occlusion (patch 4, stride 2: 225 copies) %.2f, Grad-CAM %.2f\n", grad, smooth, occl, cam);
    CHECK(std::max({grad, smooth, occl, cam}) < 1000);
}

// ---- crop and scale ----------------------------------------------------------------------------

namespace {

// The oracle: output pixel (oy, ox) covers [x0, x0 + s) × [y0, y0 + s) of the source; every
// source pixel adds its value times its overlap area (rectangle intersection, no separable
// weights), divided by s². Alpha composited over white per pixel.
std::vector<float> area_oracle(const std::vector<uint8_t>& px, int width, int height, int ch, cnn::Crop c, int out) {
    std::vector<float> r((size_t)3 * out * out);
    const double s = c.size / out;
    for (int k = 0; k < 3; k++)
        for (int oy = 0; oy < out; oy++)
            for (int ox = 0; ox < out; ox++) {
                const double x0 = c.x + ox * s, y0 = c.y + oy * s;
                double sum = 0;
                for (int y = 0; y < height; y++)
                    for (int x = 0; x < width; x++) {
                        const double ov = std::max(0.0, std::min(x0 + s, x + 1.0) - std::max(x0, (double)x)) *
                                          std::max(0.0, std::min(y0 + s, y + 1.0) - std::max(y0, (double)y));
                        if (ov == 0) continue;
                        const uint8_t* p = &px[((size_t)y * width + x) * ch];
                        const double a = ch == 4 ? p[3] / 255.0 : 1.0;
                        sum += ov * (a * p[k] + (1 - a) * 255.0);
                    }
                r[((size_t)k * out + oy) * out + ox] = (float)(sum / (s * s) / 255.0);
            }
    return r;
}

std::vector<uint8_t> random_pixels(int w, int h, int ch, uint64_t seed) {
    cnn::Rng rng(seed);
    std::vector<uint8_t> p((size_t)w * h * ch);
    for (auto& v : p) v = (uint8_t)rng.below(256);
    return p;
}

} // namespace

TEST_CASE("Resize: a 64x64 one-pixel checkerboard becomes exactly 0.5 everywhere", "[resize]") {
    std::vector<uint8_t> px(64 * 64 * 3);
    for (int y = 0; y < 64; y++)
        for (int x = 0; x < 64; x++)
            for (int k = 0; k < 3; k++) px[(y * 64 + x) * 3 + k] = (x + y) % 2 ? 255 : 0;
    const std::vector<float> r = cnn::crop_scale(px.data(), 64, 64, 3, cnn::center_square(64, 64));
    REQUIRE(r.size() == 3 * 32 * 32);
    for (float v : r) REQUIRE(v == 0.5f);
}

TEST_CASE("Resize: a 96x96 picture of 3x3 blocks gives each block's colour", "[resize]") {
    // block (by, bx) of 3×3 pixels has colour (by·8, bx·8, (by + bx)·4): output pixel (by, bx) is it.
    std::vector<uint8_t> px(96 * 96 * 3);
    for (int y = 0; y < 96; y++)
        for (int x = 0; x < 96; x++) {
            const int by = y / 3, bx = x / 3;
            px[(y * 96 + x) * 3 + 0] = (uint8_t)(by * 8), px[(y * 96 + x) * 3 + 1] = (uint8_t)(bx * 8);
            px[(y * 96 + x) * 3 + 2] = (uint8_t)((by + bx) * 4);
        }
    const std::vector<float> r = cnn::crop_scale(px.data(), 96, 96, 3, cnn::center_square(96, 96));
    for (int by = 0; by < 32; by++)
        for (int bx = 0; bx < 32; bx++) {
            CAPTURE(by, bx);
            CHECK(r[by * 32 + bx] == Approx(by * 8 / 255.0).margin(1e-6));
            CHECK(r[1024 + by * 32 + bx] == Approx(bx * 8 / 255.0).margin(1e-6));
            CHECK(r[2048 + by * 32 + bx] == Approx((by + bx) * 4 / 255.0).margin(1e-6));
        }
}

TEST_CASE("Resize: non-integer ratios, off-centre and fractional crops, alpha, against the area oracle", "[resize]") {
    struct Case { int w, h, ch; cnn::Crop crop; const char* what; };
    const Case cases[] = {
        {50, 50, 3, cnn::center_square(50, 50), "50x50 (ratio 1.5625)"},
        {100, 60, 3, cnn::center_square(100, 60), "100x60 centre square (x 20)"},
        {47, 83, 4, cnn::center_square(47, 83), "47x83 RGBA, centre square (y 18)"},
        {64, 48, 3, cnn::Crop{3.25, 1.5, 40.5}, "fractional crop"},
        {20, 20, 3, cnn::Crop{0, 0, 20}, "scaling up 20 -> 32"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.what);
        const std::vector<uint8_t> px = random_pixels(c.w, c.h, c.ch, (uint64_t)c.w * c.h);
        const std::vector<float> r = cnn::crop_scale(px.data(), c.w, c.h, c.ch, c.crop);
        const std::vector<float> want = area_oracle(px, c.w, c.h, c.ch, c.crop, 32);
        double worst = 0;
        for (size_t i = 0; i < r.size(); i++) worst = std::max(worst, (double)std::fabs(r[i] - want[i]));
        CHECK(worst < 2e-6);
    }
    CHECK(cnn::center_square(100, 60).x == 20);
    CHECK(cnn::center_square(47, 83).y == 18);
}

TEST_CASE("Resize: alpha is composited over white; crops outside the picture are refused", "[resize]") {
    std::vector<uint8_t> px(4 * 4 * 4, 0);  // black, alpha 0 except the right half: alpha 255
    for (int y = 0; y < 4; y++)
        for (int x = 2; x < 4; x++) px[(y * 4 + x) * 4 + 3] = 255;
    const std::vector<float> r = cnn::crop_scale(px.data(), 4, 4, 4, cnn::Crop{0, 0, 4}, 2);
    CHECK(r[0] == 1.f);  // transparent: white
    CHECK(r[1] == 0.f);  // opaque black
    CHECK_THROWS_AS(cnn::crop_scale(px.data(), 4, 4, 4, cnn::Crop{1, 0, 4}), cnn::Error);
    CHECK_THROWS_AS(cnn::crop_scale(px.data(), 4, 4, 4, cnn::Crop{0, 0, 0}), cnn::Error);
    CHECK_THROWS_AS(cnn::crop_scale(px.data(), 4, 4, 2, cnn::Crop{0, 0, 4}), cnn::Error);
}
