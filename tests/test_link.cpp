// test_link.cpp — the page's shareable link (src/app/link.*): a setup survives make_link ->
// parse_link unchanged; each bad part of a fragment (version, numbers, model, names, keys)
// falls back to its default and is reported by key while the good parts are kept; and the
// class-balanced data subsets (src/app/subset.*).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "app/session/i18n.h"
#include "app/session/link.h"
#include "app/session/subset.h"
#include "core/model.h"

using namespace app;

namespace {

bool has_problem(const LinkParse& p, const std::string& key) {
    return std::any_of(p.problems.begin(), p.problems.end(), [&](const LinkProblem& q) { return q.key == key; });
}

LinkSettings sample() {
    LinkSettings s;
    s.model = "conv(16,3,relu) maxpool(2) conv(32,3,stride=2,pad=same,relu) flatten dense(10,softmax)";
    s.train.optimizer = cnn::Optimizer::SGD;
    s.train.lr = 0.0125f;
    s.train.batch = 64;
    s.train.epochs = 3;
    s.train.seed = 42;
    s.train_n = 2000;
    s.test_n = 500;
    std::fill(s.panels, s.panels + PanelCount, false);
    s.panels[PanelModel] = s.panels[PanelTrain] = s.panels[PanelLab] = true;
    s.lang = LangZh;
    s.scale = 1.5f;
    s.contrast = true;
    s.classroom = true;
    s.hide = HideHyper | HideSeed | HideFiles;
    return s;
}

} // namespace

TEST_CASE("link: make_link -> parse_link gives the same setup", "[link]") {
    set_lang(LangEn);
    LinkSettings s = sample();
    std::string f = make_link(s);
    INFO(f);
    CHECK(f.rfind("v=1&", 0) == 0);
    CHECK(f.find(' ') == std::string::npos);  // spaces written as '+'
    LinkParse p = parse_link("#" + f, LinkSettings{});
    CHECK(p.problems.empty());
    CHECK_FALSE(p.empty);
    CHECK_FALSE(p.rejected);
    const LinkSettings& r = p.settings;
    CHECK(r.model == s.model);
    CHECK(r.train.optimizer == cnn::Optimizer::SGD);
    CHECK(r.train.lr == Approx(0.0125f));
    CHECK(r.train.batch == 64);
    CHECK(r.train.epochs == 3);
    CHECK(r.train.seed == 42);
    CHECK(r.train_n == 2000);
    CHECK(r.test_n == 500);
    for (int i = 0; i < PanelCount; i++) CHECK(r.panels[i] == s.panels[i]);
    CHECK(r.lang == LangZh);
    CHECK(r.scale == Approx(1.5f));
    CHECK(r.contrast);
    CHECK(r.classroom);
    CHECK(r.hide == (HideHyper | HideSeed | HideFiles));
    // And once more: the fragment of the parsed settings is the same text.
    CHECK(make_link(r) == f);
}

TEST_CASE("link: an empty fragment is nothing to restore and nothing to report", "[link]") {
    LinkSettings d = sample();
    for (const char* f : {"", "#"}) {
        LinkParse p = parse_link(f, d);
        CHECK(p.empty);
        CHECK(p.problems.empty());
        CHECK(p.settings.train.seed == 42);
    }
}

TEST_CASE("link: keys left out keep the defaults; no version is assumed to be 1", "[link]") {
    LinkSettings d;
    LinkParse p = parse_link("seed=7", d);
    CHECK(p.settings.train.seed == 7);
    CHECK(p.settings.train.batch == d.train.batch);
    CHECK(p.settings.lang == -1);  // the page's own choice stays
    REQUIRE(p.problems.size() == 1);
    CHECK(p.problems[0].key == "v");
}

TEST_CASE("link: another version ignores the whole link, with a notice", "[link]") {
    set_lang(LangEn);
    LinkSettings d;
    for (const char* f : {"v=2&seed=7", "v=abc&seed=7", "v=0&seed=7"}) {
        LinkParse p = parse_link(f, d);
        INFO(f);
        CHECK(p.rejected);
        CHECK(p.settings.train.seed == d.train.seed);
        REQUIRE(p.problems.size() == 1);
        CHECK(p.problems[0].key == "v");
        CHECK(p.problems[0].why.find("not supported") != std::string::npos);
    }
}

TEST_CASE("link: each bad value falls back alone and is reported by key", "[link]") {
    set_lang(LangEn);
    LinkSettings d;
    d.model = cnn::kTutorialModel;
    LinkParse p = parse_link(
        "v=1&lr=abc&batch=12x&epochs=0&seed=-3&opt=rmsprop&train=5&test=99999&lang=fr&scale=9&theme=pink"
        "&class=yes&panels=data,bogus&hide=seed,nothing&colour=red&junk&model=conv(32,3)+conv(64,40)+flatten+dense(10)"
        "&seed=11",
        d);
    for (const char* k : {"lr", "batch", "epochs", "seed", "opt", "train", "test", "lang", "scale", "theme", "class",
                          "panels", "hide", "colour", "junk", "model"})
        CHECK(has_problem(p, k));
    CHECK_FALSE(has_problem(p, "v"));
    const LinkSettings& s = p.settings;
    CHECK(s.train.lr == d.train.lr);
    CHECK(s.train.batch == d.train.batch);
    CHECK(s.train.epochs == d.train.epochs);
    CHECK(s.train.seed == 11);  // a later good value still counts
    CHECK(s.train.optimizer == d.train.optimizer);
    CHECK(s.train_n == 0);
    CHECK(s.test_n == 0);
    CHECK(s.lang == -1);
    CHECK(s.scale == 1.0f);
    CHECK_FALSE(s.contrast);
    CHECK_FALSE(s.classroom);
    CHECK(s.model == cnn::kTutorialModel);
    // Known names next to unknown ones are kept.
    CHECK(s.panels[PanelData]);
    CHECK_FALSE(s.panels[PanelModel]);
    CHECK(s.hide == HideSeed);
    // The model's reason is the core's, naming the layer.
    for (const auto& q : p.problems)
        if (q.key == "model") CHECK(q.why.find("impossible model") != std::string::npos);
}

TEST_CASE("link: numbers must be whole, finite and in range", "[link]") {
    LinkSettings d;
    for (const char* f : {"v=1&lr=nan", "v=1&lr=inf", "v=1&lr=0x10", "v=1&lr=1e9", "v=1&lr=", "v=1&batch=1.5",
                          "v=1&batch=99999999999999", "v=1&scale=0.1", "v=1&train=9"}) {
        INFO(f);
        LinkParse p = parse_link(f, d);
        CHECK(p.problems.size() == 1);
    }
    LinkParse ok = parse_link("v=1&lr=1e-3&batch=128&scale=1.25&train=10&test=0", d);
    CHECK(ok.problems.empty());
    CHECK(ok.settings.train.lr == Approx(0.001f));
    CHECK(ok.settings.scale == Approx(1.25f));
}

TEST_CASE("link: models must build and give 10 class scores", "[link]") {
    CHECK(link_model_error(cnn::kTutorialModel).empty());
    CHECK(link_model_error("conv(8,3,relu) flatten dense(10,softmax)").empty());
    CHECK_FALSE(link_model_error("conv(8,3,relu) flatten dense(7,softmax)").empty());  // 7 classes
    CHECK_FALSE(link_model_error("conv(8,3,relu)").empty());                           // not flat
    CHECK_FALSE(link_model_error("conv(8,40) flatten dense(10)").empty());              // kernel > image
    CHECK_FALSE(link_model_error("input(1,28,28) flatten dense(10)").empty());          // not CIFAR-10
    CHECK_FALSE(link_model_error("wobble(3)").empty());
    CHECK_FALSE(link_model_error("").empty());
}

TEST_CASE("link: percent-encoding round trip", "[link]") {
    std::string s = "conv(32,3,pad=same,relu) a&b=c %d #x 猫";
    std::string e = link_encode(s);
    CHECK(e.find('&') == std::string::npos);
    CHECK(e.find('#') == std::string::npos);
    CHECK(e.find(' ') == std::string::npos);
    CHECK(link_decode(e) == s);
    CHECK(link_decode("a%20b+c") == "a b c");
    CHECK(link_decode("100%") == "100%");   // a stray '%' stays
    CHECK(link_decode("%zz") == "%zz");
}

TEST_CASE("link: every problem text exists in both languages", "[link]") {
    set_lang(LangZh);
    LinkParse p = parse_link("v=1&lr=x&foo=1&model=flatten", LinkSettings{});
    CHECK(p.problems.size() == 3);
    for (const auto& q : p.problems) CHECK_FALSE(q.why.empty());
    set_lang(LangEn);
}

TEST_CASE("subset: the first N of a class-balanced order, in loaded order", "[link][subset]") {
    // 3 classes, unbalanced: class 0 ×6, class 1 ×3, class 2 ×1, interleaved.
    std::vector<uint8_t> labels = {0, 0, 1, 0, 2, 0, 1, 0, 1, 0};
    CHECK(balanced_subset(labels, 0, 3).size() == 10);   // 0: all
    CHECK(balanced_subset(labels, 99, 3).size() == 10);  // more than there are: all
    // Round robin: rank 0 of classes 0,1,2 (indices 0,2,4), rank 1 of 0,1 (1,6), ...
    CHECK(balanced_subset(labels, 3, 3) == std::vector<int>{0, 2, 4});
    CHECK(balanced_subset(labels, 5, 3) == std::vector<int>{0, 1, 2, 4, 6});
    CHECK(balanced_subset(labels, 7, 3) == std::vector<int>{0, 1, 2, 3, 4, 6, 8});

    auto d = std::make_shared<cnn::Dataset>();
    for (int i = 0; i < 100; i++) {
        d->labels.push_back((uint8_t)(i % 10 < 7 ? i % 7 : 9));  // classes 0..6 and 9; 7 and 8 absent
        d->pixels.insert(d->pixels.end(), cnn::Dataset::kImage, (uint8_t)i);
    }
    std::shared_ptr<const cnn::Dataset> all = d;
    CHECK(take_subset(all, 0) == all);
    auto s = take_subset(all, 16);
    REQUIRE(s->size() == 16);
    int count[10] = {};
    for (uint8_t l : s->labels) count[l]++;
    for (int k : {0, 1, 2, 3, 4, 5, 6, 9}) CHECK(count[k] == 2);
    // Pixels travel with their labels.
    std::vector<int> idx = balanced_subset(all->labels, 16);
    for (int j = 0; j < 16; j++) CHECK(s->image(j)[0] == (uint8_t)idx[j]);
}
