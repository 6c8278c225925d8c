// saliency.cpp — input gradients and SmoothGrad through Model::backward_from (saliency.h).
#include "core/explain/saliency.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"
#include "core/rng.h"

namespace cnn {

namespace {

// d(logit cls)/d(x) for each of the N images of xs (N, input) -> (N, input).
std::vector<float> batch_gradients(Model& m, const float* xs, int N, int cls, ThreadPool& pool) {
    const int K = m.num_classes();
    m.forward(xs, N, true, pool);
    std::vector<float> dlogits((size_t)N * K, 0.f);
    for (int n = 0; n < N; n++) dlogits[(size_t)n * K + cls] = 1.f;  // one-hot: the class's logit
    std::vector<float> dx((size_t)N * m.input.size());
    m.backward_from(xs, dlogits.data(), N, -1, dx.data(), pool);
    return dx;
}

// A standard normal value (Box–Muller over two of the generator's uniform values; u1 is
// kept away from 0, so the logarithm is finite).
float gaussian(Rng& rng) {
    const double u1 = ((double)(rng.next() >> 40) + 0.5) / 16777216.0;
    const double u2 = (double)(rng.next() >> 40) / 16777216.0;
    return (float)(std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2));
}

} // namespace

void check_class(const Model& m, int cls) {
    if (cls < 0 || cls >= m.num_classes())
        throw Error("class " + std::to_string(cls) + " is not one of the model's " + std::to_string(m.num_classes()) +
                    " classes");
}

std::vector<float> input_gradient(Model& m, const float* x, int cls, ThreadPool& pool) {
    check_class(m, cls);
    return batch_gradients(m, x, 1, cls, pool);
}

std::vector<float> smoothgrad(Model& m, const float* x, int cls, const SmoothGradOptions& o, ThreadPool& pool) {
    check_class(m, cls);
    if (o.samples < 1) throw Error("SmoothGrad needs at least one sample, got " + std::to_string(o.samples));
    const size_t L = m.input.size();
    const auto [lo, hi] = std::minmax_element(x, x + L);
    const float sigma = o.noise * (*hi - *lo);
    std::vector<float> noisy((size_t)o.samples * L);
    Rng rng(o.seed);
    for (int s = 0; s < o.samples; s++)
        for (size_t i = 0; i < L; i++) noisy[s * L + i] = x[i] + sigma * gaussian(rng);
    const std::vector<float> g = batch_gradients(m, noisy.data(), o.samples, cls, pool);
    std::vector<float> mean(L, 0.f);
    for (size_t i = 0; i < L; i++) {
        double sum = 0;  // in sample order: the same bits for any thread count
        for (int s = 0; s < o.samples; s++) sum += g[s * L + i];
        mean[i] = (float)(sum / o.samples);
    }
    return mean;
}

std::vector<float> gradient_pixels(const std::vector<float>& g, int C, int H, int W) {
    std::vector<float> map((size_t)H * W, 0.f);
    for (int c = 0; c < C; c++)
        for (size_t p = 0; p < (size_t)H * W; p++) map[p] = std::max(map[p], std::fabs(g[c * (size_t)H * W + p]));
    return map;
}

} // namespace cnn
