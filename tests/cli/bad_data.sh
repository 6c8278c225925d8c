#!/usr/bin/env bash
# bad_data.sh — every bad input given to `cnn-train --data` must exit 2 with a one-line
# message on stderr naming the file and the problem (never a crash, never exit 0).
# Usage: bad_data.sh CNN_TRAIN_COMMAND...   (e.g. build/native/cnn-train, or
#        node --no-experimental-fetch build/wasm/cnn-train.js)
# Makes its own small data sets in a temporary folder; needs no real CIFAR-10.
. "$(dirname "$0")/common.sh" bad-data "$@"
make_valid() { zeros_folder "$1"; }

# expect NAME PATTERN ARGS...: exit code 2, exactly one stderr line matching PATTERN.
expect() { expect_exit2 "$@"; }

d="$tmp/ok"; make_valid "$d"
# sanity: the valid folder trains (exit 0), so the failures below are about the data
if "${cmd[@]}" --data "$d" --epochs 1 --model "conv(2,3) maxpool(2) flatten dense(10,softmax)" --quiet >/dev/null 2>&1; then
    echo "ok   valid data trains"; pass=$((pass + 1))
else
    echo "FAIL valid data does not train"; fail=$((fail + 1))
fi

expect "missing directory" "not found.*$tmp/nowhere" --data "$tmp/nowhere" --epochs 1

d="$tmp/size"; make_valid "$d"; head -c 100 /dev/zero >> "$d/data_batch_1.bin"
expect "size not a multiple of 3073" "data_batch_1.bin.*not a multiple of 3073" --data "$d" --epochs 1

d="$tmp/label"; make_valid "$d"; { printf '\x0b'; head -c 3072 /dev/zero; } >> "$d/data_batch_1.bin"
expect "label byte above 9" "data_batch_1.bin.*record 20.*11" --data "$d" --epochs 1

d="$tmp/missing"; make_valid "$d"; rm "$d/test_batch.bin"
expect "missing file" "test_batch.bin.*not found" --data "$d" --epochs 1

d="$tmp/empty"; make_valid "$d"; : > "$d/data_batch_1.bin"
expect "empty file" "data_batch_1.bin.*empty" --data "$d" --epochs 1

d="$tmp/isdir"; make_valid "$d"; rm "$d/data_batch_1.bin"; mkdir "$d/data_batch_1.bin"
expect "directory instead of a file" "data_batch_1.bin.*is a directory" --data "$d" --epochs 1

d="$tmp/notdir"; echo hello > "$d"
expect "a file instead of the data directory" "not a directory" --data "$d" --epochs 1

d="$tmp/text"; make_valid "$d"; printf 'this is a text file, not CIFAR-10\n' > "$d/test_batch.bin"
expect "a text file" "test_batch.bin.*not a multiple of 3073" --data "$d" --epochs 1

# (an unreadable file: tests/cli/unreadable.sh, a test of its own since root cannot run it)

# bad usage exits 2 too
expect "unknown option" "unknown option" --frobnicate
expect "bad number" "--epochs: epochs must be a number, got .many." --epochs many
expect "impossible model" "kernel 5x5 is larger than its 2x2 input" --model "conv(8,3) maxpool(2) conv(8,3) conv(8,3) maxpool(2) maxpool(2) conv(4,5) flatten dense(10)" --summary
expect "no data directory" "CIFAR10_DIR" --epochs 1 --data ""

finish
