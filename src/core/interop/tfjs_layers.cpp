// tfjs_layers.cpp — Keras layer configs (as tfjs-layers 4.x and the Keras 2 converter write
// them: class_name + config with snake_case keys) into spec items (tfjs_layers.h). Each
// setting this project cannot reproduce exactly is refused, naming the layer, rather than
// approximated. Not here: weights (tfjs.cpp).
#include "core/interop/tfjs_layers.h"

#include <climits>
#include <initializer_list>
#include <cmath>

#include "core/error.h"

namespace cnn::tfjs {

const char* const kFormat = "TensorFlow.js";

void malformed(const std::string& file, const json::Value* at, const std::string& what) {
    const long long off = at ? (long long)at->offset : -1;
    throw Error(Errc::ImportMalformed, file + ": not a " + kFormat + " Layers model: " + what +
                (at ? " (byte " + std::to_string(off) + ")" : std::string()), {off}, {file, kFormat});
}

void attribute(const std::string& file, const std::string& layer, const std::string& cls, const std::string& attr,
               const std::string& value) {
    throw Error(Errc::ImportAttribute, file + ": layer " + layer + " (" + cls + ") has " + attr + " " + value +
                ", which this program cannot reproduce", {}, {file, layer, cls, attr, value});
}

namespace {

[[noreturn]] void unsupported(const std::string& file, const std::string& layer, const std::string& cls) {
    throw Error(Errc::ImportUnsupported, file + ": layer " + layer + " of class " + cls + " is not supported", {},
                {file, layer, cls});
}

[[noreturn]] void not_chain(const std::string& file, const std::string& layer) {
    throw Error(Errc::ImportNotChain, file + ": the model is not one chain of layers from input to output (at " + layer + ")",
                {}, {file, layer});
}

// One layer of the JSON: its name, class and config object.
struct LayerRef {
    std::string name, cls;
    const json::Value* cfg;
    const json::Value* self;  // the whole layer object (inbound_nodes of functional models)
};

const std::string& string_member(const std::string& file, const json::Value& obj, const char* key) {
    const json::Value* v = obj.get(key);
    if (!v || v->kind != json::Value::String) malformed(file, &obj, std::string("no string \"") + key + "\"");
    return v->str;
}

LayerRef layer_ref(const std::string& file, const json::Value& v) {
    if (v.kind != json::Value::Object) malformed(file, &v, "a layer is not an object");
    const json::Value* cfg = v.get("config");
    if (!cfg || cfg->kind != json::Value::Object) malformed(file, &v, "a layer has no config object");
    const json::Value* name = cfg->get("name");
    if (!name || name->kind != json::Value::String) name = v.get("name");
    if (!name || name->kind != json::Value::String) malformed(file, cfg, "a layer has no name");
    return LayerRef{name->str, string_member(file, v, "class_name"), cfg, &v};
}

// A layer's config read key by key; anything unexpected is an ImportAttribute naming it.
struct Cfg {
    const std::string& file;
    const LayerRef& L;

    const json::Value* opt(const char* key) const {
        const json::Value* v = L.cfg->get(key);
        return v && !v->is_null() ? v : nullptr;
    }
    [[noreturn]] void bad(const char* key, const json::Value* v) const {
        attribute(file, L.name, L.cls, key, v ? v->text() : "none");
    }
    // A whole number from 1 to INT_MAX.
    int whole(const char* key, const json::Value* v) const {
        if (!v || v->kind != json::Value::Number || v->num < 1 || v->num > INT_MAX || v->num != std::floor(v->num)) bad(key, v);
        return (int)v->num;
    }
    int whole(const char* key) const { return whole(key, opt(key)); }
    // N or [N, N] (square windows, equal strides); `def` when absent (0: required).
    int square(const char* key, int def = 0) const {
        const json::Value* v = opt(key);
        if (!v && def) return def;
        if (v && v->kind == json::Value::Array) {
            if (v->items.size() != 2) bad(key, v);
            const int a = whole(key, &v->items[0]), b = whole(key, &v->items[1]);
            if (a != b) bad(key, v);
            return a;
        }
        return whole(key, v);
    }
    std::string word(const char* key, const char* def) const {
        const json::Value* v = opt(key);
        if (!v) return def;
        if (v->kind != json::Value::String) bad(key, v);
        return v->str;
    }
    bool flag(const char* key, bool def) const {
        const json::Value* v = opt(key);
        if (!v) return def;
        if (v->kind != json::Value::Bool) bad(key, v);
        return v->b;
    }
    // The key's word, which must be one of `allowed`.
    std::string one_of(const char* key, const char* def, std::initializer_list<const char*> allowed) const {
        const std::string w = word(key, def);
        for (const char* a : allowed)
            if (w == a) return w;
        bad(key, opt(key));
    }
    std::string activation() const {
        return one_of("activation", "linear", {"linear", "relu", "sigmoid", "tanh", "softmax"});
    }
    void channels_last() const { one_of("data_format", "channels_last", {"channels_last"}); }
};

KerasLayer conv2d(const Cfg& c) {
    c.channels_last();
    const int filters = c.whole("filters"), k = c.square("kernel_size"), s = c.square("strides", 1);
    if (c.square("dilation_rate", 1) != 1) c.bad("dilation_rate", c.opt("dilation_rate"));
    if (c.opt("groups") && c.whole("groups") != 1) c.bad("groups", c.opt("groups"));
    const std::string pad = c.one_of("padding", "valid", {"valid", "same"});
    const std::string spec = "conv(" + std::to_string(filters) + "," + std::to_string(k) + ",stride=" + std::to_string(s) +
                             ",pad=" + pad + "," + c.activation() + ")";
    return KerasLayer{c.L.name, c.L.cls, spec, true, c.flag("use_bias", true)};
}

KerasLayer pool2d(const Cfg& c, const char* item) {
    c.channels_last();
    c.one_of("padding", "valid", {"valid"});
    const int size = c.square("pool_size"), s = c.square("strides", size);  // null strides: the pool size
    const std::string spec = std::string(item) + "(" + std::to_string(size) + ",stride=" + std::to_string(s) + ")";
    return KerasLayer{c.L.name, c.L.cls, spec};
}

KerasLayer dense(const Cfg& c) {
    const std::string spec = "dense(" + std::to_string(c.whole("units")) + "," + c.activation() + ")";
    return KerasLayer{c.L.name, c.L.cls, spec, true, c.flag("use_bias", true)};
}

// One layer; an empty spec is an identity at inference (dropped).
KerasLayer keras_layer(const std::string& file, const LayerRef& L, bool first) {
    const Cfg c{file, L};
    if (L.cls == "Conv2D") return conv2d(c);
    if (L.cls == "MaxPooling2D") return pool2d(c, "maxpool");
    if (L.cls == "AveragePooling2D") return pool2d(c, "avgpool");
    if (L.cls == "Dense") return dense(c);
    if (L.cls == "Flatten") return c.channels_last(), KerasLayer{L.name, L.cls, "flatten"};
    if (L.cls == "Activation") {
        const std::string a = c.activation();
        return KerasLayer{L.name, L.cls, a == "linear" ? "" : a};
    }
    if (L.cls == "Dropout" || (L.cls == "InputLayer" && first)) return KerasLayer{L.name, L.cls, ""};
    unsupported(file, L.name, L.cls);
}

// "?x32x32x3": the shape as read, for ImportInput.
std::string shape_text(const json::Value& v) {
    if (v.kind != json::Value::Array) return v.text();
    std::string s;
    for (const json::Value& d : v.items) s += (s.empty() ? "" : "x") + (d.is_null() ? std::string("?") : d.text());
    return s.empty() ? "?" : s;
}

// [null, H, W, C] on the first layer (InputLayer or the first real layer) -> (C, H, W).
Shape read_input(const std::string& file, const LayerRef& first) {
    const json::Value* v = nullptr;
    for (const char* key : {"batch_input_shape", "batchInputShape", "batch_shape"})
        if (!v || v->is_null()) v = first.cfg->get(key);
    if (!v || v->is_null())
        throw Error(Errc::ImportInput, file + ": the model's input shape is not given", {}, {file, "?"});
    int d[3] = {0, 0, 0};
    bool ok = v->kind == json::Value::Array && v->items.size() == 4;
    for (int k = 0; ok && k < 3; k++) {
        const json::Value& x = v->items[k + 1];
        ok = x.kind == json::Value::Number && x.num >= 1 && x.num <= INT_MAX && x.num == std::floor(x.num);
        if (ok) d[k] = (int)x.num;
    }
    if (!ok)
        throw Error(Errc::ImportInput, file + ": input shape " + shape_text(*v) + " is not an image [batch, height, width, channels]",
                    {}, {file, shape_text(*v)});
    return Shape{d[2], d[0], d[1]};
}

// Functional models ("Model", "Functional"): each layer's one inbound node must be the
// layer before it, as tfjs writes them: inbound_nodes [[["previous", 0, 0, {}]]].
void check_chain(const std::string& file, const std::vector<LayerRef>& layers) {
    for (size_t i = 0; i < layers.size(); i++) {
        const json::Value* in = layers[i].self->get("inbound_nodes");
        const bool none = !in || (in->kind == json::Value::Array && in->items.empty());
        if (i == 0) {
            if (!none) not_chain(file, layers[i].name);
            continue;
        }
        const json::Value* src = nullptr;
        if (in && in->kind == json::Value::Array && in->items.size() == 1) {
            const json::Value& node = in->items[0];
            if (node.kind == json::Value::Array && node.items.size() == 1 && node.items[0].kind == json::Value::Array &&
                !node.items[0].items.empty())
                src = &node.items[0].items[0];
        }
        if (!src || src->kind != json::Value::String || src->str != layers[i - 1].name) not_chain(file, layers[i].name);
    }
}

// The layer array of a Sequential model (its config, or config.layers) or of a functional
// model whose layers form one chain.
std::vector<LayerRef> layer_list(const std::string& file, const json::Value& model) {
    const std::string& cls = string_member(file, model, "class_name");
    const json::Value* cfg = model.get("config");
    const json::Value* arr = cfg && cfg->kind == json::Value::Array ? cfg : cfg ? cfg->get("layers") : nullptr;
    const bool functional = cls == "Model" || cls == "Functional";
    if (cls != "Sequential" && !functional) {
        const json::Value* name = cfg ? cfg->get("name") : nullptr;
        unsupported(file, name && name->kind == json::Value::String ? name->str : "model", cls);
    }
    if (!arr || arr->kind != json::Value::Array) malformed(file, cfg ? cfg : &model, "the model has no layer array");
    std::vector<LayerRef> out;
    for (const json::Value& v : arr->items) out.push_back(layer_ref(file, v));
    if (out.empty()) malformed(file, arr, "the model has no layers");
    if (functional) check_chain(file, out);
    return out;
}

// modelTopology itself (tfjs's model.save) or its model_config (the Keras converter's).
const json::Value& model_config(const std::string& file, const json::Value& root) {
    if (root.kind != json::Value::Object) malformed(file, &root, "the text is not a JSON object");
    const json::Value* topo = root.get("modelTopology");
    if (!topo || topo->kind != json::Value::Object) malformed(file, &root, "no \"modelTopology\" object");
    const json::Value* inner = topo->get("model_config");
    const json::Value* m = inner && inner->kind == json::Value::Object ? inner : topo;
    if (!m->get("class_name")) malformed(file, m, "the model topology has no \"class_name\"");
    return *m;
}

} // namespace

std::string Topology::spec() const {
    std::string s = "input(" + std::to_string(input.c) + "," + std::to_string(input.h) + "," + std::to_string(input.w) + ")";
    for (const KerasLayer& L : layers) s += " " + L.spec;
    return s;
}

Topology read_topology(const json::Value& root, const std::string& file) {
    const std::vector<LayerRef> refs = layer_list(file, model_config(file, root));
    Topology t;
    for (size_t i = 0; i < refs.size(); i++) {
        KerasLayer L = keras_layer(file, refs[i], i == 0);
        if (!L.spec.empty()) t.layers.push_back(std::move(L));
    }
    t.input = read_input(file, refs[0]);
    return t;
}

} // namespace cnn::tfjs
