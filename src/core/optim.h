// optim.h — optimizers as flat loops over the model's parameter slab (llm.c style).
//   Adam (Keras/TF form): m = β1 m + (1−β1) g;  v = β2 v + (1−β2) g²;
//        α_t = lr · √(1−β2^t) / (1−β1^t);  p −= α_t · m / (√v + ε)
//   SGD with momentum (Keras form): u = μ u − lr g;  p += u
// State (m, v, u, t) is kept so it can be saved with the model.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace cnn {

struct Optimizer {
    enum Kind { Adam, SGD } kind = Adam;
    float lr = 0.001f;
    float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-7f;  // Adam (Keras defaults)
    float momentum = 0.9f;                             // SGD
    int64_t t = 0;                                     // steps taken
    std::vector<float> m, v;  // Adam moments, or m = SGD velocity; sized on first step

    static Optimizer adam(float lr = 0.001f);
    static Optimizer sgd(float lr = 0.01f, float momentum = 0.9f);
    static Optimizer parse(const std::string& name, float lr = -1);  // "adam" | "sgd"; throws Error
    // The one place names and kinds meet: "adam" <-> Adam, "sgd" <-> SGD.
    static const char* kind_name(Kind k) { return k == Adam ? "adam" : "sgd"; }
    static bool kind_from_name(const std::string& name, Kind* k);  // false for another name
    const char* name() const { return kind_name(kind); }

    void step(float* params, const float* grads, size_t n);
    void reset() { t = 0; m.clear(); v.clear(); }
};

} // namespace cnn
