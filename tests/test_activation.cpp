// test_activation.cpp — the element-wise activations and softmax (values worked by hand or
// with Python's math module, overflow-free softmax), their backward against finite
// differences, names/parsing, and the parameter-free layers built on them: ActivationLayer
// and Flatten (forward, backward, thread-identical, errors).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "core/activation.h"
#include "core/error.h"
#include "core/layers/simple.h"
#include "gradcheck.h"
#include "naive.h"

using Catch::Contains;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using cnn::Activation;
using cnn::Shape;

TEST_CASE("activation_forward: values worked by hand", "[activation]") {
    float r[5] = {-2, -0.5f, 0, 0.5f, 3};
    cnn::activation_forward(Activation::ReLU, r, 1, 5);
    const float rw[5] = {0, 0, 0, 0.5f, 3};
    for (int i = 0; i < 5; i++) CHECK(r[i] == rw[i]);

    // python3: 1/(1+math.exp(-2)) = 0.8807970779778823, 1/(1+math.exp(2)) = 0.11920292202211755
    float s[3] = {0, 2, -2};
    cnn::activation_forward(Activation::Sigmoid, s, 1, 3);
    CHECK(s[0] == 0.5f);
    CHECK_THAT(s[1], WithinRel(0.8807970779778823, 1e-6));
    CHECK_THAT(s[2], WithinRel(0.11920292202211755, 1e-6));

    // python3: math.tanh(1) = 0.7615941559557649
    float t[3] = {0, 1, -1};
    cnn::activation_forward(Activation::Tanh, t, 1, 3);
    CHECK(t[0] == 0);
    CHECK_THAT(t[1], WithinRel(0.7615941559557649, 1e-6));
    CHECK_THAT(t[2], WithinRel(-0.7615941559557649, 1e-6));

    float l[2] = {-3, 7};
    cnn::activation_forward(Activation::Linear, l, 1, 2);
    CHECK(l[0] == -3);
    CHECK(l[1] == 7);
}

TEST_CASE("softmax: per row, sums to 1, no overflow for large logits", "[activation]") {
    // python3: e = [math.exp(v) for v in (1,2,3)]; [v/sum(e) for v in e]
    //   = [0.09003057317038046, 0.24472847105479767, 0.6652409557748219]
    // second row: shifting logits by a constant changes nothing
    float z[6] = {1, 2, 3, 101, 102, 103};
    cnn::activation_forward(Activation::Softmax, z, 2, 3);
    const double want[3] = {0.09003057317038046, 0.24472847105479767, 0.6652409557748219};
    for (int r = 0; r < 2; r++)
        for (int j = 0; j < 3; j++) CHECK_THAT(z[r * 3 + j], WithinRel(want[j], 1e-6));

    float big[4] = {1000, 1000, -1000, 0};  // exp(1000) overflows a float; exp(−1000) underflows
    cnn::activation_forward(Activation::Softmax, big, 2, 2);
    CHECK(big[0] == 0.5f);
    CHECK(big[1] == 0.5f);
    CHECK(big[2] == 0.f);
    CHECK(big[3] == 1.f);

    cnn::Rng rng(4);
    std::vector<float> v = gradcheck::uniform(rng, 4 * 10, -20, 20);
    cnn::activation_forward(Activation::Softmax, v.data(), 4, 10);
    for (int r = 0; r < 4; r++) {
        double sum = 0;
        for (int j = 0; j < 10; j++) {
            CHECK(v[r * 10 + j] >= 0);
            sum += v[r * 10 + j];
        }
        CHECK_THAT(sum, WithinAbs(1.0, 1e-6));
    }
}

TEST_CASE("activation_backward matches finite differences of sum(r * act(z))", "[activation][grad]") {
    const Activation act =
        GENERATE(Activation::Linear, Activation::ReLU, Activation::Sigmoid, Activation::Tanh, Activation::Softmax);
    CAPTURE(cnn::activation_name(act));
    const int rows = 3, cols = 5;
    cnn::Rng rng(9);
    // z in ±(0.1 .. 2): never within ε of ReLU's kink at 0
    std::vector<float> z((size_t)rows * cols);
    for (float& v : z) v = (rng.uniform() < 0.5f ? -1.f : 1.f) * rng.uniform(0.1f, 2.f);
    const std::vector<float> r = gradcheck::uniform(rng, z.size(), -1, 1);
    auto f = [&]() {
        std::vector<float> y = z;
        cnn::activation_forward(act, y.data(), rows, cols);
        return gradcheck::dot(y.data(), r.data(), y.size());
    };
    std::vector<double> num = gradcheck::numeric(z.data(), z.size(), 1e-2f, f);
    std::vector<float> y = z, dy = r;
    cnn::activation_forward(act, y.data(), rows, cols);
    cnn::activation_backward(act, y.data(), dy.data(), rows, cols);
    std::vector<double> ana(dy.begin(), dy.end());
    const double err = gradcheck::rel_error(ana, num);
    CAPTURE(err);
    CHECK(err < 1e-2);
}

TEST_CASE("activation names round-trip through parse_activation", "[activation]") {
    for (Activation a : {Activation::Linear, Activation::ReLU, Activation::Sigmoid, Activation::Tanh, Activation::Softmax}) {
        Activation back = Activation::Linear;
        CHECK(cnn::parse_activation(cnn::activation_name(a), &back));
        CHECK(back == a);
    }
    Activation a = Activation::ReLU;
    CHECK(cnn::parse_activation("none", &a));
    CHECK(a == Activation::Linear);
    CHECK_FALSE(cnn::parse_activation("gelu", &a));
    CHECK_FALSE(cnn::parse_activation("", &a));
    CHECK(std::string(cnn::activation_name(Activation::ReLU)) == "relu");
}

TEST_CASE("ActivationLayer: forward, backward, dy_is_preact, kind, errors", "[activation][layer]") {
    const Activation act = GENERATE(Activation::ReLU, Activation::Sigmoid, Activation::Tanh);
    CAPTURE(cnn::activation_name(act));
    cnn::ActivationLayer L(act);
    L.name = "activation";
    L.infer(Shape{2, 3, 4});
    CHECK(L.out == Shape{2, 3, 4});
    CHECK(L.num_params() == 0);
    CHECK(L.spec() == cnn::activation_name(act));
    const int N = 3;
    cnn::Rng rng(5);
    std::vector<float> x((size_t)N * L.in.size());
    for (float& v : x) v = (rng.uniform() < 0.5f ? -1.f : 1.f) * rng.uniform(0.1f, 2.f);  // away from 0
    std::vector<double> zd(x.begin(), x.end());
    naive::activate(act, zd, 1, 1);
    cnn::ThreadPool pool1(1), pool2(2);
    std::vector<float> y1(x.size()), y2(x.size());
    L.forward(x.data(), y1.data(), N, true, pool1);
    L.forward(x.data(), y2.data(), N, true, pool2);
    for (size_t i = 0; i < x.size(); i++) REQUIRE_THAT(y1[i], WithinAbs(zd[i], 1e-6));
    CHECK(std::memcmp(y1.data(), y2.data(), y1.size() * sizeof(float)) == 0);

    const std::vector<float> r = gradcheck::uniform(rng, x.size(), -1, 1);
    gradcheck::Bound none = gradcheck::bind(L);
    gradcheck::LayerGrads g = gradcheck::layer_grads(L, none, x, N, r, 1e-2f, pool2);
    CHECK(gradcheck::rel_error(g.ax, g.nx) < 1e-2);

    // dy_is_preact: the gradient passes through unchanged
    std::vector<float> dy = r, dx(x.size());
    L.backward(x.data(), y1.data(), dy.data(), dx.data(), N, true, pool1);
    CHECK(dx == r);
}

TEST_CASE("ActivationLayer kinds and softmax's flat-input rule", "[activation][layer]") {
    CHECK(std::string(cnn::ActivationLayer(Activation::ReLU).kind()) == "ReLU");
    CHECK(std::string(cnn::ActivationLayer(Activation::Softmax).kind()) == "Softmax");
    cnn::ActivationLayer sm(Activation::Softmax);
    sm.name = "activation_1";
    CHECK_THROWS_WITH(sm.infer(Shape{10, 2, 2}), Contains("activation_1 (Softmax)") && Contains("flat input"));
    CHECK_NOTHROW(sm.infer(Shape::vector(10)));
    // softmax layer gradient: the full Jacobian y ⊙ (dy − Σ dy·y) per row
    const int N = 2;
    cnn::Rng rng(6);
    std::vector<float> x = gradcheck::uniform(rng, N * 10, -2, 2);
    const std::vector<float> r = gradcheck::uniform(rng, x.size(), -1, 1);
    cnn::ThreadPool pool(1);
    gradcheck::Bound none = gradcheck::bind(sm);
    gradcheck::LayerGrads g = gradcheck::layer_grads(sm, none, x, N, r, 1e-2f, pool);
    CHECK(gradcheck::rel_error(g.ax, g.nx) < 1e-2);
}

TEST_CASE("Flatten: NCHW order kept, gradient passed back unchanged", "[activation][layer]") {
    cnn::Flatten F;
    F.name = "flatten";
    F.infer(Shape{3, 2, 4});
    CHECK(F.out == Shape::vector(24));
    CHECK(F.out.flat());
    CHECK(F.out.keras() == "(None, 24)");
    CHECK(F.spec() == "flatten");
    cnn::Rng rng(2);
    const int N = 2;
    std::vector<float> x = gradcheck::uniform(rng, N * 24, -1, 1), y(x.size()), dx(x.size());
    cnn::ThreadPool pool(2);
    F.forward(x.data(), y.data(), N, true, pool);
    CHECK(y == x);
    std::vector<float> dy = gradcheck::uniform(rng, x.size(), -1, 1), keep = dy;
    F.backward(x.data(), y.data(), dy.data(), dx.data(), N, false, pool);
    CHECK(dx == keep);
    CHECK_NOTHROW(F.backward(x.data(), y.data(), dy.data(), nullptr, N, false, pool));
}

TEST_CASE("Shape::keras prints channels last", "[activation][shape]") {
    CHECK(Shape{32, 30, 30}.keras() == "(None, 30, 30, 32)");
    CHECK(Shape{3, 4, 5}.keras() == "(None, 4, 5, 3)");
    CHECK(Shape::vector(1024).keras() == "(None, 1024)");
    CHECK(Shape{1, 1, 1} != Shape::vector(1));  // a 1×1 map is not a vector
    CHECK(Shape{2, 3, 4}.size() == 24);
}
