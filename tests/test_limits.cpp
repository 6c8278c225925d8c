// test_limits.cpp — the memory check that refuses a training run before it starts: the
// estimate's parts, the limit's parsing, and a refusal whose message shows the estimate.
// Only shapes are built here (Model::parse allocates the weights, never the activations),
// so the huge models cost nothing to test.
#include <catch2/catch.hpp>

#include "core/error.h"
#include "core/limits.h"
#include "core/model.h"

using Catch::Contains;
using cnn::MemoryEstimate;
using cnn::MemoryLimit;
using cnn::Model;

namespace {

constexpr size_t kMB = size_t(1) << 20;

// The error message of f(), or "" if it does not throw cnn::Error.
template <class F> std::string error_of(F f) {
    try {
        f();
    } catch (const cnn::Error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("limits: a conv with 5000 filters on 32x32 is refused with the estimate shown", "[limits]") {
    // 5000 feature maps of 30x30 per image: 4.5 M floats; at batch 32 the activations and the
    // two gradient buffers alone are 3 x 32 x 4.5 M x 4 bytes = 1.6 GB.
    const Model m = Model::parse("conv(5000,3,relu) maxpool(30) flatten dense(10,softmax)");
    const MemoryEstimate e = cnn::estimate_training_memory(m, 32, 50000, 10000);
    CHECK(e.total() > 1536 * kMB);
    CHECK(e.model > 1600 * kMB);

    const std::string msg = error_of([&] { cnn::check_memory(e, cnn::memory_limit_from(nullptr)); });
    INFO(msg);
    // wasm32's size_t saturates at 4 GB: the estimate then says "more than".
    CHECK_THAT(msg, Contains("needs about") || Contains("needs more than"));
    CHECK_THAT(msg, Contains(" MB (model "));
    CHECK_THAT(msg, Contains("batches of 32"));
    CHECK_THAT(msg, Contains("more than the memory limit of 1536.0 MB"));
    CHECK_THAT(msg, Contains("CNN_MEMORY_LIMIT_MB"));
}

TEST_CASE("limits: the tutorial model on all of CIFAR-10 fits the default limit", "[limits]") {
    const Model m = Model::parse(cnn::kTutorialModel);
    const MemoryEstimate e = cnn::estimate_training_memory(m, 32, 50000, 10000);
    // Data: 60,000 records of 3073 bytes, exactly.
    CHECK(e.data == size_t(60000) * 3073);
    CHECK(e.total() > e.data);
    CHECK(e.total() < 512 * kMB);
    CHECK_NOTHROW(cnn::check_memory(e, cnn::memory_limit_from(nullptr)));
    CHECK_THAT(e.str(), Contains("data 175.8 MB"));
}

TEST_CASE("limits: the estimate grows with the batch, the images and the filters", "[limits]") {
    const Model small = Model::parse("conv(8,3,relu) maxpool(2) flatten dense(10,softmax)");
    const Model wide = Model::parse("conv(64,3,relu) maxpool(2) flatten dense(10,softmax)");
    const auto e = [](const Model& m, int batch, size_t n) { return cnn::estimate_training_memory(m, batch, n, 1000); };
    CHECK(e(small, 32, 1000).total() < e(wide, 32, 1000).total());
    CHECK(e(small, 32, 1000).total() < e(small, 512, 1000).total());
    CHECK(e(small, 32, 1000).total() < e(small, 32, 50000).total());
    // Validation grows the activation buffers to the evaluation batch (250 images).
    CHECK(cnn::estimate_training_memory(small, 32, 1000, 0).model < e(small, 32, 1000).model);
    // Each thread has its own convolution scratch.
    CHECK(cnn::estimate_training_memory(wide, 32, 1000, 1000, 1).model <
          cnn::estimate_training_memory(wide, 32, 1000, 1000, 8).model);
}

TEST_CASE("limits: a limit passed by the caller (the browser's heap) is named in the refusal", "[limits]") {
    const Model m = Model::parse(cnn::kTutorialModel);
    const MemoryEstimate e = cnn::estimate_training_memory(m, 32, 50000, 10000);
    const MemoryLimit heap{128 * kMB, "the WebAssembly heap"};
    const std::string msg = error_of([&] { cnn::check_memory(e, heap); });
    CHECK_THAT(msg, Contains("more than the memory limit of 128.0 MB (the WebAssembly heap)"));
    const MemoryLimit big{3000 * kMB, "test"};  // < 4 GiB: size_t is 32 bits in wasm32
    CHECK_NOTHROW(cnn::check_memory(e, big));
}

TEST_CASE("limits: CNN_MEMORY_LIMIT_MB is a positive whole number of megabytes", "[limits]") {
    CHECK(cnn::memory_limit_from(nullptr).bytes == 1536 * kMB);
    CHECK(cnn::memory_limit_from("").bytes == 1536 * kMB);
    CHECK(cnn::memory_limit_from("100").bytes == 100 * kMB);
    CHECK_THAT(cnn::memory_limit_from("100").source, Contains("CNN_MEMORY_LIMIT_MB"));
    for (const char* bad : {"abc", "-5", "0", "12x", "1.5"}) {
        INFO(bad);
        CHECK_THAT(error_of([&] { cnn::memory_limit_from(bad); }), Contains("CNN_MEMORY_LIMIT_MB must be"));
    }
}

TEST_CASE("limits: absurd sizes saturate instead of wrapping around", "[limits]") {
    const Model m = Model::parse("conv(8,3) flatten dense(10,softmax)");
    MemoryEstimate e = cnn::estimate_training_memory(m, 32, 100, 100);
    e.data = static_cast<size_t>(-1) - 10;  // as if a caller passed an impossible count
    CHECK(e.total() == static_cast<size_t>(-1));
    CHECK_THROWS_AS(cnn::check_memory(e, cnn::memory_limit_from(nullptr)), cnn::Error);
    // Saturated, the message says "more than" instead of a wrapped or capped "about" figure.
    CHECK_THAT(error_of([&] { cnn::check_memory(e, cnn::memory_limit_from(nullptr)); }),
               Contains("needs more than ") && !Contains("about"));
}

TEST_CASE("limits: a model too big to allocate is checked from its shapes alone", "[limits]") {
    // 2,000 x 2,000 x 3 x 3 = 36 M weights per conv: params, grads and Adam's m and v of the two
    // big convs alone are over 1 GB. parse_shapes() allocates none of it (the page validates
    // every edit this way), yet counts the parameters and gives the same estimate.
    const char* spec = "conv(2000,3,relu) conv(2000,3,relu) maxpool(28) flatten dense(10,softmax)";
    const Model shapes = Model::parse_shapes(spec);
    CHECK(shapes.params.empty());
    CHECK(shapes.grads.empty());
    const size_t expect = (3 * 9 * 2000 + 2000) + (2000 * 9 * 2000 + 2000) + (2000 * 10 + 10);
    CHECK(shapes.num_params() == expect);
    const MemoryEstimate e = cnn::estimate_training_memory(shapes, 32, 5000, 1000);
    CHECK(e.total() > 1024 * kMB);
    const std::string msg =
        error_of([&] { cnn::check_memory(e, MemoryLimit{870 * kMB, "the WebAssembly heap (1024 MB)"}); });
    CHECK_THAT(msg, Contains("the WebAssembly heap (1024 MB)"));

    // The same shapes as parse(), which also allocates: same estimate.
    Model small = Model::parse_shapes("conv(8,3) flatten dense(10,softmax)");
    const Model full = Model::parse("conv(8,3) flatten dense(10,softmax)");
    CHECK(small.num_params() == full.num_params());
    CHECK(cnn::estimate_training_memory(small, 32, 100, 100).total() ==
          cnn::estimate_training_memory(full, 32, 100, 100).total());
    small.allocate();
    CHECK(small.params.size() == full.params.size());
}
