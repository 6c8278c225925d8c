// test_teach_filters.cpp — convolution as filtering (teach/filters.h): the classic kernels by
// name, filtering against ConvSteps with 'same' padding, Sobel and blur on known images,
// grayscale and ReLU.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/error.h"
#include "teach/conv_steps.h"
#include "teach/filters.h"
#include "teach_support.h"

using Catch::Contains;
using Catch::Matchers::WithinAbs;
using namespace cnn;
using namespace teach;
using namespace teach_test;

TEST_CASE("conv steps: classic kernels, filtering, ReLU", "[teach]") {
    REQUIRE(classic_kernels().size() == 8);
    REQUIRE(std::string(classic_kernel("Sobel X").id) == "sobel_x");
    REQUIRE(std::string(classic_kernel("laplacian").id) == "edge");
    REQUIRE(std::string(classic_kernel("Edge detection (Laplacian)").id) == "edge");
    REQUIRE(std::string(classic_kernel("gaussian-blur").id) == "gaussian_blur");
    REQUIRE_THAT(thrown_en([] { classic_kernel("wobble"); }), Contains("emboss"));
    for (const ClassicKernel& k : classic_kernels()) {
        float s = 0;
        for (float v : k.k) s += v;
        INFO(k.id);
        // Blurs, identity and sharpen keep brightness (sum 1); edge/Sobel detectors sum to 0.
        std::string id = k.id;
        REQUIRE_THAT(s, WithinAbs(id == "edge" || id == "sobel_x" || id == "sobel_y" ? 0.f : 1.f, 1e-6));
    }

    // A 2-channel 5×6 image: identity copies it; the filter equals ConvSteps with 'same'.
    const int C = 2, H = 5, W = 6;
    std::vector<float> img = ints((size_t)C * H * W, 0, 9, 3);
    REQUIRE(filter_image(img.data(), C, H, W, classic_kernel("identity").k, 3) == img);
    for (const ClassicKernel& k : classic_kernels())
        for (int c = 0; c < C; c++) {
            ConvProblem p;
            p.C = 1; p.H = H; p.W = W; p.K = 3; p.padding = Padding{Padding::Same, 0};
            p.input.assign(img.begin() + c * H * W, img.begin() + (c + 1) * H * W);
            p.weights.assign(k.k, k.k + 9);
            std::vector<float> want = ConvSteps(p).output();
            std::vector<float> got = filter_image(img.data(), C, H, W, k.k, 3);
            for (int i = 0; i < H * W; i++) REQUIRE_THAT(got[(size_t)c * H * W + i], WithinAbs(want[i], 1e-5));
        }

    // Sobel x on a left-to-right ramp: 8 in the interior (gradient 1 per pixel × (1+2+1)·2).
    std::vector<float> ramp(5 * 5);
    for (int h = 0; h < 5; h++)
        for (int w = 0; w < 5; w++) ramp[h * 5 + w] = (float)w;
    std::vector<float> gx = filter_image(ramp.data(), 1, 5, 5, classic_kernel("sobel_x").k, 3);
    REQUIRE(gx[2 * 5 + 2] == 8.f);
    // Box blur of a constant image: unchanged inside, darker at the zero-padded border.
    std::vector<float> flat(25, 9.f);
    std::vector<float> bl = filter_image(flat.data(), 1, 5, 5, classic_kernel("box_blur").k, 3);
    REQUIRE_THAT(bl[12], WithinAbs(9.f, 1e-5));
    REQUIRE_THAT(bl[0], WithinAbs(4.f, 1e-5));  // corner: 4 of 9 cells inside

    std::vector<float> rgb = {1, 0, 0, 1, 0, 0};  // (3, 1, 2): red pixel, green pixel... channels
    std::vector<float> g = to_grayscale(rgb.data(), 1, 2);
    REQUIRE_THAT(g[0], WithinAbs(0.299f, 1e-6));  // R=1, G=0, B=0
    REQUIRE_THAT(g[1], WithinAbs(0.587f, 1e-6));  // R=0, G=1, B=0

    std::vector<float> fm = {-2, 0, 3.5f, -0.1f};
    REQUIRE(relu(fm.data(), fm.size()) == std::vector<float>{0, 0, 3.5f, 0});
}

