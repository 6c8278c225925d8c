// optim.cpp — Adam and SGD-with-momentum as single flat loops over the parameter slab.
#include "core/optim.h"

#include <cmath>

#include "core/error.h"

namespace cnn {

Optimizer Optimizer::adam(float lr) {
    Optimizer o;
    o.kind = Adam;
    o.lr = lr;
    return o;
}

Optimizer Optimizer::sgd(float lr, float momentum) {
    Optimizer o;
    o.kind = SGD;
    o.lr = lr;
    o.momentum = momentum;
    return o;
}

bool Optimizer::kind_from_name(const std::string& name, Kind* k) {
    for (Kind c : {Adam, SGD})
        if (name == kind_name(c)) {
            *k = c;
            return true;
        }
    return false;
}

Optimizer Optimizer::parse(const std::string& name, float lr) {
    Kind k = Adam;
    if (!kind_from_name(name, &k)) throw Error("unknown optimizer '" + name + "' (use adam or sgd)");
    Optimizer o = k == Adam ? adam() : sgd();
    if (lr >= 0) {
        if (!(lr > 0) || !std::isfinite(lr)) throw Error("learning rate must be a positive number");
        o.lr = lr;
    }
    return o;
}

void Optimizer::step(float* p, const float* g, size_t n) {
    if (m.size() != n) { m.assign(n, 0.f); v.assign(kind == Adam ? n : 0, 0.f); t = 0; }
    t++;
    if (kind == Adam) {
        // TF/Keras Adam: bias correction folded into the step size; ε added to √v unscaled.
        double a = lr * std::sqrt(1.0 - std::pow((double)beta2, (double)t)) / (1.0 - std::pow((double)beta1, (double)t));
        const float alpha = (float)a, b1 = beta1, b2 = beta2, e = eps;
        for (size_t i = 0; i < n; i++) {
            m[i] = b1 * m[i] + (1.f - b1) * g[i];
            v[i] = b2 * v[i] + (1.f - b2) * g[i] * g[i];
            p[i] -= alpha * m[i] / (std::sqrt(v[i]) + e);
        }
    } else {
        const float mu = momentum, rate = lr;
        for (size_t i = 0; i < n; i++) {
            m[i] = mu * m[i] - rate * g[i];
            p[i] += m[i];
        }
    }
}

} // namespace cnn
