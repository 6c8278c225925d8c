// gemm.h — the single-precision matrix product every layer goes through, row-major:
//   C (M×N) = op(A) (M×K) · op(B) (K×N) + beta · C,   op(X) = X or Xᵀ,  beta ∈ {0, 1}
// One call is single-threaded; layers split work into fixed-shape calls across the pool.
// gemm_naive is the oracle the tests check the fast path against.
#pragma once

namespace cnn {

void gemm(bool transA, bool transB, int M, int N, int K,
          const float* A, int lda, const float* B, int ldb,
          float beta, float* C, int ldc);

void gemm_naive(bool transA, bool transB, int M, int N, int K,
                const float* A, int lda, const float* B, int ldb,
                float beta, float* C, int ldc);

} // namespace cnn
