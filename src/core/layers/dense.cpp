// dense.cpp — Dense forward/backward as matrix products (shapes in dense.h). Work items
// have fixed shapes (blocks of kRows batch rows or input rows), so any thread count gives
// the same bits.
#include "core/layers/dense.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/gemm.h"

namespace cnn {

static const int kRows = 16;  // rows per work item

Dense::Dense(int units_, Activation a) : units(units_), act(a) {}

void Dense::infer(Shape input) {
    in = input;
    std::string who = name + " (Dense)";
    if (units <= 0) throw Error(Errc::NotPositive, who + ": units must be positive, got " + std::to_string(units), {units}, {name, "units"});
    if (!input.flat())
        throw Error(Errc::NeedsFlat, who + ": needs a flat input but gets " + std::to_string(in.h) + "x" +
                    std::to_string(in.w) + "x" + std::to_string(in.c) + "; add flatten before it",
                    {in.h, in.w, in.c}, {name});
    out = Shape::vector(units);
}

std::string Dense::spec() const {
    std::string s = "dense(" + std::to_string(units);
    if (act != Activation::Linear) s += std::string(",") + activation_name(act);
    return s + ")";
}

size_t Dense::num_params() const { return (size_t)in.c * units + units; }

void Dense::bind(float* p, float* g) {
    W = p;  b = p + (size_t)in.c * units;
    dW = g; db = g + (size_t)in.c * units;
}

void Dense::init(Rng& rng) {
    float limit = std::sqrt(6.f / (float)(in.c + units));  // Glorot uniform
    size_t n = (size_t)in.c * units;
    for (size_t i = 0; i < n; i++) W[i] = rng.uniform(-limit, limit);
    std::fill(b, b + units, 0.f);
}

void Dense::forward(const float* x, float* y, int N, bool, ThreadPool& pool) {
    const int I = in.c, O = units;
    pool.run((N + kRows - 1) / kRows, [&](int blk, int) {
        int n0 = blk * kRows, rows = std::min(kRows, N - n0);
        float* yb = y + (size_t)n0 * O;
        gemm(false, false, rows, O, I, x + (size_t)n0 * I, I, W, O, 0.f, yb, O);  // (rows,O) = (rows,I)·(I,O)
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < O; o++) yb[(size_t)r * O + o] += b[o];
        activation_forward(act, yb, rows, O);
    });
}

void Dense::backward(const float* x, const float* y, float* dy, float* dx, int N,
                     bool dy_is_preact, ThreadPool& pool) {
    const int I = in.c, O = units;
    if (!dy_is_preact && act != Activation::Linear)
        pool.run((N + kRows - 1) / kRows, [&](int blk, int) {
            int n0 = blk * kRows, rows = std::min(kRows, N - n0);
            activation_backward(act, y + (size_t)n0 * O, dy + (size_t)n0 * O, rows, O);
        });
    // dW (I, O) += xᵀ (I, N) · dz (N, O), in blocks of input rows; db from block 0's thread
    pool.run((I + kRows - 1) / kRows, [&](int blk, int) {
        int i0 = blk * kRows, rows = std::min(kRows, I - i0);
        gemm(true, false, rows, O, N, x + i0, I, dy, O, 1.f, dW + (size_t)i0 * O, O);
        if (blk == 0)
            for (int n = 0; n < N; n++)
                for (int o = 0; o < O; o++) db[o] += dy[(size_t)n * O + o];
    });
    if (!dx) return;
    // dx (N, I) = dz (N, O) · Wᵀ (O, I)
    pool.run((N + kRows - 1) / kRows, [&](int blk, int) {
        int n0 = blk * kRows, rows = std::min(kRows, N - n0);
        gemm(false, true, rows, I, O, dy + (size_t)n0 * O, O, W, O, 0.f, dx + (size_t)n0 * I, I);
    });
}

} // namespace cnn
