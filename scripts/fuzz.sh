#!/usr/bin/env bash
# The fuzzers:   bash scripts/fuzz.sh [SECONDS]
#
# Builds the libFuzzer targets of tests/fuzz with Debian's clang (-fsanitize=fuzzer,address,
# undefined; the core instrumented with -fsanitize=fuzzer-no-link) in build/fuzz, writes the
# seed corpus with fuzz_make_corpus (nothing binary is kept in git), and runs each fuzzer for
# a bounded time, all at once (default 60 s each; argument or CNN_FUZZ_SECONDS):
#   fuzz_cifar       parse_cifar  (CIFAR-10 binary batches)
#   fuzz_model_file  load_model   (model files; also with the header's length and CRC fixed
#                                  up, so mutations reach the payload parsers)
#   fuzz_onnx        import_onnx  (ONNX files)
#   fuzz_tfjs        import_tfjs  (TensorFlow.js model.json, a NUL byte, one weight shard)
#   fuzz_image       decode_image (cnn-train --predict's PNG and JPEG reader, stb_image, then
#                                  the crop and 32x32 scaling)
# from the seed corpus plus the kept crash inputs of tests/fuzz/regressions/<target>/.
# A crash, leak, timeout or out-of-memory input is copied to tests/fuzz/regressions/<target>/
# (commit it with the fix: the normal suite replays that folder in every build) and the run
# fails. Run by scripts/test.sh (so by CI); closes with "fuzz: N passed, M failed".
#
# Environment: CNN_JOBS (build parallelism, default 2), CNN_FUZZ_SECONDS (per fuzzer).
# Logs: build/logs/fuzz-{configure,build}.log, build/logs/fuzz_<target>.log
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
. "$ROOT/scripts/env.sh"
SECS="${1:-${CNN_FUZZ_SECONDS:-60}}"
JOBS="${CNN_JOBS:-2}"
LOGDIR="$ROOT/build/logs"
B="$ROOT/build/fuzz"
mkdir -p "$LOGDIR"
T0=$SECONDS

fail() { echo "fuzz: $*"; echo "fuzz: 0 passed, 1 failed"; exit 1; }
command -v clang++ >/dev/null || fail "clang++ not found (run scripts/setup.sh: clang, libclang-rt-14-dev)"

echo "==> [fuzz] configure build/fuzz (clang, CNN_FUZZ=ON, ASan + UBSan)"
cmake -S . -B "$B" -G "Unix Makefiles" \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" "-DCMAKE_C_FLAGS_DEBUG=-O1 -g1" \
  -DCNN_NATIVE_ARCH=OFF -DCNN_SANITIZE=ON -DCNN_FUZZ=ON >"$LOGDIR/fuzz-configure.log" 2>&1 \
  || { tail -n 40 "$LOGDIR/fuzz-configure.log"; fail "configure failed (build/logs/fuzz-configure.log)"; }
grep -q '^CNN_FUZZ:BOOL=ON' "$B/CMakeCache.txt" && [ -f "$B/tests/fuzz/Makefile" ] \
  || fail "tests/fuzz is not part of the build (CMakeLists.txt needs add_subdirectory(tests/fuzz))"

TARGETS=(cifar model_file onnx tfjs image)
echo "==> [fuzz] build (-j$JOBS)"
t=$SECONDS
if ! cmake --build "$B" -j"$JOBS" --target "${TARGETS[@]/#/fuzz_}" fuzz_make_corpus >"$LOGDIR/fuzz-build.log" 2>&1; then
  grep -E 'error' "$LOGDIR/fuzz-build.log" | head -n 30
  fail "build failed (build/logs/fuzz-build.log)"
fi
echo "    built in $((SECONDS - t)) s"

rm -rf "$B/seed"
"$B/tests/fuzz/fuzz_make_corpus" "$B/seed" >/dev/null || fail "fuzz_make_corpus failed"

# libFuzzer's own exit codes are not ours: a finding is any artifact file it wrote.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:halt_on_error=1"
# The fuzzers are single-threaded and run side by side for the full time (on a 2-core
# machine they share the cores), then their results are read in turn.
run_fuzzer() {
  local t="$1" work="$B/work/$1" art="$B/artifacts/$1" reg="$ROOT/tests/fuzz/regressions/$1"
  rm -rf "$work" "$art"; mkdir -p "$work" "$art"
  local dirs=("$work" "$B/seed/$t")
  [ -d "$reg" ] && dirs+=("$reg")
  local opts=(-max_total_time="$SECS" -print_final_stats=1 -timeout=20 -rss_limit_mb=2560
        -artifact_prefix="$art/" -close_fd_mask=1)
  [ -f "tests/fuzz/$t.dict" ] && opts+=(-dict="tests/fuzz/$t.dict")
  "$B/tests/fuzz/fuzz_$t" "${opts[@]}" "${dirs[@]}" >"$LOGDIR/fuzz_$t.log" 2>&1
}
declare -A PID
for t in "${TARGETS[@]}"; do
  echo "==> [fuzz] fuzz_$t for ${SECS} s (log: build/logs/fuzz_$t.log)"
  run_fuzzer "$t" & PID[$t]=$!
done
pass=0 nfail=0
SUMMARY=()
for t in "${TARGETS[@]}"; do
  rc=0; wait "${PID[$t]}" || rc=$?
  art="$B/artifacts/$t" reg="$ROOT/tests/fuzz/regressions/$t"
  runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$LOGDIR/fuzz_$t.log" | tail -n 1)
  rate=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+).*/\1/p' "$LOGDIR/fuzz_$t.log" | tail -n 1)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[a-zA-Z]*' "$LOGDIR/fuzz_$t.log" | tail -n 1)
  found=$(find "$art" -type f | wc -l)
  if [ "$found" -eq 0 ] && [ "$rc" -eq 0 ] && [ -n "$runs" ]; then
    pass=$((pass + 1))
    SUMMARY+=("fuzz_$t: PASS  ${runs} executions in ${SECS} s (${rate}/s), ${cov}, no crash")
  else
    nfail=$((nfail + 1))
    mkdir -p "$reg"
    for f in "$art"/*; do
      [ -f "$f" ] || continue
      cp "$f" "$reg/$(basename "$f")"
      echo "    new regression input: tests/fuzz/regressions/$t/$(basename "$f")"
    done
    grep -E 'ERROR|runtime error|SUMMARY|^ *#[0-9]+ 0x' "$LOGDIR/fuzz_$t.log" | head -n 25
    SUMMARY+=("fuzz_$t: FAIL  exit $rc, ${runs:-?} executions, $found finding(s) copied to tests/fuzz/regressions/$t/ (fix, then commit them)")
  fi
done

echo "==> [fuzz] summary ($((SECONDS - T0)) s)"
for s in "${SUMMARY[@]}"; do echo "  $s"; done
echo "fuzz: $pass passed, $nfail failed"
[ "$nfail" -eq 0 ]
