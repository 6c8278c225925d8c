// tensor.h — the per-sample shape of an activation, and the size arithmetic of convolution.
// Batches are plain float buffers laid out (N, C, H, W) row-major; a flat vector of
// length L is the shape (L, 1, 1). No tensor class with ownership: layers and the model own
// their buffers (llm.c style), so the memory of a training step is visible in one place.
#pragma once
#include <string>

namespace cnn {

// Shape of one sample: channels, height, width. A flat vector (after flatten or dense) is
// (L, 1, 1) with vec = true, so a 1×1 feature map and a vector stay distinguishable.
struct Shape {
    int c = 1, h = 1, w = 1;
    bool vec = false;
    int size() const { return c * h * w; }
    bool flat() const { return vec; }
    static Shape vector(int n) { return Shape{n, 1, 1, true}; }
    bool operator==(const Shape& o) const { return c == o.c && h == o.h && w == o.w && vec == o.vec; }
    bool operator!=(const Shape& o) const { return !(*this == o); }
    // Keras order, as the tutorial prints it: "(None, 30, 30, 32)" or "(None, 1024)".
    std::string keras() const;
};

// Output size of a convolution or pooling window along one axis:
//   o = floor((i + pad_before + pad_after - k) / s) + 1
// With symmetric padding p this is the tutorial's o = ⌊(i + 2p − k)/s⌋ + 1.
// Returns 0 or less when the window does not fit (the caller reports it).
inline int conv_out_size(int i, int k, int pad_before, int pad_after, int s) {
    int span = i + pad_before + pad_after - k;
    if (span < 0 || s <= 0) return 0;
    return span / s + 1;
}

// Keras 'same' padding for one axis: output ceil(i/s), total padding split with the extra
// cell after (bottom/right), exactly as TensorFlow does.
inline void same_padding(int i, int k, int s, int* pad_before, int* pad_after) {
    int o = (i + s - 1) / s;
    int total = (o - 1) * s + k - i;
    if (total < 0) total = 0;
    *pad_before = total / 2;
    *pad_after = total - total / 2;
}

} // namespace cnn
