// pool2d.cpp — max/average pooling forward and backward, threads split over images.
// Max forward records the argmax of each window when training so backward is a scatter.
#include "core/layers/pool2d.h"

#include <algorithm>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#include "core/error.h"

namespace cnn {

// One output row of 2×2/2 max pooling: yo[ow] = max of input rows r0, r0 + W at columns
// 2·ow, 2·ow + 1 (xn offsets), first maximum in window order (0,0) (0,1) (1,0) (1,1) with
// strict comparisons, so NaNs and ties pick the same cell in every path. ao (if given) gets
// the chosen cell's offset. Branch-free: a max-pool branch is a coin flip.
static void max_pool_2x2_row(const float* xn, int r0, int W, int OW, float* yo, int32_t* ao) {
    const int r1 = r0 + W;
    int ow = 0;
#ifdef __wasm_simd128__
    // Four outputs at once: 8 input columns of each row, split into even and odd columns.
    const v128_t lane2 = wasm_i32x4_make(0, 2, 4, 6);
    for (; ow + 4 <= OW; ow += 4) {
        const int i0 = r0 + 2 * ow, i2 = r1 + 2 * ow;
        const v128_t p0 = wasm_v128_load(xn + i0), p1 = wasm_v128_load(xn + i0 + 4);
        const v128_t q0 = wasm_v128_load(xn + i2), q1 = wasm_v128_load(xn + i2 + 4);
        const v128_t a = wasm_i32x4_shuffle(p0, p1, 0, 2, 4, 6), b1 = wasm_i32x4_shuffle(p0, p1, 1, 3, 5, 7);
        const v128_t c2 = wasm_i32x4_shuffle(q0, q1, 0, 2, 4, 6), d = wasm_i32x4_shuffle(q0, q1, 1, 3, 5, 7);
        const v128_t s01 = wasm_f32x4_gt(b1, a), s23 = wasm_f32x4_gt(d, c2);
        const v128_t m01 = wasm_v128_bitselect(b1, a, s01), m23 = wasm_v128_bitselect(d, c2, s23);
        const v128_t s = wasm_f32x4_gt(m23, m01);
        wasm_v128_store(yo + ow, wasm_v128_bitselect(m23, m01, s));
        if (ao) {  // a true comparison is all ones (−1): index − mask adds the 1 of the odd column
            const v128_t base = wasm_i32x4_add(wasm_i32x4_splat(i0), lane2);
            const v128_t i01 = wasm_i32x4_sub(base, s01);
            const v128_t i23 = wasm_i32x4_sub(wasm_i32x4_add(base, wasm_i32x4_splat(W)), s23);
            wasm_v128_store(ao + ow, wasm_v128_bitselect(i23, i01, s));
        }
    }
#endif
    for (; ow < OW; ow++) {
        const int i0 = r0 + 2 * ow, i2 = r1 + 2 * ow;
        const float a = xn[i0], b1 = xn[i0 + 1], c2 = xn[i2], d = xn[i2 + 1];
        const int s01 = b1 > a, s23 = d > c2;
        const float m01 = s01 ? b1 : a, m23 = s23 ? d : c2;
        const int s = m23 > m01;
        yo[ow] = s ? m23 : m01;
        if (ao) {
            const int i01 = i0 + s01, i23 = i2 + s23;
            ao[ow] = i01 + s * (i23 - i01);
        }
    }
}

Pool2D::Pool2D(Mode m, int size_, int stride_) : mode(m), size(size_), stride(stride_ ? stride_ : size_) {}

void Pool2D::infer(Shape input) {
    in = input;
    std::string who = name + " (" + kind() + ")";
    if (size <= 0) throw Error(Errc::NotPositive, who + ": pool size must be positive, got " + std::to_string(size), {size}, {name, "pool size"});
    if (stride <= 0) throw Error(Errc::NotPositive, who + ": stride must be positive, got " + std::to_string(stride), {stride}, {name, "stride"});
    if (input.flat())
        throw Error(Errc::NeedsImage, who + ": needs an image input (C,H,W) but gets a flat vector of " +
                    std::to_string(input.c) + "; pooling must come before flatten/dense", {input.c}, {name});
    if (size > in.h || size > in.w)
        throw Error(Errc::PoolTooLarge, who + ": pool window " + std::to_string(size) + "x" + std::to_string(size) +
                    " is larger than its " + std::to_string(in.h) + "x" + std::to_string(in.w) + " input",
                    {size, in.h, in.w}, {name});
    out = Shape{in.c, conv_out_size(in.h, size, 0, 0, stride), conv_out_size(in.w, size, 0, 0, stride)};
}

double Pool2D::workspace_bytes(int N, int) const {
    return output_bytes(N) * (mode == Max ? 2 : 1);  // argmax_ (N, out) int32 beside y
}

std::string Pool2D::spec() const {
    std::string s = std::string(mode == Max ? "maxpool(" : "avgpool(") + std::to_string(size);
    if (stride != size) s += ",stride=" + std::to_string(stride);
    return s + ")";
}

void Pool2D::forward(const float* x, float* y, int N, bool train, ThreadPool& pool) {
    const int C = in.c, H = in.h, W = in.w, OH = out.h, OW = out.w;
    bool keep = train && mode == Max;
    if (keep && argmax_.size() < (size_t)N * out.size()) argmax_.resize((size_t)N * out.size());
    const float inv = 1.f / (float)(size * size);
    pool.run(N, [&](int n, int) {
        const float* xn = x + (size_t)n * in.size();
        float* yn = y + (size_t)n * out.size();
        int32_t* am = keep ? &argmax_[(size_t)n * out.size()] : nullptr;
        if (mode == Max && size == 2 && stride == 2) {
            // The common 2×2/2 case (SIMD in WebAssembly), same choices as the loop below.
            for (int c = 0; c < C; c++)
                for (int oh = 0; oh < OH; oh++)
                    max_pool_2x2_row(xn, (c * H + 2 * oh) * W, W, OW, yn + ((size_t)c * OH + oh) * OW,
                                     am ? am + ((size_t)c * OH + oh) * OW : nullptr);
            return;
        }
        for (int c = 0; c < C; c++)
            for (int oh = 0; oh < OH; oh++)
                for (int ow = 0; ow < OW; ow++) {
                    int h0 = oh * stride, w0 = ow * stride;
                    size_t o = ((size_t)c * OH + oh) * OW + ow;
                    if (mode == Max) {
                        int best = (c * H + h0) * W + w0;
                        float bv = xn[best];
                        for (int i = 0; i < size; i++)
                            for (int j = 0; j < size; j++) {
                                int idx = (c * H + h0 + i) * W + w0 + j;
                                if (xn[idx] > bv) { bv = xn[idx]; best = idx; }
                            }
                        yn[o] = bv;
                        if (am) am[o] = best;
                    } else {
                        float s = 0.f;
                        for (int i = 0; i < size; i++)
                            for (int j = 0; j < size; j++) s += xn[(c * H + h0 + i) * W + w0 + j];
                        yn[o] = s * inv;
                    }
                }
    });
}

void Pool2D::backward(const float* x, const float* y, float* dy, float* dx, int N, bool, ThreadPool& pool) {
    (void)x; (void)y;
    if (!dx) return;
    const int C = in.c, H = in.h, W = in.w, OH = out.h, OW = out.w;
    const float inv = 1.f / (float)(size * size);
    pool.run(N, [&](int n, int) {
        float* dxn = dx + (size_t)n * in.size();
        const float* dyn = dy + (size_t)n * out.size();
        std::fill(dxn, dxn + in.size(), 0.f);
        if (mode == Max) {
            const int32_t* am = &argmax_[(size_t)n * out.size()];
            for (int o = 0; o < out.size(); o++) dxn[am[o]] += dyn[o];
            return;
        }
        for (int c = 0; c < C; c++)
            for (int oh = 0; oh < OH; oh++)
                for (int ow = 0; ow < OW; ow++) {
                    float g = dyn[((size_t)c * OH + oh) * OW + ow] * inv;
                    for (int i = 0; i < size; i++)
                        for (int j = 0; j < size; j++)
                            dxn[(c * H + oh * stride + i) * W + ow * stride + j] += g;
                }
    });
}

} // namespace cnn
