// model.cpp — parsing the model grammar (see model.h), shape inference, the Keras-style
// summary, the parameter slab, and the forward/backward passes with softmax + sparse
// categorical cross-entropy at the end.
#include "core/model.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <sstream>

#include "core/error.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/pool2d.h"
#include "core/layers/simple.h"

namespace cnn {

const char* const kTutorialModel =
    "conv(32,3,relu) maxpool(2) conv(64,3,relu) maxpool(2) conv(64,3,relu) "
    "flatten dense(64,relu) dense(10,softmax)";

// ---- parsing ---------------------------------------------------------------------------

namespace {

struct Item {
    std::string name;
    std::vector<std::string> pos;              // positional arguments
    std::map<std::string, std::string> named;  // key=value arguments
    int index = 0;                             // 1-based position in the spec
    bool used_parens = false;
};

std::string trim(const std::string& s) {
    size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::string lower(std::string s) {
    for (char& c : s) c = (char)std::tolower((unsigned char)c);
    return s;
}

std::vector<Item> tokenize(const std::string& spec) {
    std::vector<Item> items;
    size_t i = 0, n = spec.size();
    auto is_sep = [](char c) { return c == ',' || c == ';' || std::isspace((unsigned char)c) || c == '>' || c == '-'; };
    while (i < n) {
        while (i < n && is_sep(spec[i])) i++;
        if (i >= n) break;
        size_t start = i;
        while (i < n && (std::isalnum((unsigned char)spec[i]) || spec[i] == '_')) i++;
        Item it;
        it.index = (int)items.size() + 1;
        it.name = lower(spec.substr(start, i - start));
        if (it.name.empty())
            throw Error("model spec: unexpected character '" + std::string(1, spec[i]) + "' at position " +
                        std::to_string(i + 1));
        while (i < n && spec[i] == ' ') i++;
        if (i < n && spec[i] == '(') {
            it.used_parens = true;
            size_t close = spec.find(')', i);
            if (close == std::string::npos)
                throw Error("model spec: layer " + std::to_string(it.index) + " '" + it.name + "' has no closing ')'");
            std::string args = spec.substr(i + 1, close - i - 1);
            std::stringstream ss(args);
            std::string a;
            while (std::getline(ss, a, ',')) {
                a = trim(a);
                if (a.empty()) continue;
                size_t eq = a.find('=');
                if (eq == std::string::npos) it.pos.push_back(lower(a));
                else it.named[lower(trim(a.substr(0, eq)))] = lower(trim(a.substr(eq + 1)));
            }
            i = close + 1;
        }
        items.push_back(it);
    }
    return items;
}

[[noreturn]] void bad(const Item& it, const std::string& what) {
    throw Error("model spec: layer " + std::to_string(it.index) + " '" + it.name + "': " + what);
}

int to_int(const Item& it, const std::string& key, const std::string& v) {
    char* end = nullptr;
    long x = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end || x < -1000000 || x > 1000000) bad(it, key + " must be a whole number, got '" + v + "'");
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
                bad(it, "unknown activation '" + f->second + "' (use linear, relu, sigmoid, tanh or softmax)");
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
            if (required) bad(it, std::string("missing ") + *keys.begin());
            return def;
        }
        return to_int(it, *keys.begin(), v);
    }
    void finish() {
        if (!pos.empty()) bad(it, "unexpected argument '" + pos.front() + "'");
        if (!named.empty()) bad(it, "unknown option '" + named.begin()->first + "'");
    }
};

std::unique_ptr<Layer> make_layer(const Item& it) {
    const std::string& n = it.name;
    Args a(it);
    std::unique_ptr<Layer> L;
    if (n == "conv" || n == "conv2d") {
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
        L.reset(new Conv2D(f, k, s, pad, a.act));
    } else if (n == "maxpool" || n == "maxpool2d" || n == "max_pooling2d" || n == "avgpool" ||
               n == "avgpool2d" || n == "average_pooling2d") {
        int size = a.take_int({"size", "pool_size", "k"}, true, 2, false);
        int s = a.take_int({"stride", "s", "strides"}, true, 0, false);
        L.reset(new Pool2D(n[0] == 'm' ? Pool2D::Max : Pool2D::Avg, size, s));
        if (a.act != Activation::Linear) bad(it, "pooling takes no activation");
    } else if (n == "dense") {
        int u = a.take_int({"units", "u"}, true, 0, true);
        L.reset(new Dense(u, a.act));
    } else if (n == "flatten") {
        L.reset(new Flatten());
    } else {
        Activation act;
        if (!parse_activation(n, &act) || act == Activation::Linear)
            bad(it, "unknown layer type (use conv, maxpool, avgpool, dense, flatten, relu, sigmoid, tanh, softmax)");
        if (it.used_parens && (!it.pos.empty() || !it.named.empty())) bad(it, "takes no arguments");
        return std::unique_ptr<Layer>(new ActivationLayer(act));
    }
    a.finish();
    return L;
}

// Kernels index one sample (and a convolution's column matrix C·K·K × P) with int, and the
// weights are allocated right after parsing: refuse sizes that would overflow an int or that
// no memory could hold, before anything is allocated (a spec or a model file can ask for
// anything). Counted in double, which holds these products without overflow.
constexpr double kMaxElements = 2147483647.0;         // per sample, per layer
constexpr double kMaxParams = 134217728.0;            // 2^27 parameters: 512 MB per copy of the weights

double elements(const Shape& s) { return (double)s.c * s.h * s.w; }

void check_sizes(const Layer& L, const std::string& who) {
    auto big = [](double v) { char b[32]; std::snprintf(b, sizeof b, "%.3g", v); return std::string(b); };
    if (elements(L.out) > kMaxElements)
        throw Error(who + ": its output of " + big(elements(L.out)) + " values per image is too large (at most 2^31 - 1)");
    double params = 0;
    if (auto* c = dynamic_cast<const Conv2D*>(&L)) {
        double ckk = (double)c->in.c * c->k * c->k;
        if (ckk * c->out.h * c->out.w > kMaxElements)
            throw Error(who + ": a " + std::to_string(c->k) + "x" + std::to_string(c->k) + " kernel over " +
                        std::to_string(c->in.c) + " channels at " + std::to_string(c->out.h * c->out.w) +
                        " positions is too large (" + big(ckk * c->out.h * c->out.w) + " values per image)");
        params = (ckk + 1) * c->filters;
    } else if (auto* d = dynamic_cast<const Dense*>(&L)) {
        params = ((double)d->in.c + 1) * d->units;
    }
    if (params > kMaxParams)
        throw Error(who + ": " + big(params) + " parameters are too many (this program allows at most 134,217,728 in a model)");
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

} // namespace

Model Model::parse(const std::string& spec) {
    Model m = parse_shapes(spec);
    m.allocate();
    return m;
}

Model Model::parse_shapes(const std::string& spec) {
    Model m;
    std::vector<Item> items = tokenize(spec);
    if (items.empty()) throw Error("model spec is empty (example: " + std::string(kTutorialModel) + ")");
    size_t first = 0;
    if (items[0].name == "input") {
        const Item& it = items[0];
        if (it.pos.size() != 3 || !it.named.empty()) bad(it, "expects input(C,H,W)");
        m.input = Shape{to_int(it, "C", it.pos[0]), to_int(it, "H", it.pos[1]), to_int(it, "W", it.pos[2])};
        if (m.input.c <= 0 || m.input.h <= 0 || m.input.w <= 0) bad(it, "sizes must be positive");
        if (elements(m.input) > kMaxElements) bad(it, "an image of " + std::to_string(m.input.c) + "x" + std::to_string(m.input.h) + "x" + std::to_string(m.input.w) + " values is too large");
        first = 1;
    }
    std::map<std::string, int> counts;
    Shape s = m.input;
    for (size_t i = first; i < items.size(); i++) {
        if (items[i].name == "input") bad(items[i], "input(...) may only come first");
        items[i].index = (int)(i - first + 1);  // layers are numbered without input(...)
        std::unique_ptr<Layer> L = make_layer(items[i]);
        std::string base = base_name(*L);
        int c = counts[base]++;
        L->name = c == 0 ? base : base + "_" + std::to_string(c);
        try {
            L->infer(s);
        } catch (const Error& e) {
            throw Error("layer " + std::to_string(i - first + 1) + " " + e.what());
        }
        check_sizes(*L, "layer " + std::to_string(i - first + 1) + " " + L->name + " (" + L->kind() + ")");
        s = L->out;
        m.layers.push_back(std::move(L));
    }
    if (m.layers.empty()) throw Error("model spec has no layers");
    for (size_t i = 0; i + 1 < m.layers.size(); i++)
        if (m.layers[i]->activation() == Activation::Softmax)
            throw Error("layer " + std::to_string(i + 1) + " " + m.layers[i]->name +
                        ": softmax is only supported on the last layer");
    if (!m.output_shape().flat())
        throw Error("the last layer " + m.layers.back()->name + " outputs " + m.output_shape().keras() +
                    "; a classifier must end in a flat vector (add flatten and dense(10,softmax))");
    if (m.output_shape().size() < 2)
        throw Error("the last layer " + m.layers.back()->name + " has " +
                    std::to_string(m.output_shape().size()) + " output; a classifier needs one per class");
    size_t total = 0;
    for (auto& L : m.layers) total += L->num_params();
    if ((double)total > kMaxParams)
        throw Error("the model has " + std::to_string(total) + " parameters; this program allows at most 134,217,728");
    return m;
}

void Model::allocate() {
    size_t total = num_params();
    params.assign(total, 0.f);
    grads.assign(total, 0.f);
    bind();
}

size_t Model::num_params() const {
    size_t total = 0;
    for (auto& L : layers) total += L->num_params();
    return total;
}

void Model::bind() {
    size_t off = 0;
    for (auto& L : layers) {
        L->bind(params.data() + off, grads.data() + off);
        off += L->num_params();
    }
}

void Model::init(uint64_t seed) {
    Rng rng(seed);
    for (auto& L : layers) L->init(rng);
}

std::string Model::spec() const {
    std::string s;
    if (input != Shape{3, 32, 32})
        s = "input(" + std::to_string(input.c) + "," + std::to_string(input.h) + "," + std::to_string(input.w) + ") ";
    for (size_t i = 0; i < layers.size(); i++) s += (i ? " " : "") + layers[i]->spec();
    return s;
}

static std::string with_commas(size_t v) {
    std::string s = std::to_string(v), r;
    int k = 0;
    for (size_t i = s.size(); i-- > 0;) {
        r.insert(r.begin(), s[i]);
        if (++k % 3 == 0 && i > 0) r.insert(r.begin(), ',');
    }
    return r;
}

std::string Model::summary() const {
    std::ostringstream o;
    // Columns as wide as the longest entry needs (always one space between columns).
    auto pad = [](std::string s, size_t w) { s.append(s.size() < w ? w - s.size() : 1, ' '); return s; };
    size_t c1 = 29;
    for (auto& L : layers) c1 = std::max(c1, L->name.size() + std::strlen(L->kind()) + 5);
    std::string line(c1 + 36, '_'), dline(c1 + 36, '=');
    o << "Model: \"sequential\"\n" << line << "\n";
    o << pad(" Layer (type)", c1) << pad("Output Shape", 26) << "Param #\n" << dline << "\n";
    size_t total = 0;
    for (size_t i = 0; i < layers.size(); i++) {
        const Layer& L = *layers[i];
        o << pad(" " + L.name + " (" + L.kind() + ")", c1) << pad(L.out.keras(), 26)
          << with_commas(L.num_params()) << "\n";
        o << (i + 1 < layers.size() ? "\n" : "");
        total += L.num_params();
    }
    o << dline << "\n";
    o << "Total params: " << with_commas(total) << "\n";
    o << "Trainable params: " << with_commas(total) << "\n";
    o << "Non-trainable params: 0\n" << line << "\n";
    return o.str();
}

size_t Model::training_bytes(int N) const {
    size_t floats = num_params() * 4;  // params, grads, Adam m and v
    size_t maxact = input.size();
    for (auto& L : layers) {
        floats += (size_t)N * L->out.size();  // activation
        maxact = std::max(maxact, (size_t)L->out.size());
        if (auto* c = dynamic_cast<const Conv2D*>(L.get()))
            floats += (size_t)(N + 2) * c->ckk() * c->positions();  // im2col cache + scratch
    }
    floats += 2 * (size_t)N * maxact;  // gradient ping-pong
    return floats * sizeof(float);
}

void Model::ensure_buffers(int N) {
    if (N <= capacity_) return;
    acts_.resize(layers.size());
    size_t maxact = input.size();
    for (size_t i = 0; i < layers.size(); i++) {
        acts_[i].assign((size_t)N * layers[i]->out.size(), 0.f);
        maxact = std::max(maxact, (size_t)layers[i]->out.size());
    }
    probs_.assign((size_t)N * num_classes(), 0.f);
    dbuf_[0].assign((size_t)N * maxact, 0.f);
    dbuf_[1].assign((size_t)N * maxact, 0.f);
    capacity_ = N;
}

const float* Model::forward(const float* x, int N, bool train, ThreadPool& pool) {
    ensure_buffers(N);
    const float* cur = x;
    for (size_t i = 0; i < layers.size(); i++) {
        layers[i]->forward(cur, acts_[i].data(), N, train, pool);
        cur = acts_[i].data();
    }
    if (layers.back()->activation() == Activation::Softmax) {
        out_ = cur;
    } else {
        // logits -> probabilities (from_logits=True in Keras terms)
        std::copy(cur, cur + (size_t)N * num_classes(), probs_.begin());
        activation_forward(Activation::Softmax, probs_.data(), N, num_classes());
        out_ = probs_.data();
    }
    return out_;
}

double Model::loss(const int* y, int N, int* correct) const {
    const int K = num_classes();
    const float eps = 1e-7f;
    double sum = 0;
    int ok = 0;
    for (int n = 0; n < N; n++) {
        const float* p = out_ + (size_t)n * K;
        float py = std::min(std::max(p[y[n]], eps), 1.f - eps);
        sum -= std::log((double)py);
        if (std::max_element(p, p + K) - p == y[n]) ok++;
    }
    if (correct) *correct = ok;
    return N ? sum / N : 0;
}

double Model::backward(const float* x, const int* y, int N, ThreadPool& pool) {
    const int K = num_classes();
    std::fill(grads.begin(), grads.end(), 0.f);
    double L = loss(y, N);
    // Softmax + cross-entropy together: d(mean loss)/d(logits) = (p − onehot(y)) / N. This is
    // the gradient before the last layer's softmax (or before the implicit one).
    float* dy = dbuf_[0].data();
    const float invN = 1.f / (float)N;
    for (int n = 0; n < N; n++)
        for (int k = 0; k < K; k++)
            dy[(size_t)n * K + k] = (out_[(size_t)n * K + k] - (k == y[n] ? 1.f : 0.f)) * invN;
    bool preact = layers.back()->activation() == Activation::Softmax;
    int which = 0;
    for (size_t i = layers.size(); i-- > 0;) {
        const float* xin = i ? acts_[i - 1].data() : x;
        float* dx = i ? dbuf_[1 - which].data() : nullptr;
        layers[i]->backward(xin, acts_[i].data(), dbuf_[which].data(), dx, N, preact, pool);
        preact = false;
        which = 1 - which;
    }
    return L;
}

} // namespace cnn
