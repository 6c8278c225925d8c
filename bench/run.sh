#!/usr/bin/env bash
# bench/run.sh — the benchmark in one command (see bench/README.md):
#     bash bench/run.sh            [--quick] [--profile] [--no-rss] [--no-build]
# Builds cnn-bench (and cnn-train) for the native, wasm, wasm-st and wasm-scalar presets and
# the playground bundle (the page row),
# installs the TensorFlow.js baseline into bench/node_modules if missing, then runs
# bench/run.py: every configuration side by side (interleaved rounds, so background load
# hits them all alike), the table, the ratios to PyTorch and tfjs, and the peak RSS of a
# native training epoch on all 50,000 images.
# Environment: CIFAR10_DIR (default /work/shared/cifar10 if it exists, else data/cifar10),
# BENCH_BUILD_ROOT (default build: the presets' own build/<preset> folders), JOBS (2).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
. scripts/env.sh

if [ -z "${CIFAR10_DIR:-}" ]; then
  for d in /work/shared/cifar10 "$root/data/cifar10" "$root/data/cifar-10-batches-bin"; do
    [ -f "$d/data_batch_1.bin" ] && { export CIFAR10_DIR="$d"; break; }
  done
fi
[ -f "${CIFAR10_DIR:-}/data_batch_1.bin" ] || { echo "run.sh: set CIFAR10_DIR to the CIFAR-10 binary folder (scripts/fetch_cifar10.sh)" >&2; exit 2; }

build_root="${BENCH_BUILD_ROOT:-build}"
jobs="${JOBS:-2}"
no_build=0
for a in "$@"; do [ "$a" = "--no-build" ] && no_build=1; done

if [ $no_build = 0 ]; then
  for p in native wasm wasm-st wasm-scalar; do
    dir="$build_root/$p"
    echo "== build $p ($dir)" >&2
    mkdir -p "$dir"
    if [ ! -f "$dir/Makefile" ]; then cmake --preset "$p" -B "$dir" > "$dir/bench-configure.log" 2>&1 || { cat "$dir/bench-configure.log" >&2; exit 1; }; fi
    targets="--target cnn-bench"
    [ "$p" = native ] && targets="--target cnn-bench --target cnn-train"
    cmake --build "$dir" $targets -j"$jobs" > "$dir/bench-build.log" 2>&1 || { tail -40 "$dir/bench-build.log" >&2; exit 1; }
  done
  # The page row's bundle, as README command 1 builds it (into $build_root/web-dist).
  echo "== build the playground bundle ($build_root/web-dist)" >&2
  CNN_BUILD_ROOT="$build_root" bash scripts/start.sh --no-serve > "$build_root/bench-bundle.log" 2>&1 ||
    { tail -40 "$build_root/bench-bundle.log" >&2; exit 1; }
fi

if [ ! -d "$here/node_modules/@tensorflow/tfjs-backend-wasm" ]; then
  echo "== npm install (bench/package.json: @tensorflow/tfjs, @tensorflow/tfjs-backend-wasm)" >&2
  (cd "$here" && npm install --no-audit --no-fund --loglevel=error)
fi

exec /usr/bin/python3 "$here/run.py" --build-root "$build_root" "$@"
