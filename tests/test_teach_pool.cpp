// test_teach_pool.cpp — the pooling of the teaching library (teach/pool_steps.h): every step
// against a naive max/average pool written here and Pool2D, ties, impossible settings explained.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/error.h"
#include "core/layers/pool2d.h"
#include "teach/pool_steps.h"
#include "teach_support.h"

using Catch::Contains;
using Catch::Matchers::WithinAbs;
using namespace cnn;
using namespace teach;
using namespace teach_test;

namespace {

// The pooling oracle: max and mean of each window, and the first maximum's flat input index.
void direct_pool(const std::vector<float>& x, int C, int H, int W, int Z, int S, bool max,
                 std::vector<float>* y, std::vector<int>* arg) {
    int OH = (H - Z) / S + 1, OW = (W - Z) / S + 1;
    y->clear();
    arg->clear();
    for (int c = 0; c < C; c++)
        for (int i = 0; i < OH; i++)
            for (int j = 0; j < OW; j++) {
                int best = -1;
                double s = 0;
                for (int a = 0; a < Z; a++)
                    for (int b = 0; b < Z; b++) {
                        int idx = (c * H + i * S + a) * W + j * S + b;
                        s += x[idx];
                        if (best < 0 || x[idx] > x[best]) best = idx;
                    }
                y->push_back(max ? x[best] : (float)(s / (Z * Z)));
                arg->push_back(best);
            }
}

} // namespace

TEST_CASE("pool steps: max and average match a direct pool and Pool2D", "[teach]") {
    struct Case { Pool2D::Mode mode; int C, H, W, Z, S; };
    const Case cases[] = {{Pool2D::Max, 2, 5, 5, 2, 0}, {Pool2D::Avg, 2, 5, 5, 2, 0},
                          {Pool2D::Max, 3, 6, 7, 3, 1}, {Pool2D::Avg, 1, 6, 6, 3, 2},
                          {Pool2D::Max, 1, 4, 4, 2, 3}};
    uint64_t seed = 11;
    for (const Case& c : cases) {
        INFO("mode=" << c.mode << " C=" << c.C << " H=" << c.H << " W=" << c.W << " size=" << c.Z << " stride=" << c.S);
        PoolProblem p;
        p.C = c.C; p.H = c.H; p.W = c.W; p.mode = c.mode; p.size = c.Z; p.stride = c.S;
        p.input = ints((size_t)c.C * c.H * c.W, 0, 3, seed++);  // small range: many ties
        REQUIRE(validate(p).empty());
        PoolSteps steps(p);
        const int S = c.S ? c.S : c.Z;
        std::vector<float> want;
        std::vector<int> arg;
        direct_pool(p.input, c.C, c.H, c.W, c.Z, S, c.mode == Pool2D::Max, &want, &arg);
        REQUIRE(steps.num_steps() == (int)want.size());
        REQUIRE(en(pool_formula_h(p)) == en(output_size_formula(c.H, c.Z, 0, 0, S)));

        Pool2D layer(c.mode, c.Z, c.S);
        layer.name = "pool";
        layer.infer(Shape{c.C, c.H, c.W});
        REQUIRE((layer.out.h == steps.OH() && layer.out.w == steps.OW()));
        std::vector<float> y(layer.out.size());
        ThreadPool pool(1);
        layer.forward(p.input.data(), y.data(), 1, true, pool);
        PoolSteps live(pool_problem_from_layer(layer, p.input.data()));
        REQUIRE(live.output() == steps.output());

        std::vector<float> out = steps.output();
        for (int t = 0; t < steps.num_steps(); t++) {
            PoolStep st = steps.step(t);
            INFO("step " << t);
            REQUIRE(steps.step_for_output_cell(st.oh, st.ow, st.c) == t);
            REQUIRE((st.h0 == st.oh * S && st.w0 == st.ow * S));
            REQUIRE(st.values.size() == (size_t)c.Z * c.Z);
            for (int a = 0; a < c.Z; a++)
                for (int b = 0; b < c.Z; b++)
                    REQUIRE(st.values[a * c.Z + b] == p.input[((size_t)st.c * c.H + st.h0 + a) * c.W + st.w0 + b]);
            REQUIRE_THAT(st.value, WithinAbs(want[t], 1e-6));
            REQUIRE(st.value == y[t]);  // bit-for-bit as Pool2D
            REQUIRE(out[t] == st.value);
            if (c.mode == Pool2D::Max) {
                int idx = (st.c * c.H + st.chosen_h) * c.W + st.chosen_w;
                REQUIRE(idx == arg[t]);  // first maximum on ties
                REQUIRE(idx == layer.argmax(0, st.c, st.oh, st.ow));
                REQUIRE(st.values[st.chosen] == st.value);
            } else {
                REQUIRE(st.chosen == -1);
            }
        }
        const int half = steps.num_steps() / 2;
        PartialMap m = steps.output_after(half);
        for (int t = 0; t < steps.num_steps(); t++) {
            REQUIRE((int)m.filled[t] == (t < half ? 1 : 0));
            REQUIRE(m.value[t] == (t < half ? out[t] : 0.f));
        }
    }

    // The tutorial's max-pooling picture: 4×4 → 2×2 with 2×2 windows.
    PoolProblem t;
    t.input = rows({{1, 1, 2, 4}, {5, 6, 7, 8}, {3, 2, 1, 0}, {1, 2, 3, 4}});
    PoolSteps tp(t);
    REQUIRE(tp.output() == std::vector<float>{6, 8, 3, 4});
    PoolStep s1 = tp.step(1);
    REQUIRE((s1.chosen == 3 && s1.chosen_h == 1 && s1.chosen_w == 3));
    // Ties: the first maximum in row-major order.
    t.input = rows({{2, 2, 0, 0}, {2, 2, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}});
    REQUIRE(PoolSteps(t).step(0).chosen == 0);
    REQUIRE(PoolSteps(t).step(1).chosen == 0);
}


TEST_CASE("pool steps: impossible settings are explained, not clipped", "[teach]") {
    PoolProblem pp;
    pp.H = pp.W = 2;
    pp.size = 3;
    pp.input.assign(4, 0.f);
    REQUIRE_THAT(en(validate(pp)), Contains("3×3 pooling window does not fit"));
    REQUIRE_THROWS_AS(PoolSteps(pp), Error);
    pp.size = 2;
    pp.stride = -1;
    REQUIRE_THAT(en(validate(pp)), Contains("Stride −1"));

}
