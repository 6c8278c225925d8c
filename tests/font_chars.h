// font_chars.h — the page's real glyph set for the tests: the code points of the cut fonts
// (Noto Sans CJK SC plus its DejaVu Sans extra), as scripts/cut_font.py lists them at build time
// (ui_font_chars.txt, path in CNN_UI_FONT_CHARS), and the characters of a text they lack.
// Not here: which texts to check (the tests) or cutting the font (scripts/cut_font.py).
#pragma once
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace glyphs {

inline const std::set<uint32_t>& font_codepoints() {
    static const std::set<uint32_t> set = [] {
        std::set<uint32_t> s;
        std::ifstream f(CNN_UI_FONT_CHARS);
        std::string line;
        while (std::getline(f, line))
            if (!line.empty()) s.insert((uint32_t)std::stoul(line, nullptr, 16));
        if (s.size() < 500) throw std::runtime_error("no cut font's character list at " CNN_UI_FONT_CHARS);
        return s;
    }();
    return set;
}

// Code points of UTF-8 text s (control characters left out: never drawn as glyphs).
inline std::vector<uint32_t> codepoints(const std::string& s) {
    std::vector<uint32_t> out;
    for (size_t i = 0; i < s.size();) {
        unsigned char c = (unsigned char)s[i];
        size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        uint32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
        for (size_t k = 1; k < n && i + k < s.size(); k++) cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3F);
        if (cp >= 0x20) out.push_back(cp);
        i += n;
    }
    return out;
}

// The characters of s the page's font cannot draw, as "X(U+XXXX) ..." ("" when it draws all).
inline std::string missing(const std::string& s) {
    std::string r;
    for (uint32_t cp : codepoints(s)) {
        if (font_codepoints().count(cp)) continue;
        char b[24];
        snprintf(b, sizeof b, "U+%04X ", (unsigned)cp);
        r += b;
    }
    return r;
}

} // namespace glyphs
