// i18n.h — the page's two languages. Every visible string is a key (Str) whose text comes
// from one table per language: strings_en.inc (which also defines the keys) and
// strings_zh.inc. Terms follow the tutorial's own Chinese words (卷积层, 池化, 步长, 填充, 特征图).
// No ImGui here: the tables are plain data, so the native tests check them (tests/test_i18n.cpp:
// every key in every table, the same printf conversions in each language).
//
// Labels that are also ImGui IDs (window titles, buttons) keep a language-independent ID with
// "###id" (see L()), so switching language keeps window positions and widget state.
#pragma once
#include <cstdio>
#include <string>

namespace app {

enum Lang { LangEn = 0, LangZh = 1, LangCount };

enum Str : int {
#define PG_S(key, text) key,
#include "app/session/strings_en.inc"
#undef PG_S
    S_COUNT
};

// Text of `k` in the current language (never null: falls back to English, then to the key).
const char* tr(Str k);
// "text###id": a label whose ImGui ID does not change with the language. Valid until the
// next 16 calls (a small ring of buffers), enough for one ImGui call's arguments.
const char* L(Str k, const char* id);

// tr(k) used as a printf format, filled by args (C strings and numbers). A template:
// va_start on an enum parameter is undefined.
template <class... A>
std::string fmt_tr(Str k, A... args) {
    const int n = std::snprintf(nullptr, 0, tr(k), args...);
    std::string out(n > 0 ? (size_t)n : 0, '\0');
    std::snprintf(&out[0], out.size() + 1, tr(k), args...);
    return out;
}

Lang lang();
void set_lang(Lang l);
const char* lang_code(Lang l);             // "en", "zh"
Lang lang_from_code(const char* code);     // "zh", "zh-CN", "zh-Hans…" -> LangZh, else LangEn

// The table itself, for tests: text of k in l, or nullptr if that table has no entry.
const char* table_text(Lang l, Str k);
const char* key_name(Str k);
// Number of entries table l lists for a key (0 missing, 2+ duplicated) — for tests.
int table_count(Lang l, Str k);

// CIFAR-10 class names in the current language, by the English name in batches.meta.txt
// ("airplane" -> 飞机); an unknown name is returned as it is.
const char* class_name(const std::string& english);
// The ten CIFAR-10 class names of language l, in label order (for the font coverage check).
constexpr int kNumClasses = 10;
const char* class_name_at(Lang l, int i);

} // namespace app
