// test_gemm_kernels.cpp — the project's own packed matrix product (gemm_packed.h) against the
// naive oracle gemm_naive: every transpose combination, beta 0 and 1, strides wider than
// the matrices, sizes that are not multiples of the 2×16 tile or of the KC/MC/NC blocks, and
// the real shapes of the tutorial model's layers. Natively this checks the blocking and
// packing with the plain C++ micro-kernel; under Node (-msimd128) the wasm_simd128 one.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "core/gemm.h"
#include "core/gemm_packed.h"
#include "core/rng.h"

namespace {

struct Case { bool ta, tb; int M, N, K; };

// max |packed − naive| / (1 + max |naive|) for C = op(A)·op(B) + beta·C with padded strides.
double check(const Case& c, float beta, bool via_gemm) {
    cnn::Rng rng(1000u + c.M * 7 + c.N * 13 + c.K * 17 + (c.ta ? 1 : 0) + (c.tb ? 2 : 0));
    const int lda = (c.ta ? c.M : c.K) + 3, ldb = (c.tb ? c.K : c.N) + 5, ldc = c.N + 2;
    std::vector<float> A((size_t)(c.ta ? c.K : c.M) * lda), B((size_t)(c.tb ? c.N : c.K) * ldb),
        C0((size_t)c.M * ldc);
    for (float& v : A) v = rng.uniform(-1.f, 1.f);
    for (float& v : B) v = rng.uniform(-1.f, 1.f);
    for (float& v : C0) v = rng.uniform(-1.f, 1.f);
    std::vector<float> Cn = C0, Cp = C0;
    cnn::gemm_naive(c.ta, c.tb, c.M, c.N, c.K, A.data(), lda, B.data(), ldb, beta, Cn.data(), ldc);
    if (via_gemm) cnn::gemm(c.ta, c.tb, c.M, c.N, c.K, A.data(), lda, B.data(), ldb, beta, Cp.data(), ldc);
    else cnn::gemm_packed(c.ta, c.tb, c.M, c.N, c.K, A.data(), lda, B.data(), ldb, beta, Cp.data(), ldc);
    double err = 0, mx = 0;
    for (int i = 0; i < c.M; i++)
        for (int j = 0; j < ldc; j++) {
            size_t k = (size_t)i * ldc + j;
            if (j >= c.N) {  // padding columns must be untouched
                if (Cp[k] != C0[k]) return 1e9;
                continue;
            }
            err = std::max(err, (double)std::fabs(Cp[k] - Cn[k]));
            mx = std::max(mx, (double)std::fabs(Cn[k]));
        }
    return err / (1 + mx);
}

}  // namespace

TEST_CASE("gemm_packed matches gemm_naive: transposes, beta, edges, blocks", "[gemm][kernels]") {
    INFO("micro-kernel: " << cnn::gemm_packed_kernel());
    const int sizes[][3] = {{1, 1, 1}, {5, 7, 3}, {6, 8, 1}, {2, 16, 1}, {3, 17, 5}, {7, 9, 17}, {13, 31, 64}, {72, 512, 256},
                            {73, 513, 257}, {150, 40, 600}, {3, 1100, 30}, {64, 20, 1000}};
    for (auto& s : sizes)
        for (int t = 0; t < 4; t++)
            for (float beta : {0.f, 1.f}) {
                Case c{(t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2]};
                INFO("transA " << c.ta << " transB " << c.tb << " M " << c.M << " N " << c.N << " K " << c.K
                               << " beta " << beta);
                CHECK(check(c, beta, false) < 1e-5);
                CHECK(check(c, beta, true) < 1e-5);
            }
}

TEST_CASE("gemm_packed on the tutorial model's shapes (batch 32)", "[gemm][kernels]") {
    const Case shapes[] = {
        {false, false, 32, 3600, 27},  // conv1 forward, a chunk of 4 images
        {false, false, 64, 676, 288},  // conv2 forward
        {false, true, 64, 288, 1352},  // conv2 dW, a part of 8 images
        {true, false, 288, 676, 64},   // conv2 dcol
        {false, true, 32, 27, 7200},   // conv1 dW
        {false, false, 16, 64, 1024},  // dense forward
        {true, false, 16, 64, 32},     // dense dW
        {false, true, 16, 1024, 64},   // dense dx
    };
    for (const Case& c : shapes)
        for (float beta : {0.f, 1.f}) {
            INFO("transA " << c.ta << " transB " << c.tb << " M " << c.M << " N " << c.N << " K " << c.K);
            CHECK(check(c, beta, false) < 1e-5);
        }
}

TEST_CASE("gemm_packed: K = 0 gives beta·C, and is deterministic", "[gemm][kernels]") {
    std::vector<float> C(12, 2.f), A(4), B(4);
    cnn::gemm_packed(false, false, 3, 4, 0, A.data(), 1, B.data(), 4, 1.f, C.data(), 4);
    CHECK(C[5] == 2.f);
    cnn::gemm_packed(false, false, 3, 4, 0, A.data(), 1, B.data(), 4, 0.f, C.data(), 4);
    CHECK(C[5] == 0.f);
    cnn::Rng rng(3);
    std::vector<float> X(40 * 300), Y(300 * 50), C1(40 * 50), C2(40 * 50);
    for (float& v : X) v = rng.uniform(-1.f, 1.f);
    for (float& v : Y) v = rng.uniform(-1.f, 1.f);
    cnn::gemm_packed(false, false, 40, 50, 300, X.data(), 300, Y.data(), 50, 0.f, C1.data(), 50);
    cnn::gemm_packed(false, false, 40, 50, 300, X.data(), 300, Y.data(), 50, 0.f, C2.data(), 50);
    CHECK(C1 == C2);
}
