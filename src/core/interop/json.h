// json.h — a small reader of JSON text (RFC 8259) into a tree of values, for the model files
// of other programs (interop/). Every value keeps the byte offset where it starts, so errors
// about its content can say where it is. Not here: writing JSON, streaming, comments,
// NaN/Infinity or any other extension.
#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace cnn::json {

struct Value {
    enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
    bool b = false;          // Bool
    double num = 0;          // Number
    std::string str;         // String (UTF-8; \uXXXX escapes decoded)
    std::vector<Value> items;                            // Array, in order
    std::vector<std::pair<std::string, Value>> members;  // Object, in file order
    size_t offset = 0;       // byte offset of the value's first character in the text

    // The member `key` of an object (the last one when repeated, as JavaScript reads it);
    // null when absent or when this is not an object.
    const Value* get(const std::string& key) const;
    bool is_null() const { return kind == Null; }
    // The value as compact JSON, cut to about `max` characters ("...": cut), for error words.
    std::string text(size_t max = 60) const;
};

// Reads the whole text as one value (surrounding white space allowed). Throws Error
// ImportMalformed (n: byte offset; w: name, format) on a syntax error, a string with a raw
// control character or a bad escape, a number out of double's range, nesting deeper than
// max_depth, or anything after the value.
Value parse(const std::string& text, const std::string& name, const std::string& format, int max_depth = 64);

} // namespace cnn::json
