// gemm.cpp — matrix products: natively (and in scalar WebAssembly) through Eigen's blocked
// kernels (row-major maps with strides); in WebAssembly SIMD builds through the project's
// own packed wasm_simd128 kernel (gemm_packed.h), which Eigen 3.4 has no counterpart for.
// The naive triple loop stays as the oracle. Single-threaded per call (EIGEN_DONT_PARALLELIZE):
// parallelism is the caller's, over fixed-shape calls.
#include "core/gemm.h"

#include <Eigen/Core>

#include "core/gemm_packed.h"

namespace cnn {

using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ColMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
using Stride = Eigen::OuterStride<>;
using CMapR = Eigen::Map<const RowMat, 0, Stride>;
using CMapC = Eigen::Map<const ColMat, 0, Stride>;  // a row-major Xᵀ seen as column-major X
using MapR = Eigen::Map<RowMat, 0, Stride>;

template <class TA, class TB>
static void product(const TA& a, const TB& b, float beta, MapR& c) {
    if (beta == 0.f) c.noalias() = a * b;
    else c.noalias() += a * b;
}

void gemm(bool transA, bool transB, int M, int N, int K, const float* A, int lda,
          const float* B, int ldb, float beta, float* C, int ldc) {
    if (M <= 0 || N <= 0) return;
#ifdef __wasm_simd128__
    gemm_packed(transA, transB, M, N, K, A, lda, B, ldb, beta, C, ldc);
    return;
#endif
    MapR c(C, M, N, Stride(ldc));
    if (K <= 0) {
        if (beta == 0.f) c.setZero();
        return;
    }
    // op(A) is M×K: stored row-major (M, lda) if !transA, else (K, lda) whose transpose we
    // read as a column-major M×K map with outer stride lda — no copy either way.
    if (!transA && !transB) product(CMapR(A, M, K, Stride(lda)), CMapR(B, K, N, Stride(ldb)), beta, c);
    else if (!transA && transB) product(CMapR(A, M, K, Stride(lda)), CMapC(B, K, N, Stride(ldb)), beta, c);
    else if (transA && !transB) product(CMapC(A, M, K, Stride(lda)), CMapR(B, K, N, Stride(ldb)), beta, c);
    else product(CMapC(A, M, K, Stride(lda)), CMapC(B, K, N, Stride(ldb)), beta, c);
}

void gemm_naive(bool transA, bool transB, int M, int N, int K, const float* A, int lda,
                const float* B, int ldb, float beta, float* C, int ldc) {
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            double s = 0;
            for (int k = 0; k < K; k++) {
                float a = transA ? A[(size_t)k * lda + i] : A[(size_t)i * lda + k];
                float b = transB ? B[(size_t)j * ldb + k] : B[(size_t)k * ldb + j];
                s += (double)a * b;
            }
            float& c = C[(size_t)i * ldc + j];
            c = (float)(beta == 0.f ? s : c + s);
        }
}

} // namespace cnn
