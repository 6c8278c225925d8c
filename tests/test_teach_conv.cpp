// test_teach_conv.cpp — the convolution of the teaching library (teach/conv_steps.h): every step
// against a naive convolution written here, conv_arithmetic's cases, the tutorial's example, a
// live Conv2D, impossible settings explained. Not here: pooling, filters, views, the rule
// (test_teach_*.cpp), drawing, layer gradients.
//
// Shapes: input (C, H, W), kernels (OC, C, K, K), outputs (OC, OH, OW), row-major.
#include <catch2/catch.hpp>

#include "core/error.h"
#include "core/model.h"
#include "teach/conv_steps.h"
#include "teach/filters.h"
#include "teach_support.h"

#include <cmath>
#include <string>
#include <vector>

using Catch::Contains;
using Catch::Matchers::WithinAbs;
using namespace cnn;
using namespace teach;
using namespace teach_test;

namespace {

// The oracle: pad explicitly into a (C, PH, PW) grid of zeros, then slide the window over it.
// Double accumulation; pre-activation values (OC, OH, OW).
struct Direct {
    int OH = 0, OW = 0;
    std::vector<double> y;
};
Direct direct_conv(const std::vector<float>& x, int C, int H, int W, const std::vector<float>& w,
                   const std::vector<float>& b, int OC, int K, int S, int pt, int pb, int pl, int pr) {
    const int PH = H + pt + pb, PW = W + pl + pr;
    std::vector<double> xp((size_t)C * PH * PW, 0.0);  // (C, PH, PW)
    for (int c = 0; c < C; c++)
        for (int h = 0; h < H; h++)
            for (int v = 0; v < W; v++) xp[((size_t)c * PH + h + pt) * PW + v + pl] = x[((size_t)c * H + h) * W + v];
    Direct d;
    d.OH = (PH - K) / S + 1;
    d.OW = (PW - K) / S + 1;
    d.y.assign((size_t)OC * d.OH * d.OW, 0.0);
    for (int o = 0; o < OC; o++)
        for (int i = 0; i < d.OH; i++)
            for (int j = 0; j < d.OW; j++) {
                double s = b.empty() ? 0.0 : b[o];
                for (int c = 0; c < C; c++)
                    for (int kh = 0; kh < K; kh++)
                        for (int kw = 0; kw < K; kw++)
                            s += xp[((size_t)c * PH + i * S + kh) * PW + j * S + kw] *
                                 w[(((size_t)o * C + c) * K + kh) * K + kw];
                d.y[((size_t)o * d.OH + i) * d.OW + j] = s;
            }
    return d;
}

ConvProblem square_problem(int C, int i, int k, Padding pad, int s, int OC, uint64_t seed) {
    ConvProblem p;
    p.C = C; p.H = p.W = i; p.K = k; p.OC = OC; p.stride = s; p.padding = pad;
    p.input = ints((size_t)C * i * i, -3, 4, seed);
    p.weights = ints((size_t)OC * C * k * k, -2, 2, seed + 100);
    p.bias = ints(OC, -1, 1, seed + 200);
    return p;
}

// Checks every step of `steps` against the oracle: window position, each cell's value, padding
// flag, weight and product, the per-channel sums, the total and the output value.
void check_every_step(const ConvSteps& steps) {
    const ConvProblem& p = steps.problem();
    const ConvGeometry& g = steps.geometry();
    Direct d = direct_conv(p.input, p.C, p.H, p.W, p.weights, p.bias, p.OC, p.K, p.stride, g.pad_t,
                           g.pad_b, g.pad_l, g.pad_r);
    REQUIRE(g.OH == d.OH);
    REQUIRE(g.OW == d.OW);
    REQUIRE(steps.num_steps() == p.OC * d.OH * d.OW);
    std::vector<float> out = steps.output();
    for (int t = 0; t < steps.num_steps(); t++) {
        ConvStep st = steps.step(t);
        INFO("step " << t);
        REQUIRE(st.t == t);
        REQUIRE(steps.step_for_output_cell(st.oh, st.ow, st.oc) == t);  // row-major order
        REQUIRE(st.ph0 == st.oh * p.stride);
        REQUIRE(st.pw0 == st.ow * p.stride);
        REQUIRE(st.ih0 == st.ph0 - g.pad_t);
        REQUIRE(st.iw0 == st.pw0 - g.pad_l);
        REQUIRE(st.cells.size() == (size_t)p.C * p.K * p.K);
        REQUIRE(st.channel_sums.size() == (size_t)p.C);
        size_t n = 0;
        double total = 0;
        for (int c = 0; c < p.C; c++) {
            double cs = 0;
            for (int kh = 0; kh < p.K; kh++)
                for (int kw = 0; kw < p.K; kw++, n++) {
                    const ConvCell& cell = st.cells[n];
                    REQUIRE((cell.c == c && cell.kh == kh && cell.kw == kw));
                    REQUIRE((cell.ph == st.ph0 + kh && cell.pw == st.pw0 + kw));
                    REQUIRE((cell.ih == cell.ph - g.pad_t && cell.iw == cell.pw - g.pad_l));
                    bool outside = cell.ih < 0 || cell.ih >= p.H || cell.iw < 0 || cell.iw >= p.W;
                    REQUIRE(cell.padding == outside);
                    REQUIRE(cell.padding == steps.is_padding(cell.ph, cell.pw));
                    float x = outside ? 0.f : p.input[((size_t)c * p.H + cell.ih) * p.W + cell.iw];
                    REQUIRE(cell.x == x);
                    REQUIRE(steps.padded_input(c, cell.ph, cell.pw) == x);
                    REQUIRE(cell.w == p.weights[(((size_t)st.oc * p.C + c) * p.K + kh) * p.K + kw]);
                    REQUIRE(cell.product == x * cell.w);
                    cs += cell.product;
                }
            REQUIRE(st.channel_sums[c] == (float)cs);
            total += cs;
        }
        REQUIRE(st.sum == (float)total);
        REQUIRE(st.bias == p.bias[st.oc]);
        const double want = d.y[((size_t)st.oc * d.OH + st.oh) * d.OW + st.ow];
        REQUIRE(st.value == (float)want);
        REQUIRE(st.out == st.value);  // linear
        REQUIRE(out[t] == st.value);
    }
}

} // namespace

TEST_CASE("conv steps: the tutorial's 5x5 example gives [12,12,17],[10,17,19],[9,6,14]", "[teach]") {
    ConvSteps steps(tutorial_conv_example());
    REQUIRE(steps.num_steps() == 9);
    REQUIRE(steps.output() == rows({{12, 12, 17}, {10, 17, 19}, {9, 6, 14}}));
    REQUIRE(en(conv_formula_h(steps.problem())) == "o = ⌊(5 + 2·0 − 3)/1⌋ + 1 = 3");
    REQUIRE(en(conv_formula_w(steps.problem(), true)) == "o = floor((5 + 2*0 - 3)/1) + 1 = 3");
    REQUIRE(conv_notes(steps.problem()).empty());

    // First step: the top-left 3×3 window, 3·0+3·1+2·2 + 0·2+0·2+1·0 + 3·0+1·1+2·2 = 12.
    ConvStep s0 = steps.step(0);
    REQUIRE((s0.oh == 0 && s0.ow == 0 && s0.ph0 == 0 && s0.pw0 == 0));
    std::vector<float> products;
    for (const ConvCell& c : s0.cells) products.push_back(c.product);
    REQUIRE(products == std::vector<float>{0, 3, 4, 0, 0, 0, 0, 1, 4});
    REQUIRE(s0.sum == 12);
    REQUIRE(s0.value == 12);

    // Hover → jump: the centre output cell was made by step 4, window at (1,1).
    REQUIRE(steps.step_for_output_cell(1, 1) == 4);
    REQUIRE(steps.step(4).ih0 == 1);
    REQUIRE(steps.step_for_output_cell(3, 0) == -1);

    // The output map filling in.
    PartialMap m = steps.output_after(4);
    REQUIRE((m.C == 1 && m.H == 3 && m.W == 3));
    REQUIRE(m.filled == std::vector<uint8_t>{1, 1, 1, 1, 0, 0, 0, 0, 0});
    REQUIRE(m.value == std::vector<float>{12, 12, 17, 10, 0, 0, 0, 0, 0});
    REQUIRE(steps.output_after(0).filled == std::vector<uint8_t>(9, 0));
    REQUIRE(steps.output_after(99).value == steps.output());
    REQUIRE_THROWS_AS(steps.step(9), Error);

    check_every_step(steps);
}

TEST_CASE("conv steps: the tutorial's example with padding 1 and stride 2 (conv_arithmetic)", "[teach]") {
    // conv_arithmetic's "padding 1, strides 2" figure uses the same input and kernel.
    ConvSteps steps(tutorial_conv_example(Padding{Padding::Explicit, 1}, 2));
    REQUIRE(steps.output() == rows({{6, 17, 3}, {8, 17, 13}, {6, 4, 4}}));
    REQUIRE(en(conv_formula_h(steps.problem())) == "o = ⌊(5 + 2·1 − 3)/2⌋ + 1 = 3");
    ConvStep s0 = steps.step(0);
    REQUIRE((s0.ih0 == -1 && s0.iw0 == -1));
    int pads = 0;
    for (const ConvCell& c : s0.cells) pads += c.padding;
    REQUIRE(pads == 5);  // the top row and left column of the window are padding
    check_every_step(steps);

    // 'same' keeps the tutorial's 5×5 size (padding section of the tutorial).
    ConvSteps same(tutorial_conv_example(Padding{Padding::Same, 0}, 1));
    REQUIRE((same.geometry().OH == 5 && same.geometry().OW == 5));
    REQUIRE(same.geometry().pad_t == 1);
    check_every_step(same);
}

TEST_CASE("conv steps: conv_arithmetic's padding and stride cases", "[teach]") {
    struct Case { int i, k, p, s, o; };
    const Case cases[] = {{4, 3, 0, 1, 2}, {5, 4, 2, 1, 6}, {5, 3, 1, 1, 5}, {5, 3, 2, 1, 7},
                          {5, 3, 0, 2, 2}, {5, 3, 1, 2, 3}, {6, 3, 1, 2, 3}};
    uint64_t seed = 1;
    for (const Case& c : cases) {
        INFO("i=" << c.i << " k=" << c.k << " p=" << c.p << " s=" << c.s);
        ConvProblem p = square_problem(1, c.i, c.k, Padding{Padding::Explicit, c.p}, c.s, 1, seed++);
        REQUIRE(validate(p).empty());
        ConvSteps steps(p);
        REQUIRE(steps.geometry().OH == c.o);
        REQUIRE(steps.geometry().OW == c.o);
        REQUIRE(steps.geometry().PH == c.i + 2 * c.p);
        std::string f = en(conv_formula_h(p));
        REQUIRE_THAT(f, Contains("(" + std::to_string(c.i) + " + 2·" + std::to_string(c.p) + " − " +
                                 std::to_string(c.k) + ")/" + std::to_string(c.s)));
        REQUIRE_THAT(f, Contains("= " + std::to_string(c.o)));
        check_every_step(steps);
    }
    // (6,3,1,2): (6 + 2 − 3) = 5 is odd, so the last padded column is never reached.
    REQUIRE_THAT(en(conv_notes(square_problem(1, 6, 3, Padding{Padding::Explicit, 1}, 2, 1, 9))),
                 Contains("never reaches the last 1 row and the last 1 column"));
}

TEST_CASE("conv steps: 'same' padding is TensorFlow's, asymmetric when the total is odd", "[teach]") {
    // i=6, k=3, s=2: o = ⌈6/2⌉ = 3, total padding (3−1)·2 + 3 − 6 = 1 → 0 before, 1 after.
    ConvProblem p = square_problem(2, 6, 3, Padding{Padding::Same, 0}, 2, 1, 7);
    p.H = 6; p.W = 5;  // non-square: width 5 → o = 3, total (3−1)·2 + 3 − 5 = 2 → 1 and 1
    p.input = ints((size_t)2 * 6 * 5, -3, 4, 8);
    ConvSteps steps(p);
    const ConvGeometry& g = steps.geometry();
    REQUIRE((g.pad_t == 0 && g.pad_b == 1 && g.pad_l == 1 && g.pad_r == 1));
    REQUIRE((g.OH == 3 && g.OW == 3));
    REQUIRE(en(conv_formula_h(p)) == "o = ⌊(6 + 0 + 1 − 3)/2⌋ + 1 = 3");
    REQUIRE(en(conv_formula_w(p)) == "o = ⌊(5 + 2·1 − 3)/2⌋ + 1 = 3");
    REQUIRE_THAT(en(conv_notes(p)), Contains("0 on top and 1 at the bottom"));
    check_every_step(steps);
}

TEST_CASE("conv steps: 3 channels and 2 kernels, per-channel partial sums add up", "[teach]") {
    ConvProblem p = square_problem(3, 6, 3, Padding{Padding::Explicit, 1}, 1, 2, 42);
    p.bias = {0.5f, -1.5f};
    ConvSteps steps(p);
    REQUIRE(steps.num_steps() == 2 * 6 * 6);
    check_every_step(steps);
    // Step order: all of feature map 0, then feature map 1.
    REQUIRE(steps.step(35).oc == 0);
    REQUIRE(steps.step(36).oc == 1);
    REQUIRE(steps.step_for_output_cell(0, 0, 1) == 36);
    for (int t = 0; t < steps.num_steps(); t++) {
        ConvStep st = steps.step(t);
        double s = 0;
        for (float cs : st.channel_sums) s += cs;
        REQUIRE(st.sum == (float)s);
        REQUIRE(st.value == st.sum + st.bias);
        REQUIRE(st.bias == p.bias[st.oc]);
    }
    PartialMap m = steps.output_after(40);
    REQUIRE((m.C == 2 && m.H == 6 && m.W == 6));
    REQUIRE((int)m.filled[39] == 1);
    REQUIRE((int)m.filled[40] == 0);
}

TEST_CASE("conv steps: a live Conv2D layer's forward gives the same output", "[teach]") {
    struct Case { int C, H, W, F, K, S; Padding pad; Activation act; };
    const Case cases[] = {
        {3, 7, 6, 2, 3, 2, Padding{Padding::Same, 0}, Activation::Linear},
        {2, 5, 5, 3, 3, 1, Padding{Padding::Valid, 0}, Activation::Linear},
        {3, 8, 8, 4, 5, 1, Padding{Padding::Explicit, 2}, Activation::Linear},
        {3, 6, 6, 2, 3, 1, Padding{Padding::Explicit, 1}, Activation::ReLU},
    };
    uint64_t seed = 5;
    for (const Case& c : cases) {
        INFO("C=" << c.C << " H=" << c.H << " W=" << c.W << " F=" << c.F << " K=" << c.K
                  << " S=" << c.S << " pad=" << c.pad.str());
        Conv2D layer(c.F, c.K, c.S, c.pad, c.act);
        layer.name = "conv2d";
        layer.infer(Shape{c.C, c.H, c.W});
        std::vector<float> params(layer.num_params()), grads(layer.num_params());
        layer.bind(params.data(), grads.data());
        Rng rng(seed++);
        for (float& v : params) v = rng.uniform(-1.f, 1.f);
        std::vector<float> x((size_t)c.C * c.H * c.W), y(layer.out.size());
        for (float& v : x) v = rng.uniform(-1.f, 1.f);
        ThreadPool pool(1);
        layer.forward(x.data(), y.data(), 1, false, pool);

        ConvSteps steps(conv_problem_from_layer(layer, x.data()));
        REQUIRE(steps.geometry().OH == layer.out.h);
        REQUIRE(steps.geometry().OW == layer.out.w);
        REQUIRE(steps.num_steps() == layer.out.size());
        std::vector<float> out = steps.output();
        for (int t = 0; t < steps.num_steps(); t++) {
            REQUIRE_THAT(out[t], WithinAbs(y[t], 1e-5));
            REQUIRE_THAT(steps.step(t).out, WithinAbs(y[t], 1e-5));
        }
        if (c.act == Activation::ReLU) {
            std::vector<float> pre = steps.output(false);
            REQUIRE(relu(pre.data(), pre.size()) == out);
        }
        // One chosen filter: its feature map alone.
        ConvSteps one(conv_problem_from_layer(layer, x.data(), c.F - 1));
        REQUIRE(one.problem().OC == 1);
        const int P = layer.out.h * layer.out.w;
        for (int t = 0; t < P; t++) REQUIRE_THAT(one.step(t).out, WithinAbs(y[(size_t)(c.F - 1) * P + t], 1e-5));
    }
    Conv2D unbound(1, 3);
    unbound.infer(Shape{1, 5, 5});
    std::vector<float> x(25);
    REQUIRE_THAT(thrown_en([&] { conv_problem_from_layer(unbound, x.data()); }), Contains("no weights"));
}

TEST_CASE("conv steps: impossible settings are explained, not clipped", "[teach]") {
    ConvProblem p = tutorial_conv_example();
    REQUIRE(validate(p).empty());

    ConvProblem big_k = p;
    big_k.K = 7;
    big_k.weights.assign(49, 1.f);
    std::string e = en(validate(big_k));
    REQUIRE_THAT(e, Contains("7×7 kernel does not fit"));
    REQUIRE_THAT(e, Contains("o = ⌊(5 + 2·0 − 7)/1⌋ + 1 = −1"));
    REQUIRE_THAT(e, Contains("padding of at least 1"));
    REQUIRE_THAT(thrown_en([&] { ConvSteps s(big_k); }), Contains("does not fit"));
    big_k.padding = Padding{Padding::Explicit, 1};  // 5 + 2 = 7: fits, one output cell
    REQUIRE(validate(big_k).empty());
    REQUIRE(ConvSteps(big_k).num_steps() == 1);

    ConvProblem s0 = p;
    s0.stride = 0;
    REQUIRE_THAT(en(validate(s0)), Contains("Stride 0 is not possible"));
    REQUIRE(en(conv_formula_h(s0)) == "o = ⌊(5 + 2·0 − 3)/0⌋ + 1 = undefined (stride 0)");
    s0.stride = -2;
    REQUIRE_THAT(en(validate(s0)), Contains("Stride −2 is not possible"));

    ConvProblem neg = p;
    neg.padding = Padding{Padding::Explicit, -1};
    REQUIRE_THAT(en(validate(neg)), Contains("Padding −1 is not possible"));

    ConvProblem huge = p;
    huge.H = huge.W = 100;
    huge.input.assign(100 * 100, 0.f);
    REQUIRE_THAT(en(validate(huge)), Contains("too large to animate"));

    ConvProblem bufs = p;
    bufs.input.pop_back();
    bufs.bias = {1, 2};
    REQUIRE_THAT(en(validate(bufs)), Contains("holds 24 values"));
    REQUIRE_THAT(en(validate(bufs)), Contains("one per kernel"));

    ConvProblem sm = p;
    sm.act = Activation::Softmax;
    REQUIRE_THAT(en(validate(sm)), Contains("Softmax"));

    REQUIRE(en(output_size_formula(2, 5, 0, 0, 1)) == "o = ⌊(2 + 2·0 − 5)/1⌋ + 1 = −2");
    REQUIRE(en(output_size_formula(5, 3, -1, -1, 1)) == "o = ⌊(5 + 2·(−1) − 3)/1⌋ + 1 = 1");
}
