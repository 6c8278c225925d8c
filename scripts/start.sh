#!/usr/bin/env bash
# start.sh — README command 1: set up, build and serve the browser playground.
#
#   bash scripts/start.sh [--no-serve] [--port N]
#
# 1. scripts/setup.sh (packages, ImGui/SDL2 sources, npm packages; idempotent)
# 2. the data: $CIFAR10_DIR, or scripts/fetch_cifar10.sh into data/cifar10
# 3. native tools: cnn-train (CMake preset native) and the subset baker
# 4. the two web builds: presets wasm (SIMD + threads) and wasm-st (SIMD, single thread)
# 5. the static bundle in build/web-dist/: page, loader, both builds, coi-serviceworker and
#    the baked subset (5,000 training + 1,000 test images, balanced by class)
# 6. unless --no-serve: serves it on localhost with COOP/COEP headers and prints the address
# Environment: CIFAR10_DIR (data folder), CNN_BUILD_ROOT (default build).
# Not here: running tests (scripts/test.sh).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SERVE=1
PORT=8080
while [ $# -gt 0 ]; do
  case "$1" in
    --no-serve) SERVE=0 ;;
    --port) PORT="${2:?--port needs a number}"; shift ;;
    --port=*) PORT="${1#--port=}" ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "start.sh: unknown option '$1' (use --no-serve, --port N)" >&2; exit 2 ;;
  esac
  shift
done

T0=$SECONDS
# CNN_BUILD_ROOT: where the builds and the bundle go (default build/: build/<preset>,
# build/web-dist). Another root lets two people build side by side in one checkout.
BR="${CNN_BUILD_ROOT:-build}"
step() { echo "==> [start] $*"; }
die() { echo "start.sh: $*" >&2; exit 1; }

step "setup"
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
. scripts/env.sh
# Debian's emcc wrapper runs `python3` from PATH; a pyenv shim there costs seconds per emcc
# call (SDL's configure makes hundreds). Debian's own Python is what the package expects.
if [ -z "${EMSDK_PYTHON:-}" ] && [ -x /usr/bin/python3 ]; then export EMSDK_PYTHON=/usr/bin/python3; fi

step "data"
if [ -z "${CIFAR10_DIR:-}" ]; then
  if ! bash scripts/fetch_cifar10.sh "$ROOT/data/cifar10"; then
    die "no CIFAR-10 data: set CIFAR10_DIR to a folder with the official binary files, or get them as described above, then run again"
  fi
  CIFAR10_DIR="$ROOT/data/cifar10"
fi
for f in data_batch_1.bin test_batch.bin; do
  [ -f "$CIFAR10_DIR/$f" ] || die "$CIFAR10_DIR/$f not found (CIFAR10_DIR must name the folder with the official .bin files)"
done
export CIFAR10_DIR
echo "    using $CIFAR10_DIR"

step "native tools"
mkdir -p "$BR/native"
cmake --preset native -B "$BR/native" >"$BR/native/configure.log" 2>&1 || { tail -40 "$BR/native/configure.log"; die "configuring the native build failed"; }
cmake --build "$BR/native" --target cnn-train -j2
mkdir -p "$BR/tools"
SUBSET_SRC=(src/tools/make_subset.cpp src/core/cifar.cpp src/core/file_read.cpp)
if [ ! -x "$BR/tools/make_subset" ] || [ -n "$(find "${SUBSET_SRC[@]}" src/core/cifar.h src/core/file_read.h -newer "$BR/tools/make_subset" 2>/dev/null)" ]; then
  g++ -O2 -std=c++17 -Isrc "${SUBSET_SRC[@]}" -o "$BR/tools/make_subset"
fi

for preset in wasm wasm-st; do
  step "web build: $preset"
  mkdir -p "$BR/$preset"
  cmake --preset "$preset" -B "$BR/$preset" >"$BR/$preset/configure.log" 2>&1 || { tail -40 "$BR/$preset/configure.log"; die "configuring $preset failed"; }
  cmake --build "$BR/$preset" --target playground -j2
done

step "bundle: $BR/web-dist"
DIST="$BR/web-dist"
rm -rf "$DIST.tmp"
mkdir -p "$DIST.tmp/threads" "$DIST.tmp/single" "$DIST.tmp/data"
cp web/index.html web/loader.js web/playground.js web/teach-api.js web/picture.js "$DIST.tmp/"
cp node_modules/coi-serviceworker/coi-serviceworker.min.js "$DIST.tmp/coi-serviceworker.js"
# The page's font (linked into both builds) is cut from Debian's fonts-noto-cjk: its licence
# (SIL Open Font License) travels with the bundle.
cp /usr/share/doc/fonts-noto-cjk/copyright "$DIST.tmp/LICENSE-font-NotoSansCJK.txt" 2>/dev/null || true
cp "$BR/wasm/src/app/playground.js" "$BR/wasm/src/app/playground.wasm" "$BR/wasm/src/app/playground.worker.js" "$DIST.tmp/threads/"
cp "$BR/wasm-st/src/app/playground.js" "$BR/wasm-st/src/app/playground.wasm" "$DIST.tmp/single/"
"$BR/tools/make_subset" "$CIFAR10_DIR" "$DIST.tmp/data" 500 100
rm -rf "$DIST"
mv "$DIST.tmp" "$DIST"
total=$(du -sb "$DIST" | cut -f1)
gz=0
for f in $(find "$DIST" -type f); do gz=$((gz + $(gzip -9c "$f" | wc -c))); done
echo "    $(find "$DIST" -type f | wc -l) files, $((total / 1024)) KB ($((gz / 1024)) KB gzipped); each visitor downloads one build:"
for fl in threads single; do
  echo "      $fl build: $(($(cat "$DIST/$fl"/* | wc -c) / 1024)) KB; data: $(($(cat "$DIST"/data/* | wc -c) / 1024)) KB"
done
echo "==> [start] built in $((SECONDS - T0)) s"

if [ "$SERVE" -eq 1 ]; then
  step "serving (Ctrl-C stops)"
  exec python3 scripts/serve.py "$DIST" --port "$PORT"
fi
