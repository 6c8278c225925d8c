// tfjs_layers.h — the layer part of a TensorFlow.js Layers model.json: its modelTopology
// (Keras's model config) read into this project's one-line model spec, one spec item per
// Keras layer that computes something. Used by tfjs.cpp, which adds the weights.
// Not here: weights, shards, files (tfjs.cpp).
#pragma once
#include <string>
#include <vector>

#include "core/interop/json.h"
#include "core/tensor.h"

namespace cnn::tfjs {

extern const char* const kFormat;  // "TensorFlow.js", the format word of the Import* errors

// One Keras layer that becomes a layer of the Model. Dropout and Activation('linear') are
// identities at inference and become none; InputLayer becomes the spec's input(C,H,W).
struct KerasLayer {
    std::string name;   // Keras's layer name ("conv2d_Conv2D1"): its weights are "<name>/kernel", "<name>/bias"
    std::string cls;    // Keras class ("Conv2D")
    std::string spec;   // the project's spec item ("conv(32,3,stride=1,pad=valid,relu)")
    bool kernel = false;  // Conv2D and Dense: a kernel to read
    bool bias = false;    // ... and a bias (use_bias); without it the Model's bias stays zero
};

struct Topology {
    Shape input;  // (C, H, W) from Keras's [null, H, W, C]
    std::vector<KerasLayer> layers;
    std::string spec() const;  // "input(C,H,W) item item ..."
};

// model.json's root object -> the layers. Throws Error: ImportMalformed (not the expected
// structure), ImportUnsupported (a layer class or model class not read), ImportAttribute (a
// setting this project cannot reproduce), ImportNotChain (a functional model that is not one
// chain), ImportInput (no input shape of the form [null, H, W, C]). w[0] is always `file`.
Topology read_topology(const json::Value& root, const std::string& file);

// Errors of the Import* family, shared with tfjs.cpp.
[[noreturn]] void malformed(const std::string& file, const json::Value* at, const std::string& what);
[[noreturn]] void attribute(const std::string& file, const std::string& layer, const std::string& cls,
                            const std::string& attr, const std::string& value);

} // namespace cnn::tfjs
