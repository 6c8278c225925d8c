#!/usr/bin/env bash
# Installs everything this project needs on a fresh Debian 12 (bookworm) machine.
# Run as root (or as a user with sudo):   bash scripts/setup.sh
#
# Idempotent: every step first checks whether its work is already done and skips it,
# so a second run takes a second or two and changes nothing.
#
# Steps:
#   1. Debian packages (apt-get update only when something is missing or stale)
#   2. deb-src entry for bookworm/main + Debian sources of Dear ImGui and SDL2 into
#      third_party/ (stable paths third_party/imgui and third_party/SDL2), pinned to the
#      versions the README names (imgui 1.86, SDL2 2.26.5); stops if they are not served
#   3. npm packages from package.json/package-lock.json into node_modules/
#   4. toolchain sanity check (versions)
#
# Only Debian's archive and the npm registry are reachable from the project's machines:
# nothing here downloads from anywhere else (no emsdk, no Emscripten ports, no
# Playwright browser download).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
. "$ROOT/scripts/env.sh"

STEP="start"
T0=$SECONDS
on_exit() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "" >&2
    echo "setup.sh: FAILED in step '$STEP' (exit code $rc). See the output above." >&2
  fi
}
trap on_exit EXIT

step() { STEP="$1"; echo "==> [setup] $1"; }
info() { echo "    $*"; }
die()  { echo "setup.sh: $*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "step '$STEP' needs root: run scripts/setup.sh as root (or install sudo)"
  fi
}

export DEBIAN_FRONTEND=noninteractive
APT_UPDATED=0
apt_update() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    info "apt-get update"
    as_root apt-get update -q || die "apt-get update failed (network or sources.list problem)"
    APT_UPDATED=1
  fi
}

# ---------------------------------------------------------------------------------
# 1. Debian packages
# ---------------------------------------------------------------------------------
# cmake g++            native build
# emscripten           emcc 3.1.6 (+ clang/lld 14, binaryen, node-acorn)
# libeigen3-dev        Eigen 3.4 (header only)
# catch2               Catch2 2.13 single header
# chromium             headless browser tests (driven by playwright-core)
# python3-torch        reference implementation for numeric cross-checks, and the runtime
#                      that checks the PyTorch export and writes ONNX files for the import test
# libstb-dev           stb_image.h: PNG/JPEG decoding for `cnn-train --predict`
# clang libclang-rt-14-dev  clang sanitizer runtimes (asan preset)
# python3-fonttools fonts-noto-cjk fonts-dejavu-core  font subsetting for the web app (DejaVu: ⌈⌉⌊⌋)
# dpkg-dev             dpkg-source, needed by `apt-get source` to unpack sources
PACKAGES=(cmake g++ emscripten libeigen3-dev catch2 chromium python3-torch clang
          libclang-rt-14-dev python3-fonttools fonts-noto-cjk fonts-dejavu-core dpkg-dev libstb-dev)

step "check Debian packages"
is_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = "installed" ]
}
MISSING=()
for p in "${PACKAGES[@]}"; do
  is_installed "$p" || MISSING+=("$p")
done
if [ "${#MISSING[@]}" -eq 0 ]; then
  info "all ${#PACKAGES[@]} packages present, skipping"
else
  step "install Debian packages: ${MISSING[*]}"
  # Update the package lists only if apt doesn't know a candidate for some package
  # (fresh machine with empty lists) -- otherwise try with the lists we have and
  # fall back to an update if the install fails (stale lists -> 404).
  for p in "${MISSING[@]}"; do
    cand="$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')"
    if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then apt_update; break; fi
  done
  if ! as_root apt-get install -y -q "${MISSING[@]}"; then
    [ "$APT_UPDATED" -eq 1 ] && die "apt-get install ${MISSING[*]} failed"
    info "install failed; refreshing package lists and retrying"
    apt_update
    as_root apt-get install -y -q "${MISSING[@]}" || die "apt-get install ${MISSING[*]} failed"
  fi
fi

# ---------------------------------------------------------------------------------
# 2. Debian sources of Dear ImGui and SDL2 (the browser build compiles them with emcc;
#    Debian's libimgui-dev/libsdl2-dev are native-only, Emscripten ports need internet)
# ---------------------------------------------------------------------------------
# The exact Debian source versions (README: Dear ImGui 1.86, SDL2 2.26.5). dpkg-source
# unpacks PKG_VERSION-REVISION into PKG-VERSION/.
IMGUI_DEB="1.86+ds-1";    IMGUI_WANT="1.86"
SDL2_DEB="2.26.5+dfsg-1"; SDL2_WANT="2.26.5"
IMGUI_DIR="imgui-${IMGUI_DEB%-*}"
SDL2_DIR="libsdl2-${SDL2_DEB%-*}"

# Versions read from the unpacked sources themselves (imgui.h, SDL_version.h).
imgui_version() { sed -nE 's/^#define IMGUI_VERSION[[:space:]]+"([^"]+)".*/\1/p' "$1/imgui.h" 2>/dev/null | head -n 1; }
sdl2_version() {
  awk '/^#define SDL_(MAJOR_VERSION|MINOR_VERSION|PATCHLEVEL)[[:space:]]/ { v[$2] = $3 }
       END { if (length(v) == 3) print v["SDL_MAJOR_VERSION"] "." v["SDL_MINOR_VERSION"] "." v["SDL_PATCHLEVEL"] }' \
      "$1/include/SDL_version.h" 2>/dev/null
}
sources_pinned() {
  [ "$(imgui_version third_party/imgui)" = "$IMGUI_WANT" ] && [ "$(sdl2_version third_party/SDL2)" = "$SDL2_WANT" ] \
    && [ -f third_party/SDL2/CMakeLists.txt ]
}
# require_served PKG VERSION: stops with what is served when the pinned version is not.
require_served() {
  local served
  served="$(apt-cache showsrc "$1" 2>/dev/null | awk '/^Version:/ { print $2 }' | sort -u)"
  grep -qxF "$2" <<<"$served" && return 0
  served="$(paste -sd ' ' <<<"$served")"
  die "the Debian source package $1=$2 (pinned in scripts/setup.sh; README names these versions) is not served by this machine's deb-src entries; served: ${served:-none}. Point a deb-src entry at a bookworm mirror that has it, or put the unpacked $1 sources in third_party/ by hand"
}

step "Dear ImGui $IMGUI_WANT + SDL2 $SDL2_WANT sources in third_party/"
if sources_pinned; then
  info "third_party/imgui -> $(readlink third_party/imgui || echo '(dir)') (imgui $IMGUI_WANT), third_party/SDL2 -> $(readlink third_party/SDL2 || echo '(dir)') (SDL2 $SDL2_WANT), skipping"
else
  step "deb-src entry for bookworm/main"
  SRC_FILE=/etc/apt/sources.list.d/debian-src.sources
  NEED_SRC_UPDATE=0
  if grep -rqsE '^[[:space:]]*(deb-src[[:space:]]|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    info "a deb-src entry exists already, keeping it"
  else
    # Mirror URIs and Signed-By of the existing bookworm `deb` entry.
    URI=""; KEY=""
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
      read -r URI KEY < <(awk 'BEGIN{RS=""; FS="\n"}
        { t=u=s=k="";
          for (i=1;i<=NF;i++) {
            if ($i ~ /^Types:/) t=$i; else if ($i ~ /^URIs:/) u=$i;
            else if ($i ~ /^Suites:/) s=$i; else if ($i ~ /^Signed-By:/) k=$i }
          if (t ~ /[[:space:]]deb([[:space:]]|$)/ && s ~ /[[:space:]]bookworm([[:space:]]|$)/) {
            sub(/^URIs:[[:space:]]*/,"",u); sub(/^Signed-By:[[:space:]]*/,"",k);
            split(u, a, /[[:space:]]+/); print a[1], (k==""?"-":k); exit } }' \
        /etc/apt/sources.list.d/debian.sources) || true
    fi
    if [ -z "$URI" ] && [ -f /etc/apt/sources.list ]; then
      URI="$(awk '$1=="deb" { for (i=2;i<=NF;i++) if ($i !~ /^\[/ && $i !~ /\]$/ && $i ~ /:\/\//) { if ($(i+1)=="bookworm") { print $i; exit } } }' /etc/apt/sources.list)"
    fi
    [ -n "$URI" ] || URI="http://deb.debian.org/debian"
    { [ -n "$KEY" ] && [ "$KEY" != "-" ]; } || KEY=/usr/share/keyrings/debian-archive-keyring.gpg
    info "writing $SRC_FILE (URIs: $URI, Signed-By: $KEY)"
    printf 'Types: deb-src\nURIs: %s\nSuites: bookworm\nComponents: main\nSigned-By: %s\n' "$URI" "$KEY" \
      | as_root tee "$SRC_FILE" >/dev/null
    NEED_SRC_UPDATE=1   # the new entry needs its index
  fi
  if [ "$NEED_SRC_UPDATE" -eq 1 ] || ! apt-cache showsrc imgui libsdl2 2>/dev/null | grep -q '^Package: libsdl2'; then
    step "apt-get update (source index)"
    APT_UPDATED=0
    apt_update
  fi

  step "apt-get source imgui=$IMGUI_DEB libsdl2=$SDL2_DEB -> third_party/"
  mkdir -p third_party
  (
    cd third_party
    for pin in "imgui=$IMGUI_DEB:$IMGUI_DIR" "libsdl2=$SDL2_DEB:$SDL2_DIR"; do
      spec="${pin%%:*}" dir="${pin#*:}"
      if [ -d "$dir" ]; then info "$spec already unpacked in $dir/"; continue; fi
      require_served "${spec%%=*}" "${spec#*=}"
      info "apt-get source $spec"
      # As root apt warns that the download is unsandboxed; harmless.
      apt-get source -q "$spec" 2>&1 | grep -v 'unsandboxed as root' || true
      [ -d "$dir" ] || die "apt-get source $spec did not unpack $dir/ (see its output above)"
    done
    ln -sfn "$IMGUI_DIR" imgui
    ln -sfn "$SDL2_DIR" SDL2
    info "third_party/imgui -> $IMGUI_DIR, third_party/SDL2 -> $SDL2_DIR"
  )
  got_imgui="$(imgui_version third_party/imgui)" got_sdl="$(sdl2_version third_party/SDL2)"
  [ "$got_imgui" = "$IMGUI_WANT" ] || die "third_party/imgui/imgui.h says version '${got_imgui:-none}', not $IMGUI_WANT: remove third_party/$IMGUI_DIR and run again"
  [ "$got_sdl" = "$SDL2_WANT" ] || die "third_party/SDL2/include/SDL_version.h says version '${got_sdl:-none}', not $SDL2_WANT: remove third_party/$SDL2_DIR and run again"
  [ -f third_party/SDL2/CMakeLists.txt ] || die "third_party/SDL2/CMakeLists.txt missing after unpacking"
fi

# ---------------------------------------------------------------------------------
# 3. npm packages (playwright-core drives /usr/bin/chromium; coi-serviceworker adds
#    COOP/COEP headers where the server can't; onnxruntime-node and @tensorflow/tfjs check
#    the model exports and make the import tests' models). --ignore-scripts: onnxruntime-node's
#    install script fetches GPU libraries from a host that cannot be reached; its CPU
#    binaries for linux-x64 ship inside the package.
# ---------------------------------------------------------------------------------
step "npm packages in node_modules/"
npm_up_to_date() {
  node -e '
    const fs = require("fs");
    const want = JSON.parse(fs.readFileSync("package.json")).devDependencies || {};
    for (const [n, v] of Object.entries(want)) {
      let got;
      try { got = JSON.parse(fs.readFileSync(`node_modules/${n}/package.json`)).version; } catch (e) { process.exit(1); }
      if (got !== v) process.exit(1);
    }' 2>/dev/null
}
command -v npm >/dev/null 2>&1 || die "npm not found (the machine's Node 20 at /usr/bin/node should bring it; do NOT apt-get install nodejs/npm, they conflict)"
if npm_up_to_date; then
  info "node_modules matches package.json, skipping"
elif [ -f package-lock.json ]; then
  info "npm ci"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error || die "npm ci failed"
else
  info "npm install (no package-lock.json yet: creating it)"
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error || die "npm install failed"
fi

# ---------------------------------------------------------------------------------
# 4. Toolchain check
# ---------------------------------------------------------------------------------
step "toolchain check"
need() { command -v "$1" >/dev/null 2>&1 || die "'$1' not found after installing packages"; }
for t in cmake g++ clang++ emcc node chromium; do need "$t"; done
[ -d /usr/include/eigen3/Eigen ] || die "Eigen headers missing (/usr/include/eigen3)"
[ -f /usr/include/catch2/catch.hpp ] || die "Catch2 header missing (/usr/include/catch2/catch.hpp)"
info "cmake $(cmake --version | awk 'NR==1{print $3}'), g++ $(g++ -dumpfullversion), emcc $(emcc --version 2>/dev/null | grep -o '[0-9]*\.[0-9]*\.[0-9]*' | head -1), node $(node --version)"

STEP="done"
echo "==> [setup] done in $((SECONDS - T0)) s"
