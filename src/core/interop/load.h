// load.h — a model from a file of any format this program reads: its own model file
// (model_io.h, "CNNPLAY1"), ONNX (onnx.h) or a TensorFlow.js model.json (tfjs.h). The format
// is told by the content (the model file's magic; an ONNX file's first byte) or the name
// (".onnx", ".json"); anything else goes to the model file's reader, which says why it is not
// one. Imported models have no optimizer state and no history.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/model_io.h"

namespace cnn {

enum class ModelFormat { Native, Onnx, Tfjs };
ModelFormat model_format(const std::string& name, const uint8_t* data, size_t len);

// A model file or an ONNX file already in memory (a model.json needs its shards: tfjs.h).
Checkpoint load_any_model(const uint8_t* data, size_t len, const std::string& name);
// Any of the three from disk; a model.json's shards are read from its folder.
Checkpoint load_any_model_file(const std::string& path);

} // namespace cnn
