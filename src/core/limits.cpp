// limits.cpp — the memory estimate of a training run and the refusal when it is over the
// limit (see limits.h). Sizes are size_t with saturating sums, so an absurd model gives an
// absurd estimate and a refusal, never a wrapped-around small number.
#include "core/limits.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <thread>

#include "core/error.h"
#include "core/layers/conv2d.h"
#include "core/layers/pool2d.h"

namespace cnn {

namespace {

constexpr size_t kMB = size_t(1) << 20;
constexpr size_t kMax = std::numeric_limits<size_t>::max();
// The program itself: code, thread stacks, matrix-product packing buffers, allocator slack.
constexpr size_t kRuntimeBytes = 16 * kMB;

size_t add(size_t a, size_t b) { return a > kMax - b ? kMax : a + b; }
size_t mul(size_t a, size_t b) { return (a != 0 && b > kMax / a) ? kMax : a * b; }

// "123.4 MB"; a saturated count (kMax: more than size_t holds, e.g. 4 GB in wasm32) reads
// "more than 4096.0 MB".
std::string mb(size_t bytes) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%.1f MB", bytes == kMax ? "more than " : "", (double)bytes / (double)kMB);
    return buf;
}

// Floats of activations one image adds to the model's buffers (Model::ensure_buffers):
// every layer's output, the two ping-pong gradient buffers, the probabilities.
size_t activation_floats_per_image(const Model& m) {
    size_t sum = 0, maxact = (size_t)m.input.size();
    for (const auto& L : m.layers) {
        sum = add(sum, (size_t)L->out.size());
        maxact = std::max(maxact, (size_t)L->out.size());
    }
    return add(add(sum, mul(2, maxact)), (size_t)m.num_classes());
}

// Kernel workspaces that Model::training_bytes does not count (measured against peak RSS:
// without them a batch of 256 was underestimated by a quarter). Conv2D keeps dz (N, OC·P),
// one dW+db part per 8 images (summed in a fixed order), and per-thread scratch of
// (C·K·K + OC) × 4 images × P, of which training_bytes counts 2 × C·K·K × P; max-pooling
// keeps an int32 argmax per output (N, out).
size_t kernel_workspace_bytes(const Model& m, size_t N, size_t threads) {
    size_t floats = 0;
    for (const auto& L : m.layers) {
        if (auto* c = dynamic_cast<const Conv2D*>(L.get())) {
            const size_t ckk = (size_t)c->ckk(), P = (size_t)c->positions(), OC = (size_t)c->filters;
            floats = add(floats, mul(N, (size_t)c->out.size()));               // dz
            floats = add(floats, mul((N + 7) / 8, c->num_params()));            // dW parts
            const size_t scratch = mul(mul(threads, add(ckk, OC)), mul(4, P));  // per-thread chunks
            const size_t counted = mul(mul(2, ckk), P);
            if (scratch > counted) floats = add(floats, scratch - counted);
        } else if (auto* p = dynamic_cast<const Pool2D*>(L.get())) {
            if (p->mode == Pool2D::Max) floats = add(floats, mul(N, (size_t)p->out.size()));  // int32 argmax
        }
    }
    return mul(floats, sizeof(float));
}

} // namespace

size_t MemoryEstimate::total() const { return add(add(model, trainer), data); }

std::string MemoryEstimate::str() const {
    return mb(total()) + " (model " + mb(model) + " for batches of " + std::to_string(batch) + ", trainer " +
           mb(trainer) + ", data " + mb(data) + ")";
}

MemoryLimit memory_limit_from(const char* v) {
    MemoryLimit l;
    if (!v || !*v) {
        l.bytes = kDefaultMemoryLimitMB * kMB;
        l.source = "the default; set CNN_MEMORY_LIMIT_MB to change it";
        return l;
    }
    char* end = nullptr;
    errno = 0;
    unsigned long long x = std::strtoull(v, &end, 10);
    if (*v == '-' || *end || errno || x == 0 || x > (unsigned long long)(kMax / kMB))
        throw Error(std::string("CNN_MEMORY_LIMIT_MB must be a positive whole number of megabytes, got '") + v + "'");
    l.bytes = (size_t)x * kMB;
    l.source = "set by CNN_MEMORY_LIMIT_MB";
    return l;
}

MemoryLimit default_memory_limit() { return memory_limit_from(std::getenv("CNN_MEMORY_LIMIT_MB")); }

MemoryEstimate estimate_training_memory(const Model& model, int batch_size, size_t train_images, size_t val_images,
                                        int threads) {
    MemoryEstimate e;
    // Batches never hold more images than the training set (the last one may hold fewer).
    size_t B = (size_t)std::max(batch_size, 1);
    if (train_images > 0 && train_images < B) B = train_images;
    const size_t T = threads > 0 ? (size_t)threads : std::max<size_t>(1, std::thread::hardware_concurrency());
    e.model = add(model.training_bytes((int)B), kernel_workspace_bytes(model, B, T));
    // Model::training_bytes sums in size_t, which is 32 bits in WebAssembly: where the same sum
    // in double passes size_t's range, it has wrapped around, so saturate instead.
    double act = (double)model.input.size();
    for (const auto& L : model.layers) act += 3.0 * L->out.size();
    if ((double)B * act * sizeof(float) + 4.0 * sizeof(float) * model.num_params() >= (double)kMax) e.model = kMax;
    e.batch = (int)B;
    if (val_images > 0 && (size_t)kEvalBatch > B)
        e.model = add(e.model, mul(mul((size_t)kEvalBatch - B, activation_floats_per_image(model)), sizeof(float)));
    // Trainer: x (batch_size, 3, 32, 32) floats and y (batch_size), sized for the configured
    // batch even when the set is smaller; the parameter backup; the shuffle order.
    // evaluate(): x (kEvalBatch, 3, 32, 32) floats, y and idx.
    const size_t BC = (size_t)std::max(batch_size, 1);
    e.trainer = mul(mul(BC, Dataset::kImage), sizeof(float));
    e.trainer = add(e.trainer, mul(BC, sizeof(int)));
    e.trainer = add(e.trainer, mul(model.num_params(), sizeof(float)));
    e.trainer = add(e.trainer, mul(train_images, sizeof(int)));
    if (val_images > 0) e.trainer = add(e.trainer, mul((size_t)kEvalBatch, Dataset::kImage * sizeof(float) + 2 * sizeof(int)));
    e.trainer = add(e.trainer, kRuntimeBytes);
    e.data = mul(add(train_images, val_images), Dataset::kRecord);  // pixels + label
    return e;
}

MemoryEstimate estimate_training_memory(const Model& model, int batch_size, const Dataset& train, const Dataset* val,
                                        int threads) {
    return estimate_training_memory(model, batch_size, (size_t)train.size(), val ? (size_t)val->size() : 0, threads);
}

void check_memory(const MemoryEstimate& e, const MemoryLimit& limit) {
    if (e.total() <= limit.bytes) return;
    throw Error(std::string("this training run needs ") + (e.total() == kMax ? "" : "about ") + e.str() +
                ", more than the memory limit of " + mb(limit.bytes) +
                " (" + limit.source + "); use fewer or smaller layers, a smaller batch or fewer images");
}

MemoryEstimate check_training_memory(const Model& model, int batch_size, const Dataset& train, const Dataset* val,
                                     const MemoryLimit& limit, int threads) {
    MemoryEstimate e = estimate_training_memory(model, batch_size, train, val, threads);
    check_memory(e, limit);
    return e;
}

} // namespace cnn
