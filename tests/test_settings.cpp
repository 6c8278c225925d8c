// test_settings.cpp — the one training-settings model (core/settings.h) and every way in:
// ranges and their edges, refusals that change nothing, one message in English for the CLI,
// the JS API and the page (and the page's Chinese), the CLI's options, the link round trip of
// random accepted settings, and the same seed giving bit-identical losses in the page's Engine
// and the CLI's trainer. Not here: the panel's widgets (browser suites).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "app/session/app_state.h"
#include "app/session/engine.h"
#include "app/session/i18n.h"
#include "app/session/link.h"
#include "app/session/settings_text.h"
#include "core/cifar.h"
#include "core/model.h"
#include "core/model_io.h"
#include "core/rng.h"
#include "core/settings.h"
#include "tools/train_setup.h"

using cnn::Setting;
using cnn::SettingError;
using cnn::SettingProblem;
using cnn::TrainSettings;

namespace {

const Setting kNumeric[] = {Setting::Lr, Setting::Batch, Setting::Epochs, Setting::Seed, Setting::Threads};

SettingProblem refused(Setting f, double v) {
    TrainSettings s;
    SettingProblem p;
    TrainSettings before = s;
    bool ok = cnn::set_setting(s, f, v, &p);
    CHECK_FALSE(ok);
    CHECK(s == before);  // nothing changed
    return p;
}

// A refused value of each kind for each field, for the rendering checks.
std::vector<SettingProblem> sample_problems() {
    std::vector<SettingProblem> out;
    for (Setting f : kNumeric) {
        cnn::SettingRange r = cnn::setting_range(f);
        out.push_back(refused(f, r.max * 10 + 1));
        TrainSettings s;
        SettingProblem p;
        CHECK_FALSE(cnn::set_setting_text(s, f, "abc", &p));
        out.push_back(p);
        if (r.whole) out.push_back(refused(f, r.min + 0.5));
    }
    TrainSettings s;
    SettingProblem p;
    CHECK_FALSE(cnn::set_setting_text(s, Setting::Optimizer, "rmsprop", &p));
    out.push_back(p);
    return out;
}

std::vector<std::string> argv_of(std::initializer_list<const char*> a) {
    std::vector<std::string> v{"cnn-train"};
    v.insert(v.end(), a.begin(), a.end());
    return v;
}

std::string usage_error(const std::vector<std::string>& args) {
    try {
        cli::parse_options(args);
    } catch (const cli::UsageError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("settings: each range's edges are accepted, a step beyond is refused with its numbers", "[settings]") {
    for (Setting f : kNumeric) {
        cnn::SettingRange r = cnn::setting_range(f);
        INFO(cnn::setting_key(f));
        TrainSettings s;
        SettingProblem p;
        REQUIRE(cnn::set_setting(s, f, r.min, &p));
        CHECK(cnn::get_setting(s, f) == Approx(r.min));
        REQUIRE(cnn::set_setting(s, f, r.max, &p));
        CHECK(cnn::get_setting(s, f) == Approx(r.max));
        CHECK(cnn::validate(s).empty());
        double step = r.whole ? 1 : r.min / 100;
        for (double v : {r.min - step, r.max + (r.whole ? 1 : 1e-3)}) {
            SettingProblem q = refused(f, v);
            CHECK(q.field == f);
            CHECK(q.error == SettingError::OutOfRange);
            CHECK(q.min == r.min);
            CHECK(q.max == r.max);
            CHECK(q.value == v);
        }
    }
    CHECK(refused(Setting::Batch, 32.5).error == SettingError::NotWhole);
    CHECK(refused(Setting::Lr, NAN).error == SettingError::NotANumber);
    CHECK(refused(Setting::Lr, INFINITY).error == SettingError::NotANumber);
}

TEST_CASE("settings: validate lists every field out of range, the page's thread cap too", "[settings]") {
    TrainSettings s;
    CHECK(cnn::validate(s).empty());
    s.lr = 100;
    s.batch = 0;
    s.epochs = 0;
    s.seed = -1;
    s.threads = 5;
    std::vector<SettingProblem> p = cnn::validate(s, 4);
    REQUIRE(p.size() == 5);
    CHECK(p[0].field == Setting::Lr);
    CHECK(p[4].field == Setting::Threads);
    CHECK(p[4].max == 4);
    s = TrainSettings{};
    s.threads = 5;
    CHECK(cnn::validate(s).empty());  // the core's own cap is 256
}

TEST_CASE("settings: text in: decimal only; optimizer names in one place", "[settings]") {
    for (const char* t : {"", "abc", "0x10", "inf", "nan", "1e-3x", " 1"}) {
        INFO(t);
        TrainSettings s;
        SettingProblem p;
        CHECK_FALSE(cnn::set_setting_text(s, Setting::Lr, t, &p));
        CHECK(p.error == SettingError::NotANumber);
        CHECK(p.text == t);
        CHECK(s == TrainSettings{});
    }
    TrainSettings s;
    SettingProblem p;
    REQUIRE(cnn::set_setting_text(s, Setting::Lr, "1e-3", &p));
    CHECK(s.lr == 0.001f);
    REQUIRE(cnn::set_setting_text(s, Setting::Optimizer, "sgd", &p));
    CHECK(s.optimizer == cnn::Optimizer::SGD);
    CHECK(std::string(cnn::Optimizer::kind_name(s.optimizer)) == "sgd");
    CHECK_FALSE(cnn::set_setting_text(s, Setting::Optimizer, "Adam", &p));
    CHECK(p.error == SettingError::UnknownName);
    CHECK(s.optimizer == cnn::Optimizer::SGD);
    CHECK(cnn::make_optimizer(s).kind == cnn::Optimizer::SGD);
    CHECK(cnn::make_optimizer(s).lr == 0.001f);
}

TEST_CASE("settings: one message: the page's English is the core's, its Chinese is Chinese", "[settings][i18n]") {
    CHECK(cnn::problem_text_en(refused(Setting::Lr, 100)) == "learning rate must be from 1e-06 to 10, got 100");
    CHECK(cnn::problem_text_en(refused(Setting::Batch, 5000)) == "batch size must be from 1 to 1024, got 5000");
    CHECK(cnn::problem_text_en(refused(Setting::Epochs, 0)) == "epochs must be from 1 to 1000, got 0");
    for (const SettingProblem& p : sample_problems()) {
        std::string en = cnn::problem_text_en(p);
        INFO(en);
        app::set_lang(app::LangEn);
        CHECK(app::setting_problem_text(p) == en);
        app::set_lang(app::LangZh);
        std::string zh = app::setting_problem_text(p);
        CHECK(zh != en);
        CHECK(zh.find(app::setting_name(p.field)) != std::string::npos);
    }
    app::set_lang(app::LangEn);
}

TEST_CASE("settings: the CLI refuses with the same message and reads its options", "[settings][cli]") {
    std::string lr = cnn::problem_text_en(refused(Setting::Lr, 100));
    CHECK(usage_error(argv_of({"--lr", "100"})) == "--lr: " + lr);
    CHECK(usage_error(argv_of({"--batch-size", "5000"})) ==
          "--batch-size: " + cnn::problem_text_en(refused(Setting::Batch, 5000)));
    CHECK(usage_error(argv_of({"--epochs", "0"})) == "--epochs: " + cnn::problem_text_en(refused(Setting::Epochs, 0)));
    CHECK(usage_error(argv_of({"--optimizer", "rmsprop"})).find("must be adam or sgd, got 'rmsprop'") != std::string::npos);
    CHECK(usage_error(argv_of({"--lr"})) == "--lr needs a value");
    CHECK(usage_error(argv_of({"--wobble"})) == "unknown option '--wobble'");

    cli::Options o = cli::parse_options(argv_of({"--optimizer", "sgd", "--batch-size", "64", "--seed", "9", "--evaluate"}));
    CHECK(o.settings.optimizer == cnn::Optimizer::SGD);
    CHECK(o.settings.lr == 0.01f);  // sgd's default when --lr is not given
    CHECK(o.settings.batch == 64);
    CHECK(o.settings.epochs == 5);  // the CLI's default
    CHECK(o.evaluate);
    cli::Run r = cli::prepare_run(o);
    CHECK(r.cfg.epochs == 0);  // --evaluate: nothing trained
    CHECK(r.cfg.seed == cnn::shuffle_seed(r.settings, 0));
    CHECK(r.opt.kind == cnn::Optimizer::SGD);

    // A loaded file's optimizer passes the same check.
    cnn::Model m = cnn::Model::parse("conv(4,3,relu) flatten dense(10,softmax)");
    m.init(1);
    cnn::Optimizer wild = cnn::Optimizer::sgd(100);
    std::string path = "test_settings_wild.model";
    cnn::save_model_file(path, m, &wild, nullptr);
    std::string err;
    try {
        cli::prepare_run(cli::parse_options(argv_of({"--load", path.c_str()})));
    } catch (const cnn::Error& e) {
        err = e.what();
    }
    CHECK(err == path + ": learning rate must be from 1e-06 to 10, got 100");
    r = cli::prepare_run(cli::parse_options(argv_of({"--load", path.c_str(), "--lr", "0.1"})));
    CHECK(r.settings.optimizer == cnn::Optimizer::SGD);  // the file's kind, the given lr
    CHECK(r.opt.lr == 0.1f);
    std::remove(path.c_str());
}

TEST_CASE("settings: the page refuses out-of-range settings and keeps the ones in use", "[settings][app]") {
    app::AppState a;
    app::app_init(a, false, false, app::Host{});
    TrainSettings before = a.hyper;
    TrainSettings s = a.hyper;
    s.lr = 100;
    std::vector<SettingProblem> p = app::app_try_settings(a, s);
    REQUIRE(p.size() == 1);
    CHECK(cnn::problem_text_en(p[0]) == "learning rate must be from 1e-06 to 10, got 100");
    CHECK(a.hyper == before);
    s = before;
    s.threads = 2;  // the single-thread page has one
    CHECK(app::app_try_settings(a, s).size() == 1);
    s = before;
    s.lr = 0.02f;
    s.batch = 64;
    CHECK(app::app_try_settings(a, s).empty());
    CHECK(a.hyper == s);
    a.engine->pump(50);
    CHECK(a.engine->snapshot()->hyper.lr == 0.02f);

    // A model file's optimizer becomes the page's setting only through the same check.
    cnn::Model m = cnn::Model::parse("conv(4,3,relu) flatten dense(10,softmax)");
    m.init(1);
    cnn::Optimizer wild = cnn::Optimizer::sgd(100);
    std::vector<uint8_t> bytes = cnn::save_model(m, &wild, nullptr);
    std::string err = app::app_load_model(a, bytes.data(), bytes.size(), "wild.model");
    CHECK(err == "wild.model: learning rate must be from 1e-06 to 10, got 100");
    CHECK(a.hyper == s);
    cnn::Optimizer tame = cnn::Optimizer::sgd(0.5f);
    bytes = cnn::save_model(m, &tame, nullptr);
    CHECK(app::app_load_model(a, bytes.data(), bytes.size(), "tame.model") == "");
    CHECK(a.hyper.optimizer == cnn::Optimizer::SGD);
    CHECK(a.hyper.lr == 0.5f);
}

TEST_CASE("settings: a link with lr=100 lists the same message and keeps the default", "[settings][link]") {
    app::set_lang(app::LangEn);
    app::LinkSettings d;
    app::LinkParse p = app::parse_link("v=1&lr=100&batch=2000&epochs=0&seed=5", d);
    REQUIRE(p.problems.size() == 3);
    CHECK(p.problems[0].key == "lr");
    CHECK(p.problems[0].why == cnn::problem_text_en(refused(Setting::Lr, 100)));
    CHECK(p.problems[1].why == cnn::problem_text_en(refused(Setting::Batch, 2000)));
    CHECK(p.problems[2].why == cnn::problem_text_en(refused(Setting::Epochs, 0)));
    CHECK(p.settings.train.lr == d.train.lr);
    CHECK(p.settings.train.batch == d.train.batch);
    CHECK(p.settings.train.epochs == d.train.epochs);
    CHECK(p.settings.train.seed == 5);
}

TEST_CASE("settings: 50 random accepted settings and every edge survive make_link -> parse_link", "[settings][link]") {
    app::set_lang(app::LangEn);
    cnn::Rng rng(2026);
    std::vector<TrainSettings> cases;
    for (int i = 0; i < 50; i++) {
        TrainSettings s;
        s.optimizer = rng.below(2) ? cnn::Optimizer::SGD : cnn::Optimizer::Adam;
        s.lr = (float)std::pow(10.0, -6.0 + 7.0 * rng.uniform());  // 1e-6 .. 10, log-uniform
        s.batch = 1 + (int)rng.below(1024);
        s.epochs = 1 + (int)rng.below(1000);
        s.seed = (int)(rng.next() % 2147483648ull);
        cases.push_back(s);
    }
    for (Setting f : {Setting::Lr, Setting::Batch, Setting::Epochs, Setting::Seed})
        for (double v : {cnn::setting_range(f).min, cnn::setting_range(f).max}) {
            TrainSettings s;
            SettingProblem q;
            REQUIRE(cnn::set_setting(s, f, v, &q));
            cases.push_back(s);
        }
    app::LinkSettings defaults;
    defaults.train.lr = 0.5f;  // unlike any case, so a value that is not read shows
    for (const TrainSettings& s : cases) {
        REQUIRE(cnn::validate(s).empty());
        app::LinkSettings l;
        l.train = s;
        std::string f = app::make_link(l);
        INFO(f);
        app::LinkParse p = app::parse_link(f, defaults);
        CHECK(p.problems.empty());
        CHECK(p.settings.train == s);
    }
}

namespace {

// Training data for the reproduction test: the first images of CIFAR-10 when CIFAR10_DIR is
// set, else made here from a seed (any images do: both sides train on the same ones).
void repro_data(cnn::Dataset* train, cnn::Dataset* test) {
    const char* dir = std::getenv("CIFAR10_DIR");
    if (dir && *dir) {
        WARN("reproduction on CIFAR-10 from " << dir);
        *train = cnn::load_cifar_train(dir, 200);
        *test = cnn::load_cifar_test(dir, 50);
        return;
    }
    WARN("reproduction on 250 seeded in-memory images (CIFAR10_DIR not set)");
    cnn::Rng rng(99);
    for (cnn::Dataset* d : {train, test}) {
        int n = d == train ? 200 : 50;
        d->pixels.resize((size_t)n * cnn::Dataset::kImage);
        for (auto& px : d->pixels) px = (uint8_t)rng.below(256);
        for (int i = 0; i < n; i++) d->labels.push_back((uint8_t)rng.below(10));
    }
}

// The page's Engine, single-thread: one batch per command, the loss read from each snapshot.
std::vector<double> engine_losses(const cnn::Dataset& train, const cnn::Dataset& test, const std::string& spec,
                                  const TrainSettings& s, int steps) {
    app::Engine e(false, cnn::default_memory_limit());
    e.set_data(std::make_shared<cnn::Dataset>(train), std::make_shared<cnn::Dataset>(test));
    e.set_model(spec, s);
    std::vector<double> out;
    for (int i = 1; i <= steps; i++) {
        e.step(1);
        std::shared_ptr<const app::Snapshot> snap;
        for (int k = 0; k < 200; k++) {
            e.pump(50);
            snap = e.snapshot();
            if (snap->steps == i && snap->status == app::Status::Paused) break;
        }
        REQUIRE(snap->steps == i);
        out.push_back(snap->last_loss);
    }
    return out;
}

// The CLI's path: its options, its set-up, a Trainer as cnn-train builds it.
std::vector<double> cli_losses(const cnn::Dataset& train, const cnn::Dataset& test, const std::vector<std::string>& args,
                               const TrainSettings& expect, int steps) {
    cli::Run r = cli::prepare_run(cli::parse_options(args));
    CHECK(r.settings == expect);
    cnn::ThreadPool pool(r.settings.threads);
    cnn::Trainer t(r.ck.model, r.opt, train, &test, r.cfg, pool);
    std::vector<double> out;
    for (int i = 0; i < steps; i++) {
        t.step();
        out.push_back(t.last_loss());
    }
    return out;
}

} // namespace

TEST_CASE("settings: same seed, data and model: the Engine and the CLI give bit-identical losses", "[settings][repro]") {
    cnn::Dataset train, test;
    repro_data(&train, &test);
    const std::string spec = "conv(8,3,relu) maxpool(2) flatten dense(10,softmax)";
    TrainSettings s;
    s.optimizer = cnn::Optimizer::SGD;
    s.lr = 0.05f;
    s.batch = 16;  // 13 batches an epoch: the 20 steps cross into a reshuffled second epoch
    s.epochs = 2;
    s.seed = 5;
    s.threads = 1;
    auto args = argv_of({"--model", spec.c_str(), "--optimizer", "sgd", "--lr", "0.05", "--batch-size", "16", "--epochs",
                         "2", "--seed", "5", "--threads", "1"});
    std::vector<double> page = engine_losses(train, test, spec, s, 20);
    std::vector<double> cli = cli_losses(train, test, args, s, 20);
    REQUIRE(page.size() == 20);
    for (int i = 0; i < 20; i++) {
        INFO("step " << i + 1 << ": engine " << page[i] << ", cli " << cli[i]);
        CHECK(page[i] == cli[i]);  // bit for bit, not approximately
    }
    // The comparison can tell runs apart: another seed gives other losses.
    s.seed = 6;
    args[args.size() - 3] = "6";
    std::vector<double> other = cli_losses(train, test, args, s, 20);
    CHECK(other != cli);
}
