#!/usr/bin/env bash
# The sanitizer suite:   bash scripts/sanitize.sh
#
# Builds the `asan` preset (clang, -fsanitize=address,undefined, -O1 -g1 (line tables: reports keep file:line), build/asan) and runs
# its whole CTest suite: the Catch2 unit tests, the cnn-train end-to-end scripts
# (tests/cli/*.sh) and the replay of the fuzzers' regression inputs (tests/fuzz). Any
# AddressSanitizer, LeakSanitizer or UndefinedBehaviorSanitizer report fails the run.
# Run by scripts/test.sh (so by CI); closes with "sanitize: N passed, M failed, K skipped".
#
# Environment: CNN_JOBS (build parallelism, default 2), CIFAR10_DIR (as scripts/test.sh),
#   CNN_SANITIZE_EXCLUDE  ctest -E regex of tests to leave out (default: cli_accuracy, which
#                         trains the tutorial model on 10,000 real images: ~4 min under ASan,
#                         and its accuracy bar is checked by the native and wasm runs; the
#                         real files are still read under ASan by cnn_tests' [real] case; and
#                         memory_estimate, which replaces glibc's malloc to count the heap and
#                         so cannot run beside ASan's allocator: the native run checks it;
#                         and the interop_* scripts, which check the exports and imports
#                         against ONNX Runtime, PyTorch and tfjs: 73 s under ASan, while the
#                         native run checks them and the fuzz replays and the [onnx], [tfjs]
#                         cases run the same readers under ASan).
#                         Set it to "" to run everything. Tests left out count as skipped.
# Log: build/logs/asan-{configure,build,ctest}.log
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
. "$ROOT/scripts/env.sh"
# shellcheck source=scripts/counts.sh
. "$ROOT/scripts/counts.sh"
JOBS="${CNN_JOBS:-2}"
LOGDIR="$ROOT/build/logs"
mkdir -p "$LOGDIR"
T0=$SECONDS

# A sanitizer report must never look like an ordinary exit code: the CLI scripts expect
# exit 1 (diverged) and 2 (bad input), and ASan/UBSan exit with 1 by default. 86 is unused.
# -fno-sanitize-recover=undefined (CMakeLists.txt) already makes UBSan fatal.
# Reports also go to files (log_path), so one from a process whose exit code a test did not
# look at still fails the run; they are printed at the end.
REPORTS="$LOGDIR/asan-reports"
rm -rf "$REPORTS"; mkdir -p "$REPORTS"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86:detect_leaks=1:strict_string_checks=1:check_initialization_order=1:log_path=$REPORTS/asan"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=86:print_stacktrace=1:halt_on_error=1:log_path=$REPORTS/ubsan"

fail() { echo "sanitize: $*"; echo "sanitize: 0 passed, 1 failed"; exit 1; }

command -v clang++ >/dev/null || fail "clang++ not found (run scripts/setup.sh: clang, libclang-rt-14-dev)"

echo "==> [sanitize] configure (cmake --preset asan)"
cmake --preset asan >"$LOGDIR/asan-configure.log" 2>&1 || { tail -n 40 "$LOGDIR/asan-configure.log"; fail "configure failed (build/logs/asan-configure.log)"; }
# Only the programs its tests run: the benchmark and memory_estimate (left out below) are
# built and checked by the native and wasm presets.
TARGETS=(cnn_tests cnn-train fuzz_make_corpus fuzz_cifar_replay fuzz_model_file_replay fuzz_onnx_replay fuzz_tfjs_replay
         fuzz_image_replay)
echo "==> [sanitize] build (cmake --build --preset asan -j$JOBS --target ${TARGETS[*]})"
t=$SECONDS
if ! cmake --build --preset asan -j"$JOBS" --target "${TARGETS[@]}" >"$LOGDIR/asan-build.log" 2>&1; then
  grep -E 'error' "$LOGDIR/asan-build.log" | head -n 30
  tail -n 30 "$LOGDIR/asan-build.log"
  fail "build failed (build/logs/asan-build.log)"
fi
tb=$((SECONDS - t))
echo "==> [sanitize] ctest (build/asan), ASAN_OPTIONS=$ASAN_OPTIONS"
t=$SECONDS
args=(--test-dir build/asan --output-on-failure --no-tests=error -j"$JOBS")
EXCLUDE="${CNN_SANITIZE_EXCLUDE-^(cli_accuracy|memory_estimate|interop_.*)$}"
[ -n "$EXCLUDE" ] && args+=(-E "$EXCLUDE")
ctest "${args[@]}" 2>&1 | tee "$LOGDIR/asan-ctest.log"
rc=${PIPESTATUS[0]}
tt=$((SECONDS - t))
read -r npass nfail nskip < <(ctest_counts "$LOGDIR/asan-ctest.log")
# Tests left out by CNN_SANITIZE_EXCLUDE did not run here: counted as skipped, and named.
if [ -n "$EXCLUDE" ]; then
  nleft="$(ctest --test-dir build/asan -N -R "$EXCLUDE" | grep -cE '^[[:space:]]*Test +#')"
  echo "sanitize: $nleft test(s) left out (CNN_SANITIZE_EXCLUDE=$EXCLUDE), counted as skipped"
  nskip=$((nskip + nleft))
fi
[ "$rc" -ne 0 ] && [ "$nfail" -eq 0 ] && nfail=1
# Any sanitizer report file fails the run, whatever the test that caused it concluded.
reports=$(find "$REPORTS" -type f | wc -l)
if [ "$reports" -gt 0 ]; then
  echo "sanitize: $reports sanitizer report(s) in build/logs/asan-reports/:"
  for f in $(find "$REPORTS" -type f | head -n 5); do echo "---- $f"; head -n 30 "$f"; done
  [ "$nfail" -eq 0 ] && nfail=1 && npass=$((npass > 0 ? npass - 1 : 0))
fi
echo "sanitize: build ${tb}s, tests ${tt}s, total $((SECONDS - T0))s"
echo "sanitize: $npass passed, $nfail failed, $nskip skipped"
[ "$nfail" -eq 0 ]
