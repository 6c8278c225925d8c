# shellcheck shell=bash
# Environment for building and running this project. Source it, don't run it:
#     . scripts/env.sh
# Safe to source more than once and from any working directory; sets no shell
# options of its own (set -e etc. stay as the caller had them).

CNN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CNN_ROOT

# emcc runs tools/acorn-optimizer.js with the machine's Node (nodesource Node 20),
# which does not search Debian's module folder where node-acorn lives:
# without this, emcc fails with "Cannot find module 'acorn'".
case ":${NODE_PATH:-}:" in
  *:/usr/share/nodejs:*) ;;
  *) export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}" ;;
esac

# Debian's emscripten ships its prebuilt system libraries in /usr/share/emscripten/cache,
# and emcc takes a lock file there on every link. As root (setup, CI) it is writable and
# used as is. A non-root user can't write it: give emcc a project-local copy instead
# (seeded once from the system cache, so nothing has to be rebuilt).
if [ -z "${EM_CACHE:-}" ] && [ -d /usr/share/emscripten/cache ] && [ ! -w /usr/share/emscripten/cache ]; then
  export EM_CACHE="$CNN_ROOT/build/em-cache"
  if [ ! -f "$EM_CACHE/sysroot_install.stamp" ]; then
    echo "env.sh: /usr/share/emscripten/cache is read-only; seeding $EM_CACHE from it (once)" >&2
    mkdir -p "$EM_CACHE" && cp -a /usr/share/emscripten/cache/. "$EM_CACHE/" && rm -f "$EM_CACHE/cache.lock"
  fi
fi

# playwright-core must never try to download browsers: /usr/bin/chromium is used.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
