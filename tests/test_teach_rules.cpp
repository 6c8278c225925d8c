// test_teach_rules.cpp — the tutorial's architecture rule (teach/rules.h): roles and blocks of
// the tutorial model, grammar names, and the first layer that breaks the rule with why.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "teach/rules.h"
#include "teach_support.h"

using Catch::Contains;
using Catch::Matchers::WithinAbs;
using namespace cnn;
using namespace teach;
using namespace teach_test;

TEST_CASE("conv steps: the architecture rule input → (conv+ → pool?)+ → dense+", "[teach]") {
    Model m = Model::parse(kTutorialModel);
    ArchitectureCheck a = check_architecture(m);
    REQUIRE(a.matches);
    REQUIRE(a.bad_index == -1);
    REQUIRE(a.why.id == MsgId::count);
    using R = LayerRole;
    REQUIRE(a.roles == std::vector<R>{R::FeatureExtraction, R::DownSampling, R::FeatureExtraction,
                                      R::DownSampling, R::FeatureExtraction, R::Flatten,
                                      R::Classification, R::Classification});
    REQUIRE(a.block == std::vector<int>{1, 1, 2, 2, 3, 0, 0, 0});
    REQUIRE(std::string(app::table_text(app::LangEn, app::role_key(R::DownSampling))) == "down-sampling");

    // Grammar names, stand-alone activations and an input layer are fine too.
    ArchitectureCheck b = check_architecture({"InputLayer", "conv", "ReLU", "conv2d", "avgpool", "Dense", "Softmax"});
    REQUIRE(b.matches);
    REQUIRE(b.block == std::vector<int>{0, 1, 1, 1, 1, 0, 0});

    ArchitectureCheck d = check_architecture({"Dense", "Conv2D"});
    REQUIRE_FALSE(d.matches);
    REQUIRE(d.bad_index == 0);
    REQUIRE_THAT(en(d.why), Contains("Layer 1 (Dense) is a dense layer before any convolution"));

    ArchitectureCheck e = check_architecture({"Conv2D", "MaxPooling2D", "MaxPooling2D", "Flatten", "Dense"});
    REQUIRE_FALSE(e.matches);
    REQUIRE(e.bad_index == 2);
    REQUIRE_THAT(en(e.why), Contains("at most one pooling"));

    ArchitectureCheck f = check_architecture({"Conv2D", "Flatten", "Dense", "Conv2D", "Dense"});
    REQUIRE(f.bad_index == 3);
    REQUIRE_THAT(en(f.why), Contains("after the dense part began at layer 2"));

    ArchitectureCheck g = check_architecture({"Conv2D", "MaxPooling2D"});
    REQUIRE(g.bad_index == 2);
    REQUIRE_THAT(en(g.why), Contains("without a dense layer"));

    REQUIRE_THAT(en(check_architecture({"MaxPooling2D", "Conv2D", "Dense"}).why), Contains("before any convolution"));
    REQUIRE_THAT(en(check_architecture({"Conv2D", "Dropout", "Dense"}).why), Contains("Dropout"));
    REQUIRE_FALSE(check_architecture(std::vector<std::string>{}).matches);
}

