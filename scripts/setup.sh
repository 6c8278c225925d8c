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
#      third_party/ (stable paths third_party/imgui and third_party/SDL2)
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
# python3-torch        reference implementation for numeric cross-checks
# clang libclang-rt-14-dev  clang sanitizer runtimes (asan preset)
# python3-fonttools fonts-noto-cjk  font subsetting for the web app
# dpkg-dev             dpkg-source, needed by `apt-get source` to unpack sources
PACKAGES=(cmake g++ emscripten libeigen3-dev catch2 chromium python3-torch clang
          libclang-rt-14-dev python3-fonttools fonts-noto-cjk dpkg-dev)

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
step "Dear ImGui + SDL2 sources in third_party/"
if [ -f third_party/imgui/imgui.h ] && [ -f third_party/SDL2/CMakeLists.txt ]; then
  info "third_party/imgui -> $(readlink third_party/imgui || echo '(dir)'), third_party/SDL2 -> $(readlink third_party/SDL2 || echo '(dir)'), skipping"
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

  step "apt-get source imgui libsdl2 -> third_party/"
  mkdir -p third_party
  (
    cd third_party
    for pkg in imgui libsdl2; do
      if ls -d "$pkg"-[0-9]*/ >/dev/null 2>&1; then
        info "$pkg source already unpacked: $(ls -d "$pkg"-[0-9]*/ | head -1)"
      else
        info "apt-get source $pkg"
        # As root apt warns that the download is unsandboxed; harmless.
        apt-get source -q "$pkg" 2>&1 | grep -v 'unsandboxed as root' || true
        ls -d "$pkg"-[0-9]*/ >/dev/null 2>&1 || die "apt-get source $pkg did not unpack a $pkg-<version>/ folder"
      fi
    done
    imgui_dir="$(ls -d imgui-[0-9]*/ | sort -V | tail -1)"; imgui_dir="${imgui_dir%/}"
    sdl_dir="$(ls -d libsdl2-[0-9]*/ | sort -V | tail -1)"; sdl_dir="${sdl_dir%/}"
    ln -sfn "$imgui_dir" imgui
    ln -sfn "$sdl_dir" SDL2
    info "third_party/imgui -> $imgui_dir, third_party/SDL2 -> $sdl_dir"
  )
  [ -f third_party/imgui/imgui.h ] || die "third_party/imgui/imgui.h missing after unpacking"
  [ -f third_party/SDL2/CMakeLists.txt ] || die "third_party/SDL2/CMakeLists.txt missing after unpacking"
fi

# ---------------------------------------------------------------------------------
# 3. npm packages (playwright-core drives /usr/bin/chromium; coi-serviceworker adds
#    COOP/COEP headers where the server can't)
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
  npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed"
else
  info "npm install (no package-lock.json yet: creating it)"
  npm install --no-audit --no-fund --loglevel=error || die "npm install failed"
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
