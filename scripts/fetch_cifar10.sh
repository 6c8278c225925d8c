#!/usr/bin/env bash
# fetch_cifar10.sh [DEST] — downloads the official CIFAR-10 binary archive, checks its md5
# and unpacks data_batch_1..5.bin, test_batch.bin and batches.meta.txt into DEST
# (default: data/cifar10 in the repository). Does nothing if they are already there.
# Deliberately not: converting formats, touching git, or retrying forever. Offline, it says
# where to get the archive and where to put the files, and exits 1.
#
# An archive fetched by other means can be used by putting it at DEST/cifar-10-binary.tar.gz
# (or naming it in CIFAR10_ARCHIVE) before running this script: then nothing is downloaded.
set -euo pipefail

URL="https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
HOME_PAGE="https://www.cs.toronto.edu/~kriz/cifar.html"
MD5="c32a1d4ab5d03f1284b67883e8d87530"
ARCHIVE="cifar-10-binary.tar.gz"       # 170,052,171 bytes
INNER="cifar-10-batches-bin"           # the folder inside the archive
BIN_BYTES=30730000                     # each .bin: 10,000 records x 3,073 bytes
BINS="data_batch_1.bin data_batch_2.bin data_batch_3.bin data_batch_4.bin data_batch_5.bin test_batch.bin"

me="fetch_cifar10.sh"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$repo/data/cifar10}"

say() { printf '%s: %s\n' "$me" "$*"; }
die() { printf '%s: error: %s\n' "$me" "$*" >&2; exit 1; }

# The files are complete when all six .bin files have the exact size and the meta file exists.
complete() {
    local f size
    for f in $BINS; do
        [ -f "$dest/$f" ] || return 1
        size=$(wc -c < "$dest/$f" | tr -d ' ')
        [ "$size" = "$BIN_BYTES" ] || return 1
    done
    [ -f "$dest/batches.meta.txt" ]
}

# What to do by hand; printed whenever the archive cannot be had or is wrong.
manual_help() {
    cat >&2 <<EOF
To set up CIFAR-10 by hand:
  1. Get $ARCHIVE (170,052,171 bytes, md5 $MD5)
     from the CIFAR-10 home page: $HOME_PAGE
     (direct link: $URL).
  2. Either put the archive at $dest/$ARCHIVE and run this script again,
     or unpack it yourself and put the six .bin files
     (data_batch_1.bin .. data_batch_5.bin, test_batch.bin) and batches.meta.txt
     from its folder $INNER/ into $dest.
  Or set CIFAR10_DIR to any directory that already holds those seven files.
EOF
}

md5_of() {
    if command -v md5sum >/dev/null 2>&1; then md5sum "$1" | cut -d' ' -f1
    elif command -v md5 >/dev/null 2>&1; then md5 -q "$1"                 # macOS
    elif command -v openssl >/dev/null 2>&1; then openssl md5 "$1" | sed 's/.*= *//'
    else return 1
    fi
}

if complete; then
    say "CIFAR-10 already present in $dest; nothing to do."
    say "use it with: export CIFAR10_DIR=\"$dest\""
    exit 0
fi

mkdir -p "$dest" || die "cannot create $dest"
# Work inside DEST so the final moves stay on one filesystem; removed on any exit.
work="$(mktemp -d "$dest/.fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# 1. The archive: one given by the user, else a download.
archive="${CIFAR10_ARCHIVE:-}"
[ -z "$archive" ] && [ -f "$dest/$ARCHIVE" ] && archive="$dest/$ARCHIVE"
if [ -n "$archive" ]; then
    [ -f "$archive" ] || { manual_help; die "CIFAR10_ARCHIVE names $archive, which is not a file."; }
    say "using the archive $archive"
else
    archive="$work/$ARCHIVE"
    say "downloading $URL ..."
    # Timeouts: give up if no connection in 30 s, or if the transfer stalls (< 1 KB/s
    # for 60 s); a slow but moving download is allowed to finish.
    ok=0
    if command -v curl >/dev/null 2>&1; then
        curl -fL --connect-timeout 30 --speed-limit 1024 --speed-time 60 --retry 2 \
             -o "$archive" "$URL" && ok=1
    elif command -v wget >/dev/null 2>&1; then
        wget --timeout=30 --tries=2 -O "$archive" "$URL" && ok=1
    else
        manual_help
        die "neither curl nor wget is installed, so the archive cannot be downloaded."
    fi
    if [ "$ok" != 1 ]; then
        manual_help
        die "could not download the CIFAR-10 archive (no network, or the server is unreachable)."
    fi
fi

# 2. Integrity: the md5 published with the data set.
got="$(md5_of "$archive")" || die "no md5 tool (md5sum, md5 or openssl) found to check $archive."
if [ "$got" != "$MD5" ]; then
    manual_help
    die "$archive has md5 $got, expected $MD5: the archive is damaged or not the CIFAR-10 binary version."
fi

# 3. Unpack, then move the seven files into DEST.
tar -xzf "$archive" -C "$work" || { manual_help; die "could not unpack $archive."; }
for f in $BINS batches.meta.txt; do
    [ -f "$work/$INNER/$f" ] || die "$archive has no $INNER/$f; it is not the CIFAR-10 binary archive."
done
for f in $BINS batches.meta.txt; do mv -f "$work/$INNER/$f" "$dest/$f"; done
[ -f "$work/$INNER/readme.html" ] && mv -f "$work/$INNER/readme.html" "$dest/readme.html"

complete || die "after unpacking, the files in $dest do not have the expected sizes ($BIN_BYTES bytes each)."
say "CIFAR-10 is ready in $dest"
say "use it with: export CIFAR10_DIR=\"$dest\""
