// i18n.cpp — the string tables and the current language. See i18n.h.
#include "app/session/i18n.h"

#include <cstdio>
#include <cstring>

namespace app {
namespace {

struct Entry { Str key; const char* text; };

const char* const kEn[S_COUNT] = {
#define PG_S(key, text) text,
#include "app/session/strings_en.inc"
#undef PG_S
};
const char* const kKeyNames[S_COUNT] = {
#define PG_S(key, text) #key,
#include "app/session/strings_en.inc"
#undef PG_S
};
// The Chinese table lists (key, text) pairs, so a missing key is a gap a test can find
// rather than a shifted array.
const Entry kZhEntries[] = {
#define PG_S(key, text) {key, text},
#include "app/session/strings_zh.inc"
#undef PG_S
};

struct ZhIndex {
    const char* text[S_COUNT] = {};
    int count[S_COUNT] = {};
    ZhIndex() {
        for (const Entry& e : kZhEntries) {
            text[e.key] = e.text;
            count[e.key]++;
        }
    }
};
const ZhIndex& zh() {
    static const ZhIndex z;
    return z;
}

Lang g_lang = LangEn;

struct ClassName { const char* en; const char* zh; };
const ClassName kClasses[] = {
    {"airplane", "飞机"}, {"automobile", "汽车"}, {"bird", "鸟"},   {"cat", "猫"},   {"deer", "鹿"},
    {"dog", "狗"},        {"frog", "青蛙"},       {"horse", "马"},  {"ship", "船"},  {"truck", "卡车"},
};

} // namespace

const char* table_text(Lang l, Str k) {
    if (k < 0 || k >= S_COUNT) return nullptr;
    return l == LangZh ? zh().text[k] : kEn[k];
}
int table_count(Lang l, Str k) {
    if (k < 0 || k >= S_COUNT) return 0;
    return l == LangZh ? zh().count[k] : 1;
}
const char* key_name(Str k) { return (k >= 0 && k < S_COUNT) ? kKeyNames[k] : "?"; }

const char* tr(Str k) {
    if (k < 0 || k >= S_COUNT) return "?";
    if (g_lang == LangZh && zh().text[k]) return zh().text[k];
    return kEn[k];
}

const char* L(Str k, const char* id) {
    static char ring[16][256];
    static int next = 0;
    char* b = ring[next];
    next = (next + 1) % 16;
    snprintf(b, sizeof ring[0], "%s###%s", tr(k), id);
    return b;
}

Lang lang() { return g_lang; }
void set_lang(Lang l) { g_lang = (l == LangZh) ? LangZh : LangEn; }
const char* lang_code(Lang l) { return l == LangZh ? "zh" : "en"; }
Lang lang_from_code(const char* c) {
    return (c && (c[0] == 'z' || c[0] == 'Z') && (c[1] == 'h' || c[1] == 'H')) ? LangZh : LangEn;
}

const char* class_name_at(Lang l, int i) {
    if (i < 0 || i >= kNumClasses) return "";
    return l == LangZh ? kClasses[i].zh : kClasses[i].en;
}

const char* class_name(const std::string& english) {
    if (g_lang != LangZh) return english.c_str();
    for (const ClassName& c : kClasses)
        if (english == c.en) return c.zh;
    return english.c_str();
}

} // namespace app
