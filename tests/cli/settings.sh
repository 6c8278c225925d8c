#!/usr/bin/env bash
# settings.sh — cnn-train refuses a training setting out of its range (core/settings.h) with
# exit 2 and the settings' own one-line message (the page's link and JS API give the same
# words), before reading any data; the edges of each range are accepted.
# Usage: settings.sh CNN_TRAIN_COMMAND...   Needs no real CIFAR-10 (makes zero images).
. "$(dirname "$0")/common.sh" settings "$@"

expect_exit2 "--lr 100" "^cnn-train: --lr: learning rate must be from 1e-06 to 10, got 100 \(see --help\)$" --lr 100
expect_exit2 "--lr 0" "learning rate must be from 1e-06 to 10, got 0 " --lr 0
expect_exit2 "--lr abc" "learning rate must be a number, got 'abc'" --lr abc
expect_exit2 "--batch-size 5000" "--batch-size: batch size must be from 1 to 1024, got 5000 " --batch-size 5000
expect_exit2 "--batch-size 1.5" "batch size must be a whole number, got 1.5" --batch-size 1.5
expect_exit2 "--epochs 0" "--epochs: epochs must be from 1 to 1000, got 0 " --epochs 0
expect_exit2 "--epochs 1001" "epochs must be from 1 to 1000, got 1001" --epochs 1001
expect_exit2 "--seed -1" "seed must be from 0 to 2147483647, got -1" --seed -1
expect_exit2 "--threads 0" "threads must be from 1 to 256, got 0" --threads 0
expect_exit2 "--optimizer rmsprop" "optimizer must be adam or sgd, got 'rmsprop'" --optimizer rmsprop

# The edges train: lr 1e-6 and batch 1024, seed 2147483647, one epoch of 40 zero images.
d="$tmp/zeros"; zeros_folder "$d"
if out=$("${cmd[@]}" --data "$d" --model "conv(2,3) maxpool(2) flatten dense(10,softmax)" --lr 1e-6 --batch-size 1024 \
         --epochs 1 --seed 2147483647 --threads 1 --quiet 2>&1) && printf '%s' "$out" | grep -q "^1/1 - "; then
    ok "the ranges' edges are accepted and train"
else
    bad "edges: $out"
fi
finish
