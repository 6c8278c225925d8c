// link.cpp — fragment <-> LinkSettings (see link.h for the grammar). Each key is read on its
// own, so one bad value costs only that setting; the model is checked by shape inference
// (cnn::Model::parse_shapes), never by allocating it.
#include "app/session/link.h"
#include "app/session/model_text.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/cifar.h"
#include "core/model.h"
#include "app/session/i18n.h"
#include "app/session/settings_text.h"

namespace app {

const char* const kPanelIds[PanelCount] = {"data", "model", "train", "predictions", "inside", "lab"};
const char* const kHideIds[kHideGroupCount] = {"model", "hyper", "data", "files", "seed"};

namespace {

std::string fmt(Str k, const std::string& a = "", const std::string& b = "") {
    char buf[512];
    snprintf(buf, sizeof buf, tr(k), a.c_str(), b.c_str());
    return buf;
}

// Whole-string integer in [lo, hi].
bool read_int(const std::string& v, long lo, long hi, int* out) {
    if (v.empty() || v.size() > 12) return false;
    char* end = nullptr;
    errno = 0;
    long x = std::strtol(v.c_str(), &end, 10);
    if (errno || *end || x < lo || x > hi) return false;
    *out = (int)x;
    return true;
}

// Whole-string finite number in [lo, hi] (no hex, no inf/nan).
bool read_float(const std::string& v, double lo, double hi, float* out) {
    if (v.empty() || v.size() > 24 || v.find_first_of("xXnNiI") != std::string::npos) return false;
    char* end = nullptr;
    errno = 0;
    double x = std::strtod(v.c_str(), &end);
    if (errno || *end || !std::isfinite(x) || x < lo || x > hi) return false;
    *out = (float)x;
    return true;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    size_t a = 0;
    for (;;) {
        size_t b = s.find(sep, a);
        out.push_back(s.substr(a, b == std::string::npos ? std::string::npos : b - a));
        if (b == std::string::npos) break;
        a = b + 1;
    }
    return out;
}

// "%g" without a locale's decimal comma and without needless digits.
std::string num(double v) {
    char b[32];
    snprintf(b, sizeof b, "%.6g", v);
    return b;
}

int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

} // namespace

std::string link_encode(const std::string& s) {
    static const char* keep = "-._~(),:=";
    std::string o;
    for (unsigned char c : s) {
        if (std::isalnum(c) || (c && std::strchr(keep, c))) o += (char)c;
        else if (c == ' ') o += '+';
        else {
            char b[4];
            snprintf(b, sizeof b, "%%%02X", c);
            o += b;
        }
    }
    return o;
}

std::string link_decode(const std::string& s) {
    std::string o;
    for (size_t i = 0; i < s.size(); i++) {
        if (s[i] == '+') o += ' ';
        else if (s[i] == '%' && i + 2 < s.size() && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            o += (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else o += s[i];  // a stray '%' stays as it is
    }
    return o;
}

std::string link_model_error(const std::string& spec) {
    cnn::ErrorInfo why;
    try {
        why = cnn::classifier_error(cnn::Model::parse_shapes(spec));
    } catch (const cnn::Error& e) {
        why = e.info;
    }
    return why ? model_error_text(why) : "";
}

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

void problem(LinkParse& r, const std::string& k, const std::string& v, const std::string& why) {
    r.problems.push_back({k, v, why});
}

// key=value parts, decoded, in order; a part without '=' is a problem.
Pairs split_pairs(const std::string& f, LinkParse& r) {
    Pairs pairs;
    for (const std::string& part : split(f, '&')) {
        if (part.empty()) continue;
        size_t eq = part.find('=');
        if (eq == std::string::npos) problem(r, link_decode(part), "", tr(S_link_not_pair));
        else pairs.emplace_back(link_decode(part.substr(0, eq)), link_decode(part.substr(eq + 1)));
    }
    return pairs;
}

// The version first, since another version means other keys. False: the link is rejected.
bool read_version(const Pairs& pairs, LinkParse& r) {
    bool have_v = false;
    for (const auto& kv : pairs) {
        if (kv.first != "v") continue;
        have_v = true;
        int ver = 0;
        if (!read_int(kv.second, 0, 1000000, &ver) || ver != kLinkVersion) {
            problem(r, "v", kv.second, fmt(S_link_bad_version, kv.second, std::to_string(kLinkVersion)));
            return false;
        }
    }
    if (!have_v) problem(r, "v", "", tr(S_link_no_version));
    return true;
}

// opt, lr, batch, epochs, seed: the training settings' own check and message.
bool read_training(const std::string& k, const std::string& v, LinkParse& r) {
    static const std::pair<const char*, cnn::Setting> keys[] = {{"opt", cnn::Setting::Optimizer},
                                                                {"lr", cnn::Setting::Lr},
                                                                {"batch", cnn::Setting::Batch},
                                                                {"epochs", cnn::Setting::Epochs},
                                                                {"seed", cnn::Setting::Seed}};
    for (const auto& key : keys) {
        if (k != key.first) continue;
        cnn::SettingProblem p;
        if (!cnn::set_setting_text(r.settings.train, key.second, v, &p)) problem(r, k, v, setting_problem_text(p));
        return true;
    }
    return false;
}

// panels / hide: comma-separated names; known names count even next to unknown ones.
void read_names(const std::string& k, const std::string& v, LinkParse& r) {
    bool panels = k == "panels";
    int n = panels ? PanelCount : kHideGroupCount;
    const char* const* ids = panels ? kPanelIds : kHideIds;
    unsigned bits = 0;
    std::string unknown;
    for (const std::string& name : split(v, ',')) {
        if (name.empty()) continue;
        int i = 0;
        while (i < n && name != ids[i]) i++;
        if (i < n) bits |= 1u << i;
        else unknown += (unknown.empty() ? "" : ", ") + name;
    }
    if (panels)
        for (int i = 0; i < PanelCount; i++) r.settings.panels[i] = (bits >> i) & 1u;
    else r.settings.hide = bits;
    if (!unknown.empty()) problem(r, k, v, fmt(S_link_unknown_names, unknown));
}

// One of two words; false (and a problem) for anything else.
bool read_choice(const std::string& k, const std::string& v, const char* a, const char* b, bool* is_b, LinkParse& r) {
    if (v == a || v == b) {
        *is_b = v == b;
        return true;
    }
    problem(r, k, v, fmt(S_link_bad_choice, std::string(a) + ", " + b));
    return false;
}

// The page's keys: model, data subset, language, scale, theme, classroom. False: unknown key.
bool read_page(const std::string& k, const std::string& v, LinkParse& r) {
    LinkSettings& s = r.settings;
    bool b = false;
    if (k == "model") {
        std::string why = link_model_error(v);
        if (why.empty()) s.model = v;
        else problem(r, k, v, fmt(S_link_bad_model, why));
    } else if (k == "train" || k == "test") {
        int n = 0, hi = k == "train" ? 50000 : 10000;
        if (read_int(v, 0, hi, &n) && (n == 0 || n >= 10)) (k == "train" ? s.train_n : s.test_n) = n;
        else problem(r, k, v, fmt(S_link_bad_number, k == "train" ? "0 (all), 10 .. 50000" : "0 (all), 10 .. 10000"));
    } else if (k == "panels" || k == "hide") {
        read_names(k, v, r);
    } else if (k == "lang") {
        if (read_choice(k, v, "en", "zh", &b, r)) s.lang = b ? LangZh : LangEn;
    } else if (k == "scale") {
        if (!read_float(v, 0.5, 3, &s.scale)) problem(r, k, v, fmt(S_link_bad_number, "0.5 .. 3"));
    } else if (k == "theme") {
        if (read_choice(k, v, "dark", "contrast", &b, r)) s.contrast = b;
    } else if (k == "class") {
        if (read_choice(k, v, "0", "1", &b, r)) s.classroom = b;
    } else {
        return false;
    }
    return true;
}

} // namespace

LinkParse parse_link(const std::string& fragment, const LinkSettings& defaults) {
    LinkParse r;
    r.settings = defaults;
    std::string f = fragment;
    if (!f.empty() && f[0] == '#') f.erase(0, 1);
    if (f.empty()) return r;
    r.empty = false;
    Pairs pairs = split_pairs(f, r);
    if (!read_version(pairs, r)) {
        r.settings = defaults;
        r.rejected = true;
        return r;
    }
    for (const auto& kv : pairs) {
        if (kv.first == "v" || read_training(kv.first, kv.second, r) || read_page(kv.first, kv.second, r)) continue;
        problem(r, kv.first, kv.second, tr(S_link_unknown_key));
    }
    return r;
}

std::string make_link(const LinkSettings& s) {
    std::string o = "v=" + std::to_string(kLinkVersion);
    auto add = [&](const char* k, const std::string& v) { o += std::string("&") + k + "=" + link_encode(v); };
    add("model", s.model.empty() ? cnn::kTutorialModel : s.model);
    add("opt", cnn::Optimizer::kind_name(s.train.optimizer));
    for (cnn::Setting f : {cnn::Setting::Lr, cnn::Setting::Batch, cnn::Setting::Epochs, cnn::Setting::Seed})
        add(cnn::setting_key(f), cnn::format_setting(f, cnn::get_setting(s.train, f)));
    add("train", std::to_string(s.train_n));
    add("test", std::to_string(s.test_n));
    std::string panels, hide;
    for (int i = 0; i < PanelCount; i++)
        if (s.panels[i]) panels += (panels.empty() ? "" : ",") + std::string(kPanelIds[i]);
    for (int i = 0; i < kHideGroupCount; i++)
        if (s.hide & (1u << i)) hide += (hide.empty() ? "" : ",") + std::string(kHideIds[i]);
    add("panels", panels);
    if (s.lang >= 0) add("lang", lang_code((Lang)s.lang));
    add("scale", num(s.scale));
    add("theme", s.contrast ? "contrast" : "dark");
    add("class", s.classroom ? "1" : "0");
    add("hide", hide);
    return o;
}

} // namespace app
