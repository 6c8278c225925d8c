// conv2d.cpp — Conv2D forward/backward as im2col + matrix products (shapes in conv2d.h).
// Threads: forward and dx split over images; dW/db split over fixed blocks of output
// channels, each block summing images in order 0..N-1, so no two threads write the same
// memory and the result is the same for any thread count.
#include "core/layers/conv2d.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/error.h"
#include "core/gemm.h"

namespace cnn {

static const int kRowsPerBlock = 16;  // output channels per dW work item (fixed: determinism)

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
    if (filters <= 0) throw Error(who + ": filters must be positive, got " + std::to_string(filters));
    if (k <= 0) throw Error(who + ": kernel size must be positive, got " + std::to_string(k));
    if (stride <= 0) throw Error(who + ": stride must be positive, got " + std::to_string(stride));
    if (padding.kind == Padding::Explicit && padding.p < 0)
        throw Error(who + ": padding must be 0 or more, got " + std::to_string(padding.p));
    if (act == Activation::Softmax)
        throw Error(who + ": softmax needs a flat input; use it on a dense layer");
    if (input.flat())
        throw Error(who + ": needs an image input (C,H,W) but gets a flat vector of " +
                    std::to_string(input.c) + "; convolutions must come before flatten/dense");
    if (padding.kind == Padding::Same) {
        same_padding(in.h, k, stride, &pad_t, &pad_b);
        same_padding(in.w, k, stride, &pad_l, &pad_r);
    } else {
        pad_t = pad_b = pad_l = pad_r = padding.kind == Padding::Explicit ? padding.p : 0;
    }
    if (k > in.h + pad_t + pad_b || k > in.w + pad_l + pad_r)
        throw Error(who + ": kernel " + std::to_string(k) + "x" + std::to_string(k) +
                    " is larger than its " + std::to_string(in.h) + "x" + std::to_string(in.w) +
                    " input with padding " + padding.str());
    out.c = filters;
    out.h = conv_out_size(in.h, k, pad_t, pad_b, stride);
    out.w = conv_out_size(in.w, k, pad_l, pad_r, stride);
    if (out.h <= 0 || out.w <= 0)
        throw Error(who + ": output size " + std::to_string(out.h) + "x" + std::to_string(out.w) +
                    " is not positive");
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

void im2col(const float* x, int C, int H, int W, int k, int s, int pad_t, int pad_l, int OH,
            int OW, float* col) {
    // row r = (c·K + kh)·K + kw of col holds x[c][oh·s − pad_t + kh][ow·s − pad_l + kw]
    for (int c = 0; c < C; c++)
        for (int kh = 0; kh < k; kh++)
            for (int kw = 0; kw < k; kw++) {
                float* row = col + ((size_t)(c * k + kh) * k + kw) * OH * OW;
                for (int oh = 0; oh < OH; oh++) {
                    int ih = oh * s - pad_t + kh;
                    float* dst = row + oh * OW;
                    if (ih < 0 || ih >= H) { std::memset(dst, 0, sizeof(float) * OW); continue; }
                    const float* src = x + ((size_t)c * H + ih) * W;
                    for (int ow = 0; ow < OW; ow++) {
                        int iw = ow * s - pad_l + kw;
                        dst[ow] = (iw >= 0 && iw < W) ? src[iw] : 0.f;
                    }
                }
            }
}

void col2im(const float* col, int C, int H, int W, int k, int s, int pad_t, int pad_l, int OH,
            int OW, float* dx) {
    for (int c = 0; c < C; c++)
        for (int kh = 0; kh < k; kh++)
            for (int kw = 0; kw < k; kw++) {
                const float* row = col + ((size_t)(c * k + kh) * k + kw) * OH * OW;
                for (int oh = 0; oh < OH; oh++) {
                    int ih = oh * s - pad_t + kh;
                    if (ih < 0 || ih >= H) continue;
                    float* dst = dx + ((size_t)c * H + ih) * W;
                    const float* src = row + oh * OW;
                    for (int ow = 0; ow < OW; ow++) {
                        int iw = ow * s - pad_l + kw;
                        if (iw >= 0 && iw < W) dst[iw] += src[ow];
                    }
                }
            }
}

void Conv2D::forward(const float* x, float* y, int N, bool train, ThreadPool& pool) {
    const int OC = filters, CKK = ckk(), P = positions();
    const size_t colsz = (size_t)CKK * P;
    if (train) { if (col_.size() < (size_t)N * colsz) col_.resize((size_t)N * colsz); }
    else if (scratch_.size() < (size_t)pool.size() * colsz) scratch_.resize((size_t)pool.size() * colsz);
    pool.run(N, [&](int n, int tid) {
        float* col = train ? &col_[(size_t)n * colsz] : &scratch_[(size_t)tid * colsz];
        im2col(x + (size_t)n * in.size(), in.c, in.h, in.w, k, stride, pad_t, pad_l, out.h, out.w, col);
        float* yn = y + (size_t)n * out.size();
        gemm(false, false, OC, P, CKK, W, CKK, col, P, 0.f, yn, P);  // (OC,P) = (OC,CKK)·(CKK,P)
        for (int oc = 0; oc < OC; oc++) {
            float bias = b[oc];
            float* r = yn + (size_t)oc * P;
            for (int p = 0; p < P; p++) r[p] += bias;
        }
        activation_forward(act, yn, 1, out.size());
    });
}

void Conv2D::backward(const float* x, const float* y, float* dy, float* dx, int N,
                      bool dy_is_preact, ThreadPool& pool) {
    (void)x;
    const int OC = filters, CKK = ckk(), P = positions();
    const size_t colsz = (size_t)CKK * P;
    // dz = dy ⊙ act'(y), per image
    if (!dy_is_preact && act != Activation::Linear)
        pool.run(N, [&](int n, int) {
            size_t off = (size_t)n * out.size();
            activation_backward(act, y + off, dy + off, 1, out.size());
        });
    // dW (OC, CKK) += Σ_n dz_n (OC, P) · col_nᵀ (P, CKK);  db (OC) += Σ_n Σ_p dz_n
    int nblocks = (OC + kRowsPerBlock - 1) / kRowsPerBlock;
    pool.run(nblocks, [&](int blk, int) {
        int r0 = blk * kRowsPerBlock, rows = std::min(kRowsPerBlock, OC - r0);
        for (int n = 0; n < N; n++) {
            const float* dz = dy + (size_t)n * out.size() + (size_t)r0 * P;
            gemm(false, true, rows, CKK, P, dz, P, &col_[(size_t)n * colsz], P, 1.f,
                 dW + (size_t)r0 * CKK, CKK);
            for (int r = 0; r < rows; r++) {
                float s = 0.f;
                for (int p = 0; p < P; p++) s += dz[(size_t)r * P + p];
                db[r0 + r] += s;
            }
        }
    });
    if (!dx) return;
    // dcol (CKK, P) = Wᵀ (CKK, OC) · dz_n (OC, P);  dx_n = col2im(dcol)
    if (scratch_.size() < (size_t)pool.size() * colsz) scratch_.resize((size_t)pool.size() * colsz);
    pool.run(N, [&](int n, int tid) {
        float* dcol = &scratch_[(size_t)tid * colsz];
        gemm(true, false, CKK, P, OC, W, CKK, dy + (size_t)n * out.size(), P, 0.f, dcol, P);
        float* dxn = dx + (size_t)n * in.size();
        std::fill(dxn, dxn + in.size(), 0.f);
        col2im(dcol, in.c, in.h, in.w, k, stride, pad_t, pad_l, out.h, out.w, dxn);
    });
}

} // namespace cnn
