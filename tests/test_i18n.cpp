// test_i18n.cpp — the page's string tables (src/app/i18n.*): every key has a text in every
// language, none twice, and each text has the same printf conversions in the same order (a
// "%d" turned into "%s" in one language would crash that language's page only).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "app/session/i18n.h"

using namespace app;

namespace {
// The conversions of a printf format: "%5.1f %%" -> {"f"} ("%%" is text, not a conversion).
std::vector<std::string> conversions(const char* s) {
    std::vector<std::string> out;
    for (const char* p = s; *p; ++p) {
        if (*p != '%') continue;
        ++p;
        if (*p == '%') continue;
        while (*p && std::string("-+ #0123456789.*").find(*p) != std::string::npos) ++p;
        std::string len;
        while (*p && std::string("hlLzjt").find(*p) != std::string::npos) len += *p++;
        if (!*p) break;
        out.push_back(len + *p);
    }
    return out;
}
} // namespace

TEST_CASE("i18n: every key has exactly one text in every language", "[i18n]") {
    for (int l = 0; l < LangCount; ++l)
        for (int k = 0; k < S_COUNT; ++k) {
            INFO("language " << lang_code((Lang)l) << ", key " << key_name((Str)k));
            CHECK(table_count((Lang)l, (Str)k) == 1);
            const char* t = table_text((Lang)l, (Str)k);
            REQUIRE(t != nullptr);
            CHECK(std::string(t).size() > 0);
        }
}

TEST_CASE("i18n: the same printf conversions in every language", "[i18n]") {
    for (int k = 0; k < S_COUNT; ++k) {
        const char* en = table_text(LangEn, (Str)k);
        const char* zh = table_text(LangZh, (Str)k);
        if (!zh) continue;  // reported by the test above
        INFO("key " << key_name((Str)k) << ": \"" << en << "\" vs \"" << zh << "\"");
        CHECK(conversions(en) == conversions(zh));
    }
}

TEST_CASE("i18n: switching language switches every lookup; labels keep their ID", "[i18n]") {
    set_lang(LangZh);
    CHECK(std::string(tr(S_app_title)) == table_text(LangZh, S_app_title));
    CHECK(std::string(L(S_menu_language, "lang")) == std::string(table_text(LangZh, S_menu_language)) + "###lang");
    CHECK(std::string(class_name("frog")) == "青蛙");
    CHECK(std::string(class_name("not-a-class")) == "not-a-class");
    set_lang(LangEn);
    CHECK(std::string(tr(S_app_title)) == "CNN playground");
    CHECK(std::string(class_name("frog")) == "frog");
    CHECK(lang_from_code("zh-CN") == LangZh);
    CHECK(lang_from_code("en-US") == LangEn);
    CHECK(lang_from_code(nullptr) == LangEn);
}

TEST_CASE("i18n: class names by label in both languages", "[i18n]") {
    CHECK(std::string(class_name_at(LangZh, 6)) == "青蛙");
    CHECK(std::string(class_name_at(LangEn, 0)) == "airplane");
    CHECK(std::string(class_name_at(LangZh, 9)) == "卡车");
    CHECK(std::string(class_name_at(LangEn, kNumClasses)).empty());
}
