// fuzz_image.cpp — libFuzzer target for cnn-train's picture reader: decode_image (Debian's
// stb_image, PNG and JPEG only: src/tools/image_file.h) on arbitrary bytes must return a
// picture or throw cnn::Error ImageUndecodable or ImageTooLarge. An accepted picture must
// have the pixels its size says, and must go through what --predict does with it: its
// centred square and an off-centre fractional crop scaled to 32×32 (core/image.h), every
// value within 0..1.
// Also compiled without libFuzzer into fuzz_image_replay (replay_main.cpp).
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "core/error.h"
#include "core/image.h"
#include "tools/image_file.h"

namespace {

void check_scaled(const cli::Picture& p, const cnn::Crop& c) {
    const std::vector<float> x = cnn::crop_scale(p.pixels.data(), p.width, p.height, p.channels, c, 32);
    if (x.size() != 3u * 32 * 32) std::abort();
    for (float v : x)
        if (!(v >= 0.f && v <= 1.f + 1e-6f)) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    cli::Picture p;
    try {
        p = cli::decode_image(data, size, "fuzz input");
    } catch (const cnn::Error& e) {
        if (e.info.code != cnn::Errc::ImageUndecodable && e.info.code != cnn::Errc::ImageTooLarge) std::abort();
        return 0;
    }
    if (p.width < 1 || p.height < 1 || (p.channels != 3 && p.channels != 4)) std::abort();
    if ((long long)p.width * p.height > cli::kMaxImagePixels) std::abort();
    if (p.pixels.size() != (size_t)p.width * p.height * p.channels) std::abort();
    check_scaled(p, cnn::center_square(p.width, p.height));
    const int side = p.width < p.height ? p.width : p.height;
    check_scaled(p, cnn::Crop{(p.width - side) * 0.5, (p.height - side) * 0.25, side * 0.75});
    return 0;
}
