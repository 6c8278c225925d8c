#!/usr/bin/env bash
# accuracy.sh — the end-to-end bar: one epoch of the tutorial's model on the first
# 10,000 CIFAR-10 training images must reach a validation accuracy of at least 0.35 on the
# 10,000 test images (PyTorch, same model/data/settings: 0.365–0.397 over three seeds).
# Usage: accuracy.sh CNN_TRAIN_COMMAND...   Needs CIFAR10_DIR; without it, says so and
# exits 0 with "0 passed, 0 failed, 1 skipped" so a checkout without data still tests.
set -u
[ $# -ge 1 ] || { echo "usage: $0 CNN_TRAIN_COMMAND..." >&2; exit 2; }
if [ -z "${CIFAR10_DIR:-}" ] || [ ! -f "$CIFAR10_DIR/test_batch.bin" ]; then
    echo "skip: CIFAR10_DIR is not set to a folder with the CIFAR-10 files"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cnn-acc.XXXXXX"); trap 'rm -rf "$tmp"' EXIT
"$@" --epochs 1 --train-limit 10000 --quiet --history "$tmp/h.csv" || { echo "cnn-train failed"; echo "0 passed, 1 failed"; exit 1; }
acc=$(tail -1 "$tmp/h.csv" | cut -d, -f5)
echo "val_accuracy after 1 epoch on 10,000 images: $acc (bar: 0.35)"
if awk -v a="$acc" 'BEGIN { exit !(a >= 0.35) }'; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; exit 1; fi
