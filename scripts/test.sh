#!/usr/bin/env bash
# The project's test command:   bash scripts/test.sh
#
# For each preset (default: native wasm) configures, builds (-j2) and runs ctest;
# then, if tests/browser/run.mjs exists, the browser tests (node tests/browser/run.mjs).
# Prints one summary line per suite and a closing "total: N passed, M failed" line;
# exits non-zero if anything failed.
#
# Environment:
#   CIFAR10_DIR        CIFAR-10 binary folder (data_batch_*.bin, test_batch.bin). If unset,
#                      ../shared/cifar10 beside the repo is used when it exists; otherwise
#                      the data-dependent tests skip themselves.
#   CNN_TEST_PRESETS   presets to run (default "native wasm"; e.g. "native asan wasm wasm-st")
#   CNN_JOBS           build parallelism (default 2)
#   CNN_SKIP_BROWSER=1 don't run tests/browser/run.mjs
#   CNN_SKIP_BUNDLE=1  don't refresh build/web-dist (scripts/start.sh --no-serve) before it
# Build logs: build/logs/<preset>-{configure,build}.log (tail printed on failure).
set -uo pipefail   # no -e: every suite runs, failures are counted

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
. "$ROOT/scripts/env.sh"

if [ -z "${CIFAR10_DIR:-}" ] && [ -d "$ROOT/../shared/cifar10" ]; then
  CIFAR10_DIR="$(cd "$ROOT/../shared/cifar10" && pwd)"
fi
if [ -n "${CIFAR10_DIR:-}" ]; then
  export CIFAR10_DIR
  echo "==> [test] CIFAR10_DIR=$CIFAR10_DIR"
else
  echo "==> [test] CIFAR10_DIR not set and ../shared/cifar10 absent: data-dependent tests will skip"
fi

PRESETS="${CNN_TEST_PRESETS:-native wasm}"
JOBS="${CNN_JOBS:-2}"
LOGDIR="$ROOT/build/logs"
mkdir -p "$LOGDIR"

TOTAL_PASS=0
TOTAL_FAIL=0
SUMMARY=()
T_ALL=$SECONDS

run_preset() {
  local p="$1" t0 tc tb tt rc line npass nfail ntot
  t0=$SECONDS
  echo "==> [test] $p: configure (cmake --preset $p)"
  if ! cmake --preset "$p" >"$LOGDIR/$p-configure.log" 2>&1; then
    tail -n 60 "$LOGDIR/$p-configure.log"
    SUMMARY+=("$p: FAILED at configure (log: build/logs/$p-configure.log)")
    TOTAL_FAIL=$((TOTAL_FAIL + 1)); return
  fi
  tc=$((SECONDS - t0)); t0=$SECONDS
  echo "==> [test] $p: build (cmake --build --preset $p -j$JOBS)"
  if ! cmake --build --preset "$p" -j"$JOBS" >"$LOGDIR/$p-build.log" 2>&1; then
    grep -E 'error|Error' "$LOGDIR/$p-build.log" | head -n 40
    echo "---- last lines of build/logs/$p-build.log ----"
    tail -n 60 "$LOGDIR/$p-build.log"
    SUMMARY+=("$p: FAILED at build after $((SECONDS - t0)) s (log: build/logs/$p-build.log)")
    TOTAL_FAIL=$((TOTAL_FAIL + 1)); return
  fi
  tb=$((SECONDS - t0)); t0=$SECONDS
  echo "==> [test] $p: ctest (build/$p)"
  ctest --test-dir "build/$p" --output-on-failure --no-tests=error 2>&1 | tee "$LOGDIR/$p-ctest.log"
  rc=${PIPESTATUS[0]}
  tt=$((SECONDS - t0))
  # "100% tests passed, 0 tests failed out of 2"
  line="$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$LOGDIR/$p-ctest.log" | tail -n 1)"
  if [ -n "$line" ]; then
    nfail="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")"
    ntot="$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$line")"
    npass=$((ntot - nfail))
  else
    npass=0; nfail=1
  fi
  [ "$rc" -ne 0 ] && [ "$nfail" -eq 0 ] && nfail=1
  TOTAL_PASS=$((TOTAL_PASS + npass)); TOTAL_FAIL=$((TOTAL_FAIL + nfail))
  if [ "$rc" -eq 0 ]; then
    SUMMARY+=("$p: PASS  ctest $npass passed, $nfail failed  (configure ${tc}s, build ${tb}s, tests ${tt}s)")
  else
    SUMMARY+=("$p: FAIL  ctest $npass passed, $nfail failed  (configure ${tc}s, build ${tb}s, tests ${tt}s)")
  fi
}

for p in $PRESETS; do
  run_preset "$p"
done

if [ -f tests/browser/run.mjs ] && [ "${CNN_SKIP_BROWSER:-0}" != "1" ]; then
  # The browser tests use the bundle build/web-dist made by scripts/start.sh. Refresh it
  # (incremental: both web builds, then the copy) so it matches the sources under test.
  if [ -f scripts/start.sh ] && [ "${CNN_SKIP_BUNDLE:-0}" != "1" ]; then
    echo "==> [test] browser bundle: bash scripts/start.sh --no-serve (log: build/logs/bundle.log)"
    t0=$SECONDS
    if ! bash scripts/start.sh --no-serve >"$LOGDIR/bundle.log" 2>&1; then
      tail -n 40 "$LOGDIR/bundle.log"
      echo "==> [test] bundle failed after $((SECONDS - t0)) s"
    else
      echo "==> [test] bundle ready in $((SECONDS - t0)) s"
    fi
  fi
  echo "==> [test] browser: node tests/browser/run.mjs"
  t0=$SECONDS
  node tests/browser/run.mjs 2>&1 | tee "$LOGDIR/browser.log"
  rc=${PIPESTATUS[0]}
  # run.mjs closes with "N passed, M failed"; count those checks, or the suite as one.
  line="$(grep -E '^[[:alnum:]_-]*:? ?[0-9]+ passed, [0-9]+ failed' "$LOGDIR/browser.log" | tail -n 1)"
  if [ -n "$line" ]; then
    bpass="$(sed -E 's/^[^0-9]*([0-9]+) passed.*/\1/' <<<"$line")"
    bfail="$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")"
  elif [ "$rc" -eq 0 ]; then bpass=1; bfail=0
  else bpass=0; bfail=1
  fi
  [ "$rc" -ne 0 ] && [ "$bfail" -eq 0 ] && bfail=1
  TOTAL_PASS=$((TOTAL_PASS + bpass)); TOTAL_FAIL=$((TOTAL_FAIL + bfail))
  if [ "$rc" -eq 0 ]; then
    SUMMARY+=("browser: PASS  $bpass passed, $bfail failed  (tests/browser/run.mjs, $((SECONDS - t0))s)")
  else
    SUMMARY+=("browser: FAIL  $bpass passed, $bfail failed  (tests/browser/run.mjs exit $rc, $((SECONDS - t0))s)")
  fi
else
  SUMMARY+=("browser: not run (tests/browser/run.mjs absent or CNN_SKIP_BROWSER=1)")
fi
# The Convolution lab's browser tests (issue 5), same bundle.
if [ -f tests/browser/teach.mjs ] && [ "${CNN_SKIP_BROWSER:-0}" != "1" ]; then
  echo "==> [test] browser: node tests/browser/teach.mjs"
  t0=$SECONDS
  if node tests/browser/teach.mjs; then
    SUMMARY+=("browser-teach: PASS  (tests/browser/teach.mjs, $((SECONDS - t0))s)")
    TOTAL_PASS=$((TOTAL_PASS + 1))
  else
    SUMMARY+=("browser-teach: FAIL  (tests/browser/teach.mjs exited non-zero, $((SECONDS - t0))s)")
    TOTAL_FAIL=$((TOTAL_FAIL + 1))
  fi
fi

echo ""
echo "==> [test] summary ($((SECONDS - T_ALL)) s)"
for s in "${SUMMARY[@]}"; do echo "  $s"; done
echo "total: $TOTAL_PASS passed, $TOTAL_FAIL failed"
[ "$TOTAL_FAIL" -eq 0 ]
