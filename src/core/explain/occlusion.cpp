// occlusion.cpp — the occlusion map (occlusion.h): copies of the image with the grey patch
// at each position, kBatch at a time through the model, then the per-pixel average.
#include "core/explain/occlusion.h"

#include <algorithm>
#include <string>

#include "core/error.h"
#include "core/explain/saliency.h"

namespace cnn {

namespace {

const int kBatch = 32;  // occluded copies per forward (bounds the activations' memory)

// dst (C, H, W) = x with the patch at position `pos` (row-major over rows × cols) grey.
void occluded_copy(const float* x, const Shape& s, const OcclusionMap& o, int pos, float grey, float* dst) {
    std::copy(x, x + s.size(), dst);
    const int r0 = (pos / o.cols) * o.stride, c0 = (pos % o.cols) * o.stride;
    for (int c = 0; c < s.c; c++)
        for (int r = r0; r < r0 + o.patch; r++)
            std::fill_n(dst + ((size_t)c * s.h + r) * s.w + c0, o.patch, grey);
}

// pixels (H, W): mean of drop over the positions whose patch covers each pixel.
void spread_to_pixels(OcclusionMap& o, int H, int W) {
    std::vector<int> count((size_t)H * W, 0);
    o.pixels.assign((size_t)H * W, 0.f);
    for (int pos = 0; pos < o.rows * o.cols; pos++) {
        const int r0 = (pos / o.cols) * o.stride, c0 = (pos % o.cols) * o.stride;
        for (int r = r0; r < r0 + o.patch; r++)
            for (int c = c0; c < c0 + o.patch; c++) {
                o.pixels[(size_t)r * W + c] += o.drop[pos];
                count[(size_t)r * W + c]++;
            }
    }
    for (size_t i = 0; i < o.pixels.size(); i++)
        if (count[i]) o.pixels[i] /= (float)count[i];
}

} // namespace

OcclusionMap occlusion(Model& m, const float* x, int cls, int patch, int stride, ThreadPool& pool, float grey) {
    check_class(m, cls);
    const Shape s = m.input;
    if (patch < 1 || stride < 1 || patch > s.h || patch > s.w)
        throw Error("occlusion: patch " + std::to_string(patch) + " and stride " + std::to_string(stride) +
                    " must be at least 1, the patch at most the image's " + std::to_string(s.h) + "x" + std::to_string(s.w));
    OcclusionMap o;
    o.patch = patch, o.stride = stride;
    o.rows = (s.h - patch) / stride + 1, o.cols = (s.w - patch) / stride + 1;
    const int K = m.num_classes(), total = o.rows * o.cols;
    o.base = m.forward(x, 1, false, pool)[cls];
    o.drop.assign(total, 0.f);
    std::vector<float> batch((size_t)std::min(kBatch, total) * s.size());
    for (int p0 = 0; p0 < total; p0 += kBatch) {
        const int n = std::min(kBatch, total - p0);
        for (int i = 0; i < n; i++) occluded_copy(x, s, o, p0 + i, grey, &batch[(size_t)i * s.size()]);
        const float* probs = m.forward(batch.data(), n, false, pool);
        for (int i = 0; i < n; i++) o.drop[p0 + i] = o.base - probs[(size_t)i * K + cls];
    }
    spread_to_pixels(o, s.h, s.w);
    return o;
}

} // namespace cnn
