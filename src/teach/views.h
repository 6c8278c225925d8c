// views.h — numbers of the lab's comparison views: a convolution against a dense layer making
// the same outputs (parameter counts and their explanation as a message), and a live Conv2D
// layer described as a message. No UI, no sentences.
#pragma once
#include <cstdint>

#include "core/layers/conv2d.h"
#include "teach/message.h"

namespace teach {

// Parameter counts for one input (C, H, W): a Conv2D with F filters K×K has F·(C·K·K + 1)
// parameters; a Dense layer making the same F·OH·OW outputs from the flattened C·H·W inputs
// has (C·H·W + 1)·F·OH·OW.
struct ParamComparison {
    int C = 0, H = 0, W = 0, F = 0, K = 0, OH = 0, OW = 0;
    int64_t inputs = 0;        // C·H·W
    int64_t outputs = 0;       // F·OH·OW
    int64_t conv_params = 0;   // F·(C·K·K + 1)
    int64_t dense_params = 0;  // (C·H·W + 1)·F·OH·OW
    double ratio = 0;          // dense_params / conv_params
    Msg explain;               // dense_explain: both counts written out with their numbers
};
// Throws TeachError when the sizes make no convolution (the messages of shape_errors()).
ParamComparison dense_vs_conv(int C, int H, int W, int F, int K, int stride = 1, cnn::Padding pad = {});
// The same for a layer of the user's model (shapes from infer()).
ParamComparison dense_vs_conv(const cnn::Conv2D& layer);

// The live model's layer in one line: "32 filters 3×3, stride 1, padding valid, relu".
Msg describe_conv(const cnn::Conv2D& layer);

} // namespace teach
