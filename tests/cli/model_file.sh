#!/usr/bin/env bash
# model_file.sh — every bad file given to `cnn-train --load` must exit 2 with a one-line
# message on stderr naming the file and the problem (never a crash, never training on
# garbage): truncated, corrupted (one flipped byte), wrong version, not a model at all
# (text, a PNG header, a CIFAR-10 batch, gzip), empty, missing, a directory, trailing
# bytes, and an architecture that does not match --model.
# Usage: model_file.sh CNN_TRAIN_COMMAND...   Makes its own data and model files.
. "$(dirname "$0")/common.sh" model-file "$@"
d="$tmp/data"; zeros_folder "$d"
model="conv(2,3) maxpool(2) flatten dense(10,softmax)"

# expect NAME PATTERN FILE [ARGS...]: --load FILE exits 2 with one stderr line matching PATTERN.
expect() { local name=$1 pattern=$2 file=$3; shift 3; expect_exit2 "$name" "$pattern" --data "$d" --load "$file" --epochs 1 --quiet "$@"; }

# A good file, and proof that it loads and trains on (so the failures are about the files).
good="$tmp/good.cnn"
if "${cmd[@]}" --data "$d" --model "$model" --epochs 1 --quiet --save "$good" >/dev/null 2>&1 &&
   "${cmd[@]}" --data "$d" --load "$good" --epochs 1 --quiet >/dev/null 2>&1; then
    echo "ok   a saved file loads and trains on ($(stat -c %s "$good") bytes)"; pass=$((pass + 1))
else
    echo "FAIL saving or loading a good file"; fail=$((fail + 1))
fi
size=$(stat -c %s "$good")

# Overwrite bytes at a 0-based offset: patch FILE OFFSET PRINTF_BYTES
patch() { printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }

f="$tmp/truncated.cnn"; head -c $((size / 2)) "$good" > "$f"
expect "truncated to half" "truncated.cnn.*truncated" "$f"
f="$tmp/short_header.cnn"; head -c 12 "$good" > "$f"
expect "truncated inside the header" "short_header.cnn.*truncated" "$f"
f="$tmp/no_crc.cnn"; head -c $((size - 1)) "$good" > "$f"
expect "last byte missing" "no_crc.cnn.*truncated" "$f"

f="$tmp/flipped.cnn"; cp "$good" "$f"
b=$(od -An -tu1 -j $((size / 2)) -N1 "$f" | tr -d ' '); patch "$f" $((size / 2)) "$(printf '\\%03o' $((b ^ 0x10)))"
expect "one flipped byte in the weights" "flipped.cnn.*checksum" "$f"
f="$tmp/bad_crc.cnn"; cp "$good" "$f"; patch "$f" $((size - 4)) '\x00\x00\x00\x00'
expect "checksum field zeroed" "bad_crc.cnn.*checksum" "$f"
f="$tmp/bad_length.cnn"; cp "$good" "$f"; patch "$f" 12 '\xff\xff\xff\x7f'
expect "payload length field too large" "bad_length.cnn.*truncated" "$f"

f="$tmp/version2.cnn"; cp "$good" "$f"; patch "$f" 8 '\x02\x00\x00\x00'
expect "version 2" "version2.cnn.*version 2 is not supported" "$f"
f="$tmp/magic2.cnn"; cp "$good" "$f"; patch "$f" 7 '2'
expect "magic of a later format (CNNPLAY2)" "magic2.cnn.*format CNNPLAY2 is not supported" "$f"

f="$tmp/trailing.cnn"; cp "$good" "$f"; printf 'xyz' >> "$f"
expect "3 bytes appended" "trailing.cnn.*trailing" "$f"

f="$tmp/notes.txt"; printf 'these are my notes, not a model\n' > "$f"
expect "a text file" "notes.txt.*not a model file" "$f"
f="$tmp/image.png"; { printf '\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR'; head -c 200 /dev/urandom; } > "$f"
expect "a PNG image" "image.png.*not a model file" "$f"
expect "a CIFAR-10 batch" "data_batch_1.bin.*not a model file" "$d/data_batch_1.bin"
f="$tmp/model.cnn.gz"; gzip -c "$good" > "$f"
expect "a gzip-compressed model" "model.cnn.gz.*not a model file" "$f"
f="$tmp/empty.cnn"; : > "$f"
expect "an empty file" "empty.cnn.*empty" "$f"
expect "a missing file" "nowhere.cnn.*(missing|cannot open|not found)" "$tmp/nowhere.cnn"
mkdir "$tmp/adir.cnn"
expect "a directory" "adir.cnn.*is a directory" "$tmp/adir.cnn"

expect "an architecture other than --model" "does not match the architecture stored in .*good.cnn" "$good" \
    --model "conv(4,3) maxpool(2) flatten dense(10,softmax)"

finish
