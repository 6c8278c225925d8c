// protobuf.h — the Protocol Buffers wire format, as much as ONNX files need: a writer of
// varints, length-delimited fields and packed floats, and a bounds-checked reader that
// walks a message's fields. No schema, no reflection: onnx.cpp knows the field numbers.
// Wire types: 0 varint, 1 fixed 64-bit, 2 length-delimited, 5 fixed 32-bit.
// A reader that meets bytes that do not form a message throws PbError with the offset.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cnn::pb {

struct PbError {
    size_t offset;  // from the start of the outermost buffer
};

struct Writer {
    std::vector<uint8_t> b;
    void varint(uint64_t v);
    void tag(int field, int wire) { varint((uint64_t)field << 3 | (uint64_t)wire); }
    void int64(int field, int64_t v) { tag(field, 0), varint((uint64_t)v); }
    void f32(int field, float v);
    void bytes(int field, const void* data, size_t n);
    void str(int field, std::string_view s) { bytes(field, s.data(), s.size()); }
    void msg(int field, const Writer& m) { bytes(field, m.b.data(), m.b.size()); }
    void packed_int64(int field, const std::vector<int64_t>& v);
};

// One field of a message: its number, wire type and value (v for varints and fixed-width
// numbers, data/len for length-delimited bytes).
struct Field {
    int number = 0, wire = 0;
    uint64_t v = 0;
    const uint8_t* data = nullptr;
    size_t len = 0;
    std::string_view str() const { return {reinterpret_cast<const char*>(data), len}; }
    float f32() const;                 // wire 5
    int64_t i64() const { return (int64_t)v; }  // wire 0
};

// Walks the fields of one message in [p, p + n); base is p's offset in the whole buffer.
struct Reader {
    const uint8_t* p;
    size_t n, i = 0, base = 0;
    bool next(Field* f);  // false at the end; throws PbError on a malformed field
    Reader sub(const Field& f) const;  // the message inside a length-delimited field
    // A repeated int64 field, packed (wire 2) or one value (wire 0), appended to out.
    void int64s(const Field& f, std::vector<int64_t>* out) const;

private:
    uint64_t varint();
    [[noreturn]] void fail() const { throw PbError{base + i}; }
};

} // namespace cnn::pb
