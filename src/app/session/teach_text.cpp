// teach_text.cpp — a small printf over typed arguments: each conversion of the table's text
// takes the next argument and must match its kind (%d/%lld ↔ Int, %f/%g ↔ Real or Int,
// %s ↔ Text or a nested message), so a table edit cannot read the wrong type.
#include "app/session/teach_text.h"

#include <cstdio>
#include <cstring>

namespace app {

namespace {

using teach::Arg;

const Str kKeys[] = {
#define TEACH_MSG(name) S_t_##name,
#include "teach/messages.def"
#undef TEACH_MSG
};
static_assert(sizeof kKeys / sizeof kKeys[0] == (size_t)teach::MsgId::count, "one key per message id");

const char* text_of(Str k, Lang l) {
    const char* t = table_text(l, k);
    return t ? t : table_text(LangEn, k);
}

// One argument for one conversion (flags/width/precision in spec, conversion letter c).
bool put(std::string& out, const std::string& spec, char c, const Arg& a, Lang l, std::string* err) {
    char b[128];
    if ((c == 'd' || c == 'i') && a.kind == Arg::Int) {
        std::snprintf(b, sizeof b, (spec + "lld").c_str(), a.i);
    } else if (std::strchr("fgeFGE", c) && (a.kind == Arg::Real || a.kind == Arg::Int)) {
        std::snprintf(b, sizeof b, (spec + c).c_str(), a.kind == Arg::Real ? a.d : (double)a.i);
    } else if (c == 's' && a.kind == Arg::Text) {
        out += a.s;
        return true;
    } else if (c == 's' && a.kind == Arg::Sub) {
        for (size_t i = 0; i < a.sub.size(); i++) {
            if (i && l != LangZh) out += ' ';
            out += render(a.sub[i], l);
            if (err && err->empty()) *err = check_args(a.sub[i], l);
        }
        return true;
    } else {
        return false;
    }
    out += b;
    return true;
}

// printf of fmt over args; *err (optional) says what did not fit.
std::string format(const char* fmt, const std::vector<Arg>& args, Lang l, std::string* err) {
    std::string out;
    size_t next = 0;
    for (const char* p = fmt; *p; ++p) {
        if (*p != '%') { out += *p; continue; }
        if (p[1] == '%') { out += '%'; ++p; continue; }
        std::string spec = "%";
        for (++p; *p && std::strchr("-+ #0123456789.", *p); ++p) spec += *p;
        while (*p && std::strchr("hlLzjt", *p)) ++p;  // the argument's kind decides the length
        if (!*p) break;
        if (next >= args.size() || !put(out, spec, *p, args[next], l, err)) {
            if (err && err->empty()) *err = "conversion %" + std::string(1, *p) + " number " + std::to_string(next + 1) + " has no argument of its kind";
            out += "<?>";
        }
        next++;
    }
    if (err && err->empty() && next < args.size()) *err = std::to_string(args.size() - next) + " argument(s) left over";
    return out;
}

} // namespace

Str teach_key(teach::MsgId id) {
    int i = (int)id;
    return i >= 0 && i < (int)teach::MsgId::count ? kKeys[i] : S_COUNT;
}

Str role_key(teach::LayerRole r) {
    switch (r) {
    case teach::LayerRole::Input: return S_role_input;
    case teach::LayerRole::FeatureExtraction: return S_role_features;
    case teach::LayerRole::DownSampling: return S_role_down;
    case teach::LayerRole::Flatten: return S_role_flatten;
    case teach::LayerRole::Classification: return S_role_classify;
    case teach::LayerRole::Activation: return S_role_activation;
    default: return S_role_unknown;
    }
}

std::string render(const teach::Msg& m, Lang l) {
    Str k = teach_key(m.id);
    if (k == S_COUNT) return "";
    return format(text_of(k, l), m.args, l, nullptr);
}

std::string render(const teach::Msgs& ms, Lang l) {
    std::string s;
    for (const teach::Msg& m : ms) s += (s.empty() || l == LangZh ? "" : " ") + render(m, l);
    return s;
}

std::string check_args(const teach::Msg& m, Lang l) {
    Str k = teach_key(m.id);
    if (k == S_COUNT) return std::string("no text for message ") + teach::msg_name(m.id);
    std::string err;
    format(text_of(k, l), m.args, l, &err);
    return err.empty() ? "" : std::string(teach::msg_name(m.id)) + ": " + err;
}

} // namespace app
