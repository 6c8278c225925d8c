// test_teach_views.cpp — the comparison views (teach/views.h): dense against convolution
// parameter counts with Keras's numbers, and a live layer's description.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "teach/views.h"
#include "teach_support.h"

using Catch::Contains;
using Catch::Matchers::WithinAbs;
using namespace cnn;
using namespace teach;
using namespace teach_test;

TEST_CASE("conv steps: dense against convolution parameter counts", "[teach]") {
    // The tutorial's first layer: Conv2D(32, 3×3) on 32×32×3 → 896 (Keras's summary).
    ParamComparison r = dense_vs_conv(3, 32, 32, 32, 3);
    REQUIRE(r.conv_params == 896);
    REQUIRE((r.OH == 30 && r.OW == 30));
    REQUIRE(r.outputs == 32 * 30 * 30);
    REQUIRE(r.dense_params == (int64_t)(3 * 32 * 32 + 1) * 32 * 30 * 30);  // 88,502,400
    REQUIRE_THAT(en(r.explain), Contains("88,502,400"));
    REQUIRE_THAT(en(r.explain), Contains("896"));

    Model m = Model::parse(kTutorialModel);
    const auto* c2 = dynamic_cast<const Conv2D*>(m.layers[2].get());
    REQUIRE(c2 != nullptr);
    ParamComparison r2 = dense_vs_conv(*c2);
    REQUIRE(r2.conv_params == 18496);  // conv2d_1 in the tutorial's summary
    REQUIRE(r2.dense_params == (int64_t)(32 * 15 * 15 + 1) * 64 * 13 * 13);
    REQUIRE(r2.conv_params == (int64_t)c2->num_params());
    REQUIRE_THROWS_AS(dense_vs_conv(3, 2, 2, 4, 3), Error);
}

