// image.cpp — crop and area-average scaling (image.h). Separable: the weights of the
// source columns under each output column, the same for rows, then out = Σ wy·wx·src / s².
#include "core/image.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"

namespace cnn {

namespace {

// Source cells [i0, i0 + weight.size()) under one output cell, with the length of each
// cell's overlap.
struct Span {
    int i0 = 0;
    std::vector<double> weight;
};

// The spans of n output cells of length s = size / n over [start, start + size), inside
// [0, limit) (the check before guarantees the crop is; the clamp keeps rounding inside too).
std::vector<Span> spans(double start, double size, int n, int limit) {
    std::vector<Span> r(n);
    const double s = size / n;
    for (int o = 0; o < n; o++) {
        const double a = start + o * s, b = std::min(o + 1 == n ? start + size : start + (o + 1) * s, (double)limit);
        r[o].i0 = (int)std::floor(a);
        for (int i = r[o].i0; i < b; i++) r[o].weight.push_back(std::min(b, i + 1.0) - std::max(a, (double)i));
    }
    return r;
}

// Source pixel (x, y) channel c as 0..255, alpha composited over white.
double value(const uint8_t* px, int width, int channels, int x, int y, int c) {
    const uint8_t* p = px + ((size_t)y * width + x) * channels;
    if (channels == 3) return p[c];
    const double a = p[3] / 255.0;
    return a * p[c] + (1 - a) * 255.0;
}

} // namespace

Crop center_square(int width, int height) {
    Crop c;
    c.size = std::min(width, height);
    c.x = (width - (int)c.size) / 2;
    c.y = (height - (int)c.size) / 2;
    return c;
}

std::vector<float> crop_scale(const uint8_t* pixels, int width, int height, int channels, const Crop& crop, int out) {
    const Crop& c = crop;
    if ((channels != 3 && channels != 4) || out < 1 || !(c.size > 0) || !(c.x >= 0) || !(c.y >= 0) ||
        c.x + c.size > width || c.y + c.size > height)
        throw Error("crop " + std::to_string(c.x) + "," + std::to_string(c.y) + " size " + std::to_string(c.size) +
                    " does not fit a " + std::to_string(width) + "x" + std::to_string(height) + " picture of " +
                    std::to_string(channels) + " channels");
    const std::vector<Span> sx = spans(c.x, c.size, out, width), sy = spans(c.y, c.size, out, height);
    const double area = (c.size / out) * (c.size / out);
    std::vector<float> r((size_t)3 * out * out);
    for (int ch = 0; ch < 3; ch++)
        for (int oy = 0; oy < out; oy++)
            for (int ox = 0; ox < out; ox++) {
                double sum = 0;
                for (size_t j = 0; j < sy[oy].weight.size(); j++)
                    for (size_t i = 0; i < sx[ox].weight.size(); i++)
                        sum += sy[oy].weight[j] * sx[ox].weight[i] *
                               value(pixels, width, channels, sx[ox].i0 + (int)i, sy[oy].i0 + (int)j, ch);
                r[((size_t)ch * out + oy) * out + ox] = (float)(sum / area / 255.0);
            }
    return r;
}

} // namespace cnn
