// load.cpp — reading a model of any supported format (load.h).
#include "core/interop/load.h"

#include <cstring>

#include "core/error.h"
#include "core/file_read.h"
#include "core/interop/onnx.h"
#include "core/interop/tfjs.h"

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

Checkpoint load_any_model(const uint8_t* data, size_t len, const std::string& name) {
    if (model_format(name, data, len) != ModelFormat::Onnx) return load_model(data, len, name);
    Checkpoint c;
    c.model = import_onnx(data, len, name);
    return c;
}

Checkpoint load_any_model_file(const std::string& path) {
    if (name_ends_with(path, ".json")) {  // its weight shards are files beside it
        Checkpoint c;
        c.model = import_tfjs_file(path);
        return c;
    }
    std::vector<uint8_t> b;
    try {
        b = read_whole_file(path, "a model file", 1, size_t(1) << 31);
    } catch (const Error& e) {  // said as the model file's own error, as before other formats
        if (e.info.code != Errc::FileNotFound && e.info.code != Errc::FileUnreadable) throw;
        throw Error(Errc::ModelCannotOpen, path + ": cannot open model file (missing or unreadable)", {}, {path});
    }
    if (b.empty()) throw Error(Errc::ModelEmpty, path + ": model file is empty", {}, {path});
    return load_any_model(b.data(), b.size(), path);
}

} // namespace cnn
