#!/usr/bin/env bash
# The project's test command:   bash scripts/test.sh
#
# For each preset (default: native wasm) configures, builds (-j2) and runs ctest; then
# scripts/sanitize.sh, scripts/fuzz.sh and scripts/honest.sh (checks of this command itself);
# then the browser suites (node tests/browser/<name>.mjs for every .mjs there but helpers
# _*.mjs / lib*.mjs), after refreshing the bundle with scripts/start.sh --no-serve.
# Each suite script closes with "[word:] N passed, M failed[, K skipped]"; the counts are
# added up, and CTest's skipped tests are counted as skipped, not passed.
# A failed configure or build (any preset, sanitize, fuzz, the bundle) counts as a failure;
# when the bundle build fails the browser suites do not run (they would test a stale bundle).
# Without CIFAR-10 data the bundle cannot be made: the browser suites are counted as skipped.
# Prints one summary line per suite and a closing "total: N passed, M failed, K skipped"
# line; exits non-zero if anything failed.
#
# Environment:
#   CIFAR10_DIR        CIFAR-10 binary folder (data_batch_*.bin, test_batch.bin). If unset,
#                      ../shared/cifar10 beside the repo is used when it exists; otherwise
#                      data/cifar10 (scripts/fetch_cifar10.sh) when it has test_batch.bin; otherwise
#                      the data-dependent tests and the browser suites are skipped.
#   CNN_TEST_PRESETS   presets to run (default "native wasm"; e.g. "native asan wasm wasm-st";
#                      "none" for no preset)
#   CNN_JOBS           build parallelism (default 2)
#   CNN_SKIP_SUITES    space-separated suites to leave out: sanitize fuzz honest browser
#   CNN_SKIP_BUNDLE=1  don't refresh build/web-dist (scripts/start.sh --no-serve) first: the
#                      browser suites then test the bundle as it is (the summary says so)
# Build logs: build/logs/<preset>-{configure,build}.log (tail printed on failure).
set -uo pipefail   # no -e: every suite runs, failures are counted

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
. "$ROOT/scripts/env.sh"
# shellcheck source=scripts/counts.sh
. "$ROOT/scripts/counts.sh"

if [ -z "${CIFAR10_DIR:-}" ] && [ -d "$ROOT/../shared/cifar10" ]; then
  CIFAR10_DIR="$(cd "$ROOT/../shared/cifar10" && pwd)"
elif [ -z "${CIFAR10_DIR:-}" ] && [ -f "$ROOT/data/cifar10/test_batch.bin" ]; then
  CIFAR10_DIR="$ROOT/data/cifar10"
fi
if [ -n "${CIFAR10_DIR:-}" ]; then
  export CIFAR10_DIR
  echo "==> [test] CIFAR10_DIR=$CIFAR10_DIR"
else
  echo "==> [test] CIFAR10_DIR not set, no ../shared/cifar10 or data/cifar10: data-dependent tests and browser suites will skip"
fi

PRESETS="${CNN_TEST_PRESETS:-native wasm}"
[ "$PRESETS" = "none" ] && PRESETS=""
JOBS="${CNN_JOBS:-2}"
LOGDIR="$ROOT/build/logs"
mkdir -p "$LOGDIR"

TOTAL_PASS=0
TOTAL_FAIL=0
TOTAL_SKIP=0
SUMMARY=()
T_ALL=$SECONDS

run_preset() {
  local p="$1" t0 tc tb tt rc npass nfail nskip
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
  # Two tests at a time under Node (each spends seconds compiling the module on one core:
  # 54 s -> 45 s); one at a time natively, where each test already trains on two threads.
  local par=1
  case "$p" in wasm*) par="$JOBS" ;; esac
  echo "==> [test] $p: ctest (build/$p, -j$par)"
  ctest --test-dir "build/$p" --output-on-failure --no-tests=error -j"$par" 2>&1 | tee "$LOGDIR/$p-ctest.log"
  rc=${PIPESTATUS[0]}
  tt=$((SECONDS - t0))
  read -r npass nfail nskip < <(ctest_counts "$LOGDIR/$p-ctest.log")
  [ "$rc" -ne 0 ] && [ "$nfail" -eq 0 ] && nfail=1
  add_counts "$npass" "$nfail" "$nskip"
  SUMMARY+=("$p: $(verdict "$rc")  ctest $npass passed, $nfail failed, $nskip skipped  (configure ${tc}s, build ${tb}s, tests ${tt}s)")
}

add_counts() { TOTAL_PASS=$((TOTAL_PASS + $1)); TOTAL_FAIL=$((TOTAL_FAIL + $2)); TOTAL_SKIP=$((TOTAL_SKIP + $3)); }
verdict() { if [ "$1" -eq 0 ]; then echo PASS; else echo FAIL; fi; }

for p in $PRESETS; do
  run_preset "$p"
done

# run_suite NAME LOG COMMAND...: runs a script suite that closes with
# "[word:] N passed, M failed[, K skipped]"; adds its counts (or 1 failure if it printed
# no such line and failed; 1 pass if it printed none and succeeded).
run_suite() {
  local name="$1" log="$2" t0=$SECONDS rc counts spass sfail sskip; shift 2
  echo "==> [test] $name: $*"
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  counts="$(suite_counts "$log")"
  if [ -n "$counts" ]; then read -r spass sfail sskip <<<"$counts"
  elif [ "$rc" -eq 0 ]; then spass=1; sfail=0; sskip=0
  else spass=0; sfail=1; sskip=0
  fi
  [ "$rc" -ne 0 ] && [ "$sfail" -eq 0 ] && sfail=1
  add_counts "$spass" "$sfail" "$sskip"
  if [ "$rc" -eq 0 ]; then
    SUMMARY+=("$name: PASS  $spass passed, $sfail failed, $sskip skipped  ($((SECONDS - t0))s)")
  else
    SUMMARY+=("$name: FAIL  $spass passed, $sfail failed, $sskip skipped  (exit $rc, $((SECONDS - t0))s, log: ${log#"$ROOT"/})")
  fi
}

# Sanitizer and fuzzing suites (their own scripts, own build trees), then the checks of this
# command itself (scripts/honest.sh, which runs it again in a scratch copy).
for s in sanitize fuzz honest; do
  if [ -f "scripts/$s.sh" ] && [[ " ${CNN_SKIP_SUITES:-} " != *" $s "* ]]; then
    run_suite "$s" "$LOGDIR/suite-$s.log" bash "scripts/$s.sh"
  fi
done

# Browser suites: every tests/browser/*.mjs except helpers named _*.mjs or lib*.mjs.
BROWSER_SUITES=()
for f in tests/browser/*.mjs; do
  [ -f "$f" ] || continue
  case "$(basename "$f")" in _*|lib*) continue ;; esac
  BROWSER_SUITES+=("$f")
done
# refresh_bundle: makes build/web-dist from the sources under test (scripts/start.sh
# --no-serve, incremental). A failure is counted, and returns non-zero: the browser suites
# must not then run against the bundle an earlier build left.
refresh_bundle() {
  local t0=$SECONDS
  echo "==> [test] browser bundle: bash scripts/start.sh --no-serve (log: build/logs/bundle.log)"
  if bash scripts/start.sh --no-serve >"$LOGDIR/bundle.log" 2>&1; then
    echo "==> [test] bundle ready in $((SECONDS - t0)) s"
    SUMMARY+=("bundle: PASS  built in $((SECONDS - t0))s")
    return 0
  fi
  tail -n 40 "$LOGDIR/bundle.log"
  echo "==> [test] bundle FAILED after $((SECONDS - t0)) s"
  SUMMARY+=("bundle: FAILED after $((SECONDS - t0))s (log: build/logs/bundle.log)")
  add_counts 0 1 0
  return 1
}

# run_browser: the bundle, then every suite; a suite not run is said so in the summary.
run_browser() {
  local n="${#BROWSER_SUITES[@]}" f b
  if [ "$n" -eq 0 ] || [[ " ${CNN_SKIP_SUITES:-} " == *" browser "* ]]; then
    SUMMARY+=("browser: not run (no tests/browser/*.mjs, or CNN_SKIP_SUITES has browser)"); return
  fi
  if [ -z "${CIFAR10_DIR:-}" ]; then
    SUMMARY+=("browser: SKIPPED  $n suites (the bundle needs CIFAR-10 data: set CIFAR10_DIR)")
    add_counts 0 0 "$n"; return
  fi
  if [ "${CNN_SKIP_BUNDLE:-0}" = "1" ]; then
    SUMMARY+=("bundle: not refreshed (CNN_SKIP_BUNDLE=1): the browser suites test build/web-dist as it is")
  elif ! refresh_bundle; then
    SUMMARY+=("browser: NOT RUN  $n suites: the bundle build failed, and they would test a stale bundle")
    return
  fi
  for f in "${BROWSER_SUITES[@]}"; do
    b="$(basename "$f" .mjs)"
    run_suite "browser/$b" "$LOGDIR/browser-$b.log" node "$f"
  done
}
run_browser

echo ""
echo "==> [test] summary ($((SECONDS - T_ALL)) s)"
for s in "${SUMMARY[@]}"; do echo "  $s"; done
echo "total: $TOTAL_PASS passed, $TOTAL_FAIL failed, $TOTAL_SKIP skipped"
[ "$TOTAL_FAIL" -eq 0 ]
