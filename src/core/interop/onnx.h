// onnx.h — the model as an ONNX file (opset 13, float32), and ONNX files as models.
//
// Export writes one node per operation, in layer order, input "input" (N, C, H, W) float32,
// pixels scaled to 0..1, channels R, G, B; output "probabilities" (N, classes) when the model
// ends in softmax, else "scores". Its metadata_props say so ("input", "output", "spec",
// "classes"). Operators: Conv (kernel_shape, strides, pads as [top, left, bottom, right]: a
// TensorFlow 'same' pad with an odd total has the extra cell bottom/right), MaxPool,
// AveragePool, Relu, Sigmoid, Tanh, Softmax (axis 1), Flatten (axis 1: this project's
// (C, H, W) order is ONNX's), Gemm (A·B + C, B = the dense kernel (I, O) as stored).
// Each node's doc_string is its layer's spec; an activation fused into its layer says
// "fused", so an exported model imports back to the same spec.
//
// Import reads a single chain of those operators (as written above or by PyTorch's
// torch.onnx.export, opsets 7–21), plus MatMul (+ Add) as a dense layer, Reshape to
// (batch, −1) as flatten, Identity and Dropout (nothing at inference) and Constant. An
// activation right after a Conv/Gemm is fused into it unless the file is this program's
// and did not fuse it. Anything else is refused with the node's name and operator
// (error.h: Import*). The model is allocated, holds the weights, and has no optimizer.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/model.h"

namespace cnn {

// class_names: written to the metadata when there is one per output (else left out).
std::vector<uint8_t> export_onnx(const Model& m, const std::vector<std::string>& class_names = {});
Model import_onnx(const uint8_t* data, size_t len, const std::string& name);

} // namespace cnn
