// model.h — a sequential stack of layers: parsing the one-line model grammar, shape
// inference with errors that name the layer, a Keras-style summary, the parameter and
// gradient slabs, and forward/backward over a batch with softmax + sparse cross-entropy.
// Not here: optimizers (optim.h), the training loop (train.h), files (model_io.h).
//
// Model grammar (also documented in README.md):
//   model  := layer ( sep layer )*          sep := ',' or spaces (outside parentheses)
//   layer  := name [ '(' arg ( ',' arg )* ')' ]     arg := value | key '=' value
//   input(C,H,W)                      optional first item; default input(3,32,32)
//   conv(FILTERS, K [, stride=S] [, pad=valid|same|N] [, ACT])   aliases: conv2d
//   maxpool(SIZE [, stride=S])  avgpool(SIZE [, stride=S])       aliases: maxpool2d, avgpool2d
//   dense(UNITS [, ACT])   flatten   relu   sigmoid   tanh   softmax
//   ACT := linear | relu | sigmoid | tanh | softmax   (bare, or act=ACT)
//   keys: filters/f, kernel/k, stride/s, pad/padding/p, act/activation, size, units/u
// The tutorial's model is kTutorialModel.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/layers/layer.h"

namespace cnn {

extern const char* const kTutorialModel;

struct Model {
    Shape input{3, 32, 32};
    std::vector<std::unique_ptr<Layer>> layers;
    std::vector<float> params;  // every layer's parameters, one slab, in layer order
    std::vector<float> grads;   // same layout as params

    // Parses and infers shapes; throws Error (with the layer's position and name) on a
    // syntax error or an impossible stack. Parameters are zero until init().
    static Model parse(const std::string& spec);
    // The same checks and shapes, but no parameter slabs (params/grads stay empty, layers
    // unbound): for validating and estimating memory of a model that may be too big to
    // allocate (the page checks every edit this way). allocate() makes it a parse()d model.
    static Model parse_shapes(const std::string& spec);
    void allocate();
    Model() = default;
    Model(Model&&) = default;
    Model& operator=(Model&&) = default;

    void init(uint64_t seed);  // Glorot-uniform weights, zero biases, from a seeded stream
    std::string spec() const;  // canonical one-line spec (parse(spec()) gives the same model)
    std::string summary() const;  // Keras model.summary() text
    size_t num_params() const;  // from the layers' shapes (also before allocate())
    Shape output_shape() const { return layers.empty() ? input : layers.back()->out; }
    int num_classes() const { return output_shape().size(); }
    // Bytes of activations, caches and gradients a training step of batch N needs (estimate).
    size_t training_bytes(int N) const;

    // x (N, input) -> class probabilities (N, classes); pointer valid until the next call.
    // If the last layer ends in softmax its output is used as is, else softmax is applied.
    const float* forward(const float* x, int N, bool train, ThreadPool& pool);
    // Output of layer i from the last forward (N, layers[i]->out); for feature-map views.
    const float* layer_output(int i) const { return acts_[i].data(); }
    // Mean sparse categorical cross-entropy of the last forward against labels y (N),
    // with Keras's clipping of probabilities to [1e-7, 1 − 1e-7]; also counts correct.
    double loss(const int* y, int N, int* correct = nullptr) const;
    // Backward from the last (training) forward: zeroes grads, then fills them with
    // d(mean loss)/d(params). Returns the loss.
    double backward(const float* x, const int* y, int N, ThreadPool& pool);

private:
    void bind();
    void ensure_buffers(int N);
    std::vector<std::vector<float>> acts_;  // acts_[i]: (N, layers[i]->out)
    std::vector<float> probs_;              // (N, classes) when the model ends without softmax
    std::vector<float> dbuf_[2];            // ping-pong gradients of activations
    int capacity_ = 0;                      // batch size the buffers are sized for
    const float* out_ = nullptr;
};

} // namespace cnn
