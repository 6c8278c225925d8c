# shellcheck shell=bash
# counts.sh — reads the pass/fail/skip counts out of a CTest log or a suite's closing line, for
# scripts/test.sh, scripts/sanitize.sh and scripts/honest.sh. Source it; it prints, sets nothing.
# Not here: deciding what a missing count means (the callers count that as a failure).

# ctest_counts LOG: prints "PASSED FAILED SKIPPED". CTest's "N% tests passed, F tests failed
# out of T" counts a skipped test among the passed ones, so the skips ("(Skipped)" or
# "(Disabled)" under "The following tests did not run") are taken out of the passes. No such
# line in the log (ctest did not get to run): "0 1 0".
ctest_counts() {
  local log="$1" line nfail ntot nskip npass
  line="$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1)"
  if [ -z "$line" ]; then echo "0 1 0"; return; fi
  nfail="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")"
  ntot="$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$line")"
  nskip="$(grep -cE '^[[:space:]]*[0-9]+ - .*\((Skipped|Disabled)\)[[:space:]]*$' "$log")"
  npass=$((ntot - nfail - nskip))
  [ "$npass" -lt 0 ] && npass=0
  echo "$npass $nfail $nskip"
}

# suite_counts LOG: prints "PASSED FAILED SKIPPED" from the last line of the form
# "[word: ]N passed, M failed[, K skipped]", or nothing when the log has no such line.
suite_counts() {
  local line
  line="$(grep -E '^([[:alnum:]_./-]+: )?[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?[[:space:]]*$' "$1" | tail -n 1)"
  [ -n "$line" ] || return 0
  sed -E 's/^[^0-9]*([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?.*/\1 \2 \4/' <<<"$line" \
    | awk '{ print $1, $2, ($3 == "" ? 0 : $3) }'
}
