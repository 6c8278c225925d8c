// gemm_packed.cpp — blocked, packed sgemm with an MR×NR micro-kernel (see gemm_packed.h).
//   C (M×N) = op(A) (M×K) · op(B) (K×N) + beta·C, row-major, beta ∈ {0, 1}.
// Loops (outer to inner): jc over N by NC, pc over K by KC (pack op(B) block KC×NC into
// NR-wide slivers), ic over M by MC (pack op(A) block MC×KC into MR-tall slivers), then
// MR×NR tiles. Packing pads with zeros, so the micro-kernel always runs full tiles; edge
// tiles go through a small buffer. Packing buffers are per thread, sized once (no
// allocation after the first call of the largest shape).
// WebAssembly: V8 has 15 usable XMM registers on x64 (xmm15 is its scratch), and each
// multiply-then-add (wasm SIMD has no FMA) needs a temporary. 2×16 keeps 8 accumulators,
// 4 B vectors, 1 broadcast and the temporary in registers with one broadcast per 4
// products: 50 GFLOP/s in V8 on this machine's EPYC against 24 for 6×8 (12 accumulators +
// 2 B + broadcast + temporary = 16: one spills) and 41 for 4×8 (more broadcasts).
#include "core/gemm_packed.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

namespace cnn {

namespace {

constexpr int MR = 2, NR = 16;
constexpr int KC = 256, MC = 72, NC = 512;  // MC multiple of MR, NC multiple of NR

// op(A) rows [i0, i0+mc) × k [p0, p0+kc) → slivers of MR rows, each (kc, MR) k-major.
void pack_a(bool transA, const float* A, int lda, int i0, int mc, int p0, int kc, float* dst) {
    for (int ir = 0; ir < mc; ir += MR) {
        const int mr = std::min(MR, mc - ir);
        float* d = dst + (size_t)ir * kc;
        if (!transA) {
            for (int r = 0; r < MR; r++) {
                if (r < mr) {
                    const float* a = A + (size_t)(i0 + ir + r) * lda + p0;
                    for (int k = 0; k < kc; k++) d[k * MR + r] = a[k];
                } else {
                    for (int k = 0; k < kc; k++) d[k * MR + r] = 0.f;
                }
            }
        } else {  // op(A)[i][k] = A[k][i]: rows of A are contiguous in i
            for (int k = 0; k < kc; k++) {
                const float* a = A + (size_t)(p0 + k) * lda + i0 + ir;
                int r = 0;
                for (; r < mr; r++) d[k * MR + r] = a[r];
                for (; r < MR; r++) d[k * MR + r] = 0.f;
            }
        }
    }
}

// op(B) k [p0, p0+kc) × columns [j0, j0+nc) → slivers of NR columns, each (kc, NR).
void pack_b(bool transB, const float* B, int ldb, int p0, int kc, int j0, int nc, float* dst) {
    for (int jr = 0; jr < nc; jr += NR) {
        const int nr = std::min(NR, nc - jr);
        float* d = dst + (size_t)jr * kc;
        if (!transB) {
            for (int k = 0; k < kc; k++) {
                const float* b = B + (size_t)(p0 + k) * ldb + j0 + jr;
                if (nr == NR) {
#ifdef __wasm_simd128__
                    for (int v = 0; v < NR; v += 4) wasm_v128_store(d + k * NR + v, wasm_v128_load(b + v));
#else
                    std::memcpy(d + k * NR, b, sizeof(float) * NR);
#endif
                }
                else {
                    int c = 0;
                    for (; c < nr; c++) d[k * NR + c] = b[c];
                    for (; c < NR; c++) d[k * NR + c] = 0.f;
                }
            }
        } else {  // op(B)[k][j] = B[j][k]
            for (int c = 0; c < NR; c++) {
                if (c < nr) {
                    const float* b = B + (size_t)(j0 + jr + c) * ldb + p0;
                    for (int k = 0; k < kc; k++) d[k * NR + c] = b[k];
                } else {
                    for (int k = 0; k < kc; k++) d[k * NR + c] = 0.f;
                }
            }
        }
    }
}

// acc (MR, NR) = Σ_k a[k] ⊗ b[k] over packed slivers; then C tile (ldc) = acc (+ C if add).
#ifdef __wasm_simd128__
__attribute__((noinline)) void micro_kernel(int kc, const float* a, const float* b, float* c, int ldc, bool add) {
    constexpr int NV = NR / 4;  // f32x4 vectors per row of the tile
    v128_t acc[MR][NV];
    for (int r = 0; r < MR; r++)
        for (int v = 0; v < NV; v++) acc[r][v] = wasm_f32x4_splat(0.f);
    for (int k = 0; k < kc; k++) {
        v128_t bv[NV];
        for (int v = 0; v < NV; v++) bv[v] = wasm_v128_load(b + 4 * v);
        for (int r = 0; r < MR; r++) {
            const v128_t x = wasm_v128_load32_splat(a + r);
            for (int v = 0; v < NV; v++) acc[r][v] = wasm_f32x4_add(acc[r][v], wasm_f32x4_mul(x, bv[v]));
        }
        a += MR;
        b += NR;
    }
    for (int r = 0; r < MR; r++) {
        float* cr = c + (size_t)r * ldc;
        for (int v = 0; v < NV; v++) {
            v128_t t = acc[r][v];
            if (add) t = wasm_f32x4_add(wasm_v128_load(cr + 4 * v), t);
            wasm_v128_store(cr + 4 * v, t);
        }
    }
}
const char* const kKernelName = "wasm_simd128 2x16";
#else
__attribute__((noinline)) void micro_kernel(int kc, const float* a, const float* b, float* c, int ldc, bool add) {
    float acc[MR][NR] = {};
    for (int k = 0; k < kc; k++) {
        for (int r = 0; r < MR; r++)
            for (int j = 0; j < NR; j++) acc[r][j] += a[r] * b[j];
        a += MR;
        b += NR;
    }
    for (int r = 0; r < MR; r++)
        for (int j = 0; j < NR; j++) c[(size_t)r * ldc + j] = add ? c[(size_t)r * ldc + j] + acc[r][j] : acc[r][j];
}
const char* const kKernelName = "scalar 2x16";
#endif

// Packed blocks start on a 64-byte line: the micro-kernel's 16-byte loads then never
// straddle cache lines (malloc in WebAssembly only promises 8 bytes).
struct PackBuffers {
    std::vector<float> a_mem, b_mem;
    float* a = nullptr;
    float* b = nullptr;
    static float* line_aligned(std::vector<float>& mem, size_t n) {
        mem.resize(n + 16);
        const uintptr_t p = reinterpret_cast<uintptr_t>(mem.data());
        return mem.data() + ((64 - p % 64) % 64) / sizeof(float);
    }
};

}  // namespace

const char* gemm_packed_kernel() { return kKernelName; }

void gemm_packed(bool transA, bool transB, int M, int N, int K, const float* A, int lda, const float* B,
                 int ldb, float beta, float* C, int ldc) {
    if (M <= 0 || N <= 0) return;
    if (K <= 0) {
        if (beta == 0.f)
            for (int i = 0; i < M; i++) std::fill(C + (size_t)i * ldc, C + (size_t)i * ldc + N, 0.f);
        return;
    }
    thread_local PackBuffers buf;
    if (!buf.a) {
        buf.a = PackBuffers::line_aligned(buf.a_mem, (size_t)MC * KC);
        buf.b = PackBuffers::line_aligned(buf.b_mem, (size_t)KC * NC);
    }
    float* pa = buf.a;
    float* pb = buf.b;
    alignas(16) float edge[MR * NR];
    for (int jc = 0; jc < N; jc += NC) {
        const int nc = std::min(NC, N - jc);
        for (int pc = 0; pc < K; pc += KC) {
            const int kc = std::min(KC, K - pc);
            const bool add = pc > 0 || beta != 0.f;
            pack_b(transB, B, ldb, pc, kc, jc, nc, pb);
            for (int ic = 0; ic < M; ic += MC) {
                const int mc = std::min(MC, M - ic);
                pack_a(transA, A, lda, ic, mc, pc, kc, pa);
                for (int jr = 0; jr < nc; jr += NR) {
                    const int nr = std::min(NR, nc - jr);
                    for (int ir = 0; ir < mc; ir += MR) {
                        const int mr = std::min(MR, mc - ir);
                        float* c = C + (size_t)(ic + ir) * ldc + jc + jr;
                        const float* ap = pa + (size_t)ir * kc;
                        const float* bp = pb + (size_t)jr * kc;
                        if (mr == MR && nr == NR) {
                            micro_kernel(kc, ap, bp, c, ldc, add);
                        } else {
                            micro_kernel(kc, ap, bp, edge, NR, false);
                            for (int r = 0; r < mr; r++)
                                for (int j = 0; j < nr; j++) {
                                    float& dst = c[(size_t)r * ldc + j];
                                    dst = add ? dst + edge[r * NR + j] : edge[r * NR + j];
                                }
                        }
                    }
                }
            }
        }
    }
}

} // namespace cnn
