// skip.h — how a Catch2 case that cannot run on this machine says so (Catch2 2.x has no SKIP):
// CNN_SKIP(reason) records the case as skipped and leaves it. main.cpp turns a run whose cases
// all skipped into exit code 77, which CTest reports as skipped (SKIP_RETURN_CODE).
// It does not decide what can run: each case checks its own precondition (data, privileges).
#pragma once
#include <string>

namespace cnntest {
// Records that the running test case skipped, with why (printed at the end of the run).
void record_skip(const std::string& reason);
}  // namespace cnntest

// SUCCEED keeps `-w NoAssertions` from reading the skip as a case that forgot to assert.
#define CNN_SKIP(reason)                          \
    do {                                          \
        ::cnntest::record_skip(reason);           \
        SUCCEED("skipped: " << (reason));         \
        return;                                   \
    } while (0)
