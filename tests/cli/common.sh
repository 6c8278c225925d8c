# common.sh — shared set-up of the tests/cli scripts that take a cnn-train command:
# source it as `. "$(dirname "$0")/common.sh" NAME "$@"`. Gives cmd (the command), tmp (a
# temporary folder removed on exit), ok/bad counters, records N (N valid CIFAR-10 records
# of random pixels, labels 0..9 in turn), zeros_folder DIR (a CIFAR-10 folder of 20 zero
# images per file), expect_exit2 NAME PATTERN ARGS... (cmd ARGS must exit 2 with exactly one
# stderr line matching PATTERN and train nothing) and finish (the summary and exit status).
set -u
[ $# -ge 2 ] || { echo "usage: $0 CNN_TRAIN_COMMAND..." >&2; exit 2; }
_name=$1; shift
cmd=("$@")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cnn-$_name.XXXXXX")
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0 fail=0
ok()  { echo "ok   $*"; pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
records() {
    local i
    for ((i = 0; i < $1; i++)); do
        printf "\\x0$((i % 10))"
        head -c 3072 /dev/urandom
    done
}
zeros_folder() {
    local f
    mkdir -p "$1"
    for f in data_batch_1 data_batch_2 data_batch_3 data_batch_4 data_batch_5 test_batch; do
        head -c $((3073 * 20)) /dev/zero > "$1/$f.bin"
    done
}
expect_exit2() {
    local name=$1 pattern=$2; shift 2
    local err code lines
    err=$("${cmd[@]}" "$@" 2>&1 >"$tmp/expect.out"); code=$?
    lines=$(printf '%s\n' "$err" | grep -c .)
    if [ "$code" -eq 2 ] && [ "$lines" -eq 1 ] && printf '%s' "$err" | grep -qE -- "$pattern" && ! grep -q "^Epoch" "$tmp/expect.out"; then
        ok "$name: $err"
    else
        bad "$name: exit $code, stderr ($lines lines): $err"; cat "$tmp/expect.out"
    fi
}
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
