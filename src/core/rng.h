// rng.h — a small seeded generator whose stream is the same on every platform and build.
// std::mt19937 is portable but std::uniform_*_distribution is not (libstdc++ natively,
// libc++ under Emscripten give different numbers), so the sampling is written here.
// Not cryptographic; not thread-safe (one Rng per user).
#pragma once
#include <cstdint>

namespace cnn {

struct Rng {
    uint64_t s;
    explicit Rng(uint64_t seed = 1) : s(seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull) {}
    // splitmix64: full-period 64-bit stream, good enough for init and shuffling.
    uint64_t next() {
        uint64_t z = (s += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Uniform in [0, 1) with 24 random bits (exactly representable floats).
    float uniform() { return (float)(next() >> 40) * (1.0f / 16777216.0f); }
    float uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }
    // Uniform integer in [0, n); Lemire's multiply-shift, bias below 2^-32 for our n.
    uint32_t below(uint32_t n) { return (uint32_t)(((next() >> 32) * (uint64_t)n) >> 32); }
};

} // namespace cnn
