// protobuf.cpp — the wire format's writer and reader (protobuf.h).
#include "core/interop/protobuf.h"

#include <cstring>

namespace cnn::pb {

void Writer::varint(uint64_t v) {
    while (v >= 0x80) {
        b.push_back((uint8_t)(v | 0x80));
        v >>= 7;
    }
    b.push_back((uint8_t)v);
}

void Writer::f32(int field, float v) {
    tag(field, 5);
    uint8_t raw[4];
    std::memcpy(raw, &v, 4);  // little-endian hosts only (x86-64, wasm32)
    b.insert(b.end(), raw, raw + 4);
}

void Writer::bytes(int field, const void* data, size_t n) {
    tag(field, 2);
    varint(n);
    const uint8_t* d = static_cast<const uint8_t*>(data);
    b.insert(b.end(), d, d + n);
}

void Writer::packed_int64(int field, const std::vector<int64_t>& v) {
    Writer inner;
    for (int64_t x : v) inner.varint((uint64_t)x);
    msg(field, inner);
}

float Field::f32() const {
    uint32_t u = (uint32_t)v;
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

uint64_t Reader::varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (i >= n) fail();
        const uint8_t c = p[i++];
        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) return v;
    }
    fail();  // more than 10 bytes
}

bool Reader::next(Field* f) {
    if (i >= n) return false;
    const uint64_t key = varint();
    *f = Field{};
    f->number = (int)(key >> 3);
    f->wire = (int)(key & 7);
    if (f->number <= 0 || key >> 32) fail();
    switch (f->wire) {
        case 0: f->v = varint(); break;
        case 1: case 5: {
            const size_t w = f->wire == 1 ? 8 : 4;
            if (n - i < w) fail();
            for (size_t k = 0; k < w; k++) f->v |= (uint64_t)p[i + k] << (8 * k);
            i += w;
            break;
        }
        case 2: {
            const uint64_t len = varint();
            if (len > n - i) fail();
            f->data = p + i;
            f->len = (size_t)len;
            i += (size_t)len;
            break;
        }
        default: fail();  // groups (3, 4) and unknown types: ONNX uses none
    }
    return true;
}

Reader Reader::sub(const Field& f) const {
    if (f.wire != 2) throw PbError{base + i};
    return Reader{f.data, f.len, 0, base + (size_t)(f.data - p)};
}

void Reader::int64s(const Field& f, std::vector<int64_t>* out) const {
    if (f.wire == 0) return out->push_back(f.i64());
    Reader r = sub(f);
    while (r.i < r.n) out->push_back((int64_t)r.varint());
}

} // namespace cnn::pb
