// test_teach_text.cpp — every message the teaching library returns, rendered in both languages.
// The messages come from the library itself (each id reached by an input that makes it), so the
// arguments have the kinds the library really passes. For each: the texts exist in both tables,
// the arguments fit both texts' printf conversions, the Chinese has no Latin words beyond
// symbols, units and the model grammar's names, and every character has a glyph in the page's
// cut font (font_chars.h: the character list scripts/cut_font.py writes for the built font).
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/layers/conv2d.h"
#include "teach/conv_steps.h"
#include "teach/filters.h"
#include "teach/pool_steps.h"
#include "teach/rules.h"
#include "teach/views.h"
#include "font_chars.h"
#include "teach_support.h"

using namespace teach;
using namespace teach_test;

namespace {

void add(Msgs* out, const Msgs& ms) { out->insert(out->end(), ms.begin(), ms.end()); }
void add_thrown(Msgs* out, const std::function<void()>& f) {
    try {
        f();
    } catch (const TeachError& e) {
        add(out, e.msgs);
    }
}

ConvProblem conv(int C, int H, int W, int K, int OC, int S, Padding pad) {
    ConvProblem p;
    p.C = C; p.H = H; p.W = W; p.K = K; p.OC = OC; p.stride = S; p.padding = pad;
    p.input.assign((size_t)std::max(0, C * H * W), 1.f);
    p.weights.assign((size_t)std::max(0, OC * C * K * K), 1.f);
    return p;
}

Msgs conv_messages() {
    Msgs m;
    const Padding valid, same{Padding::Same, 0}, pad0{Padding::Explicit, 0};
    add(&m, validate(conv(0, 0, 0, 0, 0, -2, Padding{Padding::Explicit, -1})));  // every sign error
    add(&m, validate(conv(70, 100, 100, 70, 70, 1, Padding{Padding::Explicit, 70})));  // every cap
    add(&m, validate(conv(1, 5, 5, 7, 1, 1, valid)));  // no fit, 'valid'
    add(&m, validate(conv(1, 5, 5, 7, 1, 1, pad0)));   // no fit, explicit padding
    ConvProblem sm = conv(1, 5, 5, 3, 1, 1, valid);
    sm.act = Activation::Softmax;
    sm.input.pop_back(), sm.weights.pop_back(), sm.bias = {1, 2};
    add(&m, validate(sm));  // softmax, input, weight and bias counts
    for (int h : {5, 6})
        for (int w : {5, 6}) add(&m, conv_notes(conv(1, h, w, 3, 1, 2, same)));  // 'same' odd in h, w, both
    add(&m, conv_notes(conv(1, 6, 6, 3, 1, 2, Padding{Padding::Explicit, 1})));   // last row and column
    add(&m, conv_notes(conv(1, 8, 6, 3, 1, 3, valid)));  // last 2 rows
    add(&m, conv_notes(conv(1, 6, 8, 3, 1, 3, valid)));  // last 2 columns
    m.push_back(padding_words(same));
    for (bool ascii : {false, true}) {
        m.push_back(output_size_formula(5, 3, 1, 1, 2, ascii));
        m.push_back(output_size_formula(5, 3, 0, 1, 0, ascii));
    }
    add_thrown(&m, [] { ConvSteps(tutorial_conv_example()).step(99); });
    cnn::Conv2D layer(4, 3);
    layer.infer(cnn::Shape{1, 5, 5});
    std::vector<float> x(25), params(layer.num_params());
    add_thrown(&m, [&] { conv_problem_from_layer(layer, x.data()); });
    layer.bind(params.data(), params.data());
    add_thrown(&m, [&] { conv_problem_from_layer(layer, x.data(), 9); });
    m.push_back(describe_conv(layer));
    return m;
}

Msgs pool_filter_view_messages() {
    Msgs m;
    PoolProblem p;
    p.size = 0, p.stride = -1, p.C = 70, p.H = p.W = 100;
    add(&m, validate(p));  // window, stride, channels, too large
    PoolProblem q;
    q.H = q.W = 2, q.size = 3;
    add(&m, validate(q));  // no fit
    q.size = 2;
    add(&m, validate(q));  // input count (empty input)
    add_thrown(&m, [] { classic_kernel("模糊"); });  // a name typed in Chinese: echoed as typed
    add_thrown(&m, [] { float k[9] = {}; filter_image(k, 0, 3, 3, k, 3); });
    m.push_back(dense_vs_conv(3, 32, 32, 32, 3).explain);
    return m;
}

Msgs rule_messages() {
    const std::vector<std::vector<std::string>> stacks = {
        {"Conv2D", "InputLayer", "Dense"}, {"Conv2D", "Flatten", "Dense", "Conv2D"},
        {"MaxPooling2D"}, {"Conv2D", "MaxPooling2D", "MaxPooling2D"},
        {"Conv2D", "Flatten", "MaxPooling2D"}, {"Flatten"}, {"Conv2D", "Flatten", "Flatten"},
        {"Dense"}, {"ReLU"}, {"Conv2D", "Dropout"}, {}, {"Conv2D"}, {"Conv2D", "Flatten"}};
    Msgs m;
    for (const auto& s : stacks) m.push_back(check_architecture(s).why);
    return m;
}

void collect_ids(const Msg& m, std::set<MsgId>* ids) {
    ids->insert(m.id);
    for (const Arg& a : m.args)
        for (const Msg& s : a.sub) collect_ids(s, ids);
}

// Latin words a Chinese text may hold: variable letters, symbols' names, the model grammar's
// and Keras's names a student types, activation names, 'valid'/'same', TensorFlow, and the
// classic kernels' ids (the JS API's names for them).
bool allowed_latin(const std::string& w) {
    for (const ClassicKernel& k : classic_kernels())
        if (w == k.id) return true;
    static const std::set<std::string> ok = {
        "OC", "floor", "TensorFlow", "valid", "same", "linear", "relu", "sigmoid", "tanh", "softmax",
        "Conv2D", "Dense", "Flatten", "MaxPooling2D", "AveragePooling2D", "InputLayer", "ReLU", "Dropout",
        "conv", "pool", "dense", "input"};
    static const std::regex layer_name("(conv2d|max_pooling2d|average_pooling2d|flatten|dense)(_[0-9]+)?");
    return w.size() == 1 || ok.count(w) || std::regex_match(w, layer_name);
}

std::vector<std::string> latin_words(const std::string& s) {
    std::vector<std::string> out;
    static const std::regex word("[A-Za-z][A-Za-z0-9_]*");
    for (auto it = std::sregex_iterator(s.begin(), s.end(), word); it != std::sregex_iterator(); ++it)
        out.push_back(it->str());
    return out;
}

} // namespace

TEST_CASE("teach text: the library reaches every message id", "[teach][i18n]") {
    Msgs all = conv_messages();
    add(&all, pool_filter_view_messages());
    add(&all, rule_messages());
    std::set<MsgId> ids;
    for (const Msg& m : all) collect_ids(m, &ids);
    for (int i = 0; i < (int)MsgId::count; i++) {
        INFO("message " << msg_name((MsgId)i));
        CHECK(ids.count((MsgId)i) == 1);
    }
}

TEST_CASE("teach text: every message renders in both languages, Chinese with no English", "[teach][i18n]") {
    Msgs all = conv_messages();
    add(&all, pool_filter_view_messages());
    add(&all, rule_messages());
    for (const Msg& m : all) {
        for (int l = 0; l < app::LangCount; l++) {
            const app::Lang lang = (app::Lang)l;
            const std::string text = app::render(m, lang);
            INFO(app::lang_code(lang) << " " << msg_name(m.id) << ": " << text);
            REQUIRE(app::table_count(lang, app::teach_key(m.id)) == 1);
            CHECK(app::check_args(m, lang) == "");
            CHECK(text.find("<?>") == std::string::npos);
            CHECK(glyphs::missing(text) == "");  // the real cut font's characters
            if (lang != app::LangZh) continue;
            for (const std::string& w : latin_words(text)) {
                INFO("Latin word '" << w << "'");
                CHECK(allowed_latin(w));
            }
        }
    }
}

TEST_CASE("teach text: arguments that do not fit a text are reported", "[teach][i18n]") {
    // The checker itself: a missing argument, one of the wrong kind, one left over.
    Msg ok = output_size_formula(5, 3, 1, 1, 2);
    CHECK(app::check_args(ok, app::LangEn) == "");
    CHECK(app::render(ok, app::LangEn) == "o = ⌊(5 + 2·1 − 3)/2⌋ + 1 = 3");
    Msg missing(MsgId::err_channels);
    CHECK(app::check_args(missing, app::LangZh) != "");
    CHECK(app::render(missing, app::LangEn).find("<?>") != std::string::npos);
    CHECK(app::check_args(Msg(MsgId::err_channels, {"three"}), app::LangEn) != "");
    CHECK(app::check_args(Msg(MsgId::err_channels, {3, 4}), app::LangEn) != "");
    // A nested message that does not fit is reported through the outer one.
    CHECK(app::check_args(Msg(MsgId::err_no_fit_valid, {7, 7, 5, 5, 5, 5, Msg(MsgId::pad_n), Msg(MsgId::pad_valid), 5, 5, 1}),
                          app::LangEn) != "");
}
