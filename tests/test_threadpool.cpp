// test_threadpool.cpp — ThreadPool::run: every item exactly once, in the documented
// contiguous block per thread, exceptions rethrown to the caller (and the pool still usable
// afterwards), many regions in a row, pools of 1, 2 and 3. Builds without threads (WebAssembly
// without -pthread) get pools of size 1, and the tests hold there too.
#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/threadpool.h"

using Catch::Contains;
using cnn::ThreadPool;

TEST_CASE("ThreadPool::run covers every item exactly once, in contiguous blocks per thread", "[threadpool]") {
    const int threads = GENERATE(1, 2, 3);
    ThreadPool pool(threads);
    const int T = pool.size();
    CHECK(T >= 1);
    CHECK(T <= threads);
    for (int n : {0, 1, 2, 3, 5, 64, 1001}) {
        CAPTURE(threads, T, n);
        std::vector<std::atomic<int>> hits(n);
        std::vector<int> who(n, -1);  // each item is written by one thread only
        for (auto& h : hits) h = 0;
        pool.run(n, [&](int item, int tid) {
            hits[item]++;
            who[item] = tid;
        });
        for (int i = 0; i < n; i++) {
            REQUIRE(hits[i] == 1);
            REQUIRE(who[i] >= 0);
            REQUIRE(who[i] < T);
        }
        // documented split: thread t takes [t·n/T, (t+1)·n/T) (a single item runs inline)
        if (n > 1)
            for (int t = 0; t < T; t++) {
                const int lo = (int)((long long)n * t / T), hi = (int)((long long)n * (t + 1) / T);
                for (int i = lo; i < hi; i++) REQUIRE(who[i] == t);
            }
    }
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
    for (int bad : {0, 3, 9}) {  // item 0 runs on the caller; item 9 of 10 on the last thread
        CAPTURE(threads, bad);
        std::atomic<int> done{0};
        CHECK_THROWS_WITH(pool.run(10,
                                   [&](int item, int) {
                                       if (item == bad) throw cnn::Error("item " + std::to_string(item) + " failed");
                                       done++;
                                   }),
                          Contains("item " + std::to_string(bad) + " failed"));
        // a block stops at its exception; the other blocks ran to completion before run()
        // returned: with bad in block [lo, hi), done = 10 − (hi − lo) + (bad − lo)
        const int T = pool.size(), t = bad * T / 10;
        const int lo = 10 * t / T, hi = 10 * (t + 1) / T;
        CHECK(done == 10 - (hi - lo) + (bad - lo));
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
