// fonts.cpp — builds ImGui's font atlas from the cut Noto Sans CJK SC (fonts.h), with the few
// symbols it lacks (⌈ ⌉ ⌊ ⌋ ⁻) merged in from a cut DejaVu Sans. The fonts' bytes come from the
// build (ui_font_data.c, made by scripts/cut_font.py from Debian's fonts-noto-cjk and
// fonts-dejavu-core); ImGui's stb_truetype reads their outlines directly.
// Not here: the choice of language or of the UI scale (the caller's).
#include "app/gfx/fonts.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>

#include "app/session/i18n.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"

extern "C" const unsigned char pg_ui_font[];
extern "C" const unsigned int pg_ui_font_size;
extern "C" const unsigned char pg_ui_font_extra[];
extern "C" const unsigned int pg_ui_font_extra_size;
extern "C" const char pg_ui_font_needs[];  // every character the page's sources can draw

namespace app {
namespace {

constexpr float kBaseSize = 15.0f;  // pixels per line at scale 1 (em ≈ 14 px, see cut_font.py)
float g_asked = 1, g_px = kBaseSize, g_pending = 0;  // scale asked for; pixel size built
int g_missing = -1;

// Code points of a UTF-8 string (invalid bytes are skipped).
void codepoints(const char* s, std::set<unsigned>* out) {
    const unsigned char* p = (const unsigned char*)s;
    while (*p) {
        unsigned c = *p, n = 0;
        if (c < 0x80) n = 0;
        else if ((c & 0xE0) == 0xC0) c &= 0x1F, n = 1;
        else if ((c & 0xF0) == 0xE0) c &= 0x0F, n = 2;
        else if ((c & 0xF8) == 0xF0) c &= 0x07, n = 3;
        else { ++p; continue; }
        ++p;
        for (unsigned i = 0; i < n && (*p & 0xC0) == 0x80; i++, p++) c = (c << 6) | (*p & 0x3F);
        if (c >= 0x20) out->insert(c);
    }
}

int count_missing(const ImFont* font) {
    std::set<unsigned> cps;
    for (int l = 0; l < LangCount; l++) {
        for (int k = 0; k < S_COUNT; k++)
            if (const char* t = table_text((Lang)l, (Str)k)) codepoints(t, &cps);
        for (int i = 0; i < kNumClasses; i++) codepoints(class_name_at((Lang)l, i), &cps);
    }
    codepoints(pg_ui_font_needs, &cps);
    int missing = 0;
    for (unsigned c : cps)
        if (c > 0xFFFF || !font->FindGlyphNoFallback((ImWchar)c)) missing++;
    return missing;
}

void build(float s) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    // Every code point the font has (the cut font holds only the tables' characters, so the
    // atlas stays small); ImGui skips the ones without a glyph.
    static const ImWchar ranges[] = {0x0020, 0xFFFD, 0};
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;  // static bytes in the program
    cfg.OversampleH = 1;               // CJK: no horizontal oversampling (atlas 3× smaller)
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    ImFont* f = nullptr;
    float px = std::max(6.0f, std::round(kBaseSize * s));  // whole pixels: crisp glyphs
    if (pg_ui_font_size > 0) f = io.Fonts->AddFontFromMemoryTTF((void*)pg_ui_font, (int)pg_ui_font_size, px, &cfg, ranges);
    if (f && pg_ui_font_extra_size > 0) {  // the symbols the CJK font lacks, into the same ImFont
        ImFontConfig m = cfg;
        m.MergeMode = true;
        m.SizePixels = std::round(px * 1.15f);  // DejaVu's brackets are shorter than Noto's parentheses
        io.Fonts->AddFontFromMemoryTTF((void*)pg_ui_font_extra, (int)pg_ui_font_extra_size, m.SizePixels, &m, ranges);
    }
    if (!f || !io.Fonts->Build()) {
        // Never a page without text: ImGui's own font (Latin only) if the cut font is unusable.
        io.Fonts->Clear();
        ImFontConfig d;
        d.SizePixels = std::round(13 * s);
        f = io.Fonts->AddFontDefault(&d);
        io.Fonts->Build();
    }
    g_missing = count_missing(f);
    g_asked = s;
    g_px = px;
}

} // namespace

void fonts_init() { build(1.0f); }

void fonts_set_scale(float s) {
    s = std::clamp(s, 0.5f, 4.0f);
    ImGuiIO& io = ImGui::GetIO();
    if (io.Fonts->Locked) {  // inside a frame: after it
        g_pending = s;
        return;
    }
    g_pending = 0;
    if (s == g_asked && io.Fonts->IsBuilt()) return;
    // The GL texture exists once the renderer has drawn a frame; before that it is made from
    // the new atlas anyway. (Asked before build(): ImFontAtlas::Build() resets TexID to 0.)
    const bool had_texture = io.BackendRendererUserData && io.Fonts->TexID;
    build(s);
    if (had_texture) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
}

void fonts_before_frame() {
    if (g_pending > 0) fonts_set_scale(g_pending);
}

float fonts_scale() { return g_px / kBaseSize; }
float fonts_size() { return g_px; }
int fonts_missing_glyphs() { return g_missing; }

} // namespace app
