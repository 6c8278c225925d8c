// image_file.cpp — reading and decoding picture files (image_file.h).
#include "tools/image_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <fstream>
#include <memory>

#include "core/error.h"

#include <stb/stb_image.h>

namespace cli {

namespace {

const long long kMaxFileBytes = 256ll << 20;  // a compressed picture larger than this is no photo

std::string reason(int e) { return e ? std::strerror(e) : "unknown reason"; }

// The file's size after the checks that it exists, is a regular file and is not too large.
size_t checked_size(const std::string& path) {
    using cnn::Errc;
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
        const int e = errno;
        if (e == ENOENT || e == ENOTDIR) throw cnn::Error(Errc::FileNotFound, path + ": file not found", {}, {path});
        throw cnn::Error(Errc::FileUnreadable, path + ": cannot read file (" + reason(e) + ")", {e}, {path});
    }
    if (S_ISDIR(st.st_mode))
        throw cnn::Error(Errc::FileIsDirectory, path + ": is a directory, expected a PNG or JPEG picture", {2}, {path});
    if (!S_ISREG(st.st_mode))
        throw cnn::Error(Errc::FileNotRegular, path + ": is not a regular file, expected a PNG or JPEG picture", {2}, {path});
    if ((long long)st.st_size > kMaxFileBytes)
        throw cnn::Error(Errc::FileTooLarge, path + ": file is too large (" + std::to_string(st.st_size) + " bytes) to load",
                         {(long long)st.st_size}, {path});
    return (size_t)st.st_size;
}

cnn::Error undecodable(const std::string& name, const char* why_text) {
    const std::string why = why_text ? why_text : "unknown reason";
    return cnn::Error(cnn::Errc::ImageUndecodable, name + ": not a readable PNG or JPEG picture (" + why + ")", {},
                      {name, why});
}

// Debian's stb_image (v2.27) writes past its Huffman tables (257 entries) when a JPEG's DHT
// segment declares more than 256 codes for one table: fuzz_image found it
// (tests/fuzz/regressions/image/crash-d51559a3...). Every FF C4 of the file is read here as
// stb would read a DHT segment there (bytes past the end read as 0, as stb reads them), and
// a table of more than 256 codes refuses the file before stb sees it.
bool huffman_table_too_long(const uint8_t* d, size_t len) {
    auto at = [&](size_t i) { return i < len ? (int)d[i] : 0; };
    for (size_t i = 0; i + 1 < len; i++) {
        if (d[i] != 0xFF || d[i + 1] != 0xC4) continue;
        long left = (long)((at(i + 2) << 8) | at(i + 3)) - 2;  // the segment's bytes after its length
        for (size_t p = i + 4; left > 0 && p < len;) {
            int n = 0;  // codes of this table: the sum of its 16 counts
            for (int k = 0; k < 16; k++) n += at(p + 1 + k);
            if (n > 256) return true;
            p += 17 + (size_t)n;
            left -= 17 + n;
        }
    }
    return false;
}

// Debian's stb_image 2.27 adds an offset to a null pointer (undefined behaviour) when a PNG's
// first IDAT chunk is empty: fuzz_image found it (tests/fuzz/regressions/image/crash-76ab3143...).
// The chunks are walked as stb walks them, and such a file is refused before stb sees it.
bool png_first_idat_empty(const uint8_t* d, size_t len) {
    static const uint8_t kSig[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (len < 8 || std::memcmp(d, kSig, 8) != 0) return false;
    for (size_t i = 8; i + 8 <= len;) {
        const uint32_t n = (uint32_t)d[i] << 24 | (uint32_t)d[i + 1] << 16 | (uint32_t)d[i + 2] << 8 | d[i + 3];
        if (std::memcmp(d + i + 4, "IDAT", 4) == 0) return n == 0;
        if (n > len) return false;  // stb refuses the file itself
        i += 12 + (size_t)n;        // length, type, data, CRC
    }
    return false;
}

} // namespace

Picture decode_image(const uint8_t* data, size_t len, const std::string& name) {
    if (len == 0) throw undecodable(name, "empty file");
    if (len > (size_t)INT_MAX) throw undecodable(name, "too many bytes");
    int w = 0, h = 0, comp = 0;
    if (huffman_table_too_long(data, len)) throw undecodable(name, "bad DHT header");  // before any stb call
    if (png_first_idat_empty(data, len)) throw undecodable(name, "empty IDAT chunk");
    if (!stbi_info_from_memory(data, (int)len, &w, &h, &comp)) throw undecodable(name, stbi_failure_reason());
    if ((long long)w * h > kMaxImagePixels)
        throw cnn::Error(cnn::Errc::ImageTooLarge,
                         name + ": picture of " + std::to_string(w) + "x" + std::to_string(h) + " pixels is larger than " +
                             std::to_string(kMaxImagePixels) + " pixels",
                         {w, h, kMaxImagePixels}, {name});
    Picture p;
    p.channels = (comp == 2 || comp == 4) ? 4 : 3;  // grey + alpha and RGBA keep their alpha
    std::unique_ptr<stbi_uc, void (*)(void*)> px(
        stbi_load_from_memory(data, (int)len, &p.width, &p.height, &comp, p.channels), stbi_image_free);
    if (!px) throw undecodable(name, stbi_failure_reason());
    if (p.width != w || p.height != h) throw undecodable(name, "size changed between header and pixels");
    p.pixels.assign(px.get(), px.get() + (size_t)w * h * p.channels);
    return p;
}

Picture read_image_file(const std::string& path) {
    const size_t len = checked_size(path);
    errno = 0;
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        const int e = errno;
        throw cnn::Error(cnn::Errc::FileUnreadable, path + ": cannot open file for reading (" + reason(e) + ")", {e}, {path});
    }
    std::vector<uint8_t> b(len);
    f.read(reinterpret_cast<char*>(b.data()), (std::streamsize)len);
    if ((size_t)f.gcount() != len)
        throw cnn::Error(cnn::Errc::FileShortRead,
                         path + ": read only " + std::to_string(f.gcount()) + " of " + std::to_string(len) + " bytes",
                         {(long long)f.gcount(), (long long)len}, {path});
    return decode_image(b.data(), b.size(), path);
}

} // namespace cli
