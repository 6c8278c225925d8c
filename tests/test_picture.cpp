// test_picture.cpp — the user's own picture in the session (app/session/picture.h) and the
// Engine's "Why this class?" maps: the page's 32×32 is the core's crop_scale of the same
// bytes, the picture becomes the chosen image of the Inside view, the crop stays inside the
// picture, and the four maps the session publishes are the core's for the same weights.
// Not here: the explanations themselves (test_saliency.cpp), drawing (browser: picture.mjs).
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <functional>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "app/session/app_state.h"
#include "core/explain/gradcam.h"
#include "core/explain/occlusion.h"
#include "core/explain/saliency.h"
#include "core/image.h"
#include "core/model_io.h"
#include "core/rng.h"
#include "session_support.h"

using app::AppState;
using app::Snapshot;

namespace {

using session_test::cifar_bytes;
using session_test::kTimeout;

struct Session {
    std::vector<std::vector<uint8_t>> downloads;
    AppState a;
    explicit Session(bool threaded = false) {
        app::Host h;
        h.download = [this](const std::string&, const std::vector<uint8_t>& b) { downloads.push_back(b); };
        app::app_init(a, threaded, false, h);
    }
    Snapshot until(const std::string& what, const std::function<bool(const Snapshot&)>& cond) {
        const double end = app::now_s() + kTimeout;
        for (;;) {
            app::app_frame(a);
            if (cond(*a.snap)) return *a.snap;
            if (app::now_s() > end) FAIL("timed out waiting for " << what << " (message '" << a.snap->message << "')");
            if (a.engine->threaded()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
};


// A w × h RGBA picture whose every pixel differs (so a misplaced crop shows).
std::vector<uint8_t> picture(int w, int h, uint64_t seed) {
    std::vector<uint8_t> p((size_t)w * h * 4);
    cnn::Rng rng(seed);
    for (size_t i = 0; i < p.size(); i++) p[i] = i % 4 == 3 ? 255 : (uint8_t)rng.below(256);
    return p;
}

// Data, the small model, three batches trained: the weights are not the initial ones.
void trained(Session& s) {
    s.a.hyper.batch = 10;
    s.a.hyper.epochs = 20;
    auto tr = cifar_bytes(100, 1), te = cifar_bytes(50, 2);
    REQUIRE(app::app_load_data(s.a, tr.data(), tr.size(), "data_batch_1.bin") == "");
    REQUIRE(app::app_load_data(s.a, te.data(), te.size(), "test_batch.bin") == "");
    REQUIRE(app::app_set_model(s.a, "conv(4,3,relu) maxpool(2) conv(6,3,relu) flatten dense(10,softmax)") == "");
    app::app_step(s.a, 3);
    s.until("3 batches", [](const Snapshot& x) { return x.steps == 3 && x.status == app::Status::Paused; });
}

// The engine's weights, through a saved model file.
cnn::Model saved_model(Session& s) {
    s.downloads.clear();
    app::app_save_model(s.a);
    s.until("the saved model", [&](const Snapshot&) { return !s.downloads.empty(); });
    return cnn::load_model(s.downloads[0].data(), s.downloads[0].size(), "saved").model;
}

void require_close(const std::vector<float>& got, const std::vector<float>& want, const char* what) {
    INFO(what);
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < got.size(); i++) {
        INFO("at " << i);
        REQUIRE(std::isfinite(got[i]));
        REQUIRE(got[i] == Approx(want[i]).margin(1e-5).epsilon(1e-4));
    }
}

} // namespace

TEST_CASE("app_set_picture: the page's 32x32 is crop_scale of the same bytes, and the chosen image", "[picture]") {
    Session s;
    trained(s);
    const int w = 50, h = 30;
    const std::vector<uint8_t> px = picture(w, h, 7);
    REQUIRE(app::app_set_picture(s.a, px.data(), w, h, "file") == "");
    const cnn::Crop c = cnn::center_square(w, h);
    CHECK(s.a.picture.crop.x == c.x);
    CHECK(s.a.picture.crop.size == 30);
    CHECK(s.a.picture.x == cnn::crop_scale(px.data(), w, h, 4, c, 32));
    CHECK(s.a.sel_set == app::kSetPicture);
    const uint64_t v = s.a.picture.version;
    const Snapshot got = s.until("the picture's Inside view", [&](const Snapshot& x) {
        return x.inside && x.inside->set == app::kSetPicture && x.inside->picture_version == v;
    });
    const app::Inside& in = *got.inside;
    CHECK(in.label == -1);
    CHECK(in.input == s.a.picture.x);
    REQUIRE(in.probs.size() == 10);
    CHECK(std::accumulate(in.probs.begin(), in.probs.end(), 0.0) == Approx(1.0).margin(1e-5));

    // The probabilities are the model's for those 32x32 pixels.
    cnn::Model m = saved_model(s);
    cnn::ThreadPool pool(1);
    const float* p = m.forward(s.a.picture.x.data(), 1, false, pool);
    require_close(in.probs, std::vector<float>(p, p + 10), "probabilities");

    // A data set's image chosen again, then the picture again.
    app::app_select_image(s.a, 1, 4);
    s.until("test image 4", [](const Snapshot& x) { return x.inside && x.inside->set == 1 && x.inside->image == 4; });
    app::app_select_image(s.a, app::kSetPicture, 0);
    CHECK(s.a.sel_set == app::kSetPicture);
    s.until("the picture again", [](const Snapshot& x) { return x.inside && x.inside->set == app::kSetPicture; });
}

TEST_CASE("app_set_crop: the square stays inside the picture; each crop is scaled again", "[picture]") {
    Session s;
    const int w = 40, h = 64;
    const std::vector<uint8_t> px = picture(w, h, 3);
    REQUIRE(app::app_set_picture(s.a, px.data(), w, h, "api") == "");
    REQUIRE(app::app_set_crop(s.a, cnn::Crop{5.5, 20.25, 17}) == "");
    CHECK(s.a.picture.x == cnn::crop_scale(px.data(), w, h, 4, cnn::Crop{5.5, 20.25, 17}, 32));
    const uint64_t v = s.a.picture.version;
    // Too far right and down, too big: moved and shrunk to fit.
    REQUIRE(app::app_set_crop(s.a, cnn::Crop{30, 60, 100}) == "");
    CHECK(s.a.picture.crop.size == 40);
    CHECK(s.a.picture.crop.x == 0);
    CHECK(s.a.picture.crop.y == 24);
    CHECK(s.a.picture.version == v + 1);
    CHECK(s.a.picture.x == cnn::crop_scale(px.data(), w, h, 4, cnn::Crop{0, 24, 40}, 32));
    REQUIRE(app::app_set_crop(s.a, cnn::Crop{-3, -1, 0.2}) == "");
    CHECK(s.a.picture.crop.x == 0);
    CHECK(s.a.picture.crop.size == 1);
}

TEST_CASE("app_set_picture: an empty or huge picture is refused and the last one stays", "[picture]") {
    Session s;
    const std::vector<uint8_t> px = picture(8, 8, 1);
    CHECK(app::app_set_crop(s.a, cnn::Crop{0, 0, 4}) == "no picture to crop");
    REQUIRE(app::app_set_picture(s.a, px.data(), 8, 8, "api") == "");
    const std::vector<float> x = s.a.picture.x;
    CHECK(app::app_set_picture(s.a, px.data(), 0, 8, "api") != "");
    CHECK(app::app_set_picture(s.a, px.data(), app::kPictureMaxSide + 1, 1, "api") != "");
    CHECK(s.a.picture.x == x);
    CHECK(s.a.picture.w == 8);
}

TEST_CASE("app_explain: the maps the session publishes are the core's for the same weights", "[picture]") {
    for (bool threaded : {false, true}) {
        DYNAMIC_SECTION((threaded ? "threaded" : "single-thread")) {
            Session s(threaded);
            trained(s);
            const std::vector<uint8_t> px = picture(33, 33, 11);
            REQUIRE(app::app_set_picture(s.a, px.data(), 33, 33, "drawing") == "");
            const uint64_t v = s.a.picture.version;
            app::app_explain(s.a, 3);
            const Snapshot got = s.until("the maps for class 3", [&](const Snapshot& x) {
                return x.why && x.why->cls == 3 && x.why->set == app::kSetPicture && x.why->picture_version == v;
            });
            const app::Why& why = *got.why;
            CHECK(why.error == "");
            CHECK_FALSE(why.top);
            cnn::Model m = saved_model(s);
            cnn::ThreadPool pool(1);
            const float* x = s.a.picture.x.data();
            cnn::OcclusionMap occ = cnn::occlusion(m, x, 3, why.occ_patch, why.occ_stride, pool);
            require_close(why.occlusion, occ.pixels, "occlusion");
            CHECK(why.base == Approx(occ.base).margin(1e-6));
            require_close(why.gradient, cnn::gradient_pixels(cnn::input_gradient(m, x, 3, pool), 3, 32, 32), "gradient");
            require_close(why.smoothgrad, cnn::gradient_pixels(cnn::smoothgrad(m, x, 3, {}, pool), 3, 32, 32), "SmoothGrad");
            require_close(why.gradcam, cnn::grad_cam(m, x, 3, pool).map, "Grad-CAM");
            // The maps are not all zero: the trained model looks somewhere.
            CHECK(*std::max_element(why.gradient.begin(), why.gradient.end()) > 0);

            // The top class, then another image: the maps follow.
            app::app_explain(s.a, -1);
            const Snapshot top = s.until("the top class's maps", [](const Snapshot& x) { return x.why && x.why->top; });
            const auto& pr = top.inside->probs;
            CHECK(top.why->cls == (int)(std::max_element(pr.begin(), pr.end()) - pr.begin()));
            app::app_select_image(s.a, 0, 2);
            s.until("the maps of training image 2", [](const Snapshot& x) {
                return x.why && x.why->set == 0 && x.why->image == 2 && x.why->occlusion.size() == 32 * 32;
            });
        }
    }
}

TEST_CASE("app_filter_top: the filter's top 9 test images are the core's, and follow training", "[picture]") {
    Session s;
    trained(s);
    app::app_filter_top(s.a, 2, 1);  // conv2d_1 (layers: conv, maxpool, conv, flatten, dense), filter 1
    const Snapshot got = s.until("the filter's top images", [](const Snapshot& x) { return x.filter_top != nullptr; });
    const app::FilterTop& ft = *got.filter_top;
    CHECK(ft.error == "");
    CHECK(ft.at_step == 3);
    cnn::Model m = saved_model(s);
    cnn::ThreadPool pool(1);
    const cnn::TopImages want = cnn::top_images(m, 2, 1, *s.a.data.test, 9, pool);
    CHECK(ft.top.index == want.index);
    require_close(ft.top.score, want.score, "scores");
    require_close(ft.top.maps, want.maps, "activation maps");
    CHECK(ft.top.index.size() == 9);

    // Two more batches: recomputed with the predictions' refresh.
    app::app_step(s.a, 2);
    s.until("the top images after 5 batches", [](const Snapshot& x) { return x.filter_top && x.filter_top->at_step == 5; });
    // A layer that is not a convolution: the core's refusal, published.
    app::app_filter_top(s.a, 1, 0);
    const Snapshot bad = s.until("the refusal", [](const Snapshot& x) { return x.filter_top && !x.filter_top->error.empty(); });
    CHECK(bad.filter_top->top.layer == 1);
}
