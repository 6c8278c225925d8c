// png_write.h — a minimal PNG writer for the tests and the fuzz corpus: 8-bit grey, RGB or
// RGBA, filter 0 on every row, the zlib stream made of stored (uncompressed) deflate blocks.
// Enough to make valid files byte by byte without an image library; no compression.
// Chunk CRCs are CRC-32 (cnn::crc32, the model files' own), the stream's check Adler-32.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/model_io.h"

namespace pngw {

inline void put32(std::vector<uint8_t>& b, uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) b.push_back((uint8_t)(v >> s));
}

// length, type, data, CRC-32 of type + data
inline void chunk(std::vector<uint8_t>& png, const char* type, const std::vector<uint8_t>& data) {
    put32(png, (uint32_t)data.size());
    std::vector<uint8_t> body(type, type + 4);
    body.insert(body.end(), data.begin(), data.end());
    png.insert(png.end(), body.begin(), body.end());
    put32(png, cnn::crc32(body.data(), body.size()));
}

// zlib header, stored blocks of ≤ 65535 bytes, Adler-32
inline std::vector<uint8_t> zlib_stored(const std::vector<uint8_t>& raw) {
    std::vector<uint8_t> z = {0x78, 0x01};
    size_t i = 0;
    do {
        const size_t n = std::min<size_t>(65535, raw.size() - i);
        z.push_back(i + n == raw.size() ? 1 : 0);  // BFINAL, BTYPE 00
        z.push_back((uint8_t)n), z.push_back((uint8_t)(n >> 8));
        z.push_back((uint8_t)~n), z.push_back((uint8_t)(~n >> 8));
        z.insert(z.end(), raw.begin() + i, raw.begin() + i + n);
        i += n;
    } while (i < raw.size());
    uint32_t a = 1, b = 0;
    for (uint8_t c : raw) a = (a + c) % 65521, b = (b + a) % 65521;
    put32(z, (b << 16) | a);
    return z;
}

// pixels (height, width, channels) row-major, channels 1, 3 or 4 -> PNG file bytes
inline std::vector<uint8_t> png(const std::vector<uint8_t>& pixels, int width, int height, int channels) {
    std::vector<uint8_t> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    std::vector<uint8_t> ihdr;
    put32(ihdr, (uint32_t)width), put32(ihdr, (uint32_t)height);
    const uint8_t colour = channels == 1 ? 0 : channels == 3 ? 2 : 6;
    ihdr.insert(ihdr.end(), {8, colour, 0, 0, 0});  // depth 8, deflate, filter 0, no interlace
    chunk(out, "IHDR", ihdr);
    std::vector<uint8_t> raw;
    for (int y = 0; y < height; y++) {
        raw.push_back(0);  // filter: none
        raw.insert(raw.end(), pixels.begin() + (size_t)y * width * channels,
                   pixels.begin() + (size_t)(y + 1) * width * channels);
    }
    chunk(out, "IDAT", zlib_stored(raw));
    chunk(out, "IEND", {});
    return out;
}

} // namespace pngw
