// limits.h — will a training run fit in memory? The one estimate of the bytes a run needs (the
// model's slabs and every layer's workspace from Model::training_bytes, the trainer's own
// buffers, the data set bytes) and a check that refuses, before training starts, with the estimate shown.
// Not here: measuring real memory use, or knowing where the limit comes from (natively a
// default of 1.5 GB or $CNN_MEMORY_LIMIT_MB; in the browser the caller passes the heap size).
#pragma once
#include <cstddef>
#include <string>

#include "core/cifar.h"
#include "core/model.h"

namespace cnn {

// Images per evaluation batch (evaluate()'s default, used for validation after each epoch):
// the model's activation buffers grow to max(batch size, this).
constexpr int kEvalBatch = 250;
// The program itself beyond what the estimate counts: code, thread stacks, matrix-product
// packing buffers, allocator slack. Part of MemoryEstimate::trainer.
constexpr size_t kRuntimeBytes = size_t(16) << 20;

struct MemoryEstimate {
    size_t model = 0;    // Model::training_bytes(batch, threads): weights, grads, Adam m/v and each
                         // layer's workspace_bytes (activations, caches, im2col, per-thread scratch)
                         // + the activations evaluation adds when kEvalBatch > batch
    size_t trainer = 0;  // float input batches (train + eval), the backup of weights and Adam's m/v
                         // for divergence, shuffle order, and kRuntimeBytes
    size_t data = 0;     // training + validation images and labels, as bytes
    size_t total() const;  // saturating sum
    // "1,726.3 MB (model 1,540.1 MB for batches of 32, trainer 2.6 MB, data 184.3 MB)"
    std::string str() const;
    int batch = 0;  // the batch size the estimate is for (for str())
};

struct MemoryLimit {
    size_t bytes = 0;
    std::string source;  // says where the limit comes from, for the message ("the WebAssembly heap")
};

constexpr size_t kDefaultMemoryLimitMB = 1536;  // 1.5 GB

// Natively: $CNN_MEMORY_LIMIT_MB if set (a whole number of MB; anything else throws Error),
// else kDefaultMemoryLimitMB. memory_limit_from(nullptr or "") gives the default; it is the
// testable part of default_memory_limit().
MemoryLimit memory_limit_from(const char* env_value);
MemoryLimit default_memory_limit();

// Estimate for training `model` with batches of `batch_size` on `train_images` images and
// validating on `val_images` images (each image 3072 bytes + 1 label byte), with `threads`
// worker threads (<= 0: the hardware's count, as ThreadPool(0) picks).
MemoryEstimate estimate_training_memory(const Model& model, int batch_size, size_t train_images,
                                        size_t val_images, int threads = 0);
// The same, with the images counted from loaded data sets (val may be null).
MemoryEstimate estimate_training_memory(const Model& model, int batch_size, const Dataset& train,
                                        const Dataset* val, int threads = 0);

// Throws Error "this training run needs about X MB (...), more than the memory limit of
// Y MB (source); ..." when the estimate is over the limit. Returns the estimate otherwise.
MemoryEstimate check_training_memory(const Model& model, int batch_size, const Dataset& train,
                                     const Dataset* val, const MemoryLimit& limit = default_memory_limit(),
                                     int threads = 0);
// Throws Error with code MemoryOverLimit (numbers: total, model, trainer, data, limit bytes,
// batch, 1 if the total saturated; word: the limit's source).
void check_memory(const MemoryEstimate& e, const MemoryLimit& limit);
// Index of the layer that weighs most in the estimate (Model::layer_training_bytes): the row
// a front end marks when a run is refused for memory. The model must have layers.
size_t heaviest_layer(const Model& model, int batch_size, int threads = 0);

} // namespace cnn
