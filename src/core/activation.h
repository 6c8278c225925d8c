// activation.h — element-wise activations, fused into Conv2D/Dense (as Keras does with
// activation='relu') or used as layers of their own. Backward uses the output y only:
//   relu' = [y > 0], sigmoid' = y(1−y), tanh' = 1−y², softmax: dz = y ⊙ (dy − Σ dy·y) per row.
#pragma once
#include <string>

namespace cnn {

enum class Activation { Linear, ReLU, Sigmoid, Tanh, Softmax };

const char* activation_name(Activation a);            // "linear", "relu", ...
bool parse_activation(const std::string& s, Activation* a);

// In place over `rows` rows of `cols` values (softmax normalises each row; others ignore rows).
void activation_forward(Activation a, float* y, int rows, int cols);
// dy (rows, cols) becomes the gradient before the activation, given its output y.
void activation_backward(Activation a, const float* y, float* dy, int rows, int cols);

} // namespace cnn
