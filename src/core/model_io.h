// model_io.h — the model file: architecture, weights, optimizer state and training history
// in one checksummed binary blob, used by `cnn-train --save/--load` and the page's
// save/load. Loading validates everything before returning, so a bad file never touches
// the caller's current model. Layout (little-endian):
//   magic "CNNPLAY1" (8 bytes) | u32 version (1) | u32 payload bytes | payload | u32 CRC-32 of payload
//   payload: str spec | u64 n_params | f32[n] params | u8 has_optimizer
//            [ str kind | f32 lr, beta1, beta2, eps, momentum | i64 t | u64 nm | f32[nm] m | u64 nv | f32[nv] v ]
//            | u32 n_epochs | n × (i32 epoch, f64 loss, accuracy, val_loss, val_accuracy, seconds, images_per_s)
//   str = u32 length + bytes
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/optim.h"
#include "core/train.h"

namespace cnn {

struct Checkpoint {
    Model model;
    bool has_optimizer = false;
    Optimizer optimizer;
    History history;
};

std::vector<uint8_t> save_model(const Model& m, const Optimizer* opt, const History* hist);
void save_model_file(const std::string& path, const Model& m, const Optimizer* opt, const History* hist);
// Throws Error naming `name` and what is wrong (truncated, bad magic, version, checksum,
// architecture that does not parse, parameter count that does not match it).
Checkpoint load_model(const uint8_t* data, size_t len, const std::string& name);
Checkpoint load_model_file(const std::string& path);

uint32_t crc32(const uint8_t* data, size_t len);

} // namespace cnn
