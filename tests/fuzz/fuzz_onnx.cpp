// fuzz_onnx.cpp — libFuzzer target for the ONNX import (core/interop/onnx.h). import_onnx on
// arbitrary bytes must return a model or throw cnn::Error with an Import* code (never a
// crash, a hang or an allocation the file's size does not justify). An accepted model must
// export again and re-import to the same bytes (import -> export -> import -> export is
// stable), and run one forward and backward pass of a small batch when it is small enough.
// Also compiled without libFuzzer into fuzz_onnx_replay (replay_main.cpp).
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "core/error.h"
#include "core/interop/onnx.h"
#include "core/threadpool.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    cnn::Model m;
    try {
        m = cnn::import_onnx(data, size, "fuzz input");
    } catch (const cnn::Error& e) {
        if (e.info.code < cnn::Errc::ImportMalformed || e.info.code > cnn::Errc::ImportModel) std::abort();
        if (e.info.code == cnn::Errc::ImportModel && (!e.info.cause || e.info.cause->code == cnn::Errc::Other))
            std::abort();
        return 0;
    }
    if (m.params.size() != m.num_params()) std::abort();
    const std::vector<uint8_t> once = cnn::export_onnx(m, {});
    cnn::Model again = cnn::import_onnx(once.data(), once.size(), "re-exported");  // must not throw
    if (cnn::export_onnx(again, {}) != once || again.spec() != m.spec()) std::abort();

    const int N = 2;
    if (m.training_bytes(N) > (size_t(64) << 20) || (size_t)m.input.size() > (size_t(1) << 20)) return 0;
    static cnn::ThreadPool pool(1);
    std::vector<float> x((size_t)N * m.input.size(), 0.5f);
    std::vector<int> y(N);
    for (int n = 0; n < N; n++) y[n] = n % m.num_classes();
    m.forward(x.data(), N, true, pool);
    m.backward(x.data(), y.data(), N, pool);
    return 0;
}
