// teach_support.h — helpers shared by the tests of the teaching library (tests/test_teach_*.cpp):
// small integer inputs, rows written out, and the library's messages rendered in English
// through the string tables, so the tests read the sentences a student reads.
#pragma once
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

#include "app/session/teach_text.h"
#include "core/rng.h"
#include "teach/message.h"

namespace teach_test {

// Integer values in [lo, hi]: sums of products are exact in float, so steps compare exactly.
inline std::vector<float> ints(size_t n, int lo, int hi, uint64_t seed) {
    cnn::Rng rng(seed);
    std::vector<float> v(n);
    for (float& f : v) f = (float)(lo + (int)rng.below((uint32_t)(hi - lo + 1)));
    return v;
}

inline std::vector<float> rows(std::initializer_list<std::initializer_list<float>> r) {
    std::vector<float> v;
    for (auto& row : r) v.insert(v.end(), row.begin(), row.end());
    return v;
}

inline std::string en(const teach::Msg& m) { return app::render(m, app::LangEn); }
inline std::string en(const teach::Msgs& m) { return app::render(m, app::LangEn); }

// The English of the TeachError that f throws; "" when it throws nothing.
inline std::string thrown_en(const std::function<void()>& f) {
    try {
        f();
    } catch (const teach::TeachError& e) {
        return en(e.msgs);
    }
    return "";
}

} // namespace teach_test
