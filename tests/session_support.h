// session_support.h — what the Engine and AppState tests share: their small model, how long
// they wait for a run, and a model spec's canonical form.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/cifar.h"
#include "core/model.h"
#include "core/rng.h"

namespace session_test {

inline const char* const kModel = "conv(4,3,relu) maxpool(2) flatten dense(10,softmax)";
inline constexpr double kTimeout = 60;  // seconds; generous for ASan and Node on a shared machine

// The spec as the model writes it back (layer names and defaults filled in).
inline std::string canonical(const std::string& spec) { return cnn::Model::parse_shapes(spec).spec(); }

// A CIFAR-10 binary file in memory: n records of a label byte (i % 10) and 3072 random pixels.
inline std::vector<uint8_t> cifar_bytes(int n, uint64_t seed) {
    std::vector<uint8_t> b((size_t)n * cnn::Dataset::kRecord);
    cnn::Rng rng(seed);
    for (int i = 0; i < n; i++) {
        uint8_t* r = b.data() + (size_t)i * cnn::Dataset::kRecord;
        r[0] = (uint8_t)(i % cnn::Dataset::kClasses);
        for (int j = 1; j < cnn::Dataset::kRecord; j++) r[j] = (uint8_t)rng.below(256);
    }
    return b;
}

} // namespace session_test
