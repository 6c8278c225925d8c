// fuzz_tfjs.cpp — libFuzzer target for the TensorFlow.js Layers import (interop/tfjs.h). The
// input is model.json's text, a NUL byte, then the bytes of the one weight shard (whatever
// path the manifest names gets those bytes; no NUL: an empty shard). import_tfjs must return a
// usable Model or throw cnn::Error with an Import* or File* code; ImportModel must carry the
// model's own coded error. An imported model, when small, runs one forward pass.
// Also compiled without libFuzzer into fuzz_tfjs_replay (replay_main.cpp).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/interop/tfjs.h"
#include "core/threadpool.h"

namespace {

bool import_code(cnn::Errc c) {
    return (c >= cnn::Errc::ImportMalformed && c <= cnn::Errc::ImportModel) ||
           (c >= cnn::Errc::FileNotFound && c <= cnn::Errc::FileShortRead);
}

void run(cnn::Model& m) {
    if (m.params.size() != m.num_params()) std::abort();
    const int N = 2;
    if (m.training_bytes(N) > (size_t(64) << 20) || (size_t)m.input.size() > (size_t(1) << 20)) return;
    static cnn::ThreadPool pool(1);
    std::vector<float> x((size_t)N * m.input.size(), 0.5f);  // (N, C, H, W)
    m.forward(x.data(), N, false, pool);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const uint8_t* nul = static_cast<const uint8_t*>(std::memchr(data, 0, size));
    const size_t json_len = nul ? (size_t)(nul - data) : size;
    const std::string json(reinterpret_cast<const char*>(data), json_len);
    const std::vector<uint8_t> shard(nul ? nul + 1 : data + size, data + size);
    cnn::Model m;
    try {
        m = cnn::import_tfjs(json, [&](const std::string&) { return shard; }, "fuzz input");
    } catch (const cnn::Error& e) {
        if (!import_code(e.info.code)) std::abort();
        if (e.info.code == cnn::Errc::ImportModel && (!e.info.cause || e.info.cause->code == cnn::Errc::Other)) std::abort();
        return 0;
    }
    run(m);
    return 0;
}
