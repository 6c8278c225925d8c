// dense.h — fully connected layer with bias and an optional fused activation:
//   y (N, O) = x (N, I) · W (I, O) + b      (W stored as Keras stores its kernel: (I, O))
// Backward: dW += xᵀ · dz, db += Σ_n dz, dx = dz · Wᵀ. Needs a flat input (use flatten).
#pragma once
#include "core/layers/layer.h"

namespace cnn {

struct Dense : Layer {
    int units;
    Activation act;
    float* W = nullptr;   // (I, O)
    float* b = nullptr;   // (O)
    float* dW = nullptr;  // (I, O)
    float* db = nullptr;  // (O)

    explicit Dense(int units, Activation act = Activation::Linear);

    const char* kind() const override { return "Dense"; }
    void infer(Shape input) override;
    std::string spec() const override;
    size_t num_params() const override;
    void bind(float* params, float* grads) override;
    void init(Rng& rng) override;
    Activation activation() const override { return act; }
    void forward(const float* x, float* y, int N, bool train, ThreadPool& pool) override;
    void backward(const float* x, const float* y, float* dy, float* dx, int N,
                  bool dy_is_preact, ThreadPool& pool) override;
};

} // namespace cnn
