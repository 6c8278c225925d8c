// load.h — a model from a file of any format this program reads: its own model file
// (model_io.h, "CNNPLAY1"), ONNX (onnx.h) or a TensorFlow.js model.json (tfjs.h). The format
// is told by the content (the model file's magic) or the name (".json"); anything else is
// read as ONNX. Imported models have no optimizer state and no history.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/model_io.h"

namespace cnn {

enum class ModelFormat { Native, Onnx, Tfjs };
ModelFormat model_format(const std::string& name, const uint8_t* data, size_t len);

// The whole file, or Error FileNotFound / FileIsDirectory / FileNotRegular / FileUnreadable /
// FileTooLarge (over max_bytes) / FileShortRead naming it. kind: 1 a model file is expected.
std::vector<uint8_t> read_whole_file(const std::string& path, size_t max_bytes, int kind = 1);

// A file already in memory (the page's dropped file; a model.json's shards cannot come this way).
Checkpoint load_any_model(const uint8_t* data, size_t len, const std::string& name);
Checkpoint load_any_model_file(const std::string& path);

} // namespace cnn
