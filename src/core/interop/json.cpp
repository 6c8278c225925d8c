// json.cpp — the recursive-descent JSON reader of json.h. One Parser walks the text once;
// every failure is an ImportMalformed Error carrying the byte offset. Depth is counted so a
// hostile "[[[[..." ends in an Error, not a stack overflow.
#include "core/interop/json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/error.h"

namespace cnn::json {

const Value* Value::get(const std::string& key) const {
    if (kind != Object) return nullptr;
    for (auto it = members.rbegin(); it != members.rend(); ++it)
        if (it->first == key) return &it->second;
    return nullptr;
}

namespace {

void append_text(const Value& v, std::string& out, size_t max);

void append_string(const std::string& s, std::string& out) {
    out += '"';
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if ((unsigned char)c < 0x20) c = '?';
        out += c;
    }
    out += '"';
}

void append_number(double d, std::string& out) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", d);
    out += buf;
}

// Arrays and objects: items until the text is long enough.
void append_container(const Value& v, std::string& out, size_t max) {
    const bool arr = v.kind == Value::Array;
    out += arr ? '[' : '{';
    const size_t n = arr ? v.items.size() : v.members.size();
    for (size_t i = 0; i < n && out.size() <= max; i++) {
        if (i) out += ',';
        if (!arr) append_string(v.members[i].first, out), out += ':';
        append_text(arr ? v.items[i] : v.members[i].second, out, max);
    }
    out += arr ? ']' : '}';
}

void append_text(const Value& v, std::string& out, size_t max) {
    switch (v.kind) {
    case Value::Null: out += "null"; break;
    case Value::Bool: out += v.b ? "true" : "false"; break;
    case Value::Number: append_number(v.num, out); break;
    case Value::String: append_string(v.str, out); break;
    default: append_container(v, out, max);
    }
}

// UTF-8 bytes of code point cp (at most U+10FFFF).
void put_utf8(unsigned cp, std::string& out) {
    if (cp < 0x80) {
        out += (char)cp;
    } else if (cp < 0x800) {
        out += (char)(0xC0 | cp >> 6), out += (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += (char)(0xE0 | cp >> 12), out += (char)(0x80 | (cp >> 6 & 0x3F)), out += (char)(0x80 | (cp & 0x3F));
    } else {
        out += (char)(0xF0 | cp >> 18), out += (char)(0x80 | (cp >> 12 & 0x3F));
        out += (char)(0x80 | (cp >> 6 & 0x3F)), out += (char)(0x80 | (cp & 0x3F));
    }
}

struct Parser {
    const std::string& s;
    const std::string& name;
    const std::string& format;
    int max_depth;
    size_t i = 0;
    int depth = 0;

    [[noreturn]] void fail(const std::string& what, size_t at) const {
        throw Error(Errc::ImportMalformed, name + ": not valid " + format + " JSON: " + what + " at byte " + std::to_string(at),
                    {(long long)at}, {name, format});
    }
    void ws() {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
    }
    char peek() const { return i < s.size() ? s[i] : '\0'; }
    bool at_end() const { return i >= s.size(); }
    void expect(char c, const char* what) {
        if (at_end() || s[i] != c) fail(std::string("expected ") + what, i);
        i++;
    }

    Value value();
    Value literal();
    Value number();
    unsigned hex4();
    unsigned escape_code_point();
    void escape(std::string& out);
    std::string string_body();
    Value array();
    Value object();
};

Value Parser::literal() {
    static const struct { const char* word; Value::Kind kind; bool b; } words[] = {
        {"null", Value::Null, false}, {"true", Value::Bool, true}, {"false", Value::Bool, false}};
    for (const auto& w : words)
        if (s.compare(i, std::char_traits<char>::length(w.word), w.word) == 0) {
            Value v;
            v.kind = w.kind, v.b = w.b, v.offset = i;
            i += std::char_traits<char>::length(w.word);
            return v;
        }
    fail("unexpected character", i);
}

// -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?, then strtod on exactly those bytes.
Value Parser::number() {
    const size_t start = i;
    auto digits = [&] {
        const size_t d = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') i++;
        if (i == d) fail("expected a digit", i);
    };
    if (peek() == '-') i++;
    if (peek() == '0') i++;
    else digits();
    if (peek() == '.') i++, digits();
    if (peek() == 'e' || peek() == 'E') {
        i++;
        if (peek() == '+' || peek() == '-') i++;
        digits();
    }
    Value v;
    v.kind = Value::Number, v.offset = start;
    v.num = std::strtod(s.substr(start, i - start).c_str(), nullptr);
    if (!std::isfinite(v.num)) fail("number out of range", start);
    return v;
}

unsigned Parser::hex4() {
    unsigned cp = 0;
    for (int k = 0; k < 4; k++, i++) {
        const char c = peek();
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) fail("bad \\u escape", i);
        cp = cp * 16 + (unsigned)d;
    }
    return cp;
}

// After "\u": one code point, joining a UTF-16 surrogate pair; a lone surrogate is an error.
unsigned Parser::escape_code_point() {
    const size_t at = i - 2;
    unsigned cp = hex4();
    if (cp >= 0xDC00 && cp <= 0xDFFF) fail("lone low surrogate in \\u escape", at);
    if (cp < 0xD800 || cp > 0xDBFF) return cp;
    if (s.compare(i, 2, "\\u") != 0) fail("high surrogate without its low half", at);
    i += 2;
    const unsigned lo = hex4();
    if (lo < 0xDC00 || lo > 0xDFFF) fail("high surrogate without its low half", at);
    return 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
}

void Parser::escape(std::string& out) {
    const size_t at = i;
    i++;  // the backslash
    const char c = peek();
    i++;
    switch (c) {
    case '"': out += '"'; break;
    case '\\': out += '\\'; break;
    case '/': out += '/'; break;
    case 'b': out += '\b'; break;
    case 'f': out += '\f'; break;
    case 'n': out += '\n'; break;
    case 'r': out += '\r'; break;
    case 't': out += '\t'; break;
    case 'u': put_utf8(escape_code_point(), out); break;
    default: fail("bad escape in string", at);
    }
}

// From the opening quote to after the closing one. Bytes ≥ 0x80 are kept as they are.
std::string Parser::string_body() {
    const size_t start = i;
    expect('"', "a string");
    std::string out;
    for (;;) {
        if (at_end()) fail("unterminated string", start);
        const char c = s[i];
        if (c == '"') break;
        if ((unsigned char)c < 0x20) fail("control character in string", i);
        if (c == '\\') escape(out);
        else out += c, i++;
    }
    i++;
    return out;
}

Value Parser::array() {
    Value v;
    v.kind = Value::Array, v.offset = i;
    i++;
    ws();
    if (peek() == ']') return i++, v;
    for (;;) {
        v.items.push_back(value());
        ws();
        if (peek() == ']') return i++, v;
        expect(',', "',' or ']'");
    }
}

Value Parser::object() {
    Value v;
    v.kind = Value::Object, v.offset = i;
    i++;
    ws();
    if (peek() == '}') return i++, v;
    for (;;) {
        ws();
        std::string key = string_body();
        ws();
        expect(':', "':'");
        Value item = value();
        v.members.emplace_back(std::move(key), std::move(item));
        ws();
        if (peek() == '}') return i++, v;
        expect(',', "',' or '}'");
    }
}

Value Parser::value() {
    ws();
    if (at_end()) fail("unexpected end of text", i);
    const char c = s[i];
    if (c == '"') {
        Value v;
        v.kind = Value::String, v.offset = i;
        v.str = string_body();
        return v;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    if (c != '[' && c != '{') return literal();
    if (++depth > max_depth) fail("nested deeper than " + std::to_string(max_depth) + " levels", i);
    Value v = c == '[' ? array() : object();
    depth--;
    return v;
}

} // namespace

std::string Value::text(size_t max) const {
    std::string out;
    append_text(*this, out, max);
    if (out.size() > max) out = out.substr(0, max) + "...";
    return out;
}

Value parse(const std::string& text, const std::string& name, const std::string& format, int max_depth) {
    Parser p{text, name, format, max_depth};
    Value v = p.value();
    p.ws();
    if (!p.at_end()) p.fail("unexpected text after the value", p.i);
    return v;
}

} // namespace cnn::json
