// export.h — a model written out for other programs: ONNX (onnx.h), PyTorch and Keras.
//   PyTorch: NAME.py defining build() -> nn.Sequential and load() -> the model with the
//            weights of NAME.npz (state_dict keys, PyTorch's layout); `python3 NAME.py
//            [test_batch.bin [COUNT [OUT.npy]]]` runs it on CIFAR-10 records (or a grey image).
//   Keras:   NAME.py building the model in the tutorial's style (models.Sequential(),
//            model.add(layers.Conv2D(...))), its weights set from the same NAME.npz,
//            rearranged to Keras's layout (kernels (K, K, C, OC); the dense layer after
//            Flatten reordered from (C, H, W) to Keras's (H, W, C)). Input (N, H, W, C).
// keras_training_source: the same model as the tutorial writes it for training from scratch
//   (load CIFAR-10, pixels / 255, Sequential, compile, fit with the page's settings), no weights.
// Each format's files are returned by name; the caller writes or downloads them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/interop/npz.h"
#include "core/model.h"
#include "core/settings.h"

namespace cnn {

enum class ExportFormat { Onnx, PyTorch, Keras };

bool parse_export_format(const std::string& s, ExportFormat* f);  // "onnx", "pytorch", "keras"
// From a file name: ".onnx" ONNX, ".py" PyTorch; false when the extension says neither.
bool export_format_for(const std::string& path, ExportFormat* f);

// base: the file name without its extension ("model" -> model.onnx, or model.py + model.npz).
// class_names: one per output, or empty.
std::vector<ZipEntry> export_model(const Model& m, ExportFormat f, const std::string& base,
                                   const std::vector<std::string>& class_names);

// The PyTorch nn.Sequential's weights, by state_dict key ("0.weight": (OC, C, K, K), "7.weight":
// (O, I)); the Keras export reads the same archive.
std::vector<uint8_t> torch_weights_npz(const Model& m, std::vector<float>* scratch);
// Each conv and dense layer, with the index of its module in the PyTorch export's Sequential.
std::vector<std::pair<const Layer*, int>> torch_param_modules(const Model& m);
std::string pytorch_source(const Model& m, const std::string& base, const std::vector<std::string>& class_names);
std::string keras_source(const Model& m, const std::string& base, const std::vector<std::string>& class_names);
// The model as the tutorial's training script: optimizer, learning rate, batch size and epochs
// from s; the loss takes logits (from_logits=True) when the model does not end in softmax.
std::string keras_training_source(const Model& m, const TrainSettings& s);

} // namespace cnn
