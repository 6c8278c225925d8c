# common.sh — shared set-up of the tests/cli scripts that take a cnn-train command:
# source it as `. "$(dirname "$0")/common.sh" NAME "$@"`. Gives cmd (the command), tmp (a
# temporary folder removed on exit), ok/bad counters and records N (N valid CIFAR-10
# records of random pixels, labels 0..9 in turn).
set -u
[ $# -ge 2 ] || { echo "usage: $0 CNN_TRAIN_COMMAND..." >&2; exit 2; }
_name=$1; shift
cmd=("$@")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cnn-$_name.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
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
