// gradcam.cpp — Grad-CAM over Model::backward_from (gradcam.h).
#include "core/explain/gradcam.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/error.h"
#include "core/explain/saliency.h"

namespace cnn {

namespace {

// One axis of the bilinear scaling: for output index o of n_out, the two source indices and
// the weight of the second.
struct Tap {
    int i0, i1;
    float t;
};
Tap tap(int o, int n_in, int n_out) {
    double s = ((double)o + 0.5) * n_in / n_out - 0.5;
    if (s < 0) s = 0;
    Tap k;
    k.i0 = std::min((int)s, n_in - 1);
    k.i1 = std::min(k.i0 + 1, n_in - 1);
    k.t = (float)(s - k.i0);
    return k;
}

} // namespace

int last_conv_layer(const Model& m) {
    for (int i = (int)m.layers.size(); i-- > 0;)
        if (std::strcmp(m.layers[i]->kind(), "Conv2D") == 0) return i;
    return -1;
}

std::vector<float> upsample_bilinear(const float* src, int h, int w, int H, int W) {
    std::vector<float> out((size_t)H * W);
    for (int y = 0; y < H; y++) {
        const Tap ty = tap(y, h, H);
        for (int x = 0; x < W; x++) {
            const Tap tx = tap(x, w, W);
            const float top = (1 - tx.t) * src[ty.i0 * w + tx.i0] + tx.t * src[ty.i0 * w + tx.i1];
            const float bot = (1 - tx.t) * src[ty.i1 * w + tx.i0] + tx.t * src[ty.i1 * w + tx.i1];
            out[(size_t)y * W + x] = (1 - ty.t) * top + ty.t * bot;
        }
    }
    return out;
}

GradCam grad_cam(Model& m, const float* x, int cls, ThreadPool& pool, int layer) {
    check_class(m, cls);
    if (layer < 0) layer = last_conv_layer(m);
    if (layer < 0 || layer >= (int)m.layers.size() || std::strcmp(m.layers[layer]->kind(), "Conv2D") != 0)
        throw Error("Grad-CAM needs a convolution layer; layer " + std::to_string(layer) + " is none");
    const Shape a = m.layers[layer]->out;  // (K, h, w)
    m.forward(x, 1, true, pool);
    std::vector<float> dlogits(m.num_classes(), 0.f), g(a.size());
    dlogits[cls] = 1.f;
    m.backward_from(x, dlogits.data(), 1, layer, g.data(), pool);
    const float* A = m.layer_output(layer);
    GradCam r;
    r.layer = layer, r.h = a.h, r.w = a.w;
    const int P = a.h * a.w;
    r.alpha.assign(a.c, 0.f);
    r.coarse.assign(P, 0.f);
    for (int k = 0; k < a.c; k++) {
        double s = 0;
        for (int p = 0; p < P; p++) s += g[(size_t)k * P + p];
        r.alpha[k] = (float)(s / P);
        for (int p = 0; p < P; p++) r.coarse[p] += r.alpha[k] * A[(size_t)k * P + p];
    }
    for (float& v : r.coarse) v = std::max(v, 0.f);
    r.map = upsample_bilinear(r.coarse.data(), a.h, a.w, m.input.h, m.input.w);
    return r;
}

} // namespace cnn
