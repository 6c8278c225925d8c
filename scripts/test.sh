#!/usr/bin/env bash
# The project's test command:   bash scripts/test.sh
#
# For each preset (default: native wasm) configures, builds (-j2) and runs ctest; then
# scripts/sanitize.sh and scripts/fuzz.sh if they exist; then the browser suites
# (node tests/browser/<name>.mjs for every .mjs there but helpers _*.mjs / lib*.mjs),
# after refreshing the bundle with scripts/start.sh --no-serve.
# Each suite script closes with "[word:] N passed, M failed"; the counts are added up.
# Prints one summary line per suite and a closing "total: N passed, M failed" line;
# exits non-zero if anything failed.
#
# Environment:
#   CIFAR10_DIR        CIFAR-10 binary folder (data_batch_*.bin, test_batch.bin). If unset,
#                      ../shared/cifar10 beside the repo is used when it exists; otherwise
#                      the data-dependent tests skip themselves.
#   CNN_TEST_PRESETS   presets to run (default "native wasm"; e.g. "native asan wasm wasm-st")
#   CNN_JOBS           build parallelism (default 2)
#   CNN_SKIP_SUITES    space-separated suites to leave out: sanitize fuzz browser
#   CNN_SKIP_BUNDLE=1  don't refresh build/web-dist (scripts/start.sh --no-serve) first
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

# run_suite NAME LOG COMMAND...: runs a script suite that closes with
# "[word:] N passed, M failed[, K skipped]"; adds its counts (or 1 failure if it printed
# no such line and failed).
run_suite() {
  local name="$1" log="$2" t0=$SECONDS rc line spass sfail; shift 2
  echo "==> [test] $name: $*"
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  line="$(grep -E '^([[:alnum:]_.-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)"
  if [ -n "$line" ]; then
    spass="$(sed -E 's/^[^0-9]*([0-9]+) passed.*/\1/' <<<"$line")"
    sfail="$(sed -E 's/^[^0-9]*[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")"
  elif [ "$rc" -eq 0 ]; then spass=1; sfail=0
  else spass=0; sfail=1
  fi
  [ "$rc" -ne 0 ] && [ "$sfail" -eq 0 ] && sfail=1
  TOTAL_PASS=$((TOTAL_PASS + spass)); TOTAL_FAIL=$((TOTAL_FAIL + sfail))
  if [ "$rc" -eq 0 ]; then
    SUMMARY+=("$name: PASS  $spass passed, $sfail failed  ($((SECONDS - t0))s)")
  else
    SUMMARY+=("$name: FAIL  $spass passed, $sfail failed  (exit $rc, $((SECONDS - t0))s, log: ${log#"$ROOT"/})")
  fi
}

# Sanitizer and fuzzing suites (their own scripts, own build trees).
for s in sanitize fuzz; do
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
if [ "${#BROWSER_SUITES[@]}" -gt 0 ] && [[ " ${CNN_SKIP_SUITES:-} " != *" browser "* ]]; then
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
  for f in "${BROWSER_SUITES[@]}"; do
    b="$(basename "$f" .mjs)"
    run_suite "browser/$b" "$LOGDIR/browser-$b.log" node "$f"
  done
else
  SUMMARY+=("browser: not run (no tests/browser/*.mjs, or CNN_SKIP_SUITES has browser)")
fi

echo ""
echo "==> [test] summary ($((SECONDS - T_ALL)) s)"
for s in "${SUMMARY[@]}"; do echo "  $s"; done
echo "total: $TOTAL_PASS passed, $TOTAL_FAIL failed"
[ "$TOTAL_FAIL" -eq 0 ]
