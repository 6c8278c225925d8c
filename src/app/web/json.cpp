// json.cpp — see json.h.
#include "app/web/json.h"

#include <cmath>
#include <cstdio>

namespace app::json {

std::string esc(const std::string& s) {
    std::string o = "\"";
    for (char c : s) {
        switch (c) {
        case '"': o += "\\\""; break;
        case '\\': o += "\\\\"; break;
        case '\n': o += "\\n"; break;
        case '\t': o += "\\t"; break;
        default:
            if ((unsigned char)c < 0x20) {
                char b[8];
                snprintf(b, sizeof b, "\\u%04x", c);
                o += b;
            } else {
                o += c;
            }
        }
    }
    return o + "\"";
}

std::string num(double v, int digits) {
    if (!std::isfinite(v)) return "null";
    char b[40];
    snprintf(b, sizeof b, "%.*g", digits, v);
    return b;
}

const char* ret(std::string s) {
    static std::string out;
    out = std::move(s);
    return out.c_str();
}

} // namespace app::json
