// jpeg_tiny.h — the smallest baseline JPEG files, written byte by byte for the tests and the
// fuzz corpus: a uniform mid-grey picture (every sample 128) of w × h 8×8 blocks, with 1 (grey)
// or 3 components, all quantisation values 1, and Huffman tables of a single one-bit code:
// DC difference category 0 and the end-of-block AC symbol. Each block is then the two bits
// "00", the scan padded with 1 bits. No encoder: valid only for this one kind of picture.
#pragma once
#include <cstdint>
#include <vector>

namespace jpegt {

inline void marker(std::vector<uint8_t>& b, uint8_t m, const std::vector<uint8_t>& body) {
    b.push_back(0xFF), b.push_back(m);
    const size_t len = body.size() + 2;
    b.push_back((uint8_t)(len >> 8)), b.push_back((uint8_t)len);
    b.insert(b.end(), body.begin(), body.end());
}

// A (bw·8) × (bh·8) picture of `components` (1 or 3) components.
inline std::vector<uint8_t> grey_jpeg(int bw, int bh, int components) {
    std::vector<uint8_t> f = {0xFF, 0xD8};  // SOI
    std::vector<uint8_t> dqt = {0x00};      // 8-bit table 0
    dqt.insert(dqt.end(), 64, 1);
    marker(f, 0xDB, dqt);
    const int w = bw * 8, h = bh * 8;
    std::vector<uint8_t> sof = {8, (uint8_t)(h >> 8), (uint8_t)h, (uint8_t)(w >> 8), (uint8_t)w, (uint8_t)components};
    for (int c = 1; c <= components; c++) sof.insert(sof.end(), {(uint8_t)c, 0x11, 0});  // id, 1x1 sampling, table 0
    marker(f, 0xC0, sof);
    for (uint8_t cls : {0x00, 0x10}) {  // DC table 0, AC table 0: one code of length 1, symbol 0
        std::vector<uint8_t> dht = {cls, 1};
        dht.insert(dht.end(), 15, 0);
        dht.push_back(0);
        marker(f, 0xC4, dht);
    }
    std::vector<uint8_t> sos = {(uint8_t)components};
    for (int c = 1; c <= components; c++) sos.insert(sos.end(), {(uint8_t)c, 0x00});
    sos.insert(sos.end(), {0, 63, 0});
    marker(f, 0xDA, sos);
    const int bits = bw * bh * components * 2;  // "00" per block: DC category 0, end of block
    std::vector<uint8_t> scan((size_t)(bits + 7) / 8, 0);
    if (bits % 8) scan.back() = (uint8_t)(0xFF >> (bits % 8));  // pad with 1 bits
    f.insert(f.end(), scan.begin(), scan.end());
    f.push_back(0xFF), f.push_back(0xD9);  // EOI
    return f;
}

} // namespace jpegt
