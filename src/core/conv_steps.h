// conv_steps.h — logic of the teaching views: a convolution or pooling replayed one output cell
// at a time, the output-size formula, explanations of impossible settings, classic filters,
// dense-vs-conv counts, the architecture rule. No UI, no threads; sizes capped for animation.
//
// Dimension letters: C input channels, H/W input height/width, OC kernels (= output feature
// maps), K kernel size, OH/OW output height/width, PH/PW padded input height/width,
// S stride. Every buffer is row-major: input (C, H, W), weights (OC, C, K, K) exactly as
// Conv2D::W stores them, bias (OC), outputs (OC, OH, OW).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/activation.h"
#include "core/layers/conv2d.h"
#include "core/layers/pool2d.h"

namespace cnn {

struct Model;

// Largest input side, kernel size, padding, channel count and kernel count a teaching view
// animates. Bigger settings are explained as too large, not clipped.
constexpr int kMaxAnimSize = 64;

// ---- output size --------------------------------------------------------------------------

// The output-size formula along one axis with the numbers filled in:
//   symmetric padding:  "o = ⌊(5 + 2·1 − 3)/2⌋ + 1 = 3"
//   asymmetric ('same' with an odd total): "o = ⌊(6 + 0 + 1 − 3)/2⌋ + 1 = 3"
// The right-hand side is the true floor even when it is ≤ 0 (the window does not fit);
// stride ≤ 0 gives "… = undefined (stride 0)". ascii = true writes "o = floor((5 + 2*1 - 3)/2)
// + 1 = 3" for fonts without ⌊ ⌋ · −.
std::string output_size_formula(int i, int k, int pad_before, int pad_after, int s, bool ascii = false);

// ---- convolution ----------------------------------------------------------------------------

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

// "" when the problem can be animated; otherwise one or more English sentences saying what
// cannot work and what would (kernel larger than the padded input, stride ≤ 0, negative
// padding, sizes ≤ 0 or > kMaxAnimSize, softmax activation, buffer sizes that disagree).
std::string validate(const ConvProblem& p);
// Teaching remarks on a valid problem, "" when there is nothing to say: 'same' padding that
// is asymmetric, a stride that leaves the last rows/columns of the padded input unused.
std::string conv_notes(const ConvProblem& p);
// The formula of output_size_formula() for the height and for the width of p.
std::string conv_formula_h(const ConvProblem& p, bool ascii = false);
std::string conv_formula_w(const ConvProblem& p, bool ascii = false);

// The tutorial's example: 5×5 input, one 3×3 kernel, bias 0 (conv_arithmetic's values):
//   input [3,3,2,1,0] [0,0,1,3,1] [3,1,2,2,3] [2,0,0,2,2] [2,0,0,0,1]
//   kernel [0,1,2] [2,2,0] [0,1,2]  →  valid, stride 1: [12,12,17] [10,17,19] [9,6,14]
ConvProblem tutorial_conv_example(Padding pad = {}, int stride = 1);

// A live layer on one image: x is one sample of the layer's input (layer.in), filter is one
// kernel index or -1 for all of them. Copies the layer's weights, bias, stride, padding and
// activation. Throws Error if the layer has no weights bound or filter is out of range.
ConvProblem conv_problem_from_layer(const Conv2D& layer, const float* x, int filter = -1);

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

// An output map being filled in: (C, H, W) values, filled[i] = 0 where no step has run yet
// (value 0 there).
struct PartialMap {
    int C = 0, H = 0, W = 0;
    std::vector<float> value;
    std::vector<uint8_t> filled;
};

// The animation of one convolution. Step t ↔ output cell (oc, oh, ow) in row-major order:
// t = (oc·OH + oh)·OW + ow.
class ConvSteps {
public:
    explicit ConvSteps(ConvProblem p);  // throws Error(validate(p)) when p is not valid

    const ConvProblem& problem() const { return p_; }
    const ConvGeometry& geometry() const { return g_; }
    int num_steps() const { return p_.OC * g_.OH * g_.OW; }

    ConvStep step(int t) const;  // throws Error when t is not in [0, num_steps())
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

// ---- pooling --------------------------------------------------------------------------------

// Max or average pooling of each channel over size×size windows, no padding (as Pool2D):
//   OH = ⌊(H − size)/stride⌋ + 1.
struct PoolProblem {
    int C = 1, H = 4, W = 4;
    Pool2D::Mode mode = Pool2D::Max;
    int size = 2;
    int stride = 0;  // 0 = size (Keras's default)
    std::vector<float> input;  // (C, H, W)
    int S() const { return stride ? stride : size; }
    int OH() const;  // ≤ 0 when the window does not fit (or stride < 0)
    int OW() const;
};
std::string validate(const PoolProblem& p);  // "" when valid, else English sentences
std::string pool_formula_h(const PoolProblem& p, bool ascii = false);
std::string pool_formula_w(const PoolProblem& p, bool ascii = false);
// A live pooling layer on one image x (layer.in).
PoolProblem pool_problem_from_layer(const Pool2D& layer, const float* x);

struct PoolStep {
    int t = 0;
    int c = 0, oh = 0, ow = 0;
    int h0 = 0, w0 = 0;         // window top-left in input coordinates: (oh·S, ow·S)
    std::vector<float> values;  // (size, size): the window's input values
    int chosen = -1;            // Max: index in values of the first maximum (row-major); Avg: −1
    int chosen_h = -1, chosen_w = -1;  // Max: that cell in input coordinates
    float sum = 0;              // Σ values (the average's numerator; informative for max)
    float value = 0;            // max, or sum · (1/size²) as Pool2D computes it
};

// The animation of one pooling. Step t ↔ output cell (c, oh, ow): t = (c·OH + oh)·OW + ow.
class PoolSteps {
public:
    explicit PoolSteps(PoolProblem p);  // throws Error(validate(p)) when p is not valid
    const PoolProblem& problem() const { return p_; }
    int OH() const { return oh_; }
    int OW() const { return ow_; }
    int num_steps() const { return p_.C * oh_ * ow_; }
    PoolStep step(int t) const;
    PartialMap output_after(int t) const;
    int step_for_output_cell(int oh, int ow, int c = 0) const;
    std::vector<float> output() const;  // (C, OH, OW), directly

private:
    PoolProblem p_;
    int oh_ = 0, ow_ = 0;
};

// ---- convolution as filtering -----------------------------------------------------------------

struct ClassicKernel {
    const char* id;     // "identity", "edge", "sobel_x", "sobel_y", "box_blur", "gaussian_blur",
                        // "sharpen", "emboss"
    const char* label;  // "Edge detection (Laplacian)", ...
    const char* what;   // one sentence on what it does to an image
    float k[9];         // 3×3, row-major, applied as cross-correlation (like Conv2D)
};
// The classic 3×3 kernels, in the order listed above.
const std::vector<ClassicKernel>& classic_kernels();
// Lookup by id or label, ignoring case, spaces, '-' and '_' ("Sobel X", "sobel-x", "laplacian"
// = "edge", "gaussian" = "gaussian_blur", "blur" = "box_blur"). Throws Error listing the known
// names when there is no such kernel.
const ClassicKernel& classic_kernel(const std::string& name);

// Applies one K×K kernel to every channel of img (C, H, W) separately, stride 1, 'same' zero
// padding: out (C, H, W). C = 1 is a grayscale image.
std::vector<float> filter_image(const float* img, int C, int H, int W, const float* kernel, int K);
// Grayscale (1, H, W) of an RGB image (3, H, W): 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601).
std::vector<float> to_grayscale(const float* rgb, int H, int W);
// max(0, x) element-wise: the "before/after ReLU" view of a feature map.
std::vector<float> relu(const float* x, size_t n);

// ---- dense against convolution ----------------------------------------------------------------

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
    std::string explain;       // both counts written out with their numbers
};
// Throws Error when the sizes make no convolution (explanation as validate()).
ParamComparison dense_vs_conv(int C, int H, int W, int F, int K, int stride = 1, Padding pad = {});
// The same for a layer of the user's model (shapes from infer()).
ParamComparison dense_vs_conv(const Conv2D& layer);

// ---- the architecture rule ------------------------------------------------------------------

// The tutorial's rule: input → (conv+ → pool?)+ → dense+ (one or more blocks of one or more
// convolutions with at most one pooling after them, then one or more dense layers). Flatten
// may sit once between the two parts; stand-alone activations belong to the layer before.
extern const char* const kArchitectureRule;  // "input → (conv+ → pool?)+ → dense+"

enum class LayerRole { Input, FeatureExtraction, DownSampling, Flatten, Classification, Activation, Unknown };
const char* role_name(LayerRole r);  // "input", "feature extraction", "down-sampling", ...

struct ArchitectureCheck {
    bool matches = false;
    std::vector<LayerRole> roles;  // one per layer kind given
    std::vector<int> block;        // conv/pool: 1-based (conv+ → pool?) block; others 0
    int bad_index = -1;            // first layer breaking the rule (kinds.size() when the
                                   // list ends too early); −1 when it matches
    std::string why;               // "" when it matches, else an English explanation
};
// kinds are Keras class names ("Conv2D", "MaxPooling2D", "AveragePooling2D", "Flatten",
// "Dense", "ReLU", "Activation", "InputLayer", ...) or the model grammar's names ("conv",
// "maxpool", "avgpool", ...), case-insensitive.
ArchitectureCheck check_architecture(const std::vector<std::string>& kinds);
ArchitectureCheck check_architecture(const Model& model);

} // namespace cnn
