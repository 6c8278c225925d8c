// concepts.cpp — logits, softmax, cross-entropy, flatten's order and pixel scaling for the
// chosen image (concepts.h).
#include "app/session/concepts.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "app/session/engine.h"
#include "core/layers/dense.h"
#include "core/layers/simple.h"

namespace app {

std::vector<float> last_logits(const cnn::Model& m, const float* x) {
    const int n = (int)m.layers.size();
    if (n == 0) return {};
    const cnn::Layer& L = *m.layers.back();
    const float* out = m.layer_output(n - 1);
    if (L.activation() != cnn::Activation::Softmax) return std::vector<float>(out, out + L.out.size());
    const float* in = n >= 2 ? m.layer_output(n - 2) : x;
    auto* d = dynamic_cast<const cnn::Dense*>(&L);
    if (!d) return std::vector<float>(in, in + L.in.size());  // a softmax Activation: its input
    const int I = (int)L.in.size(), O = d->units;
    std::vector<float> z(d->b, d->b + O);  // z (O) = b + x (I) · W (I, O)
    for (int i = 0; i < I; i++)
        for (int o = 0; o < O; o++) z[o] += in[i] * d->W[(size_t)i * O + o];
    return z;
}

SoftmaxParts softmax_parts(const std::vector<float>& scores) {
    SoftmaxParts p;
    p.scores = scores;
    if (scores.empty()) return p;
    p.max = *std::max_element(scores.begin(), scores.end());
    for (float z : scores) p.exps.push_back(std::exp(z - p.max));
    double sum = 0;
    for (float e : p.exps) sum += e;
    p.sum = (float)sum;
    for (float e : p.exps) p.probs.push_back((float)(e / sum));
    return p;
}

LossParts loss_parts(const std::vector<float>& probs, int label) {
    LossParts l;
    l.label = label;
    l.onehot.assign(probs.size(), 0.f);
    if (label < 0 || label >= (int)probs.size()) return l;
    l.onehot[label] = 1;
    l.p_true = probs[label];
    const float eps = 1e-7f;
    l.loss = (float)-std::log((double)std::min(std::max(l.p_true, eps), 1.f - eps));
    return l;
}

FlatIndex unflatten(const cnn::Shape& s, size_t i) {
    FlatIndex f;
    const size_t hw = (size_t)s.h * s.w;
    f.c = (int)(i / hw);
    f.h = (int)((i % hw) / s.w);
    f.w = (int)(i % s.w);
    return f;
}

FlattenParts flatten_parts(const Inside& in, const std::vector<float>& scaled_image) {
    FlattenParts f;
    for (size_t i = 0; i < in.layers.size(); i++) {
        if (in.layers[i].kind != std::string("Flatten")) continue;
        f.layer = (int)i;
        f.vec = &in.layers[i].values;
        if (i == 0) {
            f.from = cnn::Shape{3, 32, 32};
            f.block = &scaled_image;
        } else {
            f.from = in.layers[i - 1].out;
            f.block = &in.layers[i - 1].values;
        }
        return f;
    }
    return f;
}

std::vector<float> scale_pixels(const std::vector<uint8_t>& bytes) {
    std::vector<float> v(bytes.size());
    for (size_t i = 0; i < bytes.size(); i++) v[i] = bytes[i] / 255.f;
    return v;
}

} // namespace app
