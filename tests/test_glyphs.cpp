// test_glyphs.cpp — every glyph the page can draw is in its cut font (font_chars.h: the character
// list of the built fonts). Here: every table text and class name in both languages, layer kinds,
// the symbols of formulas and notes, and a text the font cannot draw being caught. The generated
// texts are checked where they are made: teach messages (test_teach_text.cpp), model and file
// errors (test_model_text.cpp, test_file_errors.cpp); literals of the sources by i18n_font (CTest).
#include <catch2/catch.hpp>

#include "app/session/i18n.h"
#include "app/session/model_text.h"
#include "font_chars.h"

TEST_CASE("glyphs: the checker reads the built font and catches a character it lacks", "[glyphs][i18n]") {
    CHECK(glyphs::font_codepoints().count(0x4E2D) == 1);  // 中
    CHECK(glyphs::missing("Ж 😀") == "U+0416 U+1F600 ");   // Cyrillic and emoji: never cut in
    CHECK(glyphs::missing("abc") == "");
}

TEST_CASE("glyphs: the symbols of formulas and notes, the ceiling and floor brackets too", "[glyphs][i18n]") {
    CHECK(glyphs::missing("⌈ ⌉ ⌊ ⌋ × · → ← ≤ ≥ ≈ ± − – — … ° ² ⁻¹ Σ ‘ ’ “ ” • √ ∞ ▶ ■ □") == "");
}

TEST_CASE("glyphs: every table text and class name in both languages", "[glyphs][i18n]") {
    int texts = 0;
    for (int l = 0; l < app::LangCount; l++) {
        for (int k = 0; k < app::S_COUNT; k++) {
            const char* t = app::table_text((app::Lang)l, (app::Str)k);
            if (!t) continue;
            INFO(app::lang_code((app::Lang)l) << " key " << k << ": " << t);
            CHECK(glyphs::missing(t) == "");
            texts++;
        }
        for (int i = 0; i < app::kNumClasses; i++) CHECK(glyphs::missing(app::class_name_at((app::Lang)l, i)) == "");
    }
    CHECK(texts == 2 * app::S_COUNT);
}

TEST_CASE("glyphs: layer kinds as the Inside and Model panels say them", "[glyphs][i18n]") {
    for (const char* kind : {"Conv2D", "MaxPooling2D", "AveragePooling2D", "Dense", "Flatten", "ReLU", "InputLayer"}) {
        for (app::Lang l : {app::LangEn, app::LangZh}) {
            app::set_lang(l);
            INFO(kind << " " << app::lang_code(l) << ": " << app::layer_kind_text(kind));
            CHECK(glyphs::missing(app::layer_kind_text(kind)) == "");
        }
    }
    app::set_lang(app::LangEn);
}
