#!/usr/bin/env bash
# memory_limit.sh — a model or data selection that would not fit in memory is refused before
# training starts (exit 2, one line with the estimate in MB and the limit), never an
# out-of-memory crash; $CNN_MEMORY_LIMIT_MB sets the limit (default 1536 MB).
# Usage: memory_limit.sh CNN_TRAIN_COMMAND...   Makes its own small data set.
. "$(dirname "$0")/common.sh" memory "$@"
d="$tmp/data"; zeros_folder "$d"

# expect NAME PATTERN ARGS...: exit 2, exactly one stderr line matching PATTERN, no training.
expect() { local name=$1 pattern=$2; shift 2; expect_exit2 "$name" "$pattern" --data "$d" --epochs 1 --quiet "$@"; }
mb="needs (about|more than) [0-9]+\.[0-9] MB \(model (more than )?[0-9.]+ MB for batches of [0-9]+, trainer [0-9.]+ MB, data [0-9.]+ MB\), more than the memory limit of"

expect "5000 filters on 32x32" "$mb 1536.0 MB \(the default" --model "conv(5000,3,relu) maxpool(30) flatten dense(10,softmax)"
CNN_MEMORY_LIMIT_MB=20 expect "the tutorial model under CNN_MEMORY_LIMIT_MB=20" "$mb 20.0 MB \(set by CNN_MEMORY_LIMIT_MB\)"
CNN_MEMORY_LIMIT_MB=lots expect "CNN_MEMORY_LIMIT_MB=lots" "CNN_MEMORY_LIMIT_MB must be a positive whole number"
expect "a parameter count no memory holds" "parameters are too many" --model "input(3,32,32) flatten dense(100000) dense(10,softmax)"

# The same tutorial model trains under the default limit (the refusals above are about size).
if "${cmd[@]}" --data "$d" --epochs 1 --quiet >"$tmp/ok" 2>&1; then
    echo "ok   the tutorial model trains under the default limit"; pass=$((pass + 1))
else
    echo "FAIL the tutorial model does not train: $(cat "$tmp/ok")"; fail=$((fail + 1))
fi

finish
