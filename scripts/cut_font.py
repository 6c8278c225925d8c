#!/usr/bin/python3
# cut_font.py — the page's font, cut at build time: Noto Sans CJK SC (Debian's fonts-noto-cjk)
# reduced to the characters the page can draw (the string tables src/app/session/strings_*.inc,
# every string literal of src/app and src/teach, printable ASCII and a few symbols), so the page
# carries a few hundred KB of glyphs instead of 19 MB. The few the CJK font lacks (⌈ ⌉ ⌊ ⌋ ⁻)
# are cut from DejaVu Sans (fonts-dejavu-core) into a second small font that ImGui merges in.
# Also writes both fonts as C arrays (linked into the playground: ImGui needs them before the
# first frame), the merged character set (--chars-out, read by the tests), and checks coverage.
#
#   cut_font.py --out ui_font.otf [--c-out ui_font_data.c] [--chars-out F] [--src SRC_DIR]
#   cut_font.py --check ui_font.otf [--src SRC_DIR]   # exit 1 if a character has no glyph
#
# Runs with Debian's python3 (python3-fonttools). Not here: how ImGui loads it (src/app/gfx/fonts.cpp).
import argparse
import os
import re
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
EXTRA_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def table_files(src):
    """strings_*.inc (strings_en.inc, strings_zh.inc and the tables they include) and i18n.cpp."""
    return sorted(n for n in os.listdir(src) if n.startswith("strings_") and n.endswith(".inc")) + ["i18n.cpp"]


def zh_files(src):
    return [n for n in table_files(src) if n.endswith("zh.inc")] + ["i18n.cpp"]
# Symbols the UI draws besides the tables' text (formulas of the core, arrows, marks).
EXTRA = "→←↑↓×÷≥≤≈±−–—…·°²³¹⁻⌊⌋⌈⌉Σ‘’“”•√∞▶■□"

# Vertical metrics of the cut font (units of 1000 per em). The CJK collection's own line
# (1160 up, 288 down) would make ImGui's lines 1.45 em tall, i.e. small glyphs for a given
# pixel size; these keep the ideographs' box (880 up, 120 down) plus room for Latin descenders.
ASCENT, DESCENT = 900, -150

STR_RE = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def unescape(s):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)


def table_chars(src):
    """Every character of every string literal in the table files (code lines only)."""
    chars = set()
    for name in table_files(src):
        with open(os.path.join(src, name), encoding="utf-8") as f:
            for line in f:
                code = line.split("//", 1)[0] if not line.lstrip().startswith("PG_S") else line
                for lit in STR_RE.findall(code):
                    chars.update(unescape(lit))
    return {c for c in chars if ord(c) >= 0x20}


def source_chars(src):
    """Characters of every string literal in src/app and src/teach (texts made outside the tables)."""
    app = os.path.dirname(os.path.abspath(src))
    dirs = [app, os.path.join(os.path.dirname(app), "teach")]
    chars = set()
    for d in dirs:
        for base, _, names in os.walk(d):
            for n in names:
                if not n.endswith((".cpp", ".h", ".inc")):
                    continue
                with open(os.path.join(base, n), encoding="utf-8") as f:
                    for line in f:
                        chars.update(*map(unescape, STR_RE.findall(line.split("//", 1)[0])))
    return {c for c in chars if ord(c) >= 0x20}


def needed_chars(src):
    """Every character the page can draw."""
    return table_chars(src) | source_chars(src) | {chr(c) for c in range(0x20, 0x7F)} | set(EXTRA)


def zh_chars(src):
    """Characters of the Chinese table and the class names (what the coverage check needs)."""
    chars = set()
    for name in zh_files(src):
        with open(os.path.join(src, name), encoding="utf-8") as f:
            for line in f:
                if name == "i18n.cpp" and "{\"" not in line:
                    continue
                for lit in STR_RE.findall(line.split("//", 1)[0] if not line.lstrip().startswith("PG_S") else line):
                    chars.update(unescape(lit))
    return {c for c in chars if ord(c) >= 0x20}


def sc_index(path):
    coll = TTCollection(path, lazy=True)
    for i, f in enumerate(coll.fonts):
        name = f["name"].getDebugName(4) or ""
        if name.endswith("CJK SC") and "Mono" not in name:
            return i
    raise SystemExit(f"cut_font.py: no 'Noto Sans CJK SC' face in {path}")


def subset_options(font_number):
    opts = subset.Options()
    opts.font_number = font_number
    opts.layout_features = []          # ImGui does no shaping: no GSUB/GPOS needed
    opts.drop_tables += ["BASE", "VORG", "vhea", "vmtx", "GDEF", "GSUB", "GPOS", "DSIG", "kern", "FFTM"]
    opts.hinting = False
    opts.desubroutinize = True         # plain charstrings: smaller once gzipped, simpler for stb_truetype
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # 0, 13, 14: the copyright and licence notices
    opts.notdef_outline = True
    opts.recalc_bounds = True
    return opts


def cut(font_path, font_number, out, chars):
    """font_path's face cut to chars, with the page's vertical metrics (scaled to its em)."""
    opts = subset_options(font_number)
    font = subset.load_font(font_path, opts)
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted(ord(c) for c in chars))
    sub.subset(font)
    em = font["head"].unitsPerEm / 1000.0
    up, down = round(ASCENT * em), round(DESCENT * em)
    font["hhea"].ascent, font["hhea"].descent, font["hhea"].lineGap = up, down, 0
    os2 = font["OS/2"]
    os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap = up, down, 0
    os2.usWinAscent, os2.usWinDescent = up, -down
    subset.save_font(font, out, opts)


def extra_path(out):
    return os.path.splitext(out)[0] + "_extra.ttf"


def cut_all(a):
    """The CJK font cut to what the page needs; what it lacks, cut from the extra font."""
    chars = needed_chars(a.src)
    cut(a.font, sc_index(a.font), a.out, chars)
    have = TTFont(a.out)["cmap"].getBestCmap()
    lack = {c for c in chars if ord(c) not in have}
    extra = TTFont(a.extra_font)["cmap"].getBestCmap()
    cut(a.extra_font, 0, extra_path(a.out), {c for c in lack if ord(c) in extra} or {"?"})


def write_c(font_file, c_out, chars):
    """Both fonts as byte arrays, and the characters the page can draw (UTF-8, for the page's own check)."""
    fonts = [("pg_ui_font", font_file), ("pg_ui_font_extra", extra_path(font_file))]
    tmp = c_out + ".tmp"
    with open(tmp, "w") as f:
        f.write("/* Generated by scripts/cut_font.py from %s: do not edit. */\n" % os.path.basename(font_file))
        for name, path in fonts:
            data = open(path, "rb").read()
            f.write("const unsigned int %s_size = %d;\n" % (name, len(data)))
            f.write("const unsigned char %s[] = {\n" % name)
            for i in range(0, len(data), 24):
                f.write(",".join(str(b) for b in data[i:i + 24]) + ",\n")
            f.write("};\n")
        text = "".join(sorted(chars)).encode("utf-8")
        f.write("const char pg_ui_font_needs[] = {%s,0};\n" % ",".join(str(b if b < 128 else b - 256) for b in text))
    os.replace(tmp, c_out)


def font_cmap(font_file):
    """Code points of the page's font: the cut CJK font merged with its extra font."""
    cmap = set(TTFont(font_file)["cmap"].getBestCmap())
    if os.path.exists(extra_path(font_file)):
        cmap |= set(TTFont(extra_path(font_file))["cmap"].getBestCmap())
    return cmap


def write_chars(font_file, out):
    with open(out + ".tmp", "w") as f:
        f.write("".join("%X\n" % c for c in sorted(font_cmap(font_file))))
    os.replace(out + ".tmp", out)


def check(font_file, src):
    cmap = font_cmap(font_file)
    need = zh_chars(src) | needed_chars(src)
    missing = sorted(c for c in need if ord(c) not in cmap)
    nzh = len([c for c in zh_chars(src) if ord(c) > 0x7F])
    if missing:
        print("cut_font.py: %d characters the page can draw have no glyph in %s: %s"
              % (len(missing), font_file, " ".join("%s(U+%04X)" % (c, ord(c)) for c in missing)))
        return 1
    print("cut_font.py: all %d characters the page can draw (%d non-ASCII in the Chinese table and class names) "
          "are in %s and its extra font (%d glyphs, %d bytes)" % (len(need), nzh, font_file, len(cmap), os.path.getsize(font_file)))
    return 0


def main():
    ap = argparse.ArgumentParser(description="Cut the page's font to the string tables, or check one.")
    ap.add_argument("--out", help="the cut font (.otf); its extra font goes beside it (_extra.ttf)")
    ap.add_argument("--c-out", help="also write both fonts as C arrays")
    ap.add_argument("--chars-out", help="also write the fonts' code points (hex, one a line)")
    ap.add_argument("--check", metavar="FONT", help="check that FONT (and its extra font) covers the page")
    ap.add_argument("--src", default=os.path.join(ROOT, "src/app/session"), help="folder of the string tables")
    ap.add_argument("--font", default=DEFAULT_FONT, help="the Noto Sans CJK collection")
    ap.add_argument("--extra-font", default=EXTRA_FONT, help="the font for symbols the CJK font lacks")
    a = ap.parse_args()
    if a.check:
        return check(a.check, a.src)
    if not a.out:
        ap.error("--out or --check is needed")
    for path, pkg in ((a.font, "fonts-noto-cjk"), (a.extra_font, "fonts-dejavu-core")):
        if not os.path.exists(path):
            raise SystemExit(f"cut_font.py: {path} not found (apt-get install {pkg}; scripts/setup.sh does)")
    cut_all(a)
    if a.c_out:
        write_c(a.out, a.c_out, needed_chars(a.src))
    if a.chars_out:
        write_chars(a.out, a.chars_out)
    return check(a.out, a.src)


if __name__ == "__main__":
    sys.exit(main())
