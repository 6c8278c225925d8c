// activation.cpp — the element-wise activations and their derivatives from the output.
// Softmax subtracts the row maximum before exp (no overflow for large logits).
#include "core/activation.h"

#include <algorithm>
#include <cmath>

namespace cnn {

const char* activation_name(Activation a) {
    switch (a) {
    case Activation::Linear: return "linear";
    case Activation::ReLU: return "relu";
    case Activation::Sigmoid: return "sigmoid";
    case Activation::Tanh: return "tanh";
    case Activation::Softmax: return "softmax";
    }
    return "?";
}

bool parse_activation(const std::string& s, Activation* a) {
    static const Activation all[] = {Activation::Linear, Activation::ReLU, Activation::Sigmoid,
                                     Activation::Tanh, Activation::Softmax};
    for (Activation x : all)
        if (s == activation_name(x)) { *a = x; return true; }
    if (s == "none") { *a = Activation::Linear; return true; }
    return false;
}

void activation_forward(Activation a, float* y, int rows, int cols) {
    size_t n = (size_t)rows * cols;
    switch (a) {
    case Activation::Linear: break;
    case Activation::ReLU:
        for (size_t i = 0; i < n; i++) y[i] = y[i] > 0.f ? y[i] : 0.f;
        break;
    case Activation::Sigmoid:
        for (size_t i = 0; i < n; i++) y[i] = 1.f / (1.f + std::exp(-y[i]));
        break;
    case Activation::Tanh:
        for (size_t i = 0; i < n; i++) y[i] = std::tanh(y[i]);
        break;
    case Activation::Softmax:
        for (int r = 0; r < rows; r++) {
            float* row = y + (size_t)r * cols;
            float mx = *std::max_element(row, row + cols);
            float sum = 0.f;
            for (int j = 0; j < cols; j++) { row[j] = std::exp(row[j] - mx); sum += row[j]; }
            float inv = 1.f / sum;
            for (int j = 0; j < cols; j++) row[j] *= inv;
        }
        break;
    }
}

void activation_backward(Activation a, const float* y, float* dy, int rows, int cols) {
    size_t n = (size_t)rows * cols;
    switch (a) {
    case Activation::Linear: break;
    case Activation::ReLU:
        for (size_t i = 0; i < n; i++) dy[i] = y[i] > 0.f ? dy[i] : 0.f;
        break;
    case Activation::Sigmoid:
        for (size_t i = 0; i < n; i++) dy[i] *= y[i] * (1.f - y[i]);
        break;
    case Activation::Tanh:
        for (size_t i = 0; i < n; i++) dy[i] *= 1.f - y[i] * y[i];
        break;
    case Activation::Softmax:
        for (int r = 0; r < rows; r++) {
            const float* yr = y + (size_t)r * cols;
            float* dr = dy + (size_t)r * cols;
            float dot = 0.f;
            for (int j = 0; j < cols; j++) dot += dr[j] * yr[j];
            for (int j = 0; j < cols; j++) dr[j] = yr[j] * (dr[j] - dot);
        }
        break;
    }
}

} // namespace cnn
