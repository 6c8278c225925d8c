// layer.h — what every layer is: shape inference, parameters in the model's slab, and a
// forward and a backward over a batch. Dimension letters used across the layer files:
//   N batch, C input channels, H/W input height/width, OC output channels,
//   OH/OW output height/width, K kernel size, P = OH*OW output positions, I/O dense in/out.
// Layers know nothing of losses, optimizers, threads beyond the pool, or any UI.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/activation.h"
#include "core/rng.h"
#include "core/tensor.h"
#include "core/threadpool.h"

namespace cnn {

struct Layer {
    virtual ~Layer() = default;

    std::string name;  // Keras-style instance name: conv2d, conv2d_1, max_pooling2d, ...
    Shape in, out;     // per-sample shapes, set by infer()

    virtual const char* kind() const = 0;  // Keras class name: "Conv2D", "Dense", ...
    // Sets in/out from the input shape. Throws Error naming the layer and the sizes when the
    // layer cannot take that input.
    virtual void infer(Shape input) = 0;
    // One-line spec of this layer in the model grammar (round-trips through parse_model).
    virtual std::string spec() const = 0;
    // Short human description for UIs ("3×3 stride 1 pad 0, relu").
    virtual std::string describe() const { return spec(); }

    // Parameters live in the model's slab: bind() hands this layer its slice.
    virtual size_t num_params() const { return 0; }
    virtual void bind(float* /*params*/, float* /*grads*/) {}
    virtual void init(Rng& /*rng*/) {}  // Keras defaults: Glorot-uniform weights, zero bias
    virtual Activation activation() const { return Activation::Linear; }
    // Bytes a training step of batch N needs for this layer beyond its parameters (which the
    // model's slabs hold): its output (N, out) and whatever caches and scratch its forward
    // and backward keep, per thread where each of `threads` has its own. In double, so that
    // an absurd model gives an absurd figure instead of a wrapped-around size_t.
    virtual double workspace_bytes(int N, int /*threads*/) const { return output_bytes(N); }

    // x (N, in) -> y (N, out). `train` = cache what backward needs. Buffers do not alias.
    virtual void forward(const float* x, float* y, int N, bool train, ThreadPool& pool) = 0;
    // dy (N, out) is the loss gradient at this layer's output; the layer may overwrite it.
    // If `dy_is_preact`, dy is already the gradient before the fused activation (the
    // softmax + cross-entropy shortcut). Accumulates parameter gradients (+=) into its
    // grad slice; writes dx (N, in) unless dx is null (first layer).
    virtual void backward(const float* x, const float* y, float* dy, float* dx, int N,
                          bool dy_is_preact, ThreadPool& pool) = 0;

protected:
    double output_bytes(int N) const { return (double)N * out.size() * sizeof(float); }
};

} // namespace cnn
