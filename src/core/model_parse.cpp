// model_parse.cpp — the model grammar (see model.h): one tokenizer, a spec read row by row
// with an error per row (parse_rows), the whole-model checks (Model::from_rows), and the one
// classifier check. Errors carry a code and numbers (error.h) beside their English text.
// Not here: allocating or running the model (model.cpp).
#include <cctype>
#include <cstdio>
#include <limits>
#include <map>
#include <sstream>

#include "core/error.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/pool2d.h"
#include "core/layers/simple.h"
#include "core/model.h"

namespace cnn {

namespace {

// One item of a spec as written: a name, its arguments, or why it does not read.
struct Item {
    std::string name;
    std::vector<std::string> pos;              // positional arguments
    std::map<std::string, std::string> named;  // key=value arguments
    int index = 0;                             // 1-based layer number (input(...) not counted)
    bool used_parens = false;
    ErrorInfo error;                           // set when the item itself does not read
};

std::string trim(const std::string& s) {
    size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::string lower(std::string s) {
    for (char& c : s) c = (char)std::tolower((unsigned char)c);
    return s;
}

bool is_sep(char c) { return c == ',' || c == ';' || std::isspace((unsigned char)c) || c == '>' || c == '-'; }

// The arguments between '(' and ')': "a, k=v" -> pos {a}, named {k: v}.
void read_args(const std::string& args, Item* it) {
    std::stringstream ss(args);
    std::string a;
    while (std::getline(ss, a, ',')) {
        a = trim(a);
        if (a.empty()) continue;
        size_t eq = a.find('=');
        if (eq == std::string::npos) it->pos.push_back(lower(a));
        else it->named[lower(trim(a.substr(0, eq)))] = lower(trim(a.substr(eq + 1)));
    }
}

// Items are separated by ',', ';', '>', '-' or spaces outside parentheses. A character that
// starts no name becomes an item of its own with the error; a missing ')' ends the spec.
std::vector<Item> tokenize(const std::string& spec) {
    std::vector<Item> items;
    size_t i = 0, n = spec.size();
    while (i < n) {
        while (i < n && is_sep(spec[i])) i++;
        if (i >= n) break;
        size_t start = i;
        while (i < n && (std::isalnum((unsigned char)spec[i]) || spec[i] == '_')) i++;
        Item it;
        it.name = lower(spec.substr(start, i - start));
        if (it.name.empty()) {
            const std::string ch(1, spec[i]);
            it.name = ch;
            it.error = ErrorInfo{Errc::BadCharacter, 0, {(long long)i + 1}, {ch},
                                 "model spec: unexpected character '" + ch + "' at position " + std::to_string(i + 1)};
            items.push_back(it);
            i++;
            continue;
        }
        while (i < n && spec[i] == ' ') i++;
        if (i < n && spec[i] == '(') {
            it.used_parens = true;
            size_t close = spec.find(')', i);
            if (close == std::string::npos) {
                it.error = ErrorInfo{Errc::NoClosingParen, 0, {}, {it.name}, "has no closing ')'"};
                items.push_back(it);
                break;
            }
            read_args(spec.substr(i + 1, close - i - 1), &it);
            i = close + 1;
        }
        items.push_back(it);
    }
    return items;
}

// An error about item `it` (its words start with the item's name); what() names the layer.
[[noreturn]] void bad(const Item& it, Errc code, const std::string& what, std::vector<std::string> w = {}) {
    w.insert(w.begin(), it.name);
    throw Error(ErrorInfo{code, it.index, {}, std::move(w),
                          "model spec: layer " + std::to_string(it.index) + " '" + it.name + "': " + what});
}

int to_int(const Item& it, const std::string& key, const std::string& v) {
    char* end = nullptr;
    long x = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end || x < -1000000 || x > 1000000)
        bad(it, Errc::NotWholeNumber, key + " must be a whole number, got '" + v + "'", {key, v});
    return (int)x;
}

// Takes the value of one of `keys` if named, else the next positional integer argument.
struct Args {
    const Item& it;
    std::vector<std::string> pos;  // positional left after activations were taken out
    std::map<std::string, std::string> named;
    Activation act = Activation::Linear;
    explicit Args(const Item& item) : it(item), named(item.named) {
        for (const auto& p : item.pos) {
            Activation a;
            if (parse_activation(p, &a)) act = a;
            else pos.push_back(p);
        }
        for (const char* k : {"act", "activation"}) {
            auto f = named.find(k);
            if (f == named.end()) continue;
            if (!parse_activation(f->second, &act))
                bad(it, Errc::UnknownActivation,
                    "unknown activation '" + f->second + "' (use linear, relu, sigmoid, tanh or softmax)", {f->second});
            named.erase(f);
        }
    }
    bool take(std::initializer_list<const char*> keys, bool positional, std::string* out) {
        for (const char* k : keys) {
            auto f = named.find(k);
            if (f != named.end()) { *out = f->second; named.erase(f); return true; }
        }
        if (positional && !pos.empty()) { *out = pos.front(); pos.erase(pos.begin()); return true; }
        return false;
    }
    int take_int(std::initializer_list<const char*> keys, bool positional, int def, bool required) {
        std::string v;
        if (!take(keys, positional, &v)) {
            if (required) bad(it, Errc::MissingArgument, std::string("missing ") + *keys.begin(), {*keys.begin()});
            return def;
        }
        return to_int(it, *keys.begin(), v);
    }
    void finish() {
        if (!pos.empty()) bad(it, Errc::UnexpectedArg, "unexpected argument '" + pos.front() + "'", {pos.front()});
        if (!named.empty())
            bad(it, Errc::UnknownOption, "unknown option '" + named.begin()->first + "'", {named.begin()->first});
    }
};

std::unique_ptr<Layer> make_conv(const Item& it, Args& a) {
    int f = a.take_int({"filters", "f"}, true, 0, true);
    int k = a.take_int({"kernel", "k", "kernel_size"}, true, 3, false);
    int s = a.take_int({"stride", "s", "strides"}, false, 1, false);
    Padding pad;
    std::string p;
    if (a.take({"pad", "padding", "p"}, false, &p)) {
        if (p == "valid") pad.kind = Padding::Valid;
        else if (p == "same") pad.kind = Padding::Same;
        else { pad.kind = Padding::Explicit; pad.p = to_int(it, "pad", p); }
    }
    return std::unique_ptr<Layer>(new Conv2D(f, k, s, pad, a.act));
}

bool is_pool(const std::string& n) {
    return n == "maxpool" || n == "maxpool2d" || n == "max_pooling2d" || n == "avgpool" || n == "avgpool2d" ||
           n == "average_pooling2d";
}

// The layer an item names, or Error (code and row) when the item does not read.
std::unique_ptr<Layer> make_layer(const Item& it) {
    if (it.error) {
        ErrorInfo e = it.error;  // a stray character says its position instead of a layer
        e.row = it.index;
        if (e.code != Errc::BadCharacter)
            e.what = "model spec: layer " + std::to_string(it.index) + " '" + it.name + "' " + e.what;
        throw Error(e);
    }
    if (it.name == "input") bad(it, Errc::InputNotFirst, "input(...) may only come first");
    const std::string& n = it.name;
    Args a(it);
    std::unique_ptr<Layer> L;
    if (n == "conv" || n == "conv2d") {
        L = make_conv(it, a);
    } else if (is_pool(n)) {
        int size = a.take_int({"size", "pool_size", "k"}, true, 2, false);
        int s = a.take_int({"stride", "s", "strides"}, true, 0, false);
        L.reset(new Pool2D(n[0] == 'm' ? Pool2D::Max : Pool2D::Avg, size, s));
        if (a.act != Activation::Linear) bad(it, Errc::PoolActivation, "pooling takes no activation");
    } else if (n == "dense") {
        L.reset(new Dense(a.take_int({"units", "u"}, true, 0, true), a.act));
    } else if (n == "flatten") {
        L.reset(new Flatten());
    } else {
        Activation act;
        if (!parse_activation(n, &act) || act == Activation::Linear)
            bad(it, Errc::UnknownLayer,
                "unknown layer type (use conv, maxpool, avgpool, dense, flatten, relu, sigmoid, tanh, softmax)");
        if (it.used_parens && (!it.pos.empty() || !it.named.empty())) bad(it, Errc::TakesNoArguments, "takes no arguments");
        return std::unique_ptr<Layer>(new ActivationLayer(act));
    }
    a.finish();
    return L;
}

// Kernels index one sample (and a convolution's column matrix C·K·K × P) with int, and the
// weights are allocated right after parsing: refuse sizes that would overflow an int or that
// no memory could hold, before anything is allocated (a spec or a model file can ask for
// anything). Counted in double, which holds these products without overflow.
constexpr double kMaxElements = 2147483647.0;  // per sample, per layer
constexpr double kMaxParams = 134217728.0;     // 2^27 parameters: 512 MB per copy of the weights

double elements(const Shape& s) { return (double)s.c * s.h * s.w; }

// A count for ErrorInfo's numbers: sizes past 2^63 (a fuzzed file's kernel over huge
// channels) saturate instead of overflowing the conversion.
long long saturated(double v) { return v < 9.2e18 ? (long long)v : std::numeric_limits<long long>::max(); }

std::string big(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.3g", v);
    return b;
}

void check_sizes(const Layer& L, const std::string& who) {
    if (elements(L.out) > kMaxElements)
        throw Error(Errc::OutputTooLarge, who + ": its output of " + big(elements(L.out)) +
                    " values per image is too large (at most 2^31 - 1)", {saturated(elements(L.out))}, {L.name});
    double params = 0;
    if (auto* c = dynamic_cast<const Conv2D*>(&L)) {
        double ckk = (double)c->in.c * c->k * c->k, cols = ckk * c->out.h * c->out.w;
        if (cols > kMaxElements)
            throw Error(Errc::ColumnsTooLarge, who + ": a " + std::to_string(c->k) + "x" + std::to_string(c->k) +
                        " kernel over " + std::to_string(c->in.c) + " channels at " +
                        std::to_string(c->out.h * c->out.w) + " positions is too large (" + big(cols) +
                        " values per image)", {c->k, c->in.c, saturated((double)c->out.h * c->out.w), saturated(cols)}, {L.name});
        params = (ckk + 1) * c->filters;
    } else if (auto* d = dynamic_cast<const Dense*>(&L)) {
        params = ((double)d->in.c + 1) * d->units;
    }
    if (params > kMaxParams)
        throw Error(Errc::TooManyParams, who + ": " + big(params) +
                    " parameters are too many (this program allows at most 134,217,728 in a model)",
                    {saturated(params)}, {L.name});
}

const char* base_name(const Layer& l) {
    std::string k = l.kind();
    if (k == "Conv2D") return "conv2d";
    if (k == "MaxPooling2D") return "max_pooling2d";
    if (k == "AveragePooling2D") return "average_pooling2d";
    if (k == "Dense") return "dense";
    if (k == "Flatten") return "flatten";
    return "activation";
}

// input(C,H,W) as the first item: the input shape, or the error (row 0).
ErrorInfo read_input(const Item& it, Shape* input) {
    auto fail = [&](Errc code, const std::string& what, std::vector<long long> n = {}) {
        return ErrorInfo{code, 0, std::move(n), {"input"}, "model spec: input(...): " + what};
    };
    if (it.error) return fail(it.error.code, it.error.what);
    if (it.pos.size() != 3 || !it.named.empty()) return fail(Errc::InputSyntax, "expects input(C,H,W)");
    try {
        *input = Shape{to_int(it, "C", it.pos[0]), to_int(it, "H", it.pos[1]), to_int(it, "W", it.pos[2])};
    } catch (const Error& e) {
        ErrorInfo info = e.info;
        info.row = 0;
        return info;
    }
    std::vector<long long> chw{input->c, input->h, input->w};
    if (input->c <= 0 || input->h <= 0 || input->w <= 0) return fail(Errc::InputNotPositive, "sizes must be positive", chw);
    if (elements(*input) > kMaxElements)
        return fail(Errc::InputTooLarge, "an image of " + std::to_string(input->c) + "x" + std::to_string(input->h) +
                    "x" + std::to_string(input->w) + " values is too large", chw);
    return {};
}

// Shapes row after row from the input; the first row that cannot take its input (or that
// does not read) ends the shaped part and gives the spec its error.
void infer_rows(SpecRows& r) {
    Shape s = r.input;
    for (size_t i = 0; i < r.rows.size(); i++) {
        SpecRow& row = r.rows[i];
        if (!row.error && row.layer) {
            Layer& L = *row.layer;
            const std::string where = "layer " + std::to_string(i + 1) + " ";
            try {
                L.infer(s);
                check_sizes(L, where + L.name + " (" + L.kind() + ")");
                row.shaped = true;
                s = L.out;
                continue;
            } catch (const Error& e) {
                const bool sized = e.info.code == Errc::OutputTooLarge || e.info.code == Errc::ColumnsTooLarge ||
                                   e.info.code == Errc::TooManyParams;
                row.error = e.info;
                row.error.what = sized ? e.info.what : where + e.info.what;
                row.error.row = (int)i + 1;
            }
        }
        r.error = row.error;
        r.bad_row = (int)i;
        return;
    }
}

} // namespace

Shape SpecRows::output() const {
    Shape s = input;
    for (const SpecRow& row : rows)
        if (row.shaped) s = row.layer->out;
    return s;
}

SpecRows parse_rows(const std::string& spec) {
    SpecRows r;
    std::vector<Item> items = tokenize(spec);
    size_t first = 0;
    if (!items.empty() && items[0].name == "input") {
        r.error = read_input(items[0], &r.input);
        first = 1;
    }
    std::map<std::string, int> counts;
    for (size_t i = first; i < items.size(); i++) {
        items[i].index = (int)(i - first + 1);  // layers are numbered without input(...)
        SpecRow row;
        try {
            row.layer = make_layer(items[i]);
            std::string base = base_name(*row.layer);
            int c = counts[base]++;
            row.layer->name = c == 0 ? base : base + "_" + std::to_string(c);
        } catch (const Error& e) {
            row.error = e.info;
        }
        r.rows.push_back(std::move(row));
    }
    if (r.error) return r;  // input(...) wrong: no row can be shaped
    if (items.empty()) {
        r.error = ErrorInfo{Errc::SpecEmpty, 0, {}, {}, "model spec is empty (example: " + std::string(kTutorialModel) + ")"};
    } else if (r.rows.empty()) {
        r.error = ErrorInfo{Errc::NoLayers, 0, {}, {}, "model spec has no layers"};
    }
    infer_rows(r);
    return r;
}

// The checks of the stack as a whole, once every row has its shape.
static ErrorInfo whole_model_error(const Model& m) {
    for (size_t i = 0; i + 1 < m.layers.size(); i++)
        if (m.layers[i]->activation() == Activation::Softmax)
            return ErrorInfo{Errc::SoftmaxNotLast, (int)i + 1, {}, {m.layers[i]->name},
                             "layer " + std::to_string(i + 1) + " " + m.layers[i]->name +
                                 ": softmax is only supported on the last layer"};
    const std::string& last = m.layers.back()->name;
    const int rows = (int)m.layers.size();
    const Shape out = m.output_shape();
    if (!out.flat())
        return ErrorInfo{Errc::EndsNotFlat, rows, {}, {last, out.keras()},
                         "the last layer " + last + " outputs " + out.keras() +
                             "; a classifier must end in a flat vector (add flatten and dense(10,softmax))"};
    if (out.size() < 2)
        return ErrorInfo{Errc::TooFewOutputs, rows, {out.size()}, {last},
                         "the last layer " + last + " has " + std::to_string(out.size()) +
                             " output; a classifier needs one per class"};
    if ((double)m.num_params() > kMaxParams)
        return ErrorInfo{Errc::TooManyParams, 0, {(long long)m.num_params()}, {""},
                         "the model has " + std::to_string(m.num_params()) +
                             " parameters; this program allows at most 134,217,728"};
    return {};
}

Model Model::from_rows(SpecRows&& r) {
    if (r.error) throw Error(r.error);
    Model m;
    m.input = r.input;
    for (SpecRow& row : r.rows) m.layers.push_back(std::move(row.layer));
    ErrorInfo e = whole_model_error(m);
    if (e) throw Error(e);
    return m;
}

Model Model::parse_shapes(const std::string& spec) { return from_rows(parse_rows(spec)); }

Model Model::parse(const std::string& spec) {
    Model m = parse_shapes(spec);
    m.allocate();
    return m;
}

ErrorInfo classifier_error(const Shape& input, const Shape& output, const Shape& image, int classes) {
    if (input != image)
        return ErrorInfo{Errc::InputNotImage, 0, {image.c, image.h, image.w, input.c, input.h, input.w}, {},
                         "the model's input " + input.keras() + " does not match the images " + image.keras()};
    if (!output.flat() || output.size() != classes)
        return ErrorInfo{Errc::NotClassifier, 0, {output.size(), classes}, {output.keras()},
                         "the model gives " + std::to_string(output.size()) + " outputs " + output.keras() +
                             ", but a classifier of " + std::to_string(classes) + " classes must end in " +
                             std::to_string(classes) + " class scores, e.g. dense(" + std::to_string(classes) +
                             ",softmax)"};
    return {};
}

ErrorInfo classifier_error(const Model& m, const Shape& image, int classes) {
    return classifier_error(m.input, m.output_shape(), image, classes);
}

} // namespace cnn
