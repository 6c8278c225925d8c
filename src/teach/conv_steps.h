// conv_steps.h — a 2-D convolution replayed one output cell at a time for the Convolution lab:
// geometry, every step's window, products and sums, the output filling in, and why a setting
// cannot work (as messages). No UI, no threads, no sentences; sizes capped for animation.
//
// Dimension letters: C input channels, H/W input height/width, OC kernels (= output feature
// maps), K kernel size, OH/OW output height/width, PH/PW padded input height/width,
// S stride. Every buffer is row-major: input (C, H, W), weights (OC, C, K, K) exactly as
// Conv2D::W stores them, bias (OC), outputs (OC, OH, OW).
#pragma once
#include <vector>

#include "core/activation.h"
#include "core/layers/conv2d.h"
#include "teach/output.h"

namespace teach {

using cnn::Activation;
using cnn::Padding;

// One 2-D convolution problem (cross-correlation, as Keras computes it):
//   y[oc][oh][ow] = act( b[oc] + Σ_c Σ_kh Σ_kw x_pad[c][oh·S + kh][ow·S + kw] · w[oc][c][kh][kw] )
// where x_pad is x with zero cells around it (the padding).
struct ConvProblem {
    int C = 1, H = 5, W = 5;   // input (C, H, W)
    int K = 3;                 // kernel K×K
    int OC = 1;                // number of kernels = output feature maps
    int stride = 1;
    Padding padding;           // valid, same (TensorFlow's, extra cell bottom/right) or p
    Activation act = Activation::Linear;  // applied after the bias (softmax is refused)
    std::vector<float> input;    // (C, H, W)
    std::vector<float> weights;  // (OC, C, K, K)
    std::vector<float> bias;     // (OC); empty means all zero
};

// Resolved padding and output size. OH/OW ≤ 0 when the window does not fit.
struct ConvGeometry {
    int pad_t = 0, pad_b = 0, pad_l = 0, pad_r = 0;
    int PH = 0, PW = 0;  // padded input size: H + pad_t + pad_b, W + pad_l + pad_r
    int OH = 0, OW = 0;  // ⌊(PH − K)/S⌋ + 1, ⌊(PW − K)/S⌋ + 1
};
// Geometry of the sizes in p (the buffers are not looked at). Stride ≤ 0 gives OH = OW = 0.
ConvGeometry conv_geometry(const ConvProblem& p);

// Empty when the problem can be animated; otherwise what cannot work and what would (kernel
// larger than the padded input, stride ≤ 0, negative padding, sizes ≤ 0 or > kMaxAnimSize,
// softmax activation, buffer sizes that disagree).
Msgs validate(const ConvProblem& p);
// The sizes alone (no caps, no buffers): what dense_vs_conv needs too.
Msgs shape_errors(const ConvProblem& p);
// Teaching remarks on a valid problem, empty when there is nothing to say: 'same' padding that
// is asymmetric, a stride that leaves the last rows/columns of the padded input unused.
Msgs conv_notes(const ConvProblem& p);
// The formula of output_size_formula() for the height and for the width of p.
Msg conv_formula_h(const ConvProblem& p, bool ascii = false);
Msg conv_formula_w(const ConvProblem& p, bool ascii = false);
// Padding in words: "padding 'valid' (none)", "padding 'same'", "padding 2".
Msg padding_words(const Padding& pad);

// The tutorial's example: 5×5 input, one 3×3 kernel, bias 0 (conv_arithmetic's values):
//   input [3,3,2,1,0] [0,0,1,3,1] [3,1,2,2,3] [2,0,0,2,2] [2,0,0,0,1]
//   kernel [0,1,2] [2,2,0] [0,1,2]  →  valid, stride 1: [12,12,17] [10,17,19] [9,6,14]
ConvProblem tutorial_conv_example(Padding pad = {}, int stride = 1);

// A live layer on one image: x is one sample of the layer's input (layer.in), filter is one
// kernel index or -1 for all of them. Copies the layer's weights, bias, stride, padding and
// activation. Throws TeachError if the layer has no weights bound or filter is out of range.
ConvProblem conv_problem_from_layer(const cnn::Conv2D& layer, const float* x, int filter = -1);

// One kernel cell of one step.
struct ConvCell {
    int c, kh, kw;   // kernel cell
    int ph, pw;      // the input cell under it, padded coordinates
    int ih, iw;      // the same cell in input coordinates (outside [0,H)×[0,W) when padding)
    bool padding;    // the cell is padding: x = 0
    float x, w;      // input value, weight
    float product;   // x · w
};

// Step t of the animation: the window that makes output cell (oc, oh, ow).
struct ConvStep {
    int t = 0;
    int oc = 0, oh = 0, ow = 0;
    int ph0 = 0, pw0 = 0;  // window top-left in padded coordinates: (oh·S, ow·S)
    int ih0 = 0, iw0 = 0;  // in input coordinates: (oh·S − pad_t, ow·S − pad_l), may be < 0
    std::vector<ConvCell> cells;       // (C, K, K) in that order
    std::vector<float> channel_sums;   // (C): Σ_kh Σ_kw product, summed in cell order
    float sum = 0;    // Σ_c channel_sums[c]
    float bias = 0;
    float value = 0;  // sum + bias (before the activation)
    float out = 0;    // act(value): what the output map holds
};

// The animation of one convolution. Step t ↔ output cell (oc, oh, ow) in row-major order:
// t = (oc·OH + oh)·OW + ow.
class ConvSteps {
public:
    explicit ConvSteps(ConvProblem p);  // throws TeachError(validate(p)) when p is not valid

    const ConvProblem& problem() const { return p_; }
    const ConvGeometry& geometry() const { return g_; }
    int num_steps() const { return p_.OC * g_.OH * g_.OW; }

    ConvStep step(int t) const;  // throws TeachError when t is not in [0, num_steps())
    // The output after steps [0, t) have run (t clamped to [0, num_steps()]). activated =
    // false gives sum + bias before the activation.
    PartialMap output_after(int t, bool activated = true) const;
    // Step that fills output cell (oc, oh, ow) — hovering an output cell jumps there; −1 when
    // the cell is outside the output.
    int step_for_output_cell(int oh, int ow, int oc = 0) const;
    // The whole output (OC, OH, OW) by a direct convolution (not through step()).
    std::vector<float> output(bool activated = true) const;

    // The padded input as the grid view draws it: value at padded (c, ph, pw), 0 on padding.
    float padded_input(int c, int ph, int pw) const;
    bool is_padding(int ph, int pw) const;  // true outside the original input (or the grid)

private:
    ConvProblem p_;
    ConvGeometry g_;
    std::vector<float> pre_;  // (OC, OH, OW) sum + bias, computed directly by the constructor
    std::vector<float> out_;  // (OC, OH, OW) act(pre_)
};

} // namespace teach
