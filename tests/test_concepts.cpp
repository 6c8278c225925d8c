// test_concepts.cpp — the numbers of the lab's "Picture to answer" tab (session/concepts.h):
// the logits recovered after a forward give back the model's own probabilities through
// softmax (for a Dense with softmax, a softmax Activation and a model without softmax), the
// cross-entropy is Model::loss for that image, flatten's order is (c·H + h)·W + w as the
// model's Flatten writes it, and pixels are bytes / 255.
#include <catch2/catch.hpp>

#include <cmath>

#include "app/session/concepts.h"
#include "app/session/engine.h"
#include "core/rng.h"
#include "core/threadpool.h"

using Catch::WithinAbs;
using cnn::Model;

namespace {

// A model with every parameter (biases too) random in [-0.3, 0.3), and an image x in [0, 1).
Model random_model(const char* spec, std::vector<float>* x) {
    Model m = Model::parse(spec);
    cnn::Rng rng(5);
    for (float& p : m.params) p = rng.uniform(-0.3f, 0.3f);
    x->resize(m.input.size());
    for (float& v : *x) v = rng.uniform();
    return m;
}

} // namespace

TEST_CASE("Softmax of the recovered logits is the model's own output", "[app][concepts]") {
    const char* specs[] = {"conv(4,3,relu) maxpool(2) flatten dense(16,relu) dense(10,softmax)",
                           "conv(4,3,relu) flatten dense(10) softmax", "conv(4,5,stride=3,tanh) flatten dense(10,tanh)"};
    cnn::ThreadPool pool(1);
    for (const char* spec : specs) {
        INFO(spec);
        std::vector<float> x;
        Model m = random_model(spec, &x);
        const float* probs = m.forward(x.data(), 1, false, pool);
        const std::vector<float> z = app::last_logits(m, x.data());
        REQUIRE(z.size() == 10);
        const app::SoftmaxParts s = app::softmax_parts(z);
        float total = 0;
        for (int k = 0; k < 10; k++) {
            CHECK_THAT(s.probs[k], WithinAbs(probs[k], 1e-6));
            CHECK_THAT(s.exps[k], WithinAbs(std::exp(z[k] - s.max), 1e-6));
            CHECK(s.exps[k] <= 1.0f);  // the largest score gives e^0 = 1
            total += s.exps[k];
        }
        CHECK_THAT(s.sum, WithinAbs(total, 1e-5));
        for (int y = 0; y < 10; y++) {
            const app::LossParts l = app::loss_parts(s.probs, y);
            CHECK(l.onehot[y] == 1.0f);
            CHECK_THAT(l.loss, WithinAbs(m.loss(&y, 1), 1e-5));
            CHECK_THAT(l.loss, WithinAbs(-std::log(probs[y]), 1e-5));
        }
    }
}

TEST_CASE("Flatten's order is (c*H + h)*W + w, the model's own", "[app][concepts]") {
    std::vector<float> x;
    Model m = random_model("conv(3,3,relu) maxpool(2) flatten dense(10,softmax)", &x);
    cnn::ThreadPool pool(1);
    m.forward(x.data(), 1, false, pool);
    app::Inside in;
    for (size_t i = 0; i < m.layers.size(); i++) {
        app::LayerView v;
        v.kind = m.layers[i]->kind();
        v.out = m.layers[i]->out;
        v.values.assign(m.layer_output((int)i), m.layer_output((int)i) + v.out.size());
        in.layers.push_back(v);
    }
    const app::FlattenParts f = app::flatten_parts(in, x);
    REQUIRE(f.layer == 2);
    CHECK(f.from == m.layers[1]->out);
    for (size_t i = 0; i < f.vec->size(); i++) {
        const app::FlatIndex at = app::unflatten(f.from, i);
        CHECK(app::flatten_at(f.from, at.c, at.h, at.w) == i);
        CHECK((*f.vec)[i] == (*f.block)[i]);
    }
    const app::FlatIndex last = app::unflatten(f.from, f.vec->size() - 1);
    CHECK((last.c == f.from.c - 1 && last.h == f.from.h - 1 && last.w == f.from.w - 1));
    CHECK(app::unflatten(f.from, (size_t)f.from.w).h == 1);  // one row further: h + 1, the same channel
}

TEST_CASE("Pixels are their bytes divided by 255", "[app][concepts]") {
    const std::vector<float> v = app::scale_pixels({0, 51, 255, 128});
    CHECK(v[0] == 0.0f);
    CHECK_THAT(v[1], WithinAbs(0.2, 1e-7));
    CHECK(v[2] == 1.0f);
    CHECK_THAT(v[3], WithinAbs(128.0 / 255.0, 1e-7));
}
