// image.h — a picture of any size made into the network's input: a square cut out of it
// (the user's crop) scaled to 32×32 by exact area averaging, as floats 0..1 in (C, H, W).
// Each output pixel is the mean of the source pixels under its square, each weighted by the
// area it shares with that square (fractional overlaps at the edges count by their fraction),
// so shrinking never skips pixels and never aliases. Scaling up works the same way.
// Alpha (4-channel pictures) is composited over white first: a drawing on a transparent
// canvas reads as one on paper.
// Not here: decoding files (the CLI: tools/image_file.h; the page: the browser).
#pragma once
#include <cstdint>
#include <vector>

namespace cnn {

// A square of the source in pixels; fractions allowed. x, y: its top-left corner.
struct Crop {
    double x = 0, y = 0, size = 0;
};

// The largest centred square of a width × height picture (x, y rounded down to whole pixels).
Crop center_square(int width, int height);

// pixels (height, width, channels) bytes row-major, channels 3 (RGB) or 4 (RGBA): the crop
// scaled to (3, out, out) floats 0..1. Throws Error when the crop is empty or leaves the
// picture, or channels is not 3 or 4.
std::vector<float> crop_scale(const uint8_t* pixels, int width, int height, int channels, const Crop& crop,
                              int out = 32);

} // namespace cnn
