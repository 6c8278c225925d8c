// pool2d.h — max and average pooling over size×size windows with a stride (default = size),
// no padding (Keras 'valid'): OH = ⌊(H − size)/stride⌋ + 1. Channels are pooled separately.
// Max pooling routes the gradient to the first maximum of each window (ties: lowest index).
#pragma once
#include <cstdint>

#include "core/layers/layer.h"

namespace cnn {

struct Pool2D : Layer {
    enum Mode { Max, Avg } mode;
    int size, stride;

    Pool2D(Mode mode, int size, int stride = 0);  // stride 0 = size

    const char* kind() const override { return mode == Max ? "MaxPooling2D" : "AveragePooling2D"; }
    void infer(Shape input) override;
    std::string spec() const override;
    // Output at batch N, and max pooling's argmax_ (one int32 per output).
    double workspace_bytes(int N, int threads) const override;
    void forward(const float* x, float* y, int N, bool train, ThreadPool& pool) override;
    void backward(const float* x, const float* y, float* dy, float* dx, int N,
                  bool dy_is_preact, ThreadPool& pool) override;

    // For teaching views: index (c·H·W + h·W + w) of the input cell chosen by max pooling
    // for output cell (c, oh, ow) of the last training forward of image n.
    int32_t argmax(int n, int c, int oh, int ow) const {
        return argmax_[((size_t)n * out.c + c) * out.h * out.w + oh * out.w + ow];
    }

private:
    std::vector<int32_t> argmax_;  // (N, C, OH, OW) flat input index per output, max mode
};

} // namespace cnn
