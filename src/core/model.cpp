// model.cpp — the Keras-style summary, the parameter slab, the bytes training needs, and the
// forward/backward passes with softmax + sparse categorical cross-entropy at the end.
// Not here: the grammar and its errors (model_parse.cpp).
#include "core/model.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <sstream>

#include "core/error.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/pool2d.h"
#include "core/layers/simple.h"

namespace cnn {

const char* const kTutorialModel =
    "conv(32,3,relu) maxpool(2) conv(64,3,relu) maxpool(2) conv(64,3,relu) "
    "flatten dense(64,relu) dense(10,softmax)";

void Model::allocate() {
    size_t total = num_params();
    params.assign(total, 0.f);
    grads.assign(total, 0.f);
    bind();
}

size_t Model::num_params() const {
    size_t total = 0;
    for (auto& L : layers) total += L->num_params();
    return total;
}

void Model::bind() {
    size_t off = 0;
    for (auto& L : layers) {
        L->bind(params.data() + off, grads.data() + off);
        off += L->num_params();
    }
}

void Model::init(uint64_t seed) {
    Rng rng(seed);
    for (auto& L : layers) L->init(rng);
}

std::string Model::spec() const {
    std::string s;
    if (input != Shape{3, 32, 32})
        s = "input(" + std::to_string(input.c) + "," + std::to_string(input.h) + "," + std::to_string(input.w) + ") ";
    for (size_t i = 0; i < layers.size(); i++) s += (i ? " " : "") + layers[i]->spec();
    return s;
}

static std::string with_commas(size_t v) {
    std::string s = std::to_string(v), r;
    int k = 0;
    for (size_t i = s.size(); i-- > 0;) {
        r.insert(r.begin(), s[i]);
        if (++k % 3 == 0 && i > 0) r.insert(r.begin(), ',');
    }
    return r;
}

std::string Model::summary() const {
    std::ostringstream o;
    // Columns as wide as the longest entry needs (always one space between columns).
    auto pad = [](std::string s, size_t w) { s.append(s.size() < w ? w - s.size() : 1, ' '); return s; };
    size_t c1 = 29;
    for (auto& L : layers) c1 = std::max(c1, L->name.size() + std::strlen(L->kind()) + 5);
    std::string line(c1 + 36, '_'), dline(c1 + 36, '=');
    o << "Model: \"sequential\"\n" << line << "\n";
    o << pad(" Layer (type)", c1) << pad("Output Shape", 26) << "Param #\n" << dline << "\n";
    size_t total = 0;
    for (size_t i = 0; i < layers.size(); i++) {
        const Layer& L = *layers[i];
        o << pad(" " + L.name + " (" + L.kind() + ")", c1) << pad(L.out.keras(), 26)
          << with_commas(L.num_params()) << "\n";
        o << (i + 1 < layers.size() ? "\n" : "");
        total += L.num_params();
    }
    o << dline << "\n";
    o << "Total params: " << with_commas(total) << "\n";
    o << "Trainable params: " << with_commas(total) << "\n";
    o << "Non-trainable params: 0\n" << line << "\n";
    return o.str();
}

double Model::buffer_bytes(int N) const {
    double maxact = input.size();
    for (auto& L : layers) maxact = std::max(maxact, (double)L->out.size());
    return ((double)N * 2 * maxact + (double)N * num_classes()) * sizeof(float);  // dbuf_[2], probs_
}

double Model::layer_training_bytes(size_t i, int N, int threads) const {
    const Layer& L = *layers.at(i);
    return 4.0 * sizeof(float) * L.num_params() + L.workspace_bytes(N, threads);
}

double Model::training_bytes(int N, int threads) const {
    double bytes = buffer_bytes(N);
    for (size_t i = 0; i < layers.size(); i++) bytes += layer_training_bytes(i, N, threads);
    return bytes;
}

void Model::ensure_buffers(int N) {
    if (N <= capacity_) return;
    acts_.resize(layers.size());
    size_t maxact = input.size();
    for (size_t i = 0; i < layers.size(); i++) {
        acts_[i].assign((size_t)N * layers[i]->out.size(), 0.f);
        maxact = std::max(maxact, (size_t)layers[i]->out.size());
    }
    probs_.assign((size_t)N * num_classes(), 0.f);
    dbuf_[0].assign((size_t)N * maxact, 0.f);
    dbuf_[1].assign((size_t)N * maxact, 0.f);
    capacity_ = N;
}

const float* Model::forward(const float* x, int N, bool train, ThreadPool& pool) {
    ensure_buffers(N);
    const float* cur = x;
    for (size_t i = 0; i < layers.size(); i++) {
        layers[i]->forward(cur, acts_[i].data(), N, train, pool);
        cur = acts_[i].data();
    }
    if (layers.back()->activation() == Activation::Softmax) {
        out_ = cur;
    } else {
        // logits -> probabilities (from_logits=True in Keras terms)
        std::copy(cur, cur + (size_t)N * num_classes(), probs_.begin());
        activation_forward(Activation::Softmax, probs_.data(), N, num_classes());
        out_ = probs_.data();
    }
    return out_;
}

double Model::loss(const int* y, int N, int* correct) const {
    const int K = num_classes();
    const float eps = 1e-7f;
    double sum = 0;
    int ok = 0;
    for (int n = 0; n < N; n++) {
        const float* p = out_ + (size_t)n * K;
        float py = std::min(std::max(p[y[n]], eps), 1.f - eps);
        sum -= std::log((double)py);
        if (std::max_element(p, p + K) - p == y[n]) ok++;
    }
    if (correct) *correct = ok;
    return N ? sum / N : 0;
}

double Model::backward(const float* x, const int* y, int N, ThreadPool& pool) {
    const int K = num_classes();
    std::fill(grads.begin(), grads.end(), 0.f);
    double L = loss(y, N);
    // Softmax + cross-entropy together: d(mean loss)/d(logits) = (p − onehot(y)) / N. This is
    // the gradient before the last layer's softmax (or before the implicit one).
    float* dy = dbuf_[0].data();
    const float invN = 1.f / (float)N;
    for (int n = 0; n < N; n++)
        for (int k = 0; k < K; k++)
            dy[(size_t)n * K + k] = (out_[(size_t)n * K + k] - (k == y[n] ? 1.f : 0.f)) * invN;
    backward_layers(x, N, layers.back()->activation() == Activation::Softmax, -1, nullptr, pool);
    return L;
}

void Model::backward_layers(const float* x, int N, bool preact, int to, float* dto, ThreadPool& pool) {
    int which = 0;
    for (size_t i = layers.size(); i-- > (size_t)(to + 1);) {
        const float* xin = i ? acts_[i - 1].data() : x;
        float* dx = i == (size_t)(to + 1) ? dto : dbuf_[1 - which].data();
        layers[i]->backward(xin, acts_[i].data(), dbuf_[which].data(), dx, N, preact, pool);
        preact = false;
        which = 1 - which;
    }
}

void Model::backward_from(const float* x, const float* dlogits, int N, int to, float* dto, ThreadPool& pool) {
    if (to < -1 || to >= (int)layers.size() - 1 || N > capacity_)
        throw Error("backward_from: layer " + std::to_string(to) + " or batch " + std::to_string(N) +
                    " outside the model or the last forward");
    std::fill(grads.begin(), grads.end(), 0.f);
    std::copy(dlogits, dlogits + (size_t)N * num_classes(), dbuf_[0].begin());
    // With a softmax at the end, dlogits is the gradient before it (the layer skips its
    // activation's derivative); without, the last layer's output is the logits.
    backward_layers(x, N, layers.back()->activation() == Activation::Softmax, to, dto, pool);
}

} // namespace cnn
