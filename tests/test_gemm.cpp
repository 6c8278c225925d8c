// test_gemm.cpp — the Eigen-backed gemm against gemm_naive (a double-accumulating triple
// loop) for all four transpose combinations, strided storage (ld > row length), beta 0 and 1.
// Also pins gemm_naive itself to a product worked out by hand, so the oracle is checked too.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "core/gemm.h"
#include "core/rng.h"
#include "gradcheck.h"

using Catch::Matchers::WithinAbs;

TEST_CASE("gemm_naive matches a product worked out by hand", "[gemm]") {
    // A (2×3) = [1 2 3; 4 5 6], B (3×2) = [7 8; 9 10; 11 12]
    // A·B by hand: [1·7+2·9+3·11, 1·8+2·10+3·12; 4·7+5·9+6·11, 4·8+5·10+6·12] = [58 64; 139 154]
    const float A[] = {1, 2, 3, 4, 5, 6}, B[] = {7, 8, 9, 10, 11, 12};
    float C[4] = {1, 1, 1, 1};
    cnn::gemm_naive(false, false, 2, 2, 3, A, 3, B, 2, 0.f, C, 2);
    CHECK(C[0] == 58); CHECK(C[1] == 64); CHECK(C[2] == 139); CHECK(C[3] == 154);
    // beta 1 adds: C = A·B + C
    cnn::gemm_naive(false, false, 2, 2, 3, A, 3, B, 2, 1.f, C, 2);
    CHECK(C[0] == 116); CHECK(C[3] == 308);
    // Aᵀ stored as (3×2) [1 4; 2 5; 3 6] with transA gives the same product
    const float At[] = {1, 4, 2, 5, 3, 6};
    cnn::gemm_naive(true, false, 2, 2, 3, At, 2, B, 2, 0.f, C, 2);
    CHECK(C[0] == 58); CHECK(C[2] == 139);
    cnn::gemm(true, false, 2, 2, 3, At, 2, B, 2, 0.f, C, 2);
    CHECK(C[0] == 58); CHECK(C[1] == 64); CHECK(C[2] == 139); CHECK(C[3] == 154);
}

TEST_CASE("gemm matches gemm_naive: all transposes, ld > width, beta 0 and 1", "[gemm]") {
    struct Size { int M, N, K; };
    const Size size = GENERATE(Size{1, 1, 1}, Size{3, 5, 7}, Size{17, 9, 33}, Size{64, 3, 70},
                               Size{5, 40, 2});
    const bool transA = GENERATE(false, true);
    const bool transB = GENERATE(false, true);
    const float beta = GENERATE(0.f, 1.f);
    const int M = size.M, N = size.N, K = size.K;
    CAPTURE(M, N, K, transA, transB, beta);

    // op(A) is M×K: stored (M, lda ≥ K) or, transposed, (K, lda ≥ M); likewise B. Each
    // leading dimension exceeds the row it holds by a few cells that must never be read
    // (they hold NaN) or, in C, written.
    const int arows = transA ? K : M, acols = transA ? M : K, lda = acols + 3;
    const int brows = transB ? N : K, bcols = transB ? K : N, ldb = bcols + 2;
    const int ldc = N + 4;
    cnn::Rng rng(1000 + M * 7 + N * 3 + K);
    std::vector<float> A((size_t)arows * lda, NAN), B((size_t)brows * ldb, NAN);
    for (int i = 0; i < arows; i++)
        for (int j = 0; j < acols; j++) A[(size_t)i * lda + j] = rng.uniform(-1, 1);
    for (int i = 0; i < brows; i++)
        for (int j = 0; j < bcols; j++) B[(size_t)i * ldb + j] = rng.uniform(-1, 1);
    const float sentinel = 12345.f;
    std::vector<float> C0((size_t)M * ldc, sentinel);
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++)
            // beta 0 must ignore what C holds, even NaN (layers write into dirty buffers)
            C0[(size_t)i * ldc + j] = beta == 0.f ? NAN : rng.uniform(-1, 1);

    std::vector<float> fast = C0, ref = C0;
    cnn::gemm(transA, transB, M, N, K, A.data(), lda, B.data(), ldb, beta, fast.data(), ldc);
    cnn::gemm_naive(transA, transB, M, N, K, A.data(), lda, B.data(), ldb, beta, ref.data(), ldc);
    // float accumulation vs double: |error| ≲ K · 2⁻²⁴ · Σ|a·b| ≤ K²·6e-8 for |a|,|b| ≤ 1
    const double tol = 1e-6 + 6e-8 * K * K;
    for (int i = 0; i < M; i++) {
        for (int j = 0; j < N; j++) {
            CAPTURE(i, j);
            REQUIRE_THAT(fast[(size_t)i * ldc + j], WithinAbs(ref[(size_t)i * ldc + j], tol));
        }
        for (int j = N; j < ldc; j++) REQUIRE(fast[(size_t)i * ldc + j] == sentinel);  // padding untouched
    }
}

TEST_CASE("gemm with K = 0 gives beta·C: zeros for beta 0, C unchanged for beta 1", "[gemm]") {
    float A[1] = {1}, B[1] = {1};
    float C[6] = {1, 2, 3, 4, 5, 6};
    cnn::gemm(false, false, 2, 3, 0, A, 1, B, 3, 1.f, C, 3);
    CHECK(C[0] == 1); CHECK(C[5] == 6);
    cnn::gemm(false, false, 2, 3, 0, A, 1, B, 3, 0.f, C, 3);
    for (float c : C) CHECK(c == 0);
}
