// fuzz_cifar.cpp — libFuzzer target for the CIFAR-10 reader: parse_cifar on arbitrary bytes
// must either return a data set that is consistent with its input or throw cnn::Error with
// a data-file code; anything else (a crash, a sanitizer report, another exception) is a bug.
// Also compiled without libFuzzer into fuzz_cifar_replay (replay_main.cpp), which runs the
// checked-in regressions/ and the generated seed corpus in the normal test suite.
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "core/cifar.h"
#include "core/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using cnn::Dataset;
    Dataset d;
    try {
        d = cnn::parse_cifar(data, size, "fuzz input");
    } catch (const cnn::Error& e) {
        // A clear refusal is the expected outcome for most inputs, with a data-file code.
        const cnn::Errc c = e.info.code;
        if (c != cnn::Errc::DataEmpty && c != cnn::Errc::DataBadSize && c != cnn::Errc::DataTooManyRecords &&
            c != cnn::Errc::DataBadLabel)
            std::abort();
        return 0;
    }
    // Accepted: it must hold exactly the records of the input, labels 0..9, pixels in order.
    const size_t n = size / Dataset::kRecord;
    if (size % Dataset::kRecord != 0 || n == 0 || (size_t)d.size() != n || d.pixels.size() != n * Dataset::kImage)
        std::abort();
    for (size_t i = 0; i < n; ++i) {
        const uint8_t* rec = data + i * Dataset::kRecord;
        if (d.labels[i] != rec[0] || rec[0] > 9) std::abort();
        if (std::memcmp(d.image((int)i), rec + 1, Dataset::kImage) != 0) std::abort();
    }
    // make_batch over every image, in reverse, with the bounds checks it promises.
    const int k = d.size() < 4 ? d.size() : 4;
    int idx[4], y[4];
    for (int j = 0; j < k; ++j) idx[j] = d.size() - 1 - j;
    static float x[4 * Dataset::kImage];
    cnn::make_batch(d, idx, k, x, y);
    for (int j = 0; j < k; ++j)
        if (y[j] != d.labels[idx[j]] || x[(size_t)j * Dataset::kImage] != d.image(idx[j])[0] / 255.0f) std::abort();
    return 0;
}
