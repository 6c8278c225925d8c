// estimate_vs_allocated.cpp — is the one memory estimate (core/limits.h) true? For five
// different models it trains a few steps and an evaluation, counts the heap bytes actually
// live at the peak (every malloc/free of the process, through glibc's own allocator), and
// checks the estimate is within 15% of them. Prints the figures. Native Linux (glibc) only:
// a program of its own, because it replaces malloc for the whole process.
#include <malloc.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "core/cifar.h"
#include "core/limits.h"
#include "core/model.h"
#include "core/optim.h"
#include "core/rng.h"
#include "core/train.h"

// ---- counting allocator: glibc's, with the bytes it hands out added up ----------------
extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* __libc_memalign(size_t, size_t);
void __libc_free(void*);
}

namespace {
std::atomic<long long> g_live{0}, g_peak{0};

void counted(void* p, long long sign) {
    if (!p) return;
    const long long now = g_live += sign * (long long)malloc_usable_size(p);
    long long peak = g_peak.load();
    while (now > peak && !g_peak.compare_exchange_weak(peak, now)) {
    }
}
} // namespace

extern "C" {
void* malloc(size_t n) {
    void* p = __libc_malloc(n);
    counted(p, 1);
    return p;
}
void* calloc(size_t a, size_t b) {
    void* p = __libc_calloc(a, b);
    counted(p, 1);
    return p;
}
void* realloc(void* old, size_t n) {
    counted(old, -1);
    void* p = __libc_realloc(old, n);
    counted(p ? p : old, 1);  // a failed realloc keeps the old block
    return p;
}
void free(void* p) {
    counted(p, -1);
    __libc_free(p);
}
void* memalign(size_t align, size_t n) {
    void* p = __libc_memalign(align, n);
    counted(p, 1);
    return p;
}
void* aligned_alloc(size_t align, size_t n) { return memalign(align, n); }
int posix_memalign(void** out, size_t align, size_t n) {
    *out = memalign(align, n);
    return *out ? 0 : 12;  // ENOMEM
}
}

// ---- the measurement --------------------------------------------------------------
namespace {

constexpr int kThreads = 2, kBatch = 32, kTrain = 320, kVal = 250;

// n images of seeded noise with labels 0..9 in turn (the values do not change the memory).
cnn::Dataset noise(int n, uint64_t seed) {
    cnn::Dataset d;
    cnn::Rng rng(seed);
    d.pixels.resize((size_t)n * cnn::Dataset::kImage);
    for (auto& p : d.pixels) p = (uint8_t)rng.below(256);
    d.labels.resize(n);
    for (int i = 0; i < n; i++) d.labels[i] = (uint8_t)(i % 10);
    return d;
}

// Peak live heap bytes of one run: data, model, optimizer, trainer, an epoch of training
// steps and the evaluation that ends it.
long long measure(const char* spec) {
    const long long base = g_live.load();
    g_peak = base;
    {
        cnn::Dataset train = noise(kTrain, 1), val = noise(kVal, 2);
        cnn::Model m = cnn::Model::parse(spec);
        m.init(7);
        cnn::Optimizer opt = cnn::Optimizer::adam();
        cnn::ThreadPool pool(kThreads);
        cnn::TrainConfig cfg;
        cfg.batch_size = kBatch;
        cfg.epochs = 1;
        cnn::Trainer t(m, opt, train, &val, cfg, pool);
        while (t.step()) {
        }
    }
    return g_peak.load() - base;
}

} // namespace

int main() {
    const char* models[][2] = {
        {"tutorial", cnn::kTutorialModel},
        {"wide conv", "conv(128,5,relu) maxpool(2) conv(128,3,relu) maxpool(2) flatten dense(10,softmax)"},
        {"deep same", "conv(32,3,pad=same,relu) conv(32,3,pad=same,relu) maxpool(2) conv(64,3,pad=same,relu) "
                      "conv(64,3,pad=same,relu) maxpool(2) conv(128,3,pad=same,relu) maxpool(2) flatten "
                      "dense(128,relu) dense(10,softmax)"},
        {"dense-heavy", "flatten dense(1024,relu) dense(512,relu) dense(10,softmax)"},
        {"avgpool/stride", "conv(24,5,stride=2,pad=2,relu) avgpool(3,stride=2) conv(48,3,pad=1) relu "
                           "maxpool(2,stride=1) flatten dense(64,tanh) dense(10)"},
    };
    int failed = 0;
    std::printf("%-15s %12s %12s %8s\n", "model", "allocated", "estimate", "ratio");
    for (const auto& mdl : models) {
        const long long got = measure(mdl[1]);
        const cnn::Model shapes = cnn::Model::parse_shapes(mdl[1]);
        const cnn::MemoryEstimate e = cnn::estimate_training_memory(shapes, kBatch, kTrain, kVal, kThreads);
        // kRuntimeBytes stands for what is not heap (code, thread stacks) and allocator slack.
        const double want = (double)(e.total() - cnn::kRuntimeBytes), ratio = want / (double)got;
        const bool ok = std::fabs(ratio - 1) <= 0.15;
        failed += !ok;
        std::printf("%-15s %9.2f MB %9.2f MB %8.3f %s\n", mdl[0], got / 1048576.0, want / 1048576.0, ratio,
                    ok ? "ok" : "FAIL (more than 15% off)");
    }
    std::printf("%s\n", failed ? "FAIL" : "all five within 15%");
    return failed ? 1 : 0;
}
