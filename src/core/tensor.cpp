// tensor.cpp — printing shapes the way Keras does (channels last), so the summary matches
// the tutorial's table even though the core stores channels first.
#include "core/tensor.h"

namespace cnn {

std::string Shape::keras() const {
    if (flat()) return "(None, " + std::to_string(c) + ")";
    return "(None, " + std::to_string(h) + ", " + std::to_string(w) + ", " + std::to_string(c) + ")";
}

} // namespace cnn
