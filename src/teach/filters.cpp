// filters.cpp — the classic kernels and the filtering of filters.h as plain loops (images are
// 32×32; the layers stay the fast path).
#include "teach/filters.h"

#include <cctype>

#include "core/layers/conv2d.h"  // same_padding

namespace teach {

namespace {

std::string squash(const std::string& s) {
    // lower case without spaces, '-', '_', '(' and ')': "Sobel X" == "sobel_x" == "sobelx"
    std::string r;
    for (char c : s)
        if (!std::isspace((unsigned char)c) && c != '-' && c != '_' && c != '(' && c != ')')
            r += (char)std::tolower((unsigned char)c);
    return r;
}

} // namespace

const std::vector<ClassicKernel>& classic_kernels() {
    static const std::vector<ClassicKernel> ks = {
        {"identity", {0, 0, 0, 0, 1, 0, 0, 0, 0}},
        {"edge", {0, -1, 0, -1, 4, -1, 0, -1, 0}},  // Laplacian
        {"sobel_x", {-1, 0, 1, -2, 0, 2, -1, 0, 1}},
        {"sobel_y", {-1, -2, -1, 0, 0, 0, 1, 2, 1}},
        {"box_blur", {1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f}},
        {"gaussian_blur",
         {1 / 16.f, 2 / 16.f, 1 / 16.f, 2 / 16.f, 4 / 16.f, 2 / 16.f, 1 / 16.f, 2 / 16.f, 1 / 16.f}},
        {"sharpen", {0, -1, 0, -1, 5, -1, 0, -1, 0}},  // the image plus its Laplacian
        {"emboss", {-2, -1, 0, -1, 1, 1, 0, 1, 2}},
    };
    return ks;
}

const ClassicKernel& classic_kernel(const std::string& name) {
    static const std::pair<const char*, const char*> aliases[] = {
        {"laplacian", "edge"}, {"edgedetection", "edge"}, {"edgedetectionlaplacian", "edge"},
        {"gaussian", "gaussian_blur"}, {"blur", "box_blur"}, {"box", "box_blur"}, {"mean", "box_blur"},
    };
    std::string key = squash(name);
    for (const auto& a : aliases)
        if (key == a.first) key = squash(a.second);
    std::string known;
    for (const ClassicKernel& k : classic_kernels()) {
        if (key == squash(k.id)) return k;
        known += (known.empty() ? "" : ", ") + std::string(k.id);
    }
    throw TeachError({Msg(MsgId::err_unknown_kernel, {name, known})});
}

std::vector<float> filter_image(const float* img, int C, int H, int W, const float* kernel, int K) {
    if (C < 1 || H < 1 || W < 1 || K < 1) throw TeachError({Msg(MsgId::err_filter_sizes, {C, H, W, K})});
    int pt, pb, pl, pr;
    cnn::same_padding(H, K, 1, &pt, &pb);  // 'same', stride 1: K − 1 cells, the extra one after
    cnn::same_padding(W, K, 1, &pl, &pr);
    std::vector<float> out((size_t)C * H * W);  // (C, H, W)
    for (int c = 0; c < C; c++)
        for (int h = 0; h < H; h++)
            for (int w = 0; w < W; w++) {
                float s = 0.f;
                for (int kh = 0; kh < K; kh++) {
                    int ih = h - pt + kh;
                    if (ih < 0 || ih >= H) continue;
                    for (int kw = 0; kw < K; kw++) {
                        int iw = w - pl + kw;
                        if (iw >= 0 && iw < W) s += img[((size_t)c * H + ih) * W + iw] * kernel[kh * K + kw];
                    }
                }
                out[((size_t)c * H + h) * W + w] = s;
            }
    return out;
}

std::vector<float> to_grayscale(const float* rgb, int H, int W) {
    const size_t P = (size_t)H * W;
    std::vector<float> g(P);  // (1, H, W)
    for (size_t i = 0; i < P; i++) g[i] = 0.299f * rgb[i] + 0.587f * rgb[P + i] + 0.114f * rgb[2 * P + i];
    return g;
}

std::vector<float> relu(const float* x, size_t n) {
    std::vector<float> y(x, x + n);
    for (float& v : y) v = v > 0.f ? v : 0.f;
    return y;
}

} // namespace teach
