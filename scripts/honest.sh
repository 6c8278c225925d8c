#!/usr/bin/env bash
# honest.sh — checks that the test command (scripts/test.sh) cannot pass when it should fail.
# Run by scripts/test.sh as the suite "honest" (so by CI); closes with "honest: N passed, M failed,
# K skipped". Not here: the tests themselves; this only checks how test.sh counts them.
#
#   1. broken bundle: test.sh in a scratch copy of the sources, with a syntax error injected and
#      a stale build/web-dist left in place, exits non-zero, says the bundle failed and runs no
#      browser suite. By default the error goes into every src/core/*.cpp, the first sources the
#      bundle compiles (fails in ~30 s); CNN_HONEST_FULL=1 puts it into the playground's own
#      src/app/main.cpp instead, which fails only after the core, SDL2 and ImGui are built
#      (~10 min: not in CI).
#   2. skips in the total: test.sh in the scratch copy without CIFAR-10 data (and no presets)
#      counts every browser suite as skipped in "total: N passed, M failed, K skipped", exit 0.
#   3. Catch2 skips (build/native/cnn_tests, when the native preset has been built): without
#      data the [real] cases exit 77 (CTest: skipped); a run mixing them with cases that ran fails.
#   4. CTest's counts: a small CTest project with one passing, one failing and one skipped test
#      is read as "1 passed, 1 failed, 1 skipped" (scripts/counts.sh, used by test.sh).
# Environment: CNN_HONEST_FULL=1 (above). Log: build/logs/honest-*.log
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/counts.sh
. "$ROOT/scripts/counts.sh"
LOGDIR="$ROOT/build/logs"
mkdir -p "$LOGDIR"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/cnn-honest.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
pass=0 fail=0 skipped=0
ok()   { echo "ok    $*"; pass=$((pass + 1)); }
bad()  { echo "FAIL  $*"; fail=$((fail + 1)); }
skip() { echo "skip  $*"; skipped=$((skipped + 1)); }

# scratch_copy DIR: the sources as they are now (tracked and new files, not ignored ones), with
# third_party and node_modules linked to this checkout's.
scratch_copy() {
  mkdir -p "$1"
  git ls-files -z -co --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$1"
  ln -s "$(readlink -f third_party)" "$1/third_party"
  ln -s "$(readlink -f node_modules)" "$1/node_modules"
}

# A stand-in data folder: start.sh only checks the files exist before building.
fake_data() {
  mkdir -p "$1"
  head -c $((3073 * 10)) /dev/zero >"$1/data_batch_1.bin"
  head -c $((3073 * 10)) /dev/zero >"$1/test_batch.bin"
}

# Runs test.sh in the scratch copy with only the browser part on; output in LOG.
scratch_test() {
  local log="$1"; shift
  (cd "$WORK/repo" && env -u CIFAR10_DIR "$@" CNN_TEST_PRESETS=none CNN_SKIP_SUITES="sanitize fuzz honest" \
     bash scripts/test.sh) >"$log" 2>&1
}

check_broken_bundle() {
  local log="$LOGDIR/honest-broken-bundle.log" rc f
  if [ "${CNN_HONEST_FULL:-0}" = "1" ]; then
    echo 'int honest_broken_build = ;  // injected by scripts/honest.sh' >>"$WORK/repo/src/app/main.cpp"
  else
    for f in "$WORK"/repo/src/core/*.cpp; do echo 'int honest_broken_build = ;  // injected by scripts/honest.sh' >>"$f"; done
  fi
  mkdir -p "$WORK/repo/build/web-dist" && echo "stale" >"$WORK/repo/build/web-dist/index.html"
  fake_data "$WORK/data"
  scratch_test "$log" CIFAR10_DIR="$WORK/data"; rc=$?
  if [ "$rc" -ne 0 ] && grep -q '^  bundle: FAILED' "$log" && grep -q '^  browser: NOT RUN' "$log" &&
     ! grep -q '^==> \[test\] browser/' "$log" && grep -qE '^total: 0 passed, [1-9][0-9]* failed' "$log"; then
    ok "a broken bundle build fails test.sh (exit $rc) and no browser suite runs: $(grep '^total:' "$log")"
  else
    bad "broken bundle: exit $rc, $(grep -E '^  (bundle|browser)|^total:' "$log" | tr '\n' ';') (log: ${log#"$ROOT"/})"
  fi
  # Put the sources back for the next check.
  rm -rf "$WORK/repo" && scratch_copy "$WORK/repo"
}

check_skips_counted() {
  local log="$LOGDIR/honest-skips.log" rc n=0 f
  for f in "$WORK"/repo/tests/browser/*.mjs; do case "$(basename "$f")" in _*|lib*) ;; *) n=$((n + 1)) ;; esac; done
  scratch_test "$log"; rc=$?
  if [ "$rc" -eq 0 ] && grep -qx "total: 0 passed, 0 failed, $n skipped" "$log" && grep -q '^  browser: SKIPPED' "$log"; then
    ok "without data the $n browser suites are counted as skipped: $(grep '^total:' "$log")"
  else
    bad "skips: exit $rc, expected 'total: 0 passed, 0 failed, $n skipped', got: $(grep '^total:' "$log") (log: ${log#"$ROOT"/})"
  fi
}

check_catch_skips() {
  local bin="$ROOT/build/native/cnn_tests" log="$LOGDIR/honest-catch.log" rc1 rc2
  if [ ! -x "$bin" ]; then skip "Catch2 skips: build/native/cnn_tests not built (run with the native preset)"; return; fi
  env -u CIFAR10_DIR "$bin" --strict-skips -w NoAssertions "[real]" >"$log" 2>&1; rc1=$?
  env -u CIFAR10_DIR "$bin" --strict-skips -w NoAssertions "[real],[cifar]" >>"$log" 2>&1; rc2=$?
  if [ "$rc1" -eq 77 ] && [ "$rc2" -eq 1 ] && grep -q 'give the skipping cases a tag' "$log"; then
    ok "Catch2: [real] without data exits 77 (skipped); mixed with cases that ran it fails"
  else
    bad "Catch2 skips: [real] exit $rc1 (want 77), [real],[cifar] exit $rc2 (want 1) (log: ${log#"$ROOT"/})"
  fi
}

check_ctest_counts() {
  local d="$WORK/ctest" log="$LOGDIR/honest-ctest.log" got
  mkdir -p "$d"
  cat >"$d/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.22)
project(honest_counts LANGUAGES NONE)
enable_testing()
add_test(NAME passes COMMAND sh -c "exit 0")
add_test(NAME fails COMMAND sh -c "exit 1")
add_test(NAME skips COMMAND sh -c "exit 77")
set_tests_properties(skips PROPERTIES SKIP_RETURN_CODE 77)
EOF
  { cmake -S "$d" -B "$d/b" && ctest --test-dir "$d/b"; } >"$log" 2>&1
  got="$(ctest_counts "$log")"
  if [ "$got" = "1 1 1" ]; then ok "CTest log read as 1 passed, 1 failed, 1 skipped"
  else bad "CTest log read as '$got' (passed failed skipped), want '1 1 1' (log: ${log#"$ROOT"/})"
  fi
}

T0=$SECONDS
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  scratch_copy "$WORK/repo"
  echo "==> [honest] scratch copy in $WORK/repo"
  check_broken_bundle
  check_skips_counted
else
  skip "broken bundle: not a git checkout (the scratch copy takes git's file list)"
  skip "skips in the total: not a git checkout"
fi
check_catch_skips
check_ctest_counts
echo "honest: checks took $((SECONDS - T0)) s"
echo "honest: $pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
