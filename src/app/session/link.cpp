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

LinkParse parse_link(const std::string& fragment, const LinkSettings& defaults) {
    LinkParse r;
    r.settings = defaults;
    LinkSettings& s = r.settings;
    std::string f = fragment;
    if (!f.empty() && f[0] == '#') f.erase(0, 1);
    if (f.empty()) return r;
    r.empty = false;
    auto problem = [&](const std::string& k, const std::string& v, const std::string& why) {
        r.problems.push_back({k, v, why});
    };

    // Pairs, in order; the version first, since another version means other keys.
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const std::string& part : split(f, '&')) {
        if (part.empty()) continue;
        size_t eq = part.find('=');
        if (eq == std::string::npos) {
            problem(link_decode(part), "", tr(S_link_not_pair));
            continue;
        }
        pairs.emplace_back(link_decode(part.substr(0, eq)), link_decode(part.substr(eq + 1)));
    }
    bool have_v = false;
    for (const auto& kv : pairs) {
        const std::string &k = kv.first, &v = kv.second;
        if (k != "v") continue;
        have_v = true;
        int ver = 0;
        if (!read_int(v, 0, 1000000, &ver) || ver != kLinkVersion) {
            problem("v", v, fmt(S_link_bad_version, v, std::to_string(kLinkVersion)));
            r.settings = defaults;
            r.rejected = true;
            return r;
        }
    }
    if (!have_v) problem("v", "", tr(S_link_no_version));

    for (const auto& kv : pairs) {
        const std::string &k = kv.first, &v = kv.second;  // (lambdas can't capture structured bindings in C++17)
        if (k == "v") continue;
        auto bad_number = [&](const char* range) { problem(k, v, fmt(S_link_bad_number, range)); };
        auto bad_choice = [&](const char* choices) { problem(k, v, fmt(S_link_bad_choice, choices)); };
        if (k == "model") {
            std::string why = link_model_error(v);
            if (why.empty()) s.model = v;
            else problem(k, v, fmt(S_link_bad_model, why));
        } else if (k == "opt") {
            if (v == "adam") s.optimizer = 0;
            else if (v == "sgd") s.optimizer = 1;
            else bad_choice("adam, sgd");
        } else if (k == "lr") {
            if (!read_float(v, 1e-6, 10, &s.lr)) bad_number("1e-6 .. 10");
        } else if (k == "batch") {
            if (!read_int(v, 1, 1024, &s.batch)) bad_number("1 .. 1024");
        } else if (k == "epochs") {
            if (!read_int(v, 1, 1000, &s.epochs)) bad_number("1 .. 1000");
        } else if (k == "seed") {
            if (!read_int(v, 0, 2147483647L, &s.seed)) bad_number("0 .. 2147483647");
        } else if (k == "train" || k == "test") {
            int n = 0, hi = k == "train" ? 50000 : 10000;
            if (read_int(v, 0, hi, &n) && (n == 0 || n >= 10)) (k == "train" ? s.train_n : s.test_n) = n;
            else bad_number(k == "train" ? "0 (all), 10 .. 50000" : "0 (all), 10 .. 10000");
        } else if (k == "panels" || k == "hide") {
            bool panels = k == "panels";
            bool open[PanelCount] = {};
            unsigned bits = 0;
            std::string unknown;
            for (const std::string& name : split(v, ',')) {
                if (name.empty()) continue;
                bool found = false;
                int n = panels ? PanelCount : kHideGroupCount;
                for (int i = 0; i < n; i++)
                    if (name == (panels ? kPanelIds[i] : kHideIds[i])) {
                        if (panels) open[i] = true;
                        else bits |= 1u << i;
                        found = true;
                    }
                if (!found) unknown += (unknown.empty() ? "" : ", ") + name;
            }
            // Known names count even next to unknown ones.
            if (panels) std::copy(open, open + PanelCount, s.panels);
            else s.hide = bits;
            if (!unknown.empty()) problem(k, v, fmt(S_link_unknown_names, unknown));
        } else if (k == "lang") {
            if (v == "en") s.lang = LangEn;
            else if (v == "zh") s.lang = LangZh;
            else bad_choice("en, zh");
        } else if (k == "scale") {
            if (!read_float(v, 0.5, 3, &s.scale)) bad_number("0.5 .. 3");
        } else if (k == "theme") {
            if (v == "dark") s.contrast = false;
            else if (v == "contrast") s.contrast = true;
            else bad_choice("dark, contrast");
        } else if (k == "class") {
            if (v == "0" || v == "1") s.classroom = v == "1";
            else bad_choice("0, 1");
        } else {
            problem(k, v, tr(S_link_unknown_key));
        }
    }
    return r;
}

std::string make_link(const LinkSettings& s) {
    std::string o = "v=" + std::to_string(kLinkVersion);
    auto add = [&](const char* k, const std::string& v) { o += std::string("&") + k + "=" + link_encode(v); };
    add("model", s.model.empty() ? cnn::kTutorialModel : s.model);
    add("opt", s.optimizer == 1 ? "sgd" : "adam");
    add("lr", num(s.lr));
    add("batch", std::to_string(s.batch));
    add("epochs", std::to_string(s.epochs));
    add("seed", std::to_string(s.seed));
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
