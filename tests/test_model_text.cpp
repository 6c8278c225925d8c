// test_model_text.cpp — model errors said in both languages from their codes (model_text.h),
// and the Model panel's rows validated by the core (app_rows_changed, app_set_model): the
// marked row, its code, the memory refusal marking the row that weighs most.
// Not here: the core's English texts (test_model.cpp) or the codes themselves (test_spec_rows.cpp).
#include <catch2/catch.hpp>

#include <set>

#include "font_chars.h"
#include "app/session/app_state.h"
#include "app/session/i18n.h"
#include "app/session/model_text.h"
#include "core/limits.h"
#include "core/model.h"

using cnn::Errc;

namespace {

// True if s holds a character outside ASCII (the Chinese table's texts all do).
bool has_non_ascii(const std::string& s) {
    for (unsigned char c : s)
        if (c >= 0x80) return true;
    return false;
}

// Every model error the core can give, made by the core itself from real specs.
std::vector<cnn::ErrorInfo> real_errors() {
    std::vector<cnn::ErrorInfo> out;
    const char* specs[] = {"", "flatten dense(10) $", "conv(8,3 flatten", "conv(8,x3)", "dense(10,act=gelu)",
                           "conv()", "dense(10,5)", "conv(8,3,bogus=1)", "maxpool(2,relu)", "foo", "relu(3)",
                           "input(3,32)", "input(0,3,3) flatten dense(2)", "input(1,65536,32768) flatten dense(2)",
                           "flatten input(3,32,32)", "conv(0,3)", "conv(8,3,pad=-1)", "conv(2,3,softmax)",
                           "flatten conv(8,3)", "conv(2,50)", "maxpool(40)", "conv(8,3) dense(10)",
                           "input(1,1024,1024) conv(4096,1) flatten dense(2)",
                           "input(1024,256,256) conv(1,7,pad=same) flatten dense(2)", "flatten dense(100000) dense(10)",
                           "flatten dense(10,softmax) dense(10)", "input(3,32,32)", "conv(8,3) maxpool(2)",
                           "flatten dense(1)",
                           "flatten dense(8192) dense(8192) dense(8192) dense(8192) dense(8192) dense(8192) dense(10)"};
    for (const char* s : specs) {
        try {
            cnn::Model::parse_shapes(s);
        } catch (const cnn::Error& e) {
            out.push_back(e.info);
        }
    }
    out.push_back(cnn::classifier_error(cnn::Model::parse_shapes("flatten dense(7)")));
    out.push_back(cnn::classifier_error(cnn::Model::parse_shapes("input(1,28,28) flatten dense(10)")));
    try {
        const cnn::Model m = cnn::Model::parse_shapes(cnn::kTutorialModel);
        cnn::check_memory(cnn::estimate_training_memory(m, 32, 50000, 10000, 1), cnn::MemoryLimit{1 << 20, "test"});
    } catch (const cnn::Error& e) {
        out.push_back(e.info);
    }
    return out;
}

} // namespace

TEST_CASE("model errors: every code the core gives is said in both languages, every argument filled",
          "[i18n][model_text]") {
    const std::vector<cnn::ErrorInfo> errors = real_errors();
    std::set<Errc> seen;
    for (const cnn::ErrorInfo& e : errors) {
        seen.insert(e.code);
        app::set_lang(app::LangEn);
        const std::string en = app::model_error_text(e);
        app::set_lang(app::LangZh);
        const std::string zh = app::model_error_text(e);
        app::set_lang(app::LangEn);
        INFO("core: " << e.what << "\nen: " << en << "\nzh: " << zh);
        CHECK(e.code != Errc::Other);
        CHECK(en.find('?') == std::string::npos);  // an argument the core did not give
        CHECK(zh.find('?') == std::string::npos);
        CHECK(en.find('%') == std::string::npos);
        CHECK(has_non_ascii(zh));
        CHECK(glyphs::missing(en) == "");  // every character has a glyph in the page's cut font
        CHECK(glyphs::missing(zh) == "");
        CHECK(en != zh);
    }
    // Every code but None, Other and OutputNotPositive (a kernel that fits always gives an
    // output of 1 or more; the layer keeps the check for direct callers) came up.
    for (int c = (int)Errc::SpecEmpty; c <= (int)Errc::MemoryOverLimit; c++) {
        if ((Errc)c == Errc::OutputNotPositive) continue;
        INFO("code " << c);
        CHECK(seen.count((Errc)c) == 1);
    }
}

TEST_CASE("model errors: the words and numbers land in their places", "[i18n][model_text]") {
    cnn::ErrorInfo e = cnn::parse_rows("input(1,4,4) conv(2,5) flatten dense(2)").error;
    REQUIRE(e.code == Errc::KernelTooLarge);
    CHECK(app::model_error_text(e) == "a 5x5 kernel is larger than its 4x4 input (padding valid)");
    app::set_lang(app::LangZh);
    CHECK(app::model_error_text(e) == "5x5 的卷积核比 4x4 的输入还大（填充 valid）");
    e = cnn::parse_rows("conv(8,3,stride=0) flatten dense(10)").error;
    CHECK(app::model_error_text(e) == "步长必须为正数，而不是 0");
    app::set_lang(app::LangEn);
    CHECK(app::model_error_text(e) == "the stride must be positive, got 0");
    // A code without a text of its own says the core's English.
    CHECK(app::model_error_text(cnn::Error("disk on fire").info) == "disk on fire");
    CHECK(std::string(app::layer_kind_text("Conv2D")) == "Conv2D (convolution)");
}

TEST_CASE("Model panel rows: the core's row errors, the classifier check, memory marks the heaviest row",
          "[model_text][rows]") {
    app::AppState a;
    app::Host host;
    host.heap_max = size_t(96) << 20;  // training may use 72 MB (the tutorial model needs ~52)
    app::app_init(a, false, false, host);
    CHECK(a.draft_error.empty());
    CHECK(a.rows.size() == 8);

    // An impossible stack still becomes rows; the impossible one is marked with its code.
    CHECK_FALSE(app::app_set_model(a, "conv(8,3,relu) dense(10) flatten dense(10,softmax)").empty());
    REQUIRE(a.rows.size() == 4);
    CHECK(a.error_row == 1);
    CHECK(a.rows[1].problem.code == Errc::NeedsFlat);
    CHECK(a.rows[0].shape == "(None, 30, 30, 8)");
    CHECK(a.rows[2].shape.empty());
    CHECK(a.draft_error.rfind("row 2: ", 0) == 0);

    // A spec that does not read keeps the rows as they were.
    CHECK_FALSE(app::app_set_model(a, "conv(8,3) wobble(2) flatten dense(10)").empty());
    CHECK(a.rows.size() == 4);

    // Not a CIFAR-10 classifier: the last row.
    app::app_set_model(a, "conv(8,3,relu) flatten dense(7,softmax)");
    CHECK(a.error_row == 2);
    CHECK(a.draft_problem.code == Errc::NotClassifier);

    // Over the page's memory: the dense row of 7200 x 4096 weights weighs most.
    app::app_set_model(a, "conv(8,3,relu) flatten dense(4096,relu) dense(10,softmax)");
    CHECK(a.draft_problem.code == Errc::MemoryOverLimit);
    CHECK(a.error_row == 2);
    // ... and a wide convolution at a big batch is marked on its own row.
    a.hyper.batch = 256;
    app::app_set_model(a, "conv(96,3,pad=same,relu) maxpool(16) flatten dense(10,softmax)");
    CHECK(a.draft_problem.code == Errc::MemoryOverLimit);
    CHECK(a.error_row == 0);

    a.hyper.batch = 32;
    CHECK(app::app_set_model(a, cnn::kTutorialModel).empty());
    CHECK(a.error_row == -1);
    CHECK(a.draft_params == 122570);
}

TEST_CASE("engine: a memory refusal reaches the snapshot as a code, not only English", "[model_text][engine]") {
    app::AppState a;
    app::Host host;
    host.heap_max = size_t(96) << 20;  // training may use 72 MB
    app::app_init(a, false, false, host);
    std::vector<uint8_t> bin(size_t(300) * cnn::Dataset::kRecord, 0);  // 300 black images of class 0
    REQUIRE(app::app_load_data(a, bin.data(), bin.size(), "data_batch_1.bin").empty());
    app::app_frame(a);
    CHECK_FALSE(a.snap->problem);
    // The tutorial model at batch 256 needs about 270 MB: the engine refuses the new batch.
    a.hyper.batch = 256;
    app::app_set_hyper(a);
    app::app_frame(a);
    INFO(a.snap->message);
    CHECK(a.snap->status == app::Status::Error);
    CHECK(a.snap->problem.code == Errc::MemoryOverLimit);
    CHECK(a.snap->problem.what == a.snap->message);
    app::set_lang(app::LangZh);
    CHECK(has_non_ascii(app::model_error_text(a.snap->problem)));
    app::set_lang(app::LangEn);
}
