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

namespace cnn {

namespace {

constexpr size_t kMB = size_t(1) << 20;
constexpr size_t kMax = std::numeric_limits<size_t>::max();

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

// A count in double as size_t, saturated (size_t is 32 bits in WebAssembly).
size_t sat(double v) { return v >= (double)kMax ? kMax : (size_t)v; }

size_t threads_or_hardware(int threads) {
    return threads > 0 ? (size_t)threads : std::max<size_t>(1, std::thread::hardware_concurrency());
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
    const int T = (int)threads_or_hardware(threads);
    e.model = sat(model.training_bytes((int)B, T));
    e.batch = (int)B;
    if (val_images > 0 && (size_t)kEvalBatch > B)
        e.model = add(e.model, mul(mul((size_t)kEvalBatch - B, activation_floats_per_image(model)), sizeof(float)));
    // Trainer: x (batch_size, 3, 32, 32) floats and y (batch_size), sized for the configured
    // batch even when the set is smaller; the backup of the parameters and of Adam's m and v
    // (restored when the loss diverges); the shuffle order.
    // evaluate(): x (kEvalBatch, 3, 32, 32) floats, y and idx.
    const size_t BC = (size_t)std::max(batch_size, 1);
    e.trainer = mul(mul(BC, Dataset::kImage), sizeof(float));
    e.trainer = add(e.trainer, mul(BC, sizeof(int)));
    e.trainer = add(e.trainer, mul(mul(3, model.num_params()), sizeof(float)));
    e.trainer = add(e.trainer, mul(train_images, sizeof(int)));
    if (val_images > 0) e.trainer = add(e.trainer, mul((size_t)kEvalBatch, Dataset::kImage * sizeof(float) + 2 * sizeof(int)));
    e.trainer = add(e.trainer, kRuntimeBytes);
    e.data = mul(add(train_images, val_images), Dataset::kRecord);  // pixels + label
    return e;
}

size_t heaviest_layer(const Model& model, int batch_size, int threads) {
    const int B = std::max(batch_size, 1), T = (int)threads_or_hardware(threads);
    size_t worst = 0;
    for (size_t i = 1; i < model.layers.size(); i++)
        if (model.layer_training_bytes(i, B, T) > model.layer_training_bytes(worst, B, T)) worst = i;
    return worst;
}

MemoryEstimate estimate_training_memory(const Model& model, int batch_size, const Dataset& train, const Dataset* val,
                                        int threads) {
    return estimate_training_memory(model, batch_size, (size_t)train.size(), val ? (size_t)val->size() : 0, threads);
}

void check_memory(const MemoryEstimate& e, const MemoryLimit& limit) {
    if (e.total() <= limit.bytes) return;
    auto ll = [](size_t v) { return (long long)v; };
    throw Error(Errc::MemoryOverLimit,
                std::string("this training run needs ") + (e.total() == kMax ? "" : "about ") + e.str() +
                    ", more than the memory limit of " + mb(limit.bytes) + " (" + limit.source +
                    "); use fewer or smaller layers, a smaller batch or fewer images",
                {ll(e.total()), ll(e.model), ll(e.trainer), ll(e.data), ll(limit.bytes), e.batch, e.total() == kMax},
                {limit.source});
}

MemoryEstimate check_training_memory(const Model& model, int batch_size, const Dataset& train, const Dataset* val,
                                     const MemoryLimit& limit, int threads) {
    MemoryEstimate e = estimate_training_memory(model, batch_size, train, val, threads);
    check_memory(e, limit);
    return e;
}

} // namespace cnn
