#!/usr/bin/env bash
# predict.sh — `cnn-train --load MODEL --predict IMAGE...` classifies PNG and JPEG files and
# refuses what it cannot read. Pictures are written by Debian's python3 with PIL (Pillow) and
# numpy; without them the script says so and closes with "0 passed, 0 failed, 1 skipped".
#   - one line per file, "FILE: CLASS P, CLASS P, CLASS P", probabilities falling, sum ≤ 1;
#   - the scaling through the CLI: a 32x32 PNG, the same picture doubled to 64x64 (each
#     pixel a 2x2 block) and that one inside a wider 96x64 frame (the centred square is cut
#     out) print the same classes and probabilities; an RGBA PNG and a grey PNG are read;
#   - a JPEG of the same picture (quality 95) is read and gives probabilities within 0.05;
#   - a text file, a truncated PNG, a missing file and a folder exit 2 with one stderr line
#     naming the file, and print no prediction; so do --predict without --load or files.
# Usage: predict.sh CNN_TRAIN_COMMAND...
. "$(dirname "$0")/common.sh" predict "$@"
py=/usr/bin/python3
if ! "$py" -c "import PIL, numpy" 2>/dev/null; then
    echo "skip --predict: $py has no PIL (python3-pil) or numpy to write the pictures"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
d="$tmp/data"; zeros_folder "$d"
model="$tmp/m.cnn"
"${cmd[@]}" --data "$d" --model "conv(8,3,relu) maxpool(2) conv(8,3,tanh) flatten dense(10,softmax)" \
    --epochs 1 --quiet --seed 3 --save "$model" >/dev/null 2>&1 || { bad "saving a model to predict with"; finish; exit 1; }

"$py" - "$tmp" <<'PY' || { bad "writing the pictures"; finish; exit 1; }
import sys
import numpy as np
from PIL import Image
t = sys.argv[1]
y, x = np.mgrid[0:32, 0:32]
small = np.stack([(x * 8) % 256, (y * 8) % 256, ((x + y) * 5 + 40) % 256], axis=2).astype(np.uint8)
Image.fromarray(small).save(t + "/small.png")
big = small.repeat(2, axis=0).repeat(2, axis=1)  # 64x64, each pixel a 2x2 block
Image.fromarray(big).save(t + "/big.png")
frame = np.zeros((64, 96, 3), np.uint8)
frame[:, :16] = 255
frame[:, 80:] = 37
frame[:, 16:80] = big
Image.fromarray(frame).save(t + "/framed.png")
Image.fromarray(small).save(t + "/small.jpg", quality=95)
rgba = np.dstack([small, np.full((32, 32), 255, np.uint8)])
Image.fromarray(rgba, "RGBA").save(t + "/rgba.png")
Image.fromarray(small[:, :, 0]).save(t + "/grey.png")
png = open(t + "/framed.png", "rb").read()
open(t + "/half.png", "wb").write(png[:len(png) // 2])  # cut inside the pixel data
PY
ls -la "$tmp"/*.png "$tmp"/*.jpg | awk '{print "     " $5 " bytes " $9}'

# predict NAME FILES...: runs --predict, output in $out; fails unless exit 0 with one line per file
predict() {
    local name=$1; shift
    out=$("${cmd[@]}" --load "$model" --threads 1 --predict "$@" 2>"$tmp/err"); local code=$?
    if [ "$code" -ne 0 ] || [ "$(printf '%s\n' "$out" | grep -c .)" -ne $# ] || [ -s "$tmp/err" ]; then
        bad "$name: exit $code, output: $out $(cat "$tmp/err")"; return 1
    fi
}
# well_formed LINE: "FILE: CLASS P, CLASS P, CLASS P", P falling, sum ≤ 1
well_formed() {
    printf '%s\n' "$1" | awk -F': ' '{ n = split($2, parts, ", "); if (n != 3) exit 1; prev = 2; sum = 0;
        for (i = 1; i <= 3; i++) { split(parts[i], cp, " "); p = cp[2] + 0;
            if (p > prev || p < 0 || cp[1] !~ /^(airplane|automobile|bird|cat|deer|dog|frog|horse|ship|truck)$/) exit 1;
            prev = p; sum += p }
        exit !(sum <= 1.0001) }'
}
# probs LINE: "class p" pairs after the file name
probs() { printf '%s\n' "$1" | sed 's/^[^:]*: //'; }

if predict "PNG files" "$tmp/small.png" "$tmp/big.png" "$tmp/framed.png"; then
    echo "$out" | sed 's/^/     /'
    l1=$(sed -n 1p <<<"$out") l2=$(sed -n 2p <<<"$out") l3=$(sed -n 3p <<<"$out")
    if well_formed "$l1" && well_formed "$l2" && well_formed "$l3"; then ok "PNG lines are well formed"; else bad "PNG lines: $out"; fi
    [[ "$l1" == "$tmp/small.png: "* ]] && ok "the line names its file" || bad "file name: $l1"
    [ "$(probs "$l1")" = "$(probs "$l2")" ] && ok "64x64 doubled = 32x32: $(probs "$l2")" || bad "doubled picture differs: $l1 / $l2"
    [ "$(probs "$l1")" = "$(probs "$l3")" ] && ok "centred square of 96x64 = 32x32" || bad "framed picture differs: $l1 / $l3"
    png_line=$l1
fi
if predict "JPEG file" "$tmp/small.jpg"; then
    echo "     $out"
    if well_formed "$out" && [ "$(probs "$out" | awk '{print $1}')" != "" ] &&
       paste <(probs "$png_line" | tr ',' '\n' | awk '{print $2}') <(probs "$out" | tr ',' '\n' | awk '{print $2}') |
       awk '{ d = $1 - $2; if (d < 0) d = -d; if (d > 0.05) bad = 1 } END { exit bad }'; then
        ok "JPEG read, probabilities within 0.05 of the PNG's"
    else
        bad "JPEG: $out against PNG $png_line"
    fi
fi
predict "RGBA and grey PNG" "$tmp/rgba.png" "$tmp/grey.png" && {
    [ "$(probs "$(sed -n 1p <<<"$out")")" = "$(probs "$png_line")" ] && ok "opaque RGBA = RGB" || bad "RGBA: $out"
    well_formed "$(sed -n 2p <<<"$out")" && ok "grey PNG read" || bad "grey: $out"
}

printf 'not a picture\n' > "$tmp/notes.txt"
mkdir "$tmp/pictures.png"
expect_exit2 "a text file" "notes.txt.*not a readable PNG or JPEG" --load "$model" --predict "$tmp/notes.txt"
expect_exit2 "a truncated PNG" "half.png.*not a readable PNG or JPEG" --load "$model" --predict "$tmp/small.png" "$tmp/half.png"
grep -q . "$tmp/expect.out" && bad "the good file before the truncated one was classified: $(cat "$tmp/expect.out")"
expect_exit2 "a missing file" "nowhere.png.*not found" --load "$model" --predict "$tmp/nowhere.png" "$tmp/small.png"
expect_exit2 "a folder" "pictures.png.*is a directory" --load "$model" --predict "$tmp/pictures.png"
expect_exit2 "--predict without --load" "--predict needs --load" --predict "$tmp/small.png"
expect_exit2 "--predict without files" "--predict needs at least one" --load "$model" --predict --quiet
finish
