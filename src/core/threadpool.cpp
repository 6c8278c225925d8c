// threadpool.cpp — persistent workers woken per parallel region by a generation counter
// (a short spin first, then a condition variable).
// The caller is worker 0, so a pool of 1 runs everything inline with no synchronisation.
// Builds without thread support (WebAssembly without -pthread) never start a thread.
#include "core/threadpool.h"

#include <algorithm>
#include <chrono>

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define CNN_NO_THREADS 1
#endif

namespace cnn {

int ThreadPool::max_threads() {
#ifdef CNN_NO_THREADS
    return 1;
#else
    unsigned n = std::thread::hardware_concurrency();
    return n ? (int)n : 1;
#endif
}

ThreadPool::ThreadPool(int n) {
    if (n <= 0) n = max_threads();
#ifdef CNN_NO_THREADS
    n = 1;
#endif
    nthreads_ = std::max(1, n);
    next_ = std::vector<Counter>(nthreads_);
    for (int t = 1; t < nthreads_; t++) threads_.emplace_back(&ThreadPool::worker, this, t);
}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard<std::mutex> lk(mu_);
        stop_.store(true);
    }
    cv_work_.notify_all();
    for (auto& t : threads_) t.join();
}

// Thread t owns the block [t·n/T, (t+1)·n/T) and claims its items one by one from the
// block's counter; when its block is used up it claims what is left of the others' blocks
// (in thread order). So a thread keeps the data it touched in its own cache while all run
// at the same speed, and one that runs slow — a busy core, a browser tab's other work —
// ends up running fewer items instead of holding the region back.
void ThreadPool::drain(const std::function<void(int, int)>& fn, int n, int tid) {
    const int T = nthreads_;
    for (int k = 0; k < T; k++) {
        const int b = (tid + k) % T;
        const int hi = (int)((long long)n * (b + 1) / T);
        for (;;) {
            if (failed_.load(std::memory_order_relaxed)) return;
            const int i = next_[b].v.fetch_add(1, std::memory_order_relaxed);
            if (i >= hi) break;
            try {
                fn(i, tid);
            } catch (...) {
                std::lock_guard<std::mutex> lk(mu_);
                if (!error_) error_ = std::current_exception();
                failed_.store(true, std::memory_order_relaxed);
                return;
            }
        }
    }
}

// Spins until done() or about kSpinMicros have passed; true if done() came true.
static constexpr int kSpinMicros = 200;
template <class F> static bool spin_until(F done) {
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 1;; i++) {
        if (done()) return true;
        if ((i & 63) == 0 && std::chrono::steady_clock::now() - t0 > std::chrono::microseconds(kSpinMicros)) return false;
    }
}

void ThreadPool::worker(int tid) {
    unsigned seen = 0;
    for (;;) {
        auto woken = [&] { return stop_.load(std::memory_order_acquire) || generation_.load(std::memory_order_acquire) != seen; };
        if (!spin_until(woken)) {
            std::unique_lock<std::mutex> lk(mu_);
            cv_work_.wait(lk, woken);
        }
        if (stop_.load()) return;
        seen = generation_.load(std::memory_order_acquire);  // fn_ and n_items_ were written before it
        drain(*fn_, n_items_, tid);
        if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
            std::lock_guard<std::mutex> lk(mu_);  // the caller checks pending_ under mu_ before sleeping
            cv_done_.notify_one();
        }
    }
}

void ThreadPool::run(int n_items, const std::function<void(int, int)>& fn) {
    if (n_items <= 0) return;
    if (nthreads_ == 1 || n_items == 1) {
        for (int i = 0; i < n_items; i++) fn(i, 0);
        return;
    }
    {
        std::lock_guard<std::mutex> lk(mu_);
        fn_ = &fn;
        n_items_ = n_items;
        pending_.store(nthreads_ - 1, std::memory_order_relaxed);
        for (int t = 0; t < nthreads_; t++) next_[t].v.store((int)((long long)n_items * t / nthreads_), std::memory_order_relaxed);
        failed_.store(false, std::memory_order_relaxed);
        error_ = nullptr;
        generation_.fetch_add(1, std::memory_order_release);
    }
    cv_work_.notify_all();
    drain(fn, n_items, 0);
    std::exception_ptr err;
    auto all_done = [&] { return pending_.load(std::memory_order_acquire) == 0; };
    spin_until(all_done);
    {
        std::unique_lock<std::mutex> lk(mu_);
        cv_done_.wait(lk, all_done);
        err = error_;
        fn_ = nullptr;
    }
    if (err) std::rethrow_exception(err);
}

} // namespace cnn
