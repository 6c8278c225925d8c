// simple.cpp — Flatten (a copy: NCHW is already the flattened order) and activation layers.
#include "core/layers/simple.h"

#include <algorithm>
#include <cstring>

#include "core/error.h"

namespace cnn {

void Flatten::infer(Shape input) {
    in = input;
    out = Shape::vector(input.size());
}

void Flatten::forward(const float* x, float* y, int N, bool, ThreadPool&) {
    std::memcpy(y, x, sizeof(float) * (size_t)N * in.size());
}

void Flatten::backward(const float*, const float*, float* dy, float* dx, int N, bool, ThreadPool&) {
    if (dx) std::memcpy(dx, dy, sizeof(float) * (size_t)N * in.size());
}

const char* ActivationLayer::kind() const {
    switch (act) {
    case Activation::ReLU: return "ReLU";
    case Activation::Sigmoid: return "Sigmoid";
    case Activation::Tanh: return "Tanh";
    case Activation::Softmax: return "Softmax";
    default: return "Activation";
    }
}

void ActivationLayer::infer(Shape input) {
    in = out = input;
    if (act == Activation::Softmax && !input.flat())
        throw Error(Errc::SoftmaxNeedsFlat, name + " (Softmax): needs a flat input; add flatten/dense before it", {}, {name});
}

void ActivationLayer::forward(const float* x, float* y, int N, bool, ThreadPool& pool) {
    const int L = in.size();
    pool.run(N, [&](int n, int) {
        std::memcpy(y + (size_t)n * L, x + (size_t)n * L, sizeof(float) * L);
        activation_forward(act, y + (size_t)n * L, 1, L);
    });
}

void ActivationLayer::backward(const float*, const float* y, float* dy, float* dx, int N,
                               bool dy_is_preact, ThreadPool& pool) {
    if (!dx) return;
    const int L = in.size();
    pool.run(N, [&](int n, int) {
        float* d = dx + (size_t)n * L;
        std::memcpy(d, dy + (size_t)n * L, sizeof(float) * L);
        if (!dy_is_preact) activation_backward(act, y + (size_t)n * L, d, 1, L);
    });
}

} // namespace cnn
