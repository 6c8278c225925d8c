// conv2d.cpp — Conv2D forward/backward as batched im2col + matrix products (shapes in
// conv2d.h). Threads: forward, dz and dx split over fixed chunks of kChunk images (each one
// matrix product of kChunk·P columns); dW/db as fixed parts of kDwImages images (one product each, all
// output channels), added in part order by blocks of kRowsPerBlock output channels. Work
// items have fixed shapes and write disjoint memory, so any thread count gives the same bits.
#include "core/layers/conv2d.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#include "core/error.h"
#include "core/gemm.h"

namespace cnn {

static const int kRowsPerBlock = 16;  // output channels per dW work item (fixed: determinism)
static const int kChunk = 4;          // images per forward / dx work item (fixed: determinism)
static const int kDwImages = 8;       // images per dW partial product (fixed: determinism)

std::string Padding::str() const {
    if (kind == Valid) return "valid";
    if (kind == Same) return "same";
    return std::to_string(p);
}

Conv2D::Conv2D(int filters_, int k_, int stride_, Padding pad, Activation a)
    : filters(filters_), k(k_), stride(stride_), padding(pad), act(a) {}

void Conv2D::infer(Shape input) {
    in = input;
    std::string who = name + " (Conv2D)";
    if (filters <= 0) throw Error(Errc::NotPositive, who + ": filters must be positive, got " + std::to_string(filters), {filters}, {name, "filters"});
    if (k <= 0) throw Error(Errc::NotPositive, who + ": kernel size must be positive, got " + std::to_string(k), {k}, {name, "kernel size"});
    if (stride <= 0) throw Error(Errc::NotPositive, who + ": stride must be positive, got " + std::to_string(stride), {stride}, {name, "stride"});
    if (padding.kind == Padding::Explicit && padding.p < 0)
        throw Error(Errc::PadNegative, who + ": padding must be 0 or more, got " + std::to_string(padding.p), {padding.p}, {name});
    if (act == Activation::Softmax)
        throw Error(Errc::SoftmaxNeedsFlat, who + ": softmax needs a flat input; use it on a dense layer", {}, {name});
    if (input.flat())
        throw Error(Errc::NeedsImage, who + ": needs an image input (C,H,W) but gets a flat vector of " +
                    std::to_string(input.c) + "; convolutions must come before flatten/dense", {input.c}, {name});
    if (padding.kind == Padding::Same) {
        same_padding(in.h, k, stride, &pad_t, &pad_b);
        same_padding(in.w, k, stride, &pad_l, &pad_r);
    } else {
        pad_t = pad_b = pad_l = pad_r = padding.kind == Padding::Explicit ? padding.p : 0;
    }
    if (k > in.h + pad_t + pad_b || k > in.w + pad_l + pad_r)
        throw Error(Errc::KernelTooLarge, who + ": kernel " + std::to_string(k) + "x" + std::to_string(k) +
                    " is larger than its " + std::to_string(in.h) + "x" + std::to_string(in.w) +
                    " input with padding " + padding.str(), {k, in.h, in.w}, {name, padding.str()});
    out.c = filters;
    out.h = conv_out_size(in.h, k, pad_t, pad_b, stride);
    out.w = conv_out_size(in.w, k, pad_l, pad_r, stride);
    if (out.h <= 0 || out.w <= 0)
        throw Error(Errc::OutputNotPositive, who + ": output size " + std::to_string(out.h) + "x" +
                    std::to_string(out.w) + " is not positive", {out.h, out.w}, {name});
}

std::string Conv2D::spec() const {
    std::string s = "conv(" + std::to_string(filters) + "," + std::to_string(k);
    if (stride != 1) s += ",stride=" + std::to_string(stride);
    if (padding.kind != Padding::Valid) s += ",pad=" + padding.str();
    if (act != Activation::Linear) s += std::string(",") + activation_name(act);
    return s + ")";
}

std::string Conv2D::describe() const {
    return std::to_string(filters) + " filters " + std::to_string(k) + "x" + std::to_string(k) +
           ", stride " + std::to_string(stride) + ", padding " + padding.str() + ", " +
           activation_name(act);
}

size_t Conv2D::num_params() const { return (size_t)filters * in.c * k * k + filters; }

void Conv2D::bind(float* p, float* g) {
    W = p;  b = p + (size_t)filters * ckk();
    dW = g; db = g + (size_t)filters * ckk();
}

void Conv2D::init(Rng& rng) {
    // Glorot uniform: limit = sqrt(6 / (fan_in + fan_out)), fan_in = C·K·K, fan_out = OC·K·K
    float limit = std::sqrt(6.f / (float)(in.c * k * k + filters * k * k));
    size_t n = (size_t)filters * ckk();
    for (size_t i = 0; i < n; i++) W[i] = rng.uniform(-limit, limit);
    std::fill(b, b + filters, 0.f);
}

// dst[0, n) = src[0, n) for the short rows of im2col (13–30 floats in the tutorial's model).
// In WebAssembly a memcpy call (or memory.copy) costs more than the copy itself at this size.
static inline void copy_short(float* dst, const float* src, int n) {
#ifdef __wasm_simd128__
    int i = 0;
    for (; i + 4 <= n; i += 4) wasm_v128_store(dst + i, wasm_v128_load(src + i));
    for (; i < n; i++) dst[i] = src[i];
#else
    std::memcpy(dst, src, sizeof(float) * (size_t)n);
#endif
}

// dst[0, n) += src[0, n), col2im's short rows.
static inline void add_short(float* dst, const float* src, int n) {
    int i = 0;
#ifdef __wasm_simd128__
    for (; i + 4 <= n; i += 4) wasm_v128_store(dst + i, wasm_f32x4_add(wasm_v128_load(dst + i), wasm_v128_load(src + i)));
#endif
    for (; i < n; i++) dst[i] += src[i];
}

// Σ d[0, n) in a fixed order: four lanes (p mod 4), the tail into lane 0, then
// (s0 + s1) + (s2 + s3) — the same bits with or without SIMD.
static inline float sum_4lanes(const float* d, int n) {
    float s0 = 0.f, s1 = 0.f, s2 = 0.f, s3 = 0.f;
    int p = 0;
#ifdef __wasm_simd128__
    v128_t acc = wasm_f32x4_splat(0.f);
    for (; p + 4 <= n; p += 4) acc = wasm_f32x4_add(acc, wasm_v128_load(d + p));
    s0 = wasm_f32x4_extract_lane(acc, 0); s1 = wasm_f32x4_extract_lane(acc, 1);
    s2 = wasm_f32x4_extract_lane(acc, 2); s3 = wasm_f32x4_extract_lane(acc, 3);
#else
    for (; p + 4 <= n; p += 4) { s0 += d[p]; s1 += d[p + 1]; s2 += d[p + 2]; s3 += d[p + 3]; }
#endif
    for (; p < n; p++) s0 += d[p];
    return (s0 + s1) + (s2 + s3);
}

// d[0, n) = y > 0 ? g : 0 (the ReLU's derivative applied to the incoming gradient).
static inline void relu_mask(float* d, const float* g, const float* y, int n) {
    int p = 0;
#ifdef __wasm_simd128__
    const v128_t zero = wasm_f32x4_splat(0.f);
    for (; p + 4 <= n; p += 4)
        wasm_v128_store(d + p, wasm_v128_and(wasm_v128_load(g + p), wasm_f32x4_gt(wasm_v128_load(y + p), zero)));
#endif
    for (; p < n; p++) d[p] = y[p] > 0.f ? g[p] : 0.f;
}

// Output columns [lo, hi) of a row whose input column iw = ow·s − pad + kw lies in [0, W).
static inline void valid_range(int OW, int W, int s, int off, int* lo, int* hi) {
    // iw = ow·s + off ≥ 0  ⇔ ow ≥ ceil(−off / s);  iw < W ⇔ ow ≤ floor((W − 1 − off) / s)
    int l = off >= 0 ? 0 : (-off + s - 1) / s;
    int h = (W - 1 - off) < 0 ? 0 : (W - 1 - off) / s + 1;
    *lo = std::min(l, OW);
    *hi = std::max(*lo, std::min(h, OW));
}

void im2col(const float* x, int C, int H, int W, int k, int s, int pad_t, int pad_l, int OH,
            int OW, float* col, int ldcol) {
    // row r = (c·K + kh)·K + kw of col holds x[c][oh·s − pad_t + kh][ow·s − pad_l + kw]
    for (int c = 0; c < C; c++)
        for (int kh = 0; kh < k; kh++)
            for (int kw = 0; kw < k; kw++) {
                float* row = col + (size_t)((c * k + kh) * k + kw) * ldcol;
                int lo, hi;
                valid_range(OW, W, s, kw - pad_l, &lo, &hi);
                for (int oh = 0; oh < OH; oh++) {
                    int ih = oh * s - pad_t + kh;
                    float* dst = row + oh * OW;
                    if (ih < 0 || ih >= H) { std::fill(dst, dst + OW, 0.f); continue; }
                    const float* src = x + ((size_t)c * H + ih) * W + (kw - pad_l);
                    for (int ow = 0; ow < lo; ow++) dst[ow] = 0.f;
                    if (s == 1) copy_short(dst + lo, src + lo, hi - lo);
                    else for (int ow = lo; ow < hi; ow++) dst[ow] = src[ow * s];
                    for (int ow = hi; ow < OW; ow++) dst[ow] = 0.f;
                }
            }
}

void im2col(const float* x, int C, int H, int W, int k, int s, int pad_t, int pad_l, int OH,
            int OW, float* col) {
    im2col(x, C, H, W, k, s, pad_t, pad_l, OH, OW, col, OH * OW);
}

void col2im(const float* col, int ldcol, int C, int H, int W, int k, int s, int pad_t, int pad_l,
            int OH, int OW, float* dx) {
    for (int c = 0; c < C; c++)
        for (int kh = 0; kh < k; kh++)
            for (int kw = 0; kw < k; kw++) {
                const float* row = col + (size_t)((c * k + kh) * k + kw) * ldcol;
                int lo, hi;
                valid_range(OW, W, s, kw - pad_l, &lo, &hi);
                for (int oh = 0; oh < OH; oh++) {
                    int ih = oh * s - pad_t + kh;
                    if (ih < 0 || ih >= H) continue;
                    float* dst = dx + ((size_t)c * H + ih) * W + (kw - pad_l);
                    const float* src = row + oh * OW;
                    if (s == 1) add_short(dst + lo, src + lo, hi - lo);
                    else for (int ow = lo; ow < hi; ow++) dst[ow * s] += src[ow];
                }
            }
}

void col2im(const float* col, int C, int H, int W, int k, int s, int pad_t, int pad_l, int OH,
            int OW, float* dx) {
    col2im(col, OH * OW, C, H, W, k, s, pad_t, pad_l, OH, OW, dx);
}

// y_n (OC, P) = act(prod (OC, ld) columns [off, off + P) + b): the product's layout back to
// NCHW, with bias and activation fused into the copy.
static void bias_act_store(const float* prod, int ld, int off, const float* b, Activation act, int OC, int P,
                           float* yn) {
    for (int oc = 0; oc < OC; oc++) {
        const float* src = prod + (size_t)oc * ld + off;
        float* dst = yn + (size_t)oc * P;
        const float bias = b[oc];
        int p = 0;
#ifdef __wasm_simd128__
        // pmax(0, v) = 0 < v ? v : 0, the scalar select below lane by lane (NaN → 0).
        const v128_t bv = wasm_f32x4_splat(bias), zero = wasm_f32x4_splat(0.f);
        if (act == Activation::ReLU)
            for (; p + 4 <= P; p += 4)
                wasm_v128_store(dst + p, wasm_f32x4_pmax(zero, wasm_f32x4_add(wasm_v128_load(src + p), bv)));
        else
            for (; p + 4 <= P; p += 4) wasm_v128_store(dst + p, wasm_f32x4_add(wasm_v128_load(src + p), bv));
#endif
        if (act == Activation::ReLU)
            for (; p < P; p++) { float v = src[p] + bias; dst[p] = v > 0.f ? v : 0.f; }
        else
            for (; p < P; p++) dst[p] = src[p] + bias;
    }
    if (act != Activation::ReLU && act != Activation::Linear) activation_forward(act, yn, OC, P);
}

size_t Conv2D::scratch_per_thread() const { return (size_t)(ckk() + filters) * kChunk * positions(); }

double Conv2D::workspace_bytes(int N, int threads) const {
    const double P = positions(), CKK = ckk(), OC = filters, NP = (double)N * P;
    const double col = CKK * NP, dz = OC * NP;                          // (C·K·K, N·P), (OC, N·P)
    const double parts = (double)((N + kDwImages - 1) / kDwImages) * (OC * CKK + OC);  // dW, db per part
    const double scratch = (double)threads * (CKK + OC) * kChunk * P;   // scratch_per_thread() each
    return output_bytes(N) + (col + dz + parts + scratch) * sizeof(float);
}

void Conv2D::forward(const float* x, float* y, int N, bool train, ThreadPool& pool) {
    const int OC = filters, CKK = ckk(), P = positions(), NP = N * P;
    // One per-thread stride for every use (products, inference columns, dcol), so the
    // first training step sizes scratch_ for good: no allocation later, not even when
    // evaluation starts.
    const size_t per_thread = scratch_per_thread();
    if (train && col_.size() < (size_t)CKK * NP) col_.resize((size_t)CKK * NP);
    if (scratch_.size() < (size_t)pool.size() * per_thread) scratch_.resize((size_t)pool.size() * per_thread);
    const int nchunks = (N + kChunk - 1) / kChunk;
    pool.run(nchunks, [&](int chunk, int tid) {
        const int n0 = chunk * kChunk, cn = std::min(kChunk, N - n0);
        float* scr = &scratch_[(size_t)tid * per_thread];
        // col: training writes the cache (CKK, N·P) at columns n0·P..; inference a
        // private (CKK, cn·P).
        float* col = train ? &col_[(size_t)n0 * P] : scr + (size_t)OC * kChunk * P;
        const int ldcol = train ? NP : cn * P;
        for (int i = 0; i < cn; i++)
            im2col(x + (size_t)(n0 + i) * in.size(), in.c, in.h, in.w, k, stride, pad_t, pad_l, out.h, out.w,
                   col + (size_t)i * P, ldcol);
        float* prod = scr;  // (OC, cn·P)
        gemm(false, false, OC, cn * P, CKK, W, CKK, col, ldcol, 0.f, prod, cn * P);  // (OC,cn·P) = (OC,CKK)·(CKK,cn·P)
        for (int i = 0; i < cn; i++)
            bias_act_store(prod, cn * P, i * P, b, act, OC, P, y + (size_t)(n0 + i) * out.size());
    });
}

void Conv2D::backward(const float* x, const float* y, float* dy, float* dx, int N,
                      bool dy_is_preact, ThreadPool& pool) {
    (void)x;
    const int OC = filters, CKK = ckk(), P = positions(), NP = N * P;
    if (dz_.size() < (size_t)OC * NP) dz_.resize((size_t)OC * NP);
    const int nchunks = (N + kChunk - 1) / kChunk;
    // dz (OC, N·P) = (dy ⊙ act'(y)) with images side by side, per chunk of images
    pool.run(nchunks, [&](int chunk, int) {
        const int n0 = chunk * kChunk, cn = std::min(kChunk, N - n0);
        for (int n = n0; n < n0 + cn; n++) {
            size_t off = (size_t)n * out.size();
            const bool relu = !dy_is_preact && act == Activation::ReLU;
            if (!dy_is_preact && !relu && act != Activation::Linear)
                activation_backward(act, y + off, dy + off, 1, out.size());
            for (int oc = 0; oc < OC; oc++) {
                const float* g = dy + off + (size_t)oc * P;
                const float* yy = y + off + (size_t)oc * P;
                float* d = &dz_[(size_t)oc * NP + (size_t)n * P];
                if (relu) relu_mask(d, g, yy, P);
                else std::memcpy(d, g, sizeof(float) * P);
            }
        }
    });
    // dW (OC, CKK) += dz (OC, N·P) · colᵀ (N·P, CKK);  db (OC) += Σ_columns dz.
    // Split over K: part j (images [j·kDwImages, …)) = dz_j · col_jᵀ into its own buffer
    // (each product packs its slice of col once, all OC rows at a time), then the parts are
    // added in order j = 0, 1, … — a fixed summation order for any thread count.
    const int nparts = (N + kDwImages - 1) / kDwImages;
    const size_t psz = (size_t)OC * CKK + OC;  // one part: dW (OC, CKK) then db (OC)
    if (dwpart_.size() < (size_t)nparts * psz) dwpart_.resize((size_t)nparts * psz);
    pool.run(nparts, [&](int j, int) {
        const int n0 = j * kDwImages, cn = std::min(kDwImages, N - n0), K = cn * P;
        float* part = &dwpart_[(size_t)j * psz];
        gemm(false, true, OC, CKK, K, &dz_[(size_t)n0 * P], NP, &col_[(size_t)n0 * P], NP, 0.f, part, CKK);
        for (int r = 0; r < OC; r++) part[(size_t)OC * CKK + r] = sum_4lanes(&dz_[(size_t)r * NP + (size_t)n0 * P], K);
    });
    const int nblocks = (OC + kRowsPerBlock - 1) / kRowsPerBlock;
    pool.run(nblocks, [&](int blk, int) {
        const int r0 = blk * kRowsPerBlock, rows = std::min(kRowsPerBlock, OC - r0);
        for (int j = 0; j < nparts; j++) {
            const float* part = &dwpart_[(size_t)j * psz];
            for (size_t i = (size_t)r0 * CKK; i < (size_t)(r0 + rows) * CKK; i++) dW[i] += part[i];
            for (int r = r0; r < r0 + rows; r++) db[r] += part[(size_t)OC * CKK + r];
        }
    });
    if (!dx) return;
    // dcol (CKK, cn·P) = Wᵀ (CKK, OC) · dz (OC, cn·P) per chunk;  dx_n = col2im(dcol_n)
    const size_t per_thread = scratch_per_thread();
    if (scratch_.size() < (size_t)pool.size() * per_thread) scratch_.resize((size_t)pool.size() * per_thread);
    pool.run(nchunks, [&](int chunk, int tid) {
        const int n0 = chunk * kChunk, cn = std::min(kChunk, N - n0);
        float* dcol = &scratch_[(size_t)tid * per_thread];
        gemm(true, false, CKK, cn * P, OC, W, CKK, &dz_[(size_t)n0 * P], NP, 0.f, dcol, cn * P);
        for (int i = 0; i < cn; i++) {
            float* dxn = dx + (size_t)(n0 + i) * in.size();
            std::fill(dxn, dxn + in.size(), 0.f);
            col2im(dcol + (size_t)i * P, cn * P, in.c, in.h, in.w, k, stride, pad_t, pad_l, out.h, out.w, dxn);
        }
    });
}

} // namespace cnn
