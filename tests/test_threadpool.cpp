// test_threadpool.cpp — ThreadPool::run: every item exactly once, each thread's own block
// first and in order, a stalled thread does not hold the items of its block back,
// exceptions rethrown to the caller (and the pool still usable afterwards), many regions in
// a row, pools of 1, 2 and 3. Builds without threads (WebAssembly
// without -pthread) get pools of size 1, and the tests hold there too.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "core/threadpool.h"

using Catch::Contains;
using cnn::ThreadPool;

TEST_CASE("ThreadPool::run covers every item exactly once, each thread starting on its own block", "[threadpool]") {
    const int threads = GENERATE(1, 2, 3);
    ThreadPool pool(threads);
    const int T = pool.size();
    CHECK(T >= 1);
    CHECK(T <= threads);
    for (int n : {0, 1, 2, 3, 5, 64, 1001}) {
        CAPTURE(threads, T, n);
        std::vector<std::atomic<int>> hits(n);
        std::vector<std::vector<int>> mine(T);  // items per thread, in the order it ran them
        for (auto& h : hits) h = 0;
        pool.run(n, [&](int item, int tid) {
            hits[item]++;
            mine[tid].push_back(item);
        });
        for (int i = 0; i < n; i++) REQUIRE(hits[i] == 1);
        // the items a thread ran from its block [t·n/T, (t+1)·n/T) come in increasing order
        // (a thread that woke late may find the first ones taken by a helper)
        for (int t = 0; t < T; t++) {
            const int lo = (int)((long long)n * t / T), hi = (int)((long long)n * (t + 1) / T);
            int last = -1;
            for (int i : mine[t])
                if (i >= lo && i < hi) { REQUIRE(i > last); last = i; }
        }
    }
}

TEST_CASE("ThreadPool::run: a stalled thread does not hold back the other items", "[threadpool]") {
    // An item on a worker waits until every other item is done. With fixed blocks per thread
    // that never happens (its block's other items wait behind it); here the caller, done with
    // its own block, takes them. If no worker claims an item in time, the caller ran all ten.
    ThreadPool pool(2);
    if (pool.size() < 2) {
        // A build without threads has no worker to stall: every item runs on the caller, in order.
        CHECK(ThreadPool::max_threads() == 1);
        std::vector<int> seen;
        pool.run(10, [&](int i, int tid) { if (tid == 0) seen.push_back(i); });
        CHECK(seen == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        return;
    }
    const int n = 10;
    std::atomic<int> done{0};
    std::atomic<bool> timed_out{false};
    pool.run(n, [&](int, int tid) {
        if (tid != 0) {
            const auto t0 = std::chrono::steady_clock::now();
            while (done.load() < n - 1) {
                if (std::chrono::steady_clock::now() - t0 > std::chrono::seconds(20)) { timed_out = true; break; }
                std::this_thread::yield();
            }
        }
        done++;
    });
    CHECK(done == n);
    CHECK_FALSE(timed_out);
}

TEST_CASE("ThreadPool::run: many regions in a row all complete", "[threadpool]") {
    ThreadPool pool(2);
    std::vector<long long> partial(pool.size());
    long long total = 0;
    for (int round = 0; round < 500; round++) {
        std::fill(partial.begin(), partial.end(), 0);
        const int n = 1 + round % 37;
        pool.run(n, [&](int item, int tid) { partial[tid] += item + 1; });
        long long s = 0;
        for (long long p : partial) s += p;
        REQUIRE(s == (long long)n * (n + 1) / 2);
        total += s;
    }
    CHECK(total > 0);
}

TEST_CASE("ThreadPool::run rethrows an exception from any item, and the pool stays usable", "[threadpool]") {
    const int threads = GENERATE(1, 2);
    ThreadPool pool(threads);
    for (int bad : {0, 3, 9}) {
        CAPTURE(threads, bad);
        std::atomic<int> done{0};
        CHECK_THROWS_WITH(pool.run(10,
                                   [&](int item, int) {
                                       if (item == bad) throw cnn::Error("item " + std::to_string(item) + " failed");
                                       done++;
                                   }),
                          Contains("item " + std::to_string(bad) + " failed"));
        // the failing item stops further claims: item `bad` and those not yet claimed never
        // count; items already running finish before run() returns
        CHECK(done <= 9);
        CHECK(done >= (threads == 1 ? bad : 0));
        std::atomic<int> after{0};
        pool.run(10, [&](int, int) { after++; });
        CHECK(after == 10);
    }
    // any exception type comes through, not only cnn::Error
    CHECK_THROWS_AS(pool.run(4, [](int i, int) { if (i == 3) throw std::out_of_range("x"); }), std::out_of_range);
    // both threads failing: one of the two exceptions, not a crash
    CHECK_THROWS_AS(pool.run(4, [](int, int) { throw cnn::Error("all"); }), cnn::Error);
}

TEST_CASE("ThreadPool sizes: max_threads >= 1; a pool of 1 runs inline, in order", "[threadpool]") {
    // Not constructed here: ThreadPool(0) (the hardware count). Under Emscripten with a fixed
    // PTHREAD_POOL_SIZE of 4, a many-core machine would ask for more workers than can start
    // while the main thread blocks.
    CHECK(ThreadPool::max_threads() >= 1);
    ThreadPool one(1);
    CHECK(one.size() == 1);
    // a pool of 1 runs everything on the caller, in order
    std::vector<int> order;
    one.run(5, [&](int item, int tid) {
        CHECK(tid == 0);
        order.push_back(item);
    });
    CHECK(order == std::vector<int>{0, 1, 2, 3, 4});
}
