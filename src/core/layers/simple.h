// simple.h — the layers without parameters or windows: Flatten (C,H,W) -> (C·H·W) in NCHW
// order, and a stand-alone activation layer (ReLU, sigmoid, tanh, softmax).
#pragma once
#include "core/layers/layer.h"

namespace cnn {

struct Flatten : Layer {
    const char* kind() const override { return "Flatten"; }
    void infer(Shape input) override;
    std::string spec() const override { return "flatten"; }
    void forward(const float* x, float* y, int N, bool train, ThreadPool& pool) override;
    void backward(const float* x, const float* y, float* dy, float* dx, int N,
                  bool dy_is_preact, ThreadPool& pool) override;
};

struct ActivationLayer : Layer {
    Activation act;
    explicit ActivationLayer(Activation a) : act(a) {}
    const char* kind() const override;
    void infer(Shape input) override;
    std::string spec() const override { return activation_name(act); }
    Activation activation() const override { return act; }
    void forward(const float* x, float* y, int N, bool train, ThreadPool& pool) override;
    void backward(const float* x, const float* y, float* dy, float* dx, int N,
                  bool dy_is_preact, ThreadPool& pool) override;
};

} // namespace cnn
