// predict.cpp — classifying picture files (predict.h).
#include "tools/predict.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "core/image.h"
#include "core/threadpool.h"
#include "tools/image_file.h"

namespace cli {

namespace {

const int kBatch = 64;  // pictures per forward

// "FILE: CLASS P, CLASS P, CLASS P" for one picture's probabilities p (K).
void print_top(const std::string& file, const float* p, int K, const std::vector<std::string>& names) {
    std::vector<int> order(K);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return p[a] > p[b]; });
    std::printf("%s:", file.c_str());
    for (int r = 0; r < std::min(3, K); r++)
        std::printf("%s %s %.4f", r ? "," : "", order[r] < (int)names.size() ? names[order[r]].c_str() : "?", p[order[r]]);
    std::printf("\n");
}

} // namespace

void predict_files(cnn::Model& m, const std::vector<std::string>& files, const std::vector<std::string>& names,
                   int threads) {
    const int side = m.input.h;  // (3, 32, 32): classifier_error checked it
    const size_t L = m.input.size();
    std::vector<float> x;        // (files, 3, side, side)
    for (const std::string& f : files) {
        const Picture p = read_image_file(f);
        const std::vector<float> one =
            cnn::crop_scale(p.pixels.data(), p.width, p.height, p.channels, cnn::center_square(p.width, p.height), side);
        x.insert(x.end(), one.begin(), one.end());
    }
    cnn::ThreadPool pool(threads);
    const int K = m.num_classes(), N = (int)files.size();
    for (int n0 = 0; n0 < N; n0 += kBatch) {
        const int n = std::min(kBatch, N - n0);
        const float* probs = m.forward(x.data() + n0 * L, n, false, pool);
        for (int i = 0; i < n; i++) print_top(files[n0 + i], probs + (size_t)i * K, K, names);
    }
}

} // namespace cli
