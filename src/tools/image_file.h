// image_file.h — pictures from files for cnn-train --predict: PNG and JPEG decoded by
// Debian's stb_image (stb_image_impl.c), kept as 8-bit RGB or RGBA for core/image.h's
// crop_scale. Native and Node builds of the CLI only: the page lets the browser decode.
// Not here: cropping and scaling (core/image.h), classifying (predict.h).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cli {

// Pictures larger than this many pixels are refused before decoding (ImageTooLarge): a
// 12-megapixel photo decodes to 48 MB; this bound keeps one picture under 256 MB.
constexpr long long kMaxImagePixels = 64ll << 20;

struct Picture {
    int width = 0, height = 0;
    int channels = 0;           // 3 (RGB) or 4 (RGBA, when the file has transparency)
    std::vector<uint8_t> pixels;  // (height, width, channels) row-major
};

// Decodes PNG or JPEG bytes; `name` is the file named in errors. Throws cnn::Error
// ImageUndecodable (not PNG/JPEG, damaged, cut short) or ImageTooLarge.
Picture decode_image(const uint8_t* data, size_t len, const std::string& name);

// Reads and decodes a file. Throws cnn::Error: FileNotFound, FileUnreadable, FileIsDirectory
// and FileNotRegular (kind 2: a picture), FileTooLarge, FileShortRead, or decode_image's.
Picture read_image_file(const std::string& path);

} // namespace cli
