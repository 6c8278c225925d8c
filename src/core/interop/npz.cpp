// npz.cpp — .npy arrays and a stored ZIP (npz.h). ZIP layout (APPNOTE 4.3): per file a local
// header (0x04034b50) and the bytes, then a central directory entry per file (0x02014b50),
// then the end record (0x06054b50). No ZIP64: archives stay under 4 GB.
#include "core/interop/npz.h"

#include <cstring>

#include "core/error.h"
#include "core/model_io.h"

namespace cnn {

namespace {

void put16(std::vector<uint8_t>& b, uint32_t v) { b.push_back((uint8_t)v), b.push_back((uint8_t)(v >> 8)); }
void put32(std::vector<uint8_t>& b, uint32_t v) { put16(b, v & 0xffff), put16(b, v >> 16); }

// The fields a local header and a central entry share, from "version needed" to the name's length.
void common_fields(std::vector<uint8_t>& b, const ZipEntry& e, uint32_t crc) {
    put16(b, 20);          // version needed: 2.0
    put16(b, 0);           // flags
    put16(b, 0);           // method: stored
    put16(b, 0);           // time 00:00
    put16(b, 0x21);        // date 1980-01-01
    put32(b, crc);
    put32(b, (uint32_t)e.bytes.size());
    put32(b, (uint32_t)e.bytes.size());
    put16(b, (uint32_t)e.name.size());
}

} // namespace

std::vector<uint8_t> npy_bytes(const NpyArray& a) {
    std::string shape = "(";
    size_t n = 1;
    for (int64_t d : a.shape) shape += std::to_string(d) + ",", n *= (size_t)d;
    if (a.shape.size() > 1) shape.pop_back();
    shape += ")";
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
    const size_t unpadded = 10 + header.size() + 1;  // magic 6, version 2, length 2, ..., '\n'
    header.append((64 - unpadded % 64) % 64, ' ');
    header += '\n';
    std::vector<uint8_t> b = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    put16(b, (uint32_t)header.size());
    b.insert(b.end(), header.begin(), header.end());
    const uint8_t* d = reinterpret_cast<const uint8_t*>(a.data);
    b.insert(b.end(), d, d + n * sizeof(float));
    return b;
}

std::vector<uint8_t> write_npz(const std::vector<NpyArray>& arrays) {
    std::vector<ZipEntry> entries;
    for (const NpyArray& a : arrays) entries.push_back({a.name + ".npy", npy_bytes(a)});
    return write_zip(entries);
}

std::vector<uint8_t> write_zip(const std::vector<ZipEntry>& entries) {
    std::vector<uint8_t> b, dir;
    for (const ZipEntry& e : entries) {
        if (e.bytes.size() >= 0xffffffffu || b.size() >= 0xffffffffu - e.bytes.size())
            throw Error(e.name + ": too large for a ZIP archive without ZIP64");
        const uint32_t crc = crc32(e.bytes.data(), e.bytes.size()), offset = (uint32_t)b.size();
        put32(b, 0x04034b50);
        common_fields(b, e, crc);
        put16(b, 0);  // extra field length
        b.insert(b.end(), e.name.begin(), e.name.end());
        b.insert(b.end(), e.bytes.begin(), e.bytes.end());
        put32(dir, 0x02014b50);
        put16(dir, 20);  // version made by
        common_fields(dir, e, crc);
        for (int k = 0; k < 4; k++) put16(dir, 0);  // extra, comment, disk, internal attributes
        put32(dir, 0);                             // external attributes
        put32(dir, offset);
        dir.insert(dir.end(), e.name.begin(), e.name.end());
    }
    const uint32_t dir_at = (uint32_t)b.size();
    b.insert(b.end(), dir.begin(), dir.end());
    put32(b, 0x06054b50);
    put16(b, 0), put16(b, 0);  // this disk, the directory's disk
    put16(b, (uint32_t)entries.size()), put16(b, (uint32_t)entries.size());
    put32(b, (uint32_t)dir.size());
    put32(b, dir_at);
    put16(b, 0);  // comment length
    return b;
}

} // namespace cnn
