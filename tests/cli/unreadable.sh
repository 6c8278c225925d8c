#!/usr/bin/env bash
# unreadable.sh — a data file the user may not read: `cnn-train --data` exits 2 with one line
# naming the file. As root every file is readable, so there it cannot run: it says so and closes
# with "0 passed, 0 failed, 1 skipped", which CTest reports as skipped (never as passed).
# Usage: unreadable.sh CNN_TRAIN_COMMAND...   (as bad_data.sh)
. "$(dirname "$0")/common.sh" unreadable "$@"

if [ "$(id -u)" -eq 0 ]; then
    echo "skip unreadable file: running as root, which reads any file"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
d="$tmp/perm"; zeros_folder "$d"; chmod 000 "$d/data_batch_1.bin"
expect_exit2 "unreadable file" "data_batch_1.bin.*(cannot|denied)" --data "$d" --epochs 1
finish
