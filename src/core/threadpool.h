// threadpool.h — the project's one thread pool. A parallel region is a count of work items;
// each thread (the caller is thread 0) claims the items of its own contiguous block one by
// one, then helps with what is left of the others' blocks. Work is split by
// the caller into items with fixed shapes that write disjoint memory, so results never
// depend on how many threads ran them, nor on which thread ran which item (see run()). No
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

    // Calls fn(item, tid) for every item in [0, n_items). Thread tid (0 = the caller) claims
    // the items of the block [tid*n/T, (tid+1)*n/T) in increasing order, then those still
    // unclaimed in the other blocks, so a slow thread runs fewer; which thread runs an item
    // can vary from run to run. Items must write disjoint memory; per-thread
    // scratch is indexed by tid. Returns when all items are done. An exception thrown by fn
    // stops further claims and the first one is rethrown here.
    void run(int n_items, const std::function<void(int item, int tid)>& fn);

    // Largest thread count a build can use (1 without thread support).
    static int max_threads();

private:
    void worker(int tid);
    void drain(const std::function<void(int, int)>& fn, int n, int tid);
    int nthreads_ = 1;
    std::vector<std::thread> threads_;
    std::mutex mu_;
    std::condition_variable cv_work_, cv_done_;
    const std::function<void(int, int)>* fn_ = nullptr;  // published by generation_'s release
    int n_items_ = 0;
    // A training step makes ~25 parallel regions, some only tens of microseconds long:
    // waking a sleeping thread per region costs about as much. So a thread that finished
    // its items spins on these for a short while (kSpinMicros) before it sleeps on the
    // condition variables; under a heavy load the spin ends early and it sleeps.
    std::atomic<unsigned> generation_{0};
    std::atomic<int> pending_{0};
    std::atomic<bool> stop_{false};
    struct alignas(64) Counter { std::atomic<int> v{0}; };  // one cache line each
    std::vector<Counter> next_;        // per block: its next item to claim in the current region
    std::atomic<bool> failed_{false};  // an item threw: claim no more
    std::exception_ptr error_;
};

} // namespace cnn
