// output.h — the output-size formula along one axis, o = ⌊(i + p_before + p_after − k)/s⌋ + 1,
// as a message with its numbers filled in, and the floor division under it. Shared by the
// convolution and pooling views. No validation here (conv_steps.h, pool_steps.h do that).
#pragma once
#include <cstdint>
#include <vector>

#include "teach/message.h"

namespace teach {

// Largest input side, kernel size, padding, channel count and kernel count a teaching view
// animates. Bigger settings are explained as too large, not clipped.
constexpr int kMaxAnimSize = 64;

// ⌊a/b⌋ for b ≠ 0, also for negative a (C++ division truncates toward zero).
int floor_div(int a, int b);

// The formula with the numbers filled in (rendered in English):
//   symmetric padding:  "o = floor((5 + 2·1 − 3)/2) + 1 = 3"
//   asymmetric ('same' with an odd total): "o = floor((6 + 0 + 1 − 3)/2) + 1 = 3"
// The right-hand side is the true floor even when it is ≤ 0 (the window does not fit);
// stride ≤ 0 gives "… = undefined (stride 0)". ascii = true: "o = floor((5 + 2*1 - 3)/2) + 1 = 3"
// for fonts without · −. (The page's font has no ⌊ ⌋, so the tables write floor.)
Msg output_size_formula(int i, int k, int pad_before, int pad_after, int s, bool ascii = false);

// An output map being filled in: (C, H, W) values, filled[i] = 0 where no step has run yet
// (value 0 there).
struct PartialMap {
    int C = 0, H = 0, W = 0;
    std::vector<float> value;
    std::vector<uint8_t> filled;
};

} // namespace teach
