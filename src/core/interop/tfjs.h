// tfjs.h — reading a TensorFlow.js Layers model (model.json + its weight shards, the format
// Keras models are converted to for the web) into a Model of this project.
// Layers read: InputLayer, Conv2D, MaxPooling2D, AveragePooling2D, Flatten, Dense, Activation
// (channels_last, as Keras writes them). Keras's kernels and its flatten order (height, width,
// channels) are rearranged into this project's (OC, C, K, K) kernels and (C, H, W) order.
// Everything else is refused with an Error naming the layer and its class (error.h: Import*).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/model.h"

namespace cnn {

// The bytes of one weight shard, by its path as model.json's weightsManifest names it.
// Throws Error (FileNotFound, ...) when it cannot be read.
using ShardReader = std::function<std::vector<uint8_t>(const std::string& path)>;

// json: model.json's text; name: the file named in errors. The Model is allocated and holds
// the weights. Throws Error (codes Import*, or the model's own error inside ImportModel).
Model import_tfjs(const std::string& json, const ShardReader& shard, const std::string& name);
// The same from a file, its shards read from model.json's folder.
Model import_tfjs_file(const std::string& path);

} // namespace cnn
