// fuzz_model_file.cpp — libFuzzer target for the model-file reader. load_model on arbitrary
// bytes must return a checkpoint or throw cnn::Error with a model-file code. Because any mutation of the payload
// breaks the CRC-32 (and the reader then stops at the checksum), the input is also loaded a
// second time with its header's payload length and CRC rewritten to match: that lets the
// fuzzer reach the architecture parser, the weight and optimizer-state readers and the history.
// An accepted file must save again and reload to the same bytes (save -> load -> save is stable),
// and must be usable: one forward/backward pass of a small batch (when the model is small
// enough) and one optimizer step with the loaded state, as resuming training would do.
// Also compiled without libFuzzer into fuzz_model_file_replay (replay_main.cpp).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/error.h"
#include "core/model_io.h"
#include "core/threadpool.h"

namespace {

void load_and_check(const uint8_t* data, size_t size) {
    cnn::Checkpoint c;
    try {
        c = cnn::load_model(data, size, "fuzz input");
    } catch (const cnn::Error& e) {
        // A refusal carries a model-file code (a front end says it in its own language).
        if (e.info.code < cnn::Errc::ModelBadMagic || e.info.code > cnn::Errc::ModelAfterHistory) std::abort();
        if (e.info.code == cnn::Errc::ModelArchitecture && (!e.info.cause || e.info.cause->code == cnn::Errc::Other))
            std::abort();
        return;
    }
    if (c.model.params.size() != c.model.num_params() || c.model.grads.size() != c.model.params.size()) std::abort();
    const cnn::Optimizer* opt = c.has_optimizer ? &c.optimizer : nullptr;
    const std::vector<uint8_t> again = cnn::save_model(c.model, opt, &c.history);
    cnn::Checkpoint c2 = cnn::load_model(again.data(), again.size(), "re-saved");  // must not throw
    const std::vector<uint8_t> third = cnn::save_model(c2.model, c2.has_optimizer ? &c2.optimizer : nullptr, &c2.history);
    if (third != again) std::abort();

    // Use it. Only small models: a spec may legitimately describe gigabytes of activations.
    cnn::Model& m = c.model;
    const int N = 2;
    if (m.training_bytes(N) > (size_t(64) << 20) || (size_t)m.input.size() > (size_t(1) << 20)) return;
    static cnn::ThreadPool pool(1);
    std::vector<float> x((size_t)N * m.input.size(), 0.5f);  // (N, C, H, W)
    std::vector<int> y(N);
    for (int n = 0; n < N; n++) y[n] = n % m.num_classes();
    m.forward(x.data(), N, true, pool);
    m.backward(x.data(), y.data(), N, pool);
    cnn::Optimizer o = c.has_optimizer ? c.optimizer : cnn::Optimizer::adam();
    o.step(m.params.data(), m.grads.data(), m.params.size());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    load_and_check(data, size);
    // Header: magic (8) | version (4) | payload bytes (4) | payload | CRC-32 (4).
    if (size >= 20 && size < (1u << 24)) {
        std::vector<uint8_t> fixed(data, data + size);
        const uint32_t plen = (uint32_t)(size - 20);
        std::memcpy(fixed.data() + 12, &plen, 4);
        const uint32_t crc = cnn::crc32(fixed.data() + 16, plen);
        std::memcpy(fixed.data() + 16 + plen, &crc, 4);
        load_and_check(fixed.data(), fixed.size());
    }
    return 0;
}
