// gemm_packed.h — the project's own blocked, packed matrix product (the BLIS/GotoBLAS
// scheme: op(B) packed into KC×NR slivers, op(A) into MR×KC slivers, an MR×NR register-
// blocked micro-kernel). Same contract as gemm() in gemm.h. Its micro-kernel uses
// WebAssembly SIMD (wasm_simd128.h, 128-bit, no FMA) when compiled with -msimd128 and
// plain C++ otherwise, so the same blocking is checked against gemm_naive natively and
// under Node (tests/test_gemm_kernels.cpp). gemm() uses it in WebAssembly SIMD builds,
// where Eigen 3.4 has no SIMD path of its own; natively Eigen (AVX-512) stays faster.
// Single-threaded per call, deterministic: the summation order depends only on the shape.
#pragma once

namespace cnn {

void gemm_packed(bool transA, bool transB, int M, int N, int K,
                 const float* A, int lda, const float* B, int ldb,
                 float beta, float* C, int ldc);

// "wasm_simd128 2x16" or "scalar 2x16": which micro-kernel gemm_packed was built with.
const char* gemm_packed_kernel();

} // namespace cnn
