// subset.h — the Data panel's subset sizes: the first N images of the loaded data in a
// class-balanced order (round robin over the classes, each class in its loaded order), kept
// in their loaded order. N = 0 or N >= the data's size means all of it.
// No ImGui or browser here (checked natively in tests/test_link.cpp).
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "core/cifar.h"

namespace app {

// Indices (ascending) of the first n images of `labels` in class-balanced order.
std::vector<int> balanced_subset(const std::vector<uint8_t>& labels, int n, int classes = cnn::Dataset::kClasses);
// The subset as a Dataset of its own; returns `all` itself when n keeps every image.
std::shared_ptr<const cnn::Dataset> take_subset(const std::shared_ptr<const cnn::Dataset>& all, int n);

} // namespace app
