// test_optim.cpp — Adam (Keras/TF form) and SGD with momentum: first steps against values
// worked by hand (the working is in the comments), state (m, v, t) kept and reset, the
// loops treating every parameter alike, and Optimizer::parse. Not here: training (test_train.cpp).
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "core/error.h"
#include "core/optim.h"

using Catch::Contains;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using cnn::Optimizer;

TEST_CASE("Adam: first two steps worked by hand (Keras/TF form)", "[optim][adam]") {
    // One parameter p = 1, lr = 0.1, β1 = 0.9, β2 = 0.999, ε = 1e-7, gradients 0.5 then −0.25.
    //   α_t = lr·√(1−β2^t)/(1−β1^t),  p −= α_t·m/(√v + ε)
    // t = 1, g = 0.5:   m = 0.1·0.5 = 0.05            v = 0.001·0.25 = 0.00025
    //                   α = 0.1·√0.001/0.1 = 0.0316228  √v = 0.0158114
    //                   step = 0.0316228·0.05/(0.0158114 + 1e-7) = 0.0999994   p = 0.9000006
    // t = 2, g = −0.25: m = 0.9·0.05 + 0.1·(−0.25) = 0.02
    //                   v = 0.999·0.00025 + 0.001·0.0625 = 0.00031225    √v = 0.0176706
    //                   α = 0.1·√(1−0.999²)/(1−0.9²) = 0.1·√0.001999/0.19 = 0.0235317
    //                   step = 0.0235317·0.02/0.0176707 = 0.0266336        p = 0.8733671
    // (the same in python3 float64: p1 = 0.9000006324515321, p2 = 0.8733670792079219)
    // Float32 state: 1 − 0.999f is 1.3e-5 off in relative terms, hence the tolerances.
    Optimizer o = Optimizer::adam(0.1f);
    CHECK(o.beta1 == 0.9f);
    CHECK(o.beta2 == 0.999f);
    CHECK(o.eps == 1e-7f);
    float p = 1, g = 0.5f;
    o.step(&p, &g, 1);
    CHECK(o.t == 1);
    REQUIRE(o.m.size() == 1);
    REQUIRE(o.v.size() == 1);
    CHECK_THAT(o.m[0], WithinRel(0.05, 1e-6));
    CHECK_THAT(o.v[0], WithinRel(0.00025, 2e-5));
    CHECK_THAT(p, WithinAbs(0.9000006324515321, 2e-6));
    g = -0.25f;
    o.step(&p, &g, 1);
    CHECK(o.t == 2);
    CHECK_THAT(o.m[0], WithinRel(0.02, 1e-5));
    CHECK_THAT(o.v[0], WithinRel(0.00031225, 2e-5));
    CHECK_THAT(p, WithinAbs(0.8733670792079219, 2e-6));
}

TEST_CASE("Adam: a large epsilon pins the Keras form (ε added to √v, not √v̂)", "[optim][adam]") {
    // Same steps with ε = 0.1, where the forms differ:
    //   Keras/TF:  step1 = α1·m1/(√v1 + ε) = 0.0316228·0.05/(0.0158114 + 0.1) = 0.0136527 -> p = 0.9863473
    //              step2 = 0.0235317·0.02/(0.0176706 + 0.1) = 0.0039996              -> p = 0.9823477
    //   (python3 float64: 0.9863472940504185, 0.982347709936244)
    //   The paper's form lr·m̂/(√v̂ + ε) would give step1 = 0.1·0.5/(0.5 + 0.1) = 0.0833 instead.
    Optimizer o = Optimizer::adam(0.1f);
    o.eps = 0.1f;
    float p = 1, g = 0.5f;
    o.step(&p, &g, 1);
    CHECK_THAT(p, WithinAbs(0.9863472940504185, 2e-6));
    g = -0.25f;
    o.step(&p, &g, 1);
    CHECK_THAT(p, WithinAbs(0.982347709936244, 2e-6));
}

TEST_CASE("SGD with momentum: first steps worked by hand (Keras form)", "[optim][sgd]") {
    // u = μ·u − lr·g;  p += u.   lr = 0.1, μ = 0.9, p = 1, gradients 0.5, −0.25, 0:
    //   u1 = −0.1·0.5 = −0.05                       p1 = 0.95
    //   u2 = 0.9·(−0.05) − 0.1·(−0.25) = −0.02      p2 = 0.93
    //   u3 = 0.9·(−0.02) − 0 = −0.018               p3 = 0.912  (momentum alone keeps moving)
    Optimizer o = Optimizer::sgd(0.1f, 0.9f);
    float p = 1;
    const float gs[3] = {0.5f, -0.25f, 0.f};
    const double us[3] = {-0.05, -0.02, -0.018}, ps[3] = {0.95, 0.93, 0.912};
    for (int t = 0; t < 3; t++) {
        o.step(&p, &gs[t], 1);
        CAPTURE(t);
        CHECK(o.t == t + 1);
        REQUIRE(o.m.size() == 1);
        CHECK_THAT(o.m[0], WithinAbs(us[t], 1e-7));
        CHECK_THAT(p, WithinAbs(ps[t], 1e-6));
    }
    CHECK(o.v.empty());  // SGD keeps only the velocity

    // momentum 0 is plain gradient descent: p −= lr·g = 2 − 0.5·0.5 = 1.75
    Optimizer plain = Optimizer::sgd(0.5f, 0.f);
    float q = 2, gq = 0.5f;
    plain.step(&q, &gq, 1);
    CHECK(q == 1.75f);
}

TEST_CASE("Optimizers treat every parameter alike and keep state per parameter", "[optim]") {
    for (Optimizer proto : {Optimizer::adam(0.01f), Optimizer::sgd(0.05f, 0.9f)}) {
        CAPTURE(proto.name());
        // three parameters stepped together == each stepped alone
        Optimizer together = proto;
        std::vector<float> p = {1.f, -2.f, 0.5f};
        const std::vector<std::vector<float>> grads = {{0.3f, -1.f, 0.f}, {-0.2f, 0.5f, 2.f}, {0.1f, 0.1f, -3.f}};
        for (const auto& g : grads) together.step(p.data(), g.data(), 3);
        for (int i = 0; i < 3; i++) {
            Optimizer alone = proto;
            float q = i == 0 ? 1.f : i == 1 ? -2.f : 0.5f;
            for (const auto& g : grads) alone.step(&q, &g[i], 1);
            CHECK_THAT(p[i], WithinAbs(q, 1e-6));  // not ==: a vectorised loop may contract differently
        }
        CHECK(together.t == 3);
    }
}

TEST_CASE("Adam leaves a parameter with zero gradient where it is", "[optim][adam]") {
    // m = v = 0 -> step α·0/(0 + ε) = 0
    Optimizer o = Optimizer::adam(0.1f);
    std::vector<float> p = {1.f, 2.f}, g = {0.f, 1.f};
    o.step(p.data(), g.data(), 2);
    CHECK(p[0] == 1.f);
    CHECK(p[1] < 2.f);
}

TEST_CASE("Optimizer state: sized on the first step, reset by reset() or a new size", "[optim]") {
    Optimizer o = Optimizer::adam();
    CHECK(o.t == 0);
    CHECK(o.m.empty());
    std::vector<float> p(4, 1.f), g(4, 0.5f);
    o.step(p.data(), g.data(), 4);
    o.step(p.data(), g.data(), 4);
    CHECK(o.t == 2);
    CHECK(o.m.size() == 4);
    CHECK(o.v.size() == 4);
    o.reset();
    CHECK(o.t == 0);
    CHECK(o.m.empty());
    CHECK(o.v.empty());
    o.step(p.data(), g.data(), 4);
    CHECK(o.t == 1);
    std::vector<float> p2(6, 1.f), g2(6, 0.5f);
    o.step(p2.data(), g2.data(), 6);  // another model: state starts over
    CHECK(o.t == 1);
    CHECK(o.m.size() == 6);
}

TEST_CASE("Optimizer::parse: names, learning rates and errors", "[optim]") {
    Optimizer a = Optimizer::parse("adam");
    CHECK(a.kind == Optimizer::Adam);
    CHECK(a.lr == 0.001f);
    CHECK(std::string(a.name()) == "adam");
    Optimizer s = Optimizer::parse("sgd", 0.05f);
    CHECK(s.kind == Optimizer::SGD);
    CHECK(s.lr == 0.05f);
    CHECK(s.momentum == 0.9f);
    CHECK(std::string(s.name()) == "sgd");
    CHECK(Optimizer::parse("sgd").lr == 0.01f);
    CHECK_THROWS_WITH(Optimizer::parse("rmsprop"), Contains("unknown optimizer 'rmsprop'") && Contains("adam or sgd"));
    CHECK_THROWS_WITH(Optimizer::parse("adam", 0.f), Contains("learning rate must be a positive number"));
    CHECK_THROWS_WITH(Optimizer::parse("adam", INFINITY), Contains("learning rate"));
    CHECK_THROWS_AS(Optimizer::parse(""), cnn::Error);
}
