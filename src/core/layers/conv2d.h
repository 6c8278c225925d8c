// conv2d.h — 2-D convolution (cross-correlation, as in Keras/PyTorch) with bias and an
// optional fused activation, computed as batched im2col + matrix products over chunks of
// images (columns of all images side by side, so each product is large):
//   col (C·K·K, N·P) = im2col(x),   y (OC, N·P) = W (OC, C·K·K) · col + b  (stored (N, OC, P))
// Backward: dz (OC, N·P) = dy ⊙ act'(y) transposed, dW += dz · colᵀ (a product per fixed
// part of the batch, parts added in order), db += Σ dz, dcol = Wᵀ · dz, dx = col2im(dcol).
// Not here: grouped/dilated convolution; the naive direct convolution lives in the tests.
#pragma once
#include "core/layers/layer.h"

namespace cnn {

struct Padding {
    enum Kind { Valid, Same, Explicit } kind = Valid;
    int p = 0;  // Explicit: cells added on every side
    std::string str() const;  // "valid", "same", "2"
};

struct Conv2D : Layer {
    int filters, k, stride;
    Padding padding;
    Activation act;
    // Resolved by infer(): padding before (top/left) and after (bottom/right) per axis.
    int pad_t = 0, pad_b = 0, pad_l = 0, pad_r = 0;

    float* W = nullptr;   // (OC, C, K, K)
    float* b = nullptr;   // (OC)
    float* dW = nullptr;  // (OC, C, K, K)
    float* db = nullptr;  // (OC)

    Conv2D(int filters, int k, int stride = 1, Padding pad = {}, Activation act = Activation::Linear);

    const char* kind() const override { return "Conv2D"; }
    void infer(Shape input) override;
    std::string spec() const override;
    std::string describe() const override;
    size_t num_params() const override;
    void bind(float* params, float* grads) override;
    void init(Rng& rng) override;
    Activation activation() const override { return act; }
    void forward(const float* x, float* y, int N, bool train, ThreadPool& pool) override;
    void backward(const float* x, const float* y, float* dy, float* dx, int N,
                  bool dy_is_preact, ThreadPool& pool) override;

    // Output, col_, dz_, dwpart_ at batch N, and scratch_ for `threads` threads.
    double workspace_bytes(int N, int threads) const override;
    int ckk() const { return in.c * k * k; }
    int positions() const { return out.h * out.w; }

private:
    size_t scratch_per_thread() const;  // floats of scratch_ per thread: (C·K·K + OC)·chunk·P
    std::vector<float> col_;      // (C·K·K, N·P) cached by a training forward
    std::vector<float> dz_;       // (OC, N·P) gradient before the activation, batch-major columns
    std::vector<float> dwpart_;   // (⌈N/8⌉, OC·C·K·K + OC) dW and db of each part of the batch
    std::vector<float> scratch_;  // (threads, max(C·K·K, OC), chunk·P): columns / products / dcol
};

// col (C·K·K, OH·OW) from one image x (C, H, W); cells outside the image read as 0.
void im2col(const float* x, int C, int H, int W, int k, int stride, int pad_t, int pad_l,
            int OH, int OW, float* col);
// dx (C, H, W) += the columns scattered back (the adjoint of im2col).
void col2im(const float* col, int C, int H, int W, int k, int stride, int pad_t, int pad_l,
            int OH, int OW, float* dx);
// The same with the rows of col ldcol floats apart (ldcol ≥ OH·OW): one image's columns
// inside a batch-wide (C·K·K, N·P) matrix.
void im2col(const float* x, int C, int H, int W, int k, int stride, int pad_t, int pad_l,
            int OH, int OW, float* col, int ldcol);
void col2im(const float* col, int ldcol, int C, int H, int W, int k, int stride, int pad_t,
            int pad_l, int OH, int OW, float* dx);

} // namespace cnn
