// pool_steps.h — max or average pooling replayed one output cell at a time for the lab: each
// window's values, the one max pooling keeps, the output filling in, and why a setting cannot
// work (as messages). No padding (as Pool2D), no UI, no sentences.
//
// Dimension letters: C channels, H/W input height/width, OH/OW output height/width; buffers
// row-major, input (C, H, W), output (C, OH, OW).
#pragma once
#include <vector>

#include "core/layers/pool2d.h"
#include "teach/output.h"

namespace teach {

// Pooling of each channel over size×size windows: OH = ⌊(H − size)/stride⌋ + 1.
struct PoolProblem {
    int C = 1, H = 4, W = 4;
    cnn::Pool2D::Mode mode = cnn::Pool2D::Max;
    int size = 2;
    int stride = 0;  // 0 = size (Keras's default)
    std::vector<float> input;  // (C, H, W)
    int S() const { return stride ? stride : size; }
    int OH() const;  // ≤ 0 when the window does not fit (or stride < 0)
    int OW() const;
};
Msgs validate(const PoolProblem& p);  // empty when valid
Msg pool_formula_h(const PoolProblem& p, bool ascii = false);
Msg pool_formula_w(const PoolProblem& p, bool ascii = false);
// A live pooling layer on one image x (layer.in).
PoolProblem pool_problem_from_layer(const cnn::Pool2D& layer, const float* x);

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
    explicit PoolSteps(PoolProblem p);  // throws TeachError(validate(p)) when p is not valid
    const PoolProblem& problem() const { return p_; }
    int OH() const { return oh_; }
    int OW() const { return ow_; }
    int num_steps() const { return p_.C * oh_ * ow_; }
    PoolStep step(int t) const;  // throws TeachError when t is not in [0, num_steps())
    PartialMap output_after(int t) const;
    int step_for_output_cell(int oh, int ow, int c = 0) const;
    std::vector<float> output() const;  // (C, OH, OW), directly

private:
    PoolProblem p_;
    int oh_ = 0, ow_ = 0;
};

} // namespace teach
