// test_model.cpp — the sequential Model: the tutorial's summary (shapes, parameter counts,
// total), the one-line grammar (round trips, aliases, key=value options, error messages
// that name the layer and the sizes), Glorot init, the loss worked by hand, and
// finite-difference checks of Model::backward (mean sparse cross-entropy) on tiny models.
// Not here: optimizers (test_optim.cpp), the training loop (test_train.cpp), files (test_model_io.cpp).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/model.h"
#include "gradcheck.h"
#include "naive.h"

using Catch::Contains;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using cnn::Model;
using cnn::Shape;

// ---- the tutorial's model --------------------------------------------------------------

TEST_CASE("Tutorial model: shapes, parameter counts and summary as in the tutorial", "[model][summary]") {
    Model m = Model::parse(cnn::kTutorialModel);
    // The tutorial's model.summary() (TensorFlow CNN tutorial on CIFAR-10). Param counts by
    // hand: conv (K·K·C + 1)·OC = (9·3+1)·32 = 896, (9·32+1)·64 = 18,496, (9·64+1)·64 = 36,928;
    // dense (I + 1)·O = (1024+1)·64 = 65,600, (64+1)·10 = 650.
    struct Row { const char *name, *kind, *shape; size_t params; const char* shown; };
    const Row rows[] = {
        {"conv2d", "Conv2D", "(None, 30, 30, 32)", 896, "896"},
        {"max_pooling2d", "MaxPooling2D", "(None, 15, 15, 32)", 0, "0"},
        {"conv2d_1", "Conv2D", "(None, 13, 13, 64)", 18496, "18,496"},
        {"max_pooling2d_1", "MaxPooling2D", "(None, 6, 6, 64)", 0, "0"},
        {"conv2d_2", "Conv2D", "(None, 4, 4, 64)", 36928, "36,928"},
        {"flatten", "Flatten", "(None, 1024)", 0, "0"},
        {"dense", "Dense", "(None, 64)", 65600, "65,600"},
        {"dense_1", "Dense", "(None, 10)", 650, "650"},
    };
    REQUIRE(m.layers.size() == 8);
    const std::string summary = m.summary();
    INFO(summary);
    std::vector<std::string> lines;
    {
        std::istringstream in(summary);
        for (std::string l; std::getline(in, l);) lines.push_back(l);
    }
    for (size_t i = 0; i < 8; i++) {
        const Row& r = rows[i];
        CAPTURE(i, r.name);
        CHECK(m.layers[i]->name == r.name);
        CHECK(std::string(m.layers[i]->kind()) == r.kind);
        CHECK(m.layers[i]->out.keras() == r.shape);
        CHECK(m.layers[i]->num_params() == r.params);
        // the summary row: " name (Kind)   shape   count"
        const std::string head = std::string(" ") + r.name + " (" + r.kind + ")";
        const std::string* row = nullptr;
        for (const std::string& l : lines)
            if (l.compare(0, head.size() + 1, head + " ") == 0) row = &l;
        REQUIRE(row != nullptr);
        CHECK_THAT(*row, Contains(r.shape));
        const std::string tail = std::string(" ") + r.shown;
        CHECK(row->size() > tail.size());
        CHECK(row->compare(row->size() - tail.size(), tail.size(), tail) == 0);
    }
    CHECK_THAT(summary, Contains("Total params: 122,570"));
    CHECK_THAT(summary, Contains("Trainable params: 122,570"));
    CHECK_THAT(summary, Contains("Non-trainable params: 0"));
    CHECK(m.num_params() == 122570);
    CHECK(m.input == Shape{3, 32, 32});
    CHECK(m.output_shape() == Shape::vector(10));
    CHECK(m.num_classes() == 10);
    // The canonical spec of the tutorial's model is the constant itself.
    CHECK(m.spec() == cnn::kTutorialModel);
}

// ---- grammar ---------------------------------------------------------------------------

namespace {

// Two models are the same architecture: same spec, layer kinds, names, shapes, counts.
void same_architecture(const Model& a, const Model& b) {
    CHECK(a.spec() == b.spec());
    CHECK(a.input == b.input);
    REQUIRE(a.layers.size() == b.layers.size());
    for (size_t i = 0; i < a.layers.size(); i++) {
        CAPTURE(i);
        CHECK(std::string(a.layers[i]->kind()) == b.layers[i]->kind());
        CHECK(a.layers[i]->name == b.layers[i]->name);
        CHECK(a.layers[i]->in == b.layers[i]->in);
        CHECK(a.layers[i]->out == b.layers[i]->out);
        CHECK(a.layers[i]->num_params() == b.layers[i]->num_params());
        CHECK(std::string(cnn::activation_name(a.layers[i]->activation())) ==
              cnn::activation_name(b.layers[i]->activation()));
    }
    CHECK(a.num_params() == b.num_params());
    CHECK(a.summary() == b.summary());
}

} // namespace

TEST_CASE("Grammar: parse(spec()).spec() round-trips", "[model][grammar]") {
    const std::string spec = GENERATE(
        std::string(cnn::kTutorialModel),
        std::string("input(1,28,28) conv(8,5,stride=2,pad=same,relu) avgpool(2) flatten dense(10)"),
        std::string("input(2,9,7) conv(4,3,pad=2,tanh) maxpool(3,stride=2) conv(6,1,sigmoid) flatten "
                    "dense(12,relu) dense(5) softmax"),
        std::string("conv(16,3,pad=same) relu maxpool(2) conv(8,3,pad=0) tanh flatten dense(10,sigmoid)"),
        std::string("input(3,8,8) flatten sigmoid dense(2)"));
    CAPTURE(spec);
    Model a = Model::parse(spec);
    const std::string canon = a.spec();
    CAPTURE(canon);
    Model b = Model::parse(canon);
    CHECK(b.spec() == canon);
    same_architecture(a, b);
}

TEST_CASE("Grammar: aliases, key=value options, separators and case give the canonical model", "[model][grammar]") {
    struct Pair { const char *written, *canonical; };
    const Pair p = GENERATE(
        Pair{"conv2d(filters=8, kernel_size=3, strides=2, padding=same, activation=relu) flatten dense(units=10, act=softmax)",
             "conv(8,3,stride=2,pad=same,relu) flatten dense(10,softmax)"},
        Pair{"Conv(f=8,k=5,s=1,p=valid,act=tanh), MaxPool2D(pool_size=2); flatten -> Dense(u=10)",
             "conv(8,5,tanh) maxpool(2) flatten dense(10)"},
        Pair{"conv(8,3) max_pooling2d(2) average_pooling2d(size=2, stride=1) avgpool2d(k=1) flatten dense(10,none)",
             "conv(8,3) maxpool(2) avgpool(2,stride=1) avgpool(1) flatten dense(10)"},
        Pair{"conv (8, 3, relu)  maxpool(3,2)  flatten  dense(10,linear)",
             "conv(8,3,relu) maxpool(3,stride=2) flatten dense(10)"},
        Pair{"input(1,8,8) conv(4, k=3, pad=1) flatten dense(3)", "input(1,8,8) conv(4,3,pad=1) flatten dense(3)"},
        Pair{"input(3,32,32) conv(4) flatten dense(10)", "conv(4,3) flatten dense(10)"},  // default kernel 3, default input
        Pair{"conv(4,3,stride=1,pad=valid) maxpool(2,stride=2) FLATTEN DENSE(10,SOFTMAX)",
             "conv(4,3) maxpool(2) flatten dense(10,softmax)"});
    CAPTURE(p.written);
    Model a = Model::parse(p.written);
    CHECK(a.spec() == p.canonical);
    same_architecture(a, Model::parse(p.canonical));
}

TEST_CASE("Grammar: layer names count per kind, as Keras names them", "[model][grammar]") {
    Model m = Model::parse("input(1,8,8) conv(2,3) relu conv(2,3) relu flatten dense(4) tanh dense(2)");
    const char* names[] = {"conv2d", "activation", "conv2d_1", "activation_1", "flatten", "dense", "activation_2", "dense_1"};
    REQUIRE(m.layers.size() == 8);
    for (size_t i = 0; i < 8; i++) CHECK(m.layers[i]->name == names[i]);
}

TEST_CASE("Grammar errors name the layer, its position and the sizes", "[model][grammar][errors]") {
    struct Bad { const char* spec; std::vector<const char*> says; };
    const Bad b = GENERATE(
        // impossible stacks (shape inference)
        Bad{"input(1,4,4) conv(2,5) flatten dense(2)", {"layer 1", "conv2d (Conv2D)", "kernel 5x5", "4x4 input"}},
        Bad{"input(1,3,3) conv(2,3) maxpool(2) flatten dense(2)", {"layer 2", "max_pooling2d", "pool window 2x2", "1x1 input"}},
        Bad{"conv(8,3) dense(10)", {"layer 2", "dense (Dense)", "needs a flat input", "30x30x8", "add flatten"}},
        Bad{"flatten conv(8,3) dense(10)", {"layer 2", "conv2d (Conv2D)", "flat vector of 3072", "before flatten"}},
        Bad{"flatten maxpool(2) dense(10)", {"layer 2", "max_pooling2d", "flat vector of 3072"}},
        Bad{"conv(0,3) flatten dense(10)", {"layer 1", "filters must be positive, got 0"}},
        Bad{"conv(8,3,stride=0) flatten dense(10)", {"layer 1", "stride must be positive, got 0"}},
        Bad{"conv(8,3,pad=-1) flatten dense(10)", {"layer 1", "padding must be 0 or more, got -1"}},
        Bad{"flatten dense(0)", {"layer 2", "units must be positive, got 0"}},
        Bad{"input(0,3,3) flatten dense(2)", {"input", "sizes must be positive"}},
        Bad{"softmax flatten dense(10)", {"layer 1", "(Softmax)", "flat input"}},
        Bad{"input(1,8,8) conv(2,3,softmax) flatten dense(2)", {"layer 1", "conv2d", "softmax needs a flat input"}},
        // syntax
        Bad{"conv(8,3) foo flatten dense(10)", {"layer 2", "'foo'", "unknown layer type"}},
        Bad{"conv(8,3,bogus=1) flatten dense(10)", {"layer 1", "'conv'", "unknown option 'bogus'"}},
        Bad{"conv(8,x3) flatten dense(10)", {"layer 1", "kernel must be a whole number, got 'x3'"}},
        Bad{"flatten dense(1e3)", {"layer 2", "units must be a whole number, got '1e3'"}},
        Bad{"conv(8,3,stride=1.5) flatten dense(10)", {"stride must be a whole number, got '1.5'"}},
        Bad{"conv(8,3,same) flatten dense(10)", {"layer 1", "unexpected argument 'same'"}},
        Bad{"flatten dense(10,5)", {"layer 2", "unexpected argument '5'"}},
        Bad{"conv() flatten dense(10)", {"layer 1", "missing filters"}},
        Bad{"conv(8,3 flatten", {"layer 1", "no closing ')'"}},
        Bad{"flatten dense(10) $", {"unexpected character '$'", "position 19"}},
        Bad{"flatten dense(10,act=gelu)", {"unknown activation 'gelu'"}},
        Bad{"maxpool(2,relu) flatten dense(10)", {"pooling takes no activation"}},
        Bad{"relu(3) flatten dense(10)", {"'relu'", "takes no arguments"}},
        Bad{"flatten dense(10) input(3,32,32)", {"input(...) may only come first"}},
        Bad{"input(3,32) flatten dense(10)", {"expects input(C,H,W)"}},
        Bad{"", {"model spec is empty"}},
        Bad{" , ; ", {"model spec is empty"}},
        Bad{"input(3,32,32)", {"no layers"}},
        // softmax only last; the model must end in a flat vector of ≥ 2 classes
        Bad{"flatten dense(10,softmax) dense(10)", {"layer 2", "dense", "softmax is only supported on the last layer"}},
        Bad{"flatten softmax dense(10)", {"layer 2", "softmax is only supported on the last layer"}},
        Bad{"conv(8,3)", {"conv2d", "(None, 30, 30, 8)", "must end in a flat vector"}},
        Bad{"conv(8,3) maxpool(2)", {"max_pooling2d", "(None, 15, 15, 8)", "flat vector"}},
        Bad{"flatten dense(1)", {"dense", "has 1 output", "one per class"}});
    CAPTURE(b.spec);
    try {
        Model::parse(b.spec);
        FAIL("parse accepted a bad spec");
    } catch (const cnn::Error& e) {
        const std::string what = e.what();
        CAPTURE(what);
        for (const char* s : b.says) CHECK_THAT(what, Contains(s));
    }
}

TEST_CASE("Grammar: a syntax error after input(...) is numbered like the other layer errors",
          "[model][grammar][errors]") {
    // Regression: syntax errors once counted input(...) as item 1 ("layer 3 'foo'" here)
    // while shape errors and the summary number layers without it.
    CHECK_THROWS_WITH(Model::parse("input(1,8,8) conv(2,3) foo flatten dense(2)"), Contains("layer 2 'foo'"));
    // a shape error at the same place is layer 2 as well
    CHECK_THROWS_WITH(Model::parse("input(1,8,8) conv(2,3) dense(2)"), Contains("layer 2 dense"));
}

TEST_CASE("Grammar: sizes too large for int or for memory are Errors, before allocating", "[model][grammar][errors]") {
    // Shape::size() is an int: 1·65536·32768 = 2^31 cells would wrap to −2^31 (and a dense
    // layer after it would ask for a negative parameter count). Parse refuses such sizes,
    // counted in double, and parameter counts above 2^27, naming the layer.
    CHECK_THROWS_WITH(Model::parse("input(1,65536,32768) flatten dense(2)"),
                      Contains("input") && Contains("too large"));
    CHECK_THROWS_WITH(Model::parse("input(1,1024,1024) conv(4096,1) flatten dense(2)"),
                      Contains("layer 1 conv2d (Conv2D)") && Contains("too large"));
    CHECK_THROWS_WITH(Model::parse("flatten dense(100000) dense(10)"),
                      Contains("layer 2 dense (Dense)") && Contains("too many"));
    CHECK_NOTHROW(Model::parse("input(1,1024,1024) conv(2,3,stride=4) flatten dense(2)"));
}

// ---- init -------------------------------------------------------------------------------

TEST_CASE("Model::init: Glorot-uniform weights, zero biases, seeded", "[model][init]") {
    const char* spec = "input(3,12,10) conv(6,3,pad=same,relu) maxpool(2) conv(5,5,stride=2,pad=1) flatten dense(7,tanh) dense(10)";
    Model a = Model::parse(spec);
    for (float p : a.params) REQUIRE(p == 0.f);  // zero until init()
    a.init(42);
    size_t off = 0, nonzero = 0;
    for (auto& L : a.layers) {
        CAPTURE(L->name);
        size_t nW = 0;
        double limit = 0;
        if (auto* c = dynamic_cast<cnn::Conv2D*>(L.get())) {
            // fan_in = C·K·K, fan_out = OC·K·K
            nW = (size_t)c->filters * c->in.c * c->k * c->k;
            limit = std::sqrt(6.0 / (c->in.c * c->k * c->k + c->filters * c->k * c->k));
            CHECK(c->W == a.params.data() + off);  // bound to the model's slab
        } else if (auto* d = dynamic_cast<cnn::Dense*>(L.get())) {
            nW = (size_t)d->in.c * d->units;
            limit = std::sqrt(6.0 / (d->in.c + d->units));
            CHECK(d->W == a.params.data() + off);
        }
        for (size_t i = 0; i < nW; i++) {
            REQUIRE(std::fabs(a.params[off + i]) <= limit);
            nonzero += a.params[off + i] != 0.f;
        }
        for (size_t i = nW; i < L->num_params(); i++) REQUIRE(a.params[off + i] == 0.f);  // biases
        off += L->num_params();
    }
    REQUIRE(off == a.params.size());
    CHECK(nonzero > a.params.size() / 2);

    Model b = Model::parse(spec), c = Model::parse(spec);
    b.init(42);
    c.init(43);
    CHECK(b.params == a.params);  // same seed, same bits
    CHECK(c.params != a.params);
    size_t differ = 0;
    for (size_t i = 0; i < a.params.size(); i++) differ += a.params[i] != c.params[i];
    CHECK(differ > a.params.size() / 2);  // all the weights, not just one
}

// ---- loss ------------------------------------------------------------------------------

TEST_CASE("Model::loss: mean sparse cross-entropy worked by hand, with Keras clipping", "[model][loss]") {
    // input(1,1,2) flatten dense(2) with W = identity, b = 0: logits = x.
    // x = (0, ln 3) -> softmax (1/4, 3/4). Labels 1 and 0:
    //   python3: (-math.log(0.75) - math.log(0.25)) / 2 = 0.8369882167858358; argmax is 1 for both -> 1 correct.
    Model m = Model::parse("input(1,1,2) flatten dense(2)");
    REQUIRE(m.params.size() == 6);
    const float wb[6] = {1, 0, 0, 1, 0, 0};  // W (I=2, O=2) = identity, b = 0
    std::copy(wb, wb + 6, m.params.begin());   // in place: layers point into the slab
    cnn::ThreadPool pool(1);
    const float x[4] = {0, (float)std::log(3.0), 0, (float)std::log(3.0)};
    const int y[2] = {1, 0};
    const float* p = m.forward(x, 2, false, pool);
    CHECK_THAT(p[0], WithinRel(0.25, 1e-6));
    CHECK_THAT(p[1], WithinRel(0.75, 1e-6));
    int correct = -1;
    CHECK_THAT(m.loss(y, 2, &correct), WithinRel(0.8369882167858358, 1e-6));
    CHECK(correct == 1);

    // Keras clips probabilities to [1e-7, 1 − 1e-7]: a certain wrong answer costs
    // −ln(1e-7) = 16.11809565095832 (python3), not infinity.
    const float far[2] = {0, 200};
    m.forward(far, 1, false, pool);
    const int wrong[1] = {0}, right[1] = {1};
    CHECK_THAT(m.loss(wrong, 1), WithinAbs(16.11809565095832, 1e-4));
    CHECK(m.loss(right, 1) > 0);
    CHECK(m.loss(right, 1) < 1e-6);
}

TEST_CASE("Model::forward: softmax applied once, whether explicit or implicit", "[model]") {
    // Same weights: dense(3) (implicit softmax), dense(3,softmax), dense(3) softmax.
    cnn::Rng rng(3);
    std::vector<float> x = gradcheck::uniform(rng, 4 * 5, -1, 1);
    cnn::ThreadPool pool(1);
    std::vector<std::vector<float>> outs;
    for (const char* spec : {"input(5,1,1) flatten dense(3)", "input(5,1,1) flatten dense(3,softmax)",
                             "input(5,1,1) flatten dense(3) softmax"}) {
        Model m = Model::parse(spec);
        m.init(9);
        for (size_t i = 15; i < 18; i++) m.params[i] = 0.1f * (float)i;  // non-zero biases
        const float* p = m.forward(x.data(), 4, false, pool);
        outs.emplace_back(p, p + 12);
        for (int n = 0; n < 4; n++) CHECK_THAT(p[n * 3] + p[n * 3 + 1] + p[n * 3 + 2], WithinAbs(1.0, 1e-6));
    }
    for (int i = 0; i < 12; i++) {
        CHECK_THAT(outs[1][i], WithinAbs(outs[0][i], 1e-6));
        CHECK_THAT(outs[2][i], WithinAbs(outs[0][i], 1e-6));
    }
}

TEST_CASE("Model: layer_output, moves and training_bytes", "[model]") {
    Model a = Model::parse("input(2,6,6) conv(3,3,relu) maxpool(2) flatten dense(4)");
    a.init(1);
    Model m = std::move(a);  // layers keep pointing into the moved slab
    cnn::Rng rng(2);
    std::vector<float> x = gradcheck::uniform(rng, 2 * 72, -1, 1);
    cnn::ThreadPool pool(1);
    m.forward(x.data(), 2, true, pool);
    auto* c = dynamic_cast<cnn::Conv2D*>(m.layers[0].get());
    REQUIRE(c != nullptr);
    CHECK(c->W == m.params.data());
    const std::vector<float> ref =
        naive::conv2d(x.data(), 2, 2, 6, 6, c->W, c->b, 3, 3, 1, 0, 0, 0, 0, cnn::Activation::ReLU);
    for (size_t i = 0; i < ref.size(); i++) REQUIRE_THAT(m.layer_output(0)[i], WithinAbs(ref[i], 1e-5));
    CHECK(m.training_bytes(1) > 0);
    CHECK(m.training_bytes(64) > m.training_bytes(1));
}

// ---- Model::backward against finite differences ----------------------------------------

namespace {

// Analytic d(mean loss)/d(params) from Model::backward vs central differences of
// Model::loss; checks each layer's slice (W and b together) and the whole slab.
void check_model_gradient(Model& m, std::vector<float>& x, const std::vector<int>& y, int N, float eps) {
    cnn::ThreadPool pool(2);
    m.forward(x.data(), N, true, pool);
    const double L = m.backward(x.data(), y.data(), N, pool);
    CHECK(std::isfinite(L));
    std::vector<double> ana(m.grads.begin(), m.grads.end());
    std::vector<double> num = gradcheck::numeric(m.params.data(), m.params.size(), eps, [&]() {
        m.forward(x.data(), N, false, pool);
        return m.loss(y.data(), N);
    });
    size_t off = 0;
    for (auto& layer : m.layers) {
        const size_t n = layer->num_params();
        if (n) {
            const double err = gradcheck::rel_error(ana, num, off, off + n);
            CAPTURE(layer->name, err);
            CHECK(err < 1e-2);
        }
        off += n;
    }
    const double all = gradcheck::rel_error(ana, num);
    CAPTURE(all);
    CHECK(all < 1e-2);
}

std::vector<int> labels(cnn::Rng& rng, int N, int K) {
    std::vector<int> y(N);
    for (int& v : y) v = (int)rng.below((uint32_t)K);
    return y;
}

} // namespace

TEST_CASE("Model::backward matches finite differences: conv+relu, maxpool, tanh, softmax", "[model][grad]") {
    Model m = Model::parse("input(2,6,5) conv(3,3,pad=same,relu) maxpool(2) flatten dense(4,tanh) dense(3,softmax)");
    m.init(7);
    const int N = 2;
    auto* conv = dynamic_cast<cnn::Conv2D*>(m.layers[0].get());
    REQUIRE(conv != nullptr);
    REQUIRE(conv->pad_t == 1);
    REQUIRE(conv->pad_b == 1);
    // Kinks: ReLU at z = 0 and max-pool where a window's two largest outputs meet. A step ε
    // in one parameter moves each pre-activation z by at most ε·max(|x|, 1) = ε (x ∈ [−1, 1];
    // the input itself is not perturbed), so inputs are redrawn (seeds 100, 101, ...) until
    // every |z| > 4ε and, in every pooling window whose maximum is positive, the two largest
    // ReLU outputs differ by more than 4ε. Then no step crosses a kink.
    const float eps = 1e-3f, margin = 4 * eps;
    std::vector<float> x;
    int tries = 0;
    for (uint64_t seed = 100;; seed++, tries++) {
        REQUIRE(tries < 200);
        cnn::Rng rng(seed);
        x = gradcheck::uniform(rng, (size_t)N * 2 * 6 * 5, -1, 1);
        const std::vector<float> z =
            naive::conv2d(x.data(), N, 2, 6, 5, conv->W, conv->b, 3, 3, 1, 1, 1, 1, 1, cnn::Activation::Linear);
        bool ok = true;
        for (float v : z) ok = ok && std::fabs(v) > margin;
        for (int n = 0; ok && n < N; n++)
            for (int c = 0; c < 3; c++)
                for (int oh = 0; oh < 3; oh++)
                    for (int ow = 0; ow < 2; ow++) {  // maxpool(2) on 6×5: 3×2 windows
                        float v[4];
                        for (int i = 0; i < 4; i++)
                            v[i] = std::max(0.f, z[(((size_t)n * 3 + c) * 6 + 2 * oh + i / 2) * 5 + 2 * ow + i % 2]);
                        std::sort(v, v + 4);
                        if (v[3] > 0 && v[3] - v[2] <= margin) ok = false;
                    }
        if (ok) break;
    }
    INFO("inputs redrawn " << tries << " times to keep away from ReLU and max-pool kinks");
    cnn::Rng rl(5);
    const std::vector<int> y = labels(rl, N, 3);
    check_model_gradient(m, x, y, N, eps);
}

TEST_CASE("Model::backward matches finite differences: smooth models, explicit and implicit softmax", "[model][grad]") {
    // No kinks here (tanh, sigmoid, average pooling), so any input will do.
    const char* spec = GENERATE(
        // ends in linear dense: implicit softmax (from_logits); stride 2, same, stand-alone activations
        "input(2,6,6) conv(3,3,stride=2,pad=same) tanh avgpool(2,stride=1) flatten dense(5) sigmoid dense(4)",
        // a stand-alone softmax layer last
        "input(1,5,4) conv(2,3,pad=1,sigmoid) flatten dense(3) softmax",
        // fused softmax on the last dense, explicit padding, 5×5 kernel
        "input(2,7,6) conv(2,5,pad=2,tanh) avgpool(3,stride=2) flatten dense(6,tanh) dense(3,softmax)");
    CAPTURE(spec);
    Model m = Model::parse(spec);
    m.init(11);
    // init leaves biases at 0; give them values so db is checked away from that special point
    cnn::Rng rb(12);
    for (auto& L : m.layers)
        if (auto* d = dynamic_cast<cnn::Dense*>(L.get()))
            for (int o = 0; o < d->units; o++) d->b[o] = rb.uniform(-0.3f, 0.3f);
    const int N = 3;
    cnn::Rng rng(13);
    std::vector<float> x = gradcheck::uniform(rng, (size_t)N * m.input.size(), -1, 1);
    const std::vector<int> y = labels(rng, N, m.num_classes());
    check_model_gradient(m, x, y, N, 1e-2f);
}

TEST_CASE("Model forward and backward are bit-identical on 1 and 2 threads", "[model]") {
    // 20 images, 20 filters (two dW blocks), dense inputs > 16: every split is exercised.
    const char* spec = "input(3,12,12) conv(20,3,relu) maxpool(2) conv(8,3,pad=same,tanh) flatten dense(18,relu) dense(10,softmax)";
    const int N = 20;
    cnn::Rng rng(21);
    std::vector<float> x = gradcheck::uniform(rng, (size_t)N * 3 * 12 * 12, -1, 1);
    const std::vector<int> y = labels(rng, N, 10);
    std::vector<float> probs[2], grads[2];
    double loss[2];
    for (int t = 0; t < 2; t++) {
        Model m = Model::parse(spec);
        m.init(22);
        cnn::ThreadPool pool(t + 1);
        const float* p = m.forward(x.data(), N, true, pool);
        probs[t].assign(p, p + N * 10);
        loss[t] = m.backward(x.data(), y.data(), N, pool);
        grads[t] = m.grads;
    }
    CHECK(loss[0] == loss[1]);
    CHECK(std::memcmp(probs[0].data(), probs[1].data(), probs[0].size() * sizeof(float)) == 0);
    CHECK(std::memcmp(grads[0].data(), grads[1].data(), grads[0].size() * sizeof(float)) == 0);
}

TEST_CASE("Model::backward zeroes the gradients first and returns the loss", "[model][grad]") {
    Model m = Model::parse("input(1,4,4) flatten dense(3)");
    m.init(1);
    cnn::Rng rng(2);
    std::vector<float> x = gradcheck::uniform(rng, 2 * 16, -1, 1);
    const int y[2] = {0, 2};
    cnn::ThreadPool pool(1);
    m.forward(x.data(), 2, true, pool);
    const double L1 = m.backward(x.data(), y, 2, pool);
    const std::vector<float> g1 = m.grads;
    CHECK(L1 == m.loss(y, 2));
    m.forward(x.data(), 2, true, pool);
    m.backward(x.data(), y, 2, pool);
    CHECK(m.grads == g1);  // not doubled
}
