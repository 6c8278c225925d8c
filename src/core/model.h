// model.h — a sequential stack of layers: parsing the one-line model grammar, shape
// inference with errors that name the layer, a Keras-style summary, the parameter and
// gradient slabs, and forward/backward over a batch with softmax + sparse cross-entropy.
// Not here: optimizers (optim.h), the training loop (train.h), files (model_io.h).
//
// Model grammar (also documented in README.md):
//   model  := layer ( sep layer )*    sep := ',' ';' '>' '-' or spaces (outside parentheses)
//   layer  := name [ '(' arg ( ',' arg )* ')' ]     arg := value | key '=' value
//   input(C,H,W)                      optional first item; default input(3,32,32)
//   conv(FILTERS, K [, stride=S] [, pad=valid|same|N] [, ACT])   aliases: conv2d
//   maxpool(SIZE [, stride=S])  avgpool(SIZE [, stride=S])       aliases: maxpool2d, avgpool2d
//   dense(UNITS [, ACT])   flatten   relu   sigmoid   tanh   softmax
//   ACT := linear | relu | sigmoid | tanh | softmax   (bare, or act=ACT)
//   keys: filters/f, kernel/k, stride/s, pad/padding/p, act/activation, size, units/u
// The tutorial's model is kTutorialModel. Parsing lives in model_parse.cpp; every parse
// error carries a code, its numbers and the row it is about (error.h).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/layers/layer.h"

namespace cnn {

extern const char* const kTutorialModel;

// One item of a spec after input(...), read on its own: its layer (Keras-named), shaped
// while the stack before it is possible, or why it does not read or cannot be placed.
struct SpecRow {
    std::unique_ptr<Layer> layer;  // null when the item does not read
    bool shaped = false;           // layer->in/out are this row's shapes
    ErrorInfo error;               // the item's own error, or the stack's impossible shape here
};

// A spec read row by row: every row's layer or error, the shapes up to the first impossible
// row. The whole-model checks (softmax last, a flat end) are Model::from_rows's.
struct SpecRows {
    Shape input{3, 32, 32};
    std::vector<SpecRow> rows;
    ErrorInfo error;   // the first error (of a row, of input(...), or an empty spec); None: all shaped
    int bad_row = -1;  // index in rows of that error; -1 when it is not a row's
    Shape output() const;  // the last shaped row's output (the input if none)
};
SpecRows parse_rows(const std::string& spec);

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
    // The model of rows that all read and shape (else throws their error), after the
    // whole-model checks. Shapes only, like parse_shapes.
    static Model from_rows(SpecRows&& rows);
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
    // Bytes a training step of batch N with `threads` threads needs for the model: four
    // copies of the parameters (weights, gradients, Adam's m and v), every layer's
    // workspace_bytes, and the gradient ping-pong and probability buffers. In double (no
    // wrap-around); limits.h turns it into the run's estimate.
    double training_bytes(int N, int threads = 1) const;
    // The part of training_bytes that is layer i's: its four parameter copies and workspace.
    double layer_training_bytes(size_t i, int N, int threads) const;

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
    // Backward of any gradient at the logits, from the last training forward of x (N images):
    // dlogits (N, classes) is d(something)/d(logits), the logits being the last layer's output
    // before its softmax when it ends in one, else its output (which forward's softmax follows).
    // It is carried down to the output of layer `to` and written to dto (N, layers[to]->out);
    // to = -1 gives the gradient at the input x (N, input). −1 ≤ to < layers.size() − 1.
    // grads are zeroed, then the layers above `to` add d(Σ dlogits ⊙ logits)/d(params) (the
    // others' stay 0); params are not touched. For explanations (explain/saliency.h).
    void backward_from(const float* x, const float* dlogits, int N, int to, float* dto, ThreadPool& pool);

private:
    double buffer_bytes(int N) const;  // dbuf_ and probs_ at batch N
    void bind();
    void ensure_buffers(int N);
    // Layers from the last down to to + 1, from the gradient in dbuf_[0] (at the logits when
    // `preact`, else at the last layer's output); layer to + 1 writes dto (null: not at all).
    void backward_layers(const float* x, int N, bool preact, int to, float* dto, ThreadPool& pool);
    std::vector<std::vector<float>> acts_;  // acts_[i]: (N, layers[i]->out)
    std::vector<float> probs_;              // (N, classes) when the model ends without softmax
    std::vector<float> dbuf_[2];            // ping-pong gradients of activations
    int capacity_ = 0;                      // batch size the buffers are sized for
    const float* out_ = nullptr;
};

// The one check that a model classifies the images a run trains on: its input is `image`
// and it ends in a flat vector of `classes` scores (CIFAR-10's (3,32,32) and 10: cifar.h).
// Returns InputNotImage or NotClassifier, or an ErrorInfo with code None.
ErrorInfo classifier_error(const Shape& input, const Shape& output, const Shape& image = Shape{3, 32, 32},
                           int classes = 10);
ErrorInfo classifier_error(const Model& m, const Shape& image = Shape{3, 32, 32}, int classes = 10);

} // namespace cnn
