#!/usr/bin/env bash
# diverge.sh — a learning rate far too high must stop training (never go on with NaNs): exit 1
# and one message naming the epoch and the batch; with --save the file holds the last good
# weights, which are finite: loading it and evaluating (--evaluate) gives a number, not NaN.
# Usage: diverge.sh CNN_TRAIN_COMMAND...   (e.g. build/native/cnn-train, or
#        node --no-experimental-fetch build/wasm/cnn-train.js)
# Makes its own small data set of random pixels in a temporary folder; needs no CIFAR-10.
. "$(dirname "$0")/common.sh" diverge "$@"
d="$tmp/data"; mkdir -p "$d"
for f in data_batch_1 data_batch_2 data_batch_3 data_batch_4 data_batch_5; do records 50 > "$d/$f.bin"; done
records 50 > "$d/test_batch.bin"

# Linear layers and SGD with momentum at lr 10: the weights grow by a factor each step until
# the logits overflow and the softmax turns NaN (the loss itself is clipped, so it takes
# NaN probabilities, not merely a confident wrong answer). Typically within the first epoch.
model="conv(4,3) maxpool(2) flatten dense(16) dense(10,softmax)"
train=(--data "$d" --model "$model" --optimizer sgd --lr 10 --epochs 20 --quiet)

# 1. stops with exit 1 and a message naming epoch and batch
err=$("${cmd[@]}" "${train[@]}" 2>&1 >"$tmp/out1"); code=$?
if [ "$code" -eq 1 ] && printf '%s' "$err" | grep -qE "diverged.*(NaN|infinite).*epoch [0-9]+, batch [0-9]+"; then
    ok "lr 10 stops with exit 1: $err"
else
    bad "lr 10: exit $code, stderr: $err"; cat "$tmp/out1"
fi
# ... and did not go on: no epoch line after the message, fewer than 20 epochs done
n_epochs=$(grep -c "val_accuracy" "$tmp/out1")
if [ "$n_epochs" -lt 20 ]; then ok "training stopped after $n_epochs complete epoch(s) of 20"; else bad "all 20 epochs ran"; fi

# 2. --save after divergence writes the last good weights; --history the completed epochs
err=$("${cmd[@]}" "${train[@]}" --save "$tmp/last_good.cnn" --history "$tmp/h.csv" 2>&1 >"$tmp/out2"); code=$?
if [ "$code" -eq 1 ] && [ -s "$tmp/last_good.cnn" ] && grep -q "Saved .*last good weights" "$tmp/out2"; then
    ok "--save after divergence: exit 1, $(grep Saved "$tmp/out2")"
else
    bad "--save after divergence: exit $code, file $(stat -c %s "$tmp/last_good.cnn" 2>/dev/null || echo missing), stdout: $(cat "$tmp/out2")"
fi
if [ -f "$tmp/h.csv" ] && ! grep -qi nan "$tmp/h.csv"; then
    ok "history written without NaN ($(($(wc -l < "$tmp/h.csv") - 1)) epoch rows)"
else
    bad "history missing or has NaN: $(cat "$tmp/h.csv" 2>/dev/null)"
fi

# 3. the saved weights are finite: evaluating them gives a finite loss
out=$("${cmd[@]}" --data "$d" --load "$tmp/last_good.cnn" --evaluate --quiet 2>&1); code=$?
line=$(printf '%s\n' "$out" | grep "^Evaluation")
if [ "$code" -eq 0 ] && [ -n "$line" ] && ! printf '%s' "$line" | grep -qiE "nan|inf"; then
    ok "the saved weights evaluate without NaN: $line"
else
    bad "evaluating the saved weights: exit $code: $out"
fi

# 4. the same settings at a sane learning rate train to the end (the data is not the problem)
if "${cmd[@]}" --data "$d" --model "$model" --optimizer sgd --lr 0.001 --epochs 2 --quiet >"$tmp/out4" 2>&1; then
    ok "lr 0.001 trains 2 epochs with exit 0"
else
    bad "lr 0.001 fails: $(cat "$tmp/out4")"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
