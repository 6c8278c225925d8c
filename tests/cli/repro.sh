#!/usr/bin/env bash
# repro.sh — the same seed, data and settings give bit-identical results whatever the number
# of threads: the --save files of runs at --threads 1, 2 and 3 are byte-identical except for
# the two timing fields of each history entry (seconds, images/s) and the CRC-32 over them,
# and the --history CSVs are identical apart from those two columns. A different seed must
# give different weights (so the comparison can fail at all).
# Usage: repro.sh CNN_TRAIN_COMMAND...   Makes its own random data; needs no CIFAR-10.
. "$(dirname "$0")/common.sh" repro "$@"
d="$tmp/data"; mkdir -p "$d"
records 170 > "$d/data_batch_1.bin"   # --train-limit 170 reads only data_batch_1
records 50 > "$d/test_batch.bin"

EPOCHS=2
# The tutorial's model (3 convolutions, 2 dense layers), Adam, batch 32 with a short last
# batch (170 = 5 x 32 + 10), shuffling on: every kernel and reduction of a training step.
run() {  # run NAME ARGS...
    local name=$1; shift
    if ! "${cmd[@]}" --data "$d" --train-limit 170 --epochs $EPOCHS --batch-size 32 --quiet \
            --save "$tmp/$name.cnn" --history "$tmp/$name.csv" "$@" >"$tmp/$name.out" 2>&1; then
        bad "run $name ($*) failed: $(cat "$tmp/$name.out")"
        return 1
    fi
}

# Byte offsets (1-based, as cmp -l prints them) that may differ between two saves of the same
# training: each history entry's seconds and images_per_s (bytes 37..52 of its 52), the CRC.
# The history (u32 count + 52-byte entries) ends the payload, just before the 4-byte CRC.
timing_bytes() {  # timing_bytes FILE_SIZE EPOCHS
    local size=$1 n=$2 k start
    for ((k = 0; k < n; k++)); do
        start=$((size - 4 - 52 * n + 52 * k))   # 0-based offset of entry k
        seq $((start + 37)) $((start + 52))
    done
    seq $((size - 3)) "$size"
}

same_but_timing() {  # same_but_timing A B LABEL
    local a=$1 b=$2 label=$3 sa sb diff
    sa=$(stat -c %s "$a"); sb=$(stat -c %s "$b")
    if [ "$sa" != "$sb" ]; then bad "$label: file sizes differ ($sa vs $sb bytes)"; return; fi
    diff=$(cmp -l "$a" "$b" | awk '{print $1}' | grep -vxF -f <(timing_bytes "$sa" $EPOCHS))
    if [ -z "$diff" ]; then
        ok "$label: the $sa-byte model files are identical apart from the timing fields and CRC"
    else
        bad "$label: $(printf '%s\n' "$diff" | wc -l) bytes differ outside the timing fields (first at byte $(printf '%s\n' "$diff" | head -1))"
    fi
    if cmp -s <(cut -d, -f1-5 "${a%.cnn}.csv") <(cut -d, -f1-5 "${b%.cnn}.csv"); then
        ok "$label: history CSVs are identical apart from seconds and images_per_s"
    else
        bad "$label: history CSVs differ:"; paste -d'|' "${a%.cnn}.csv" "${b%.cnn}.csv"
    fi
}

run t1 --threads 1 --seed 7 &&
run t2 --threads 2 --seed 7 &&
run t3 --threads 3 --seed 7 &&
run s8 --threads 2 --seed 8 || { echo "$pass passed, $fail failed"; exit 1; }

same_but_timing "$tmp/t1.cnn" "$tmp/t2.cnn" "threads 1 vs 2"
same_but_timing "$tmp/t1.cnn" "$tmp/t3.cnn" "threads 1 vs 3"
if [ "$(grep -c val_accuracy "$tmp/t1.out")" -eq $EPOCHS ]; then ok "$EPOCHS epochs ran: $(tail -1 "$tmp/t1.csv")"; else bad "expected $EPOCHS epoch lines: $(cat "$tmp/t1.out")"; fi
n=$(cmp -l "$tmp/t2.cnn" "$tmp/s8.cnn" 2>/dev/null | wc -l)
if [ "$n" -gt 1000 ]; then ok "seed 8 instead of 7 changes the weights ($n bytes differ)"; else bad "seed 8 gives nearly the same file as seed 7 ($n bytes differ)"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
