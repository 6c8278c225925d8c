// naive.h — the test oracles: direct convolution, pooling, dense and activations written as
// plain loops over the textbook formulas, summed in double. Deliberately shares no code with
// src/core (no im2col, no gemm, not even conv_out_size), so a slip in the fast path cannot
// hide in the reference. Slow on purpose; only for the small sizes the tests use.
//
// Shapes (NCHW, row-major, as in the core): x (N, C, H, W), conv weights (OC, C, K, K),
// y (N, OC, OH, OW); dense x (N, I), W (I, O) as Keras stores its kernel, y (N, O).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/activation.h"

namespace naive {

// One value through an element-wise activation (softmax is done per row in activate()).
inline double act1(cnn::Activation a, double z) {
    switch (a) {
    case cnn::Activation::ReLU: return z > 0 ? z : 0;
    case cnn::Activation::Sigmoid: return 1 / (1 + std::exp(-z));
    case cnn::Activation::Tanh: return std::tanh(z);
    default: return z;
    }
}

// z (rows, cols) in place: element-wise, or softmax of each row (exp(z − max) / Σ).
inline void activate(cnn::Activation a, std::vector<double>& z, int rows, int cols) {
    if (a != cnn::Activation::Softmax) {
        for (double& v : z) v = act1(a, v);
        return;
    }
    for (int r = 0; r < rows; r++) {
        double* row = z.data() + (size_t)r * cols;
        double mx = *std::max_element(row, row + cols), sum = 0;
        for (int j = 0; j < cols; j++) sum += std::exp(row[j] - mx);
        for (int j = 0; j < cols; j++) row[j] = std::exp(row[j] - mx) / sum;
    }
}

inline std::vector<float> to_float(const std::vector<double>& v) { return std::vector<float>(v.begin(), v.end()); }

// Output size along one axis, counted the slow way: window starts 0, s, 2s, ... that still
// fit inside the padded input of length pb + i + pa.
inline int out_size(int i, int k, int pb, int pa, int s) {
    int n = 0;
    for (int start = 0; start + k <= pb + i + pa; start += s) n++;
    return n;
}

// Direct 2-D cross-correlation with zero padding (top, left, bottom, right) and stride:
//   y[n][oc][oh][ow] = act( b[oc] + Σ_{c,kh,kw} w[oc][c][kh][kw] · x[n][c][oh·s − pt + kh][ow·s − pl + kw] )
// Cells outside the image read as 0. Returns y (N, OC, OH, OW); OH/OW through the pointers.
inline std::vector<float> conv2d(const float* x, int N, int C, int H, int W, const float* w,
                                 const float* b, int OC, int K, int stride, int pt, int pl,
                                 int pb, int pr, cnn::Activation act, int* OHp = nullptr,
                                 int* OWp = nullptr) {
    const int OH = out_size(H, K, pt, pb, stride), OW = out_size(W, K, pl, pr, stride);
    if (OHp) *OHp = OH;
    if (OWp) *OWp = OW;
    std::vector<double> y((size_t)N * OC * OH * OW);
    for (int n = 0; n < N; n++)
        for (int oc = 0; oc < OC; oc++)
            for (int oh = 0; oh < OH; oh++)
                for (int ow = 0; ow < OW; ow++) {
                    double s = b ? b[oc] : 0.0;
                    for (int c = 0; c < C; c++)
                        for (int kh = 0; kh < K; kh++)
                            for (int kw = 0; kw < K; kw++) {
                                int ih = oh * stride - pt + kh, iw = ow * stride - pl + kw;
                                if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                                s += (double)w[((oc * C + c) * K + kh) * K + kw] *
                                     x[(((size_t)n * C + c) * H + ih) * W + iw];
                            }
                    y[(((size_t)n * OC + oc) * OH + oh) * OW + ow] = s;
                }
    activate(act, y, 1, 1);  // element-wise (conv never takes softmax)
    return to_float(y);
}

// Max or average pooling, size×size windows at stride, no padding: y (N, C, OH, OW).
// For max, argmax (if given) gets the flat index c·H·W + h·W + w of the first maximum of
// each window in row-major scan order (a later equal value does not replace it).
inline std::vector<float> pool2d(const float* x, int N, int C, int H, int W, int size, int stride,
                                 bool max, std::vector<int32_t>* argmax = nullptr) {
    const int OH = out_size(H, size, 0, 0, stride), OW = out_size(W, size, 0, 0, stride);
    std::vector<float> y((size_t)N * C * OH * OW);
    if (argmax) argmax->assign(y.size(), -1);
    for (int n = 0; n < N; n++)
        for (int c = 0; c < C; c++)
            for (int oh = 0; oh < OH; oh++)
                for (int ow = 0; ow < OW; ow++) {
                    double sum = 0, best = -INFINITY;
                    int arg = -1;
                    for (int i = 0; i < size; i++)
                        for (int j = 0; j < size; j++) {
                            int h = oh * stride + i, w = ow * stride + j;
                            double v = x[(((size_t)n * C + c) * H + h) * W + w];
                            sum += v;
                            if (v > best) { best = v; arg = (c * H + h) * W + w; }
                        }
                    size_t o = (((size_t)n * C + c) * OH + oh) * OW + ow;
                    y[o] = (float)(max ? best : sum / (size * size));
                    if (argmax) (*argmax)[o] = arg;
                }
    return y;
}

// y (N, O) = act( x (N, I) · W (I, O) + b (O) ), softmax per row.
inline std::vector<float> dense(const float* x, int N, int I, const float* W, const float* b, int O,
                                cnn::Activation act) {
    std::vector<double> y((size_t)N * O);
    for (int n = 0; n < N; n++)
        for (int o = 0; o < O; o++) {
            double s = b ? b[o] : 0.0;
            for (int i = 0; i < I; i++) s += (double)x[(size_t)n * I + i] * W[(size_t)i * O + o];
            y[(size_t)n * O + o] = s;
        }
    activate(act, y, N, O);
    return to_float(y);
}

} // namespace naive
