// load.cpp — reading a model of any supported format (load.h).
#include "core/interop/load.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/error.h"
#include "core/interop/onnx.h"

namespace cnn {

static bool name_ends_with(const std::string& s, const char* tail) {
    const size_t n = std::strlen(tail);
    return s.size() >= n && s.compare(s.size() - n, n, tail) == 0;
}

ModelFormat model_format(const std::string& name, const uint8_t* data, size_t len) {
    if (len >= 7 && std::memcmp(data, "CNNPLAY", 7) == 0) return ModelFormat::Native;
    if (name_ends_with(name, ".json")) return ModelFormat::Tfjs;
    // An ONNX ModelProto starts with its ir_version: field 1, a varint (key byte 0x08).
    if (name_ends_with(name, ".onnx") || (len > 0 && data[0] == 0x08)) return ModelFormat::Onnx;
    return ModelFormat::Native;  // its reader says why it is not a model file
}

std::vector<uint8_t> read_whole_file(const std::string& path, size_t max_bytes, int kind) {
    struct stat st;
    const char* expected = kind ? "a model file" : "a CIFAR-10 .bin file";
    if (::stat(path.c_str(), &st) != 0) {
        const int e = errno;
        if (e == ENOENT || e == ENOTDIR) throw Error(Errc::FileNotFound, path + ": file not found", {}, {path});
        throw Error(Errc::FileUnreadable, path + ": cannot read file (" + std::strerror(e) + ")", {e}, {path});
    }
    if (S_ISDIR(st.st_mode))
        throw Error(Errc::FileIsDirectory, path + ": is a directory, expected " + expected, {kind}, {path});
    if (!S_ISREG(st.st_mode))
        throw Error(Errc::FileNotRegular, path + ": is not a regular file, expected " + expected, {kind}, {path});
    if ((unsigned long long)st.st_size > max_bytes)
        throw Error(Errc::FileTooLarge, path + ": file is too large (" + std::to_string(st.st_size) + " bytes) to load",
                    {(long long)st.st_size}, {path});
    errno = 0;
    std::ifstream f(path, std::ios::binary);
    if (!f) throw Error(Errc::FileUnreadable, path + ": cannot open file for reading", {errno}, {path});
    std::vector<uint8_t> b((size_t)st.st_size);
    f.read(reinterpret_cast<char*>(b.data()), (std::streamsize)b.size());
    if ((size_t)f.gcount() != b.size())
        throw Error(Errc::FileShortRead, path + ": read only " + std::to_string(f.gcount()) + " of " +
                    std::to_string(b.size()) + " bytes", {(long long)f.gcount(), (long long)b.size()}, {path});
    return b;
}

Checkpoint load_any_model(const uint8_t* data, size_t len, const std::string& name) {
    if (model_format(name, data, len) != ModelFormat::Onnx) return load_model(data, len, name);
    Checkpoint c;
    c.model = import_onnx(data, len, name);
    return c;
}

Checkpoint load_any_model_file(const std::string& path) {
    std::vector<uint8_t> b;
    try {
        b = read_whole_file(path, size_t(1) << 31);
    } catch (const Error& e) {  // said as the model file's own error, as before other formats
        if (e.info.code != Errc::FileNotFound && e.info.code != Errc::FileUnreadable) throw;
        throw Error(Errc::ModelCannotOpen, path + ": cannot open model file (missing or unreadable)", {}, {path});
    }
    if (b.empty()) throw Error(Errc::ModelEmpty, path + ": model file is empty", {}, {path});
    return load_any_model(b.data(), b.size(), path);
}

} // namespace cnn
