// gradcheck.h — finite-difference gradient checks for the layer and model tests:
// double-sided differences (f(p+ε) − f(p−ε)) / 2ε, compared with the analytic gradient by
// the relative error ‖a − n‖ / ‖a + n‖ over a whole gradient (mlpack's measure). Also the
// random inputs the checks use. Not here: choosing inputs away from kinks (ReLU at 0,
// max-pool ties) — each test does that for its own layer and says how.
#pragma once
#include <cmath>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/layers/layer.h"
#include "core/rng.h"
#include "core/threadpool.h"

namespace gradcheck {

// ‖a − n‖ / ‖a + n‖ over [lo, hi) (hi = 0: to the end); 0 when both are zero.
inline double rel_error(const std::vector<double>& a, const std::vector<double>& n, size_t lo = 0,
                        size_t hi = 0) {
    if (hi == 0) hi = a.size();
    double d = 0, s = 0;
    for (size_t i = lo; i < hi; i++) {
        d += (a[i] - n[i]) * (a[i] - n[i]);
        s += (a[i] + n[i]) * (a[i] + n[i]);
    }
    return s == 0 ? std::sqrt(d) : std::sqrt(d / s);
}

// n values uniform in [lo, hi) from the project's portable generator.
inline std::vector<float> uniform(cnn::Rng& rng, size_t n, float lo, float hi) {
    std::vector<float> v(n);
    for (float& x : v) x = rng.uniform(lo, hi);
    return v;
}

// n distinct values (k − n/2)·gap for k = 0..n−1, shuffled: any two differ by ≥ gap, so a
// perturbation below gap/2 never changes which element of a max-pool window is largest.
inline std::vector<float> distinct(cnn::Rng& rng, size_t n, float gap) {
    std::vector<float> v(n);
    for (size_t k = 0; k < n; k++) v[k] = ((float)k - (float)n / 2) * gap;
    for (size_t i = n; i > 1; i--) std::swap(v[i - 1], v[rng.below((uint32_t)i)]);
    return v;
}

inline double dot(const float* y, const float* r, size_t n) {
    double s = 0;
    for (size_t i = 0; i < n; i++) s += (double)y[i] * r[i];
    return s;
}

inline double max_abs(const std::vector<float>& v) {
    double m = 0;
    for (float x : v) m = std::max(m, (double)std::fabs(x));
    return m;
}

// Central differences of f with respect to p[0..n): (f(p + ε e_i) − f(p − ε e_i)) / 2ε.
// p is restored exactly after each coordinate.
inline std::vector<double> numeric(float* p, size_t n, float eps, const std::function<double()>& f) {
    std::vector<double> g(n);
    for (size_t i = 0; i < n; i++) {
        const float keep = p[i];
        p[i] = keep + eps;
        const double fp = f();
        p[i] = keep - eps;
        const double fm = f();
        p[i] = keep;
        // divide by the step actually taken (keep ± ε is rounded to float)
        g[i] = (fp - fm) / ((double)(keep + eps) - (double)(keep - eps));
    }
    return g;
}

// A layer built by hand for a test, with its own parameter and gradient slabs.
struct Bound {
    std::vector<float> params, grads;
};
inline Bound bind(cnn::Layer& L) {
    Bound b;
    b.params.assign(L.num_params(), 0.f);
    b.grads.assign(L.num_params(), 0.f);
    L.bind(b.params.data(), b.grads.data());
    return b;
}

// Analytic and numeric gradients of the scalar loss f = Σ y ⊙ r, y = L(x), with respect to
// the input x (N, L.in) and to every parameter in L's slab (W first, then b).
struct LayerGrads {
    std::vector<double> ax, nx;  // (N·in) analytic, numeric
    std::vector<double> ap, np;  // (num_params) analytic, numeric
};

inline LayerGrads layer_grads(cnn::Layer& L, Bound& slab, std::vector<float>& x, int N,
                              const std::vector<float>& r, float eps, cnn::ThreadPool& pool) {
    const size_t ysz = (size_t)N * L.out.size();
    std::vector<float> y(ysz), dy(r), dx(x.size());
    LayerGrads g;
    // analytic: a training forward, then backward from dy = ∂f/∂y = r
    L.forward(x.data(), y.data(), N, true, pool);
    std::fill(slab.grads.begin(), slab.grads.end(), 0.f);
    L.backward(x.data(), y.data(), dy.data(), dx.data(), N, false, pool);
    g.ax.assign(dx.begin(), dx.end());
    g.ap.assign(slab.grads.begin(), slab.grads.end());
    // numeric: inference forwards (they leave backward's caches alone, and must agree anyway)
    auto f = [&]() {
        L.forward(x.data(), y.data(), N, false, pool);
        return dot(y.data(), r.data(), ysz);
    };
    g.nx = numeric(x.data(), x.size(), eps, f);
    g.np = numeric(slab.params.data(), slab.params.size(), eps, f);
    return g;
}

} // namespace gradcheck
