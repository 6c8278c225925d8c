// concepts.h — the numbers behind the lab's "Picture to answer" tab, for the chosen image:
// pixels scaled from 0..255 to 0..1, flatten's element order, softmax (scores, exponentials,
// probabilities), the one-hot label and cross-entropy. The logits come from the engine (a
// forward on its own thread, Inside::logits); the rest is a few dozen operations on them.
// Not here: drawing (lab/teach_concepts.cpp), the JS side (web/api_concepts.cpp).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/model.h"

namespace app {

struct Inside;

// The last layer's values before softmax for image 0 of the model's last forward: the logits.
// A last Dense with softmax: x·W + b again from its input (x: the forward's input when it is the
// only layer); a last softmax Activation: its input; anything else: its output, which
// Model::forward's own softmax follows.
std::vector<float> last_logits(const cnn::Model& m, const float* x);

// softmax(z)_k = e^(z_k − max z) / Σ_j e^(z_j − max z). Subtracting the largest score changes no
// probability (it cancels in the fraction) and keeps e^ from overflowing.
struct SoftmaxParts {
    std::vector<float> scores, exps, probs;  // (K) each; exps are e^(score − max)
    float max = 0, sum = 0;                  // the largest score, Σ exps
};
SoftmaxParts softmax_parts(const std::vector<float>& scores);

// Cross-entropy of one image with label y: −Σ_k onehot_k · log p_k = −log p_y, with p clipped
// to [1e-7, 1 − 1e-7] as Model::loss (and Keras) do.
struct LossParts {
    int label = 0;
    std::vector<float> onehot;  // (K): 1 at the label, else 0
    float p_true = 0, loss = 0;
};
LossParts loss_parts(const std::vector<float>& probs, int label);

// Where element i of a flattened (C, H, W) block comes from: i = (c·H + h)·W + w.
struct FlatIndex {
    int c = 0, h = 0, w = 0;
};
FlatIndex unflatten(const cnn::Shape& s, size_t i);
inline size_t flatten_at(const cnn::Shape& s, int c, int h, int w) { return ((size_t)c * s.h + h) * s.w + w; }

// The model's first Flatten in the chosen image's Inside view: its layer index, the block it
// takes (the previous layer's output, or the scaled image) and its shape. layer −1: none.
struct FlattenParts {
    int layer = -1;
    cnn::Shape from;
    const std::vector<float>* block = nullptr;  // (C, H, W)
    const std::vector<float>* vec = nullptr;    // (C·H·W): the Flatten layer's own output
};
FlattenParts flatten_parts(const Inside& in, const std::vector<float>& scaled_image);

// The image's bytes as the model sees them: v / 255, (C, H, W).
std::vector<float> scale_pixels(const std::vector<uint8_t>& bytes);

} // namespace app
