// cnn_bench.cpp — throughput of this project's training and inference on the tutorial's
// model, the same program natively and as WebAssembly under Node. Trains on the first
// --images CIFAR-10 training images (batch 32, Adam, Glorot-uniform init, seed 1) after a
// warm-up, then times --windows windows of --batches batches each; inference times
// forward passes (train = false) of batches of --infer-batch over the same images.
// Prints the median, min and max images/s and one machine-readable RESULT line that
// bench/run.sh collects (images/s of every window). With --profile, also the share of time per layer, forward and
// backward. Not here: accuracy (cnn-train does that) or any comparison (run.sh).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <string>
#include <vector>

#if !defined(__EMSCRIPTEN__)
#include <sys/resource.h>
#endif

#include "core/cifar.h"
#include "core/error.h"
#include "core/model.h"
#include "core/optim.h"
#include "core/threadpool.h"

using namespace cnn;
using Clock = std::chrono::steady_clock;

static double secs(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

struct Stats { double med = 0, lo = 0, hi = 0; };
static Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    Stats s;
    if (v.empty()) return s;
    s.lo = v.front(); s.hi = v.back();
    size_t n = v.size();
    s.med = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    return s;
}

static void usage() {
    std::puts("usage: cnn-bench [--data DIR] [--threads N] [--label NAME] [--images N] [--warmup N]\n"
              "                 [--windows N] [--batches N] [--infer-batch N] [--infer-windows N]\n"
              "                 [--no-train] [--no-infer] [--profile] [--model SPEC]");
}

int main(int argc, char** argv) {
    std::string data, label = "cnn", spec = kTutorialModel;
    int threads = 1, images = 2048, warmup = 15, windows = 5, batches = 25, ibatch = 100, iwindows = 5;
    bool do_train = true, do_infer = true, profile = false;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        auto val = [&]() -> const char* {
            if (i + 1 >= argc) { usage(); std::exit(2); }
            return argv[++i];
        };
        if (a == "--data") data = val();
        else if (a == "--threads") threads = std::atoi(val());
        else if (a == "--label") label = val();
        else if (a == "--images") images = std::atoi(val());
        else if (a == "--warmup") warmup = std::atoi(val());
        else if (a == "--windows") windows = std::atoi(val());
        else if (a == "--batches") batches = std::atoi(val());
        else if (a == "--infer-batch") ibatch = std::atoi(val());
        else if (a == "--infer-windows") iwindows = std::atoi(val());
        else if (a == "--no-train") do_train = false;
        else if (a == "--no-infer") do_infer = false;
        else if (a == "--profile") profile = true;
        else if (a == "--model") spec = val();
        else { usage(); return a == "--help" ? 0 : 2; }
    }
    try {
        Dataset ds = load_cifar_train(resolve_data_dir(data), images);
        const int NI = ds.size();
        const int B = 32;
        Model model = Model::parse(spec);
        model.init(1);
        Optimizer opt = Optimizer::adam(0.001f);
        ThreadPool pool(threads);
        std::printf("cnn-bench %s: %d threads, %d images, model %s\n", label.c_str(), pool.size(), NI, model.spec().c_str());

        // Batches cycle through the images in file order (no shuffling: same work every run).
        std::vector<float> x((size_t)std::max(B, ibatch) * Dataset::kImage);
        std::vector<int> y(std::max(B, ibatch)), idx(std::max(B, ibatch));
        int cursor = 0;
        auto next_batch = [&](int n) {
            for (int i = 0; i < n; i++) idx[i] = (cursor + i) % NI;
            cursor = (cursor + n) % NI;
            make_batch(ds, idx.data(), n, x.data(), y.data());
        };
        auto train_step = [&]() {
            next_batch(B);
            model.forward(x.data(), B, true, pool);
            model.backward(x.data(), y.data(), B, pool);
            opt.step(model.params.data(), model.grads.data(), model.params.size());
        };

        Stats tr, inf;
        std::vector<double> tr_w, inf_w;  // images/s of every window, for the RESULT line
        if (do_train) {
            for (int i = 0; i < warmup; i++) train_step();
            std::vector<double> ips;
            for (int w = 0; w < windows; w++) {
                auto t0 = Clock::now();
                for (int i = 0; i < batches; i++) train_step();
                ips.push_back((double)batches * B / secs(t0, Clock::now()));
            }
            tr = stats(ips);
            tr_w = ips;
            std::printf("  train  %8.0f images/s (median of %d windows of %d batches; min %.0f, max %.0f)\n",
                        tr.med, windows, batches, tr.lo, tr.hi);
        }
        if (do_infer) {
            const int ib = std::max(1, (int)(3200 / ibatch));  // ~3,200 images per window
            for (int i = 0; i < 3; i++) { next_batch(ibatch); model.forward(x.data(), ibatch, false, pool); }
            std::vector<double> ips;
            for (int w = 0; w < iwindows; w++) {
                double t = 0;
                for (int i = 0; i < ib; i++) {
                    next_batch(ibatch);  // batch conversion is not timed: only the forward pass
                    auto t0 = Clock::now();
                    model.forward(x.data(), ibatch, false, pool);
                    t += secs(t0, Clock::now());
                }
                ips.push_back((double)ib * ibatch / t);
            }
            inf = stats(ips);
            inf_w = ips;
            std::printf("  infer  %8.0f images/s (median of %d windows of %d batches of %d; min %.0f, max %.0f)\n",
                        inf.med, iwindows, ib, ibatch, inf.lo, inf.hi);
        }
        if (profile) {
            // Per-layer time of training steps, forward and backward separately (the same
            // calls Model::forward/backward make, timed one layer at a time).
            const int L = (int)model.layers.size(), steps = std::max(20, batches);
            std::vector<double> tf(L, 0), tb(L, 0);
            std::vector<std::vector<float>> acts(L);
            size_t maxact = model.input.size();
            for (int i = 0; i < L; i++) {
                acts[i].assign((size_t)B * model.layers[i]->out.size(), 0.f);
                maxact = std::max(maxact, (size_t)model.layers[i]->out.size());
            }
            std::vector<float> d0((size_t)B * maxact), d1((size_t)B * maxact);
            for (int s = 0; s < steps + 3; s++) {
                bool timed = s >= 3;
                next_batch(B);
                const float* cur = x.data();
                for (int i = 0; i < L; i++) {
                    auto t0 = Clock::now();
                    model.layers[i]->forward(cur, acts[i].data(), B, true, pool);
                    if (timed) tf[i] += secs(t0, Clock::now());
                    cur = acts[i].data();
                }
                const int K = model.num_classes();
                for (int n = 0; n < B; n++)
                    for (int k = 0; k < K; k++)
                        d0[(size_t)n * K + k] = (cur[(size_t)n * K + k] - (k == y[n] ? 1.f : 0.f)) / B;
                std::fill(model.grads.begin(), model.grads.end(), 0.f);
                float* dbuf[2] = {d0.data(), d1.data()};
                int which = 0;
                bool preact = model.layers.back()->activation() == Activation::Softmax;
                for (int i = L; i-- > 0;) {
                    const float* xin = i ? acts[i - 1].data() : x.data();
                    float* dx = i ? dbuf[1 - which] : nullptr;
                    auto t0 = Clock::now();
                    model.layers[i]->backward(xin, acts[i].data(), dbuf[which], dx, B, preact, pool);
                    if (timed) tb[i] += secs(t0, Clock::now());
                    preact = false;
                    which = 1 - which;
                }
            }
            double tot = std::accumulate(tf.begin(), tf.end(), 0.0) + std::accumulate(tb.begin(), tb.end(), 0.0);
            std::printf("  profile (%d training batches of %d; share of forward+backward layer time; us per batch)\n", steps, B);
            std::printf("    %-18s %8s %8s %8s %8s\n", "layer", "fwd %", "bwd %", "fwd us", "bwd us");
            for (int i = 0; i < L; i++)
                std::printf("    %-18s %7.1f%% %7.1f%% %8.0f %8.0f\n", model.layers[i]->name.c_str(), 100 * tf[i] / tot,
                            100 * tb[i] / tot, 1e6 * tf[i] / steps, 1e6 * tb[i] / steps);
            std::printf("    %-18s %8s %8s %8.0f us per batch = %.0f images/s without optimizer and batching\n", "total", "",
                        "", 1e6 * tot / steps, steps * B / tot);
        }
        long rss_kb = 0;
#if !defined(__EMSCRIPTEN__)
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        rss_kb = ru.ru_maxrss;
#endif
        auto list = [](const std::vector<double>& v) {
            std::string s;
            char buf[32];
            for (double d : v) { std::snprintf(buf, sizeof buf, "%s%.1f", s.empty() ? "" : ",", d); s += buf; }
            return s.empty() ? std::string("-") : s;
        };
        std::printf("RESULT %s threads=%d train=%s infer=%s rss_kb=%ld\n", label.c_str(), pool.size(),
                    list(tr_w).c_str(), list(inf_w).c_str(), rss_kb);
        return 0;
    } catch (const Error& e) {
        std::fprintf(stderr, "cnn-bench: %s\n", e.what());
        return 2;
    }
}
