// threadpool.h — the project's one thread pool. A parallel region hands each worker its
// index and the worker count; work is split by the caller into items with fixed shapes, so
// results never depend on how many threads ran them (see run()). No work stealing, no
// nesting, no threads hidden in third-party calls (Eigen is built with EIGEN_DONT_PARALLELIZE).
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cnn {

class ThreadPool {
public:
    // n <= 0 picks the hardware concurrency. Builds without thread support always use 1.
    explicit ThreadPool(int n = 1);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    int size() const { return nthreads_; }

    // Calls fn(item, tid) for every item in [0, n_items). Thread tid (0 = the caller) takes
    // the contiguous block [tid*n/T, (tid+1)*n/T). Items must write disjoint memory; per-
    // thread scratch is indexed by tid. Returns when all items are done. Exceptions thrown
    // by fn are rethrown here (the first one).
    void run(int n_items, const std::function<void(int item, int tid)>& fn);

    // Largest thread count a build can use (1 without thread support).
    static int max_threads();

private:
    void worker(int tid);
    int nthreads_ = 1;
    std::vector<std::thread> threads_;
    std::mutex mu_;
    std::condition_variable cv_work_, cv_done_;
    const std::function<void(int, int)>* fn_ = nullptr;  // published by generation_'s release
    int n_items_ = 0;
    // A training step makes ~25 parallel regions, some only tens of microseconds long:
    // waking a sleeping thread per region costs about as much. So a thread that finished
    // its block spins on these for a short while (kSpinMicros) before it sleeps on the
    // condition variables; under a heavy load the spin ends early and it sleeps.
    std::atomic<unsigned> generation_{0};
    std::atomic<int> pending_{0};
    std::atomic<bool> stop_{false};
    std::exception_ptr error_;
};

} // namespace cnn
