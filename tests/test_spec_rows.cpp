// test_spec_rows.cpp — a spec read row by row (cnn::parse_rows): each row's layer or its own
// error code, shapes up to the first impossible row; the one classifier check; the codes and
// numbers beside the English of the memory refusal; the layer that weighs most.
// The English texts themselves are test_model.cpp's.
#include <catch2/catch.hpp>

#include "core/error.h"
#include "core/limits.h"
#include "core/model.h"

using cnn::Errc;
using cnn::Model;

namespace {

// The ErrorInfo of f()'s cnn::Error (code None if it does not throw).
template <class F> cnn::ErrorInfo info_of(F f) {
    try {
        f();
    } catch (const cnn::Error& e) {
        return e.info;
    }
    return {};
}

} // namespace

TEST_CASE("parse_rows: every row read on its own; shapes stop at the first impossible row", "[model][rows]") {
    // row 2 (dense on a 30x30x8 map) is impossible, row 3 does not read, rows 4-5 read.
    const cnn::SpecRows r = cnn::parse_rows("conv(8,3,relu) dense(10) wobble(2) flatten dense(10,softmax)");
    REQUIRE(r.rows.size() == 5);
    CHECK(r.rows[0].shaped);
    CHECK(r.rows[0].layer->out == cnn::Shape{8, 30, 30});
    CHECK(r.rows[0].layer->name == "conv2d");
    CHECK_FALSE(r.rows[0].error);
    CHECK_FALSE(r.rows[1].shaped);
    CHECK(r.rows[1].error.code == Errc::NeedsFlat);
    CHECK(r.rows[1].error.row == 2);
    CHECK(r.rows[1].error.n == std::vector<long long>{30, 30, 8});
    CHECK(r.rows[2].layer == nullptr);
    CHECK(r.rows[2].error.code == Errc::UnknownLayer);
    CHECK(r.rows[2].error.w.at(0) == "wobble");
    CHECK(r.rows[3].layer != nullptr);
    CHECK_FALSE(r.rows[3].shaped);
    CHECK_FALSE(r.rows[3].error);
    CHECK(r.rows[4].layer->name == "dense_1");  // Keras names count the rows that read
    // The spec's error is the first row's in order: the impossible shape, not the syntax.
    CHECK(r.bad_row == 1);
    CHECK(r.error.code == Errc::NeedsFlat);
    CHECK(r.output() == cnn::Shape{8, 30, 30});
}

TEST_CASE("parse_rows: one tokenizer for every separator, input(...) is not a row", "[model][rows]") {
    const cnn::SpecRows r = cnn::parse_rows("input(1,8,8); conv (4, 3) -> maxpool(2),flatten\tdense(10)");
    REQUIRE(r.rows.size() == 4);
    CHECK_FALSE(r.error);
    CHECK(r.input == cnn::Shape{1, 8, 8});
    CHECK(r.output() == cnn::Shape::vector(10));
    CHECK(r.rows[1].layer->out == cnn::Shape{4, 3, 3});
}

TEST_CASE("parse_rows: each error has its code, row and numbers", "[model][rows][errors]") {
    struct Case { const char* spec; Errc code; int row; std::vector<long long> n; };
    const Case c = GENERATE(
        Case{"", Errc::SpecEmpty, 0, {}},
        Case{"flatten dense(10) $", Errc::BadCharacter, 3, {19}},
        Case{"conv(8,3 flatten", Errc::NoClosingParen, 1, {}},
        Case{"conv(8,x3) flatten dense(10)", Errc::NotWholeNumber, 1, {}},
        Case{"flatten dense(10,act=gelu)", Errc::UnknownActivation, 2, {}},
        Case{"conv() flatten dense(10)", Errc::MissingArgument, 1, {}},
        Case{"flatten dense(10,5)", Errc::UnexpectedArg, 2, {}},
        Case{"conv(8,3,bogus=1) flatten dense(10)", Errc::UnknownOption, 1, {}},
        Case{"maxpool(2,relu) flatten dense(10)", Errc::PoolActivation, 1, {}},
        Case{"conv(8,3) foo flatten dense(10)", Errc::UnknownLayer, 2, {}},
        Case{"relu(3) flatten dense(10)", Errc::TakesNoArguments, 1, {}},
        Case{"input(3,32) flatten dense(10)", Errc::InputSyntax, 0, {}},
        Case{"input(0,3,3) flatten dense(2)", Errc::InputNotPositive, 0, {0, 3, 3}},
        Case{"input(1,65536,32768) flatten dense(2)", Errc::InputTooLarge, 0, {1, 65536, 32768}},
        Case{"flatten dense(10) input(3,32,32)", Errc::InputNotFirst, 3, {}},
        Case{"conv(0,3) flatten dense(10)", Errc::NotPositive, 1, {0}},
        Case{"conv(8,3,pad=-1) flatten dense(10)", Errc::PadNegative, 1, {-1}},
        Case{"input(1,8,8) conv(2,3,softmax) flatten dense(2)", Errc::SoftmaxNeedsFlat, 1, {}},
        Case{"flatten conv(8,3) dense(10)", Errc::NeedsImage, 2, {3072}},
        Case{"input(1,4,4) conv(2,5) flatten dense(2)", Errc::KernelTooLarge, 1, {5, 4, 4}},
        Case{"input(1,3,3) conv(2,3) maxpool(2) flatten dense(2)", Errc::PoolTooLarge, 2, {2, 1, 1}},
        Case{"conv(8,3) dense(10)", Errc::NeedsFlat, 2, {30, 30, 8}},
        Case{"input(1,1024,1024) conv(4096,1) flatten dense(2)", Errc::OutputTooLarge, 1, {4294967296LL}},
        Case{"input(1024,256,256) conv(1,7,pad=same) flatten dense(2)", Errc::ColumnsTooLarge, 1,
             {7, 1024, 65536, 3288334336LL}},
        Case{"flatten dense(100000) dense(10)", Errc::TooManyParams, 2, {307300000}});
    CAPTURE(c.spec);
    const cnn::SpecRows r = cnn::parse_rows(c.spec);
    CHECK(r.error.code == c.code);
    CHECK(r.error.row == c.row);
    if (!c.n.empty()) CHECK(r.error.n == c.n);
    CHECK(r.bad_row == c.row - 1);
    // Model::parse throws the same, with the English the CLI prints.
    const cnn::ErrorInfo thrown = info_of([&] { Model::parse_shapes(c.spec); });
    CHECK(thrown.code == c.code);
    CHECK(thrown.what == r.error.what);
}

TEST_CASE("Model::from_rows: the whole-model checks after every row shaped", "[model][rows][errors]") {
    struct Case { const char* spec; Errc code; int row; };
    const Case c = GENERATE(Case{"flatten dense(10,softmax) dense(10)", Errc::SoftmaxNotLast, 2},
                            Case{"conv(8,3) maxpool(2)", Errc::EndsNotFlat, 2},
                            Case{"flatten dense(1)", Errc::TooFewOutputs, 2},
                            Case{"input(3,32,32)", Errc::NoLayers, 0});
    CAPTURE(c.spec);
    const cnn::ErrorInfo e = info_of([&] { Model::from_rows(cnn::parse_rows(c.spec)); });
    CHECK(e.code == c.code);
    CHECK(e.row == c.row);
    CHECK_NOTHROW(Model::from_rows(cnn::parse_rows(cnn::kTutorialModel)));
}

TEST_CASE("classifier_error: a CIFAR-10 image in, 10 flat class scores out", "[model][classifier]") {
    CHECK_FALSE(cnn::classifier_error(Model::parse_shapes(cnn::kTutorialModel)));
    const cnn::ErrorInfo seven = cnn::classifier_error(Model::parse_shapes("flatten dense(7,softmax)"));
    CHECK(seven.code == Errc::NotClassifier);
    CHECK(seven.n == std::vector<long long>{7, 10});
    CHECK(seven.w == std::vector<std::string>{"(None, 7)"});
    const cnn::ErrorInfo mnist = cnn::classifier_error(Model::parse_shapes("input(1,28,28) flatten dense(10)"));
    CHECK(mnist.code == Errc::InputNotImage);
    CHECK(mnist.n == std::vector<long long>{3, 32, 32, 1, 28, 28});
    // Shapes alone (the Model panel's rows, before a Model exists): a map is no classifier.
    const cnn::SpecRows r = cnn::parse_rows("conv(10,32)");
    CHECK(cnn::classifier_error(r.input, r.output()).code == Errc::NotClassifier);
}

TEST_CASE("check_memory: the refusal carries its figures as numbers", "[limits][errors]") {
    const Model m = Model::parse_shapes(cnn::kTutorialModel);
    const cnn::MemoryEstimate e = cnn::estimate_training_memory(m, 32, 50000, 10000, 2);
    const cnn::MemoryLimit limit{size_t(64) << 20, "test"};
    const cnn::ErrorInfo info = info_of([&] { cnn::check_memory(e, limit); });
    REQUIRE(info.code == Errc::MemoryOverLimit);
    REQUIRE(info.n.size() == 7);
    CHECK(info.n[0] == (long long)e.total());
    CHECK(info.n[1] == (long long)e.model);
    CHECK(info.n[2] == (long long)e.trainer);
    CHECK(info.n[3] == (long long)e.data);
    CHECK(info.n[4] == 64LL << 20);
    CHECK(info.n[5] == 32);
    CHECK(info.w == std::vector<std::string>{"test"});
}

TEST_CASE("heaviest_layer: the row that weighs most in the one estimate", "[limits]") {
    // A wide dense layer: 7200 x 4096 weights, four copies = 472 MB, far above the conv's
    // activations and columns at batch 32.
    const Model dense = Model::parse_shapes("conv(8,3) flatten dense(4096) dense(10)");
    CHECK(cnn::heaviest_layer(dense, 32, 2) == 2);
    // A wide 'same' conv at a big batch: its output, columns, dz and scratch dominate.
    const Model conv = Model::parse_shapes("conv(256,3,pad=same) maxpool(8) flatten dense(10)");
    CHECK(cnn::heaviest_layer(conv, 256, 2) == 0);
    // The estimate's model part is the sum of the layers' parts and the shared buffers.
    double layers = 0;
    for (size_t i = 0; i < conv.layers.size(); i++) layers += conv.layer_training_bytes(i, 64, 2);
    CHECK(conv.training_bytes(64, 2) > layers);
}
