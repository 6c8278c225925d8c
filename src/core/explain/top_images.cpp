// top_images.cpp — a filter's most exciting images (top_images.h): inference over the set
// in batches, keeping the k best scores with their activation maps.
#include "core/explain/top_images.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <string>

#include "core/error.h"

namespace cnn {

namespace {

void check_request(const Model& m, int layer, int filter, const Dataset& d, int k, int first, int count) {
    if (layer < 0 || layer >= (int)m.layers.size() || std::strcmp(m.layers[layer]->kind(), "Conv2D") != 0)
        throw Error("top images: layer " + std::to_string(layer) + " is not a convolution layer");
    if (filter < 0 || filter >= m.layers[layer]->out.c)
        throw Error("top images: filter " + std::to_string(filter) + " is not one of the layer's " +
                    std::to_string(m.layers[layer]->out.c));
    if (m.input != Shape{Dataset::C, Dataset::H, Dataset::W})
        throw Error("top images: the model's input is not a CIFAR-10 image (3, 32, 32)");
    if (k < 1 || first < 0 || first > d.size() || count > d.size() - first)
        throw Error("top images: k " + std::to_string(k) + " or the range from " + std::to_string(first) +
                    " is outside the set of " + std::to_string(d.size()) + " images");
}

// Puts image `idx` with score s and map (P) into t if it beats t's last of k (kept sorted:
// higher score first, among equal scores the earlier image).
void offer(TopImages& t, int k, int idx, float s, const float* map, int P) {
    const int n = (int)t.index.size();
    if (n == k && !(s > t.score.back())) return;
    int pos = n;
    while (pos > 0 && s > t.score[pos - 1]) pos--;
    t.index.insert(t.index.begin() + pos, idx);
    t.score.insert(t.score.begin() + pos, s);
    t.maps.insert(t.maps.begin() + (size_t)pos * P, map, map + P);
    if (n == k) {
        t.index.pop_back();
        t.score.pop_back();
        t.maps.resize(t.maps.size() - P);
    }
}

} // namespace

TopImages top_images(Model& m, int layer, int filter, const Dataset& d, int k, ThreadPool& pool, int first,
                     int count, int batch) {
    if (count < 0) count = d.size() - first;
    check_request(m, layer, filter, d, k, first, count);
    const Shape a = m.layers[layer]->out;
    const int P = a.h * a.w;
    TopImages t;
    t.layer = layer, t.filter = filter, t.h = a.h, t.w = a.w;
    batch = std::max(1, batch);
    std::vector<int> idx(batch), labels(batch);
    std::vector<float> x((size_t)batch * Dataset::kImage);
    for (int b0 = first; b0 < first + count; b0 += batch) {
        const int n = std::min(batch, first + count - b0);
        std::iota(idx.begin(), idx.begin() + n, b0);
        make_batch(d, idx.data(), n, x.data(), labels.data());
        m.forward(x.data(), n, false, pool);
        const float* out = m.layer_output(layer);
        for (int i = 0; i < n; i++) {
            const float* map = out + (size_t)i * a.size() + (size_t)filter * P;
            offer(t, k, b0 + i, *std::max_element(map, map + P), map, P);
        }
    }
    return t;
}

} // namespace cnn
