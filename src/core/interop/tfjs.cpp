// tfjs.cpp — a TensorFlow.js Layers model into a Model (tfjs.h): the layers through
// tfjs_layers.cpp, then the weightsManifest checked against the Model's shapes before any
// shard is read, then the shards read and the kernels rearranged. Every size is checked
// before it is used, so a hostile model.json ends in an Error, never a huge allocation.
// Layouts: Keras Conv2D kernel (K, K, C, OC) -> (OC, C, K, K); a Dense kernel (I, O) after a
// Flatten has its rows in Keras's (H, W, C) order, moved to this project's (C, H, W) order.
// Not here: JSON syntax (json.cpp), Keras configs (tfjs_layers.cpp).
#include "core/interop/tfjs.h"

#include <algorithm>
#include <cstring>
#include <memory>

#include "core/error.h"
#include "core/file_read.h"
#include "core/interop/json.h"
#include "core/interop/tfjs_layers.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"

namespace cnn {

using tfjs::kFormat;

namespace {

constexpr uint64_t kHuge = uint64_t(1) << 50;  // saturation of counts and offsets (never a real size)

// One entry of weightsManifest: its group (paths) and where its bytes start in the group.
struct WeightEntry {
    std::string name;
    std::vector<uint64_t> shape;
    uint64_t count = 0;       // values (saturated at kHuge)
    size_t group = 0;
    uint64_t offset = 0;      // bytes from the start of the group's concatenated shards
};

struct Manifest {
    std::vector<std::vector<std::string>> paths;  // per group: its shard files, in order
    std::vector<WeightEntry> weights;
};

std::string shape_text(const std::vector<uint64_t>& s) {
    std::string t;
    for (uint64_t d : s) t += (t.empty() ? "" : "x") + std::to_string(d);
    return t.empty() ? "scalar" : t;
}

// {name, shape, dtype}: float32 only, no quantization; the count saturates at kHuge.
WeightEntry weight_entry(const std::string& file, const json::Value& w) {
    const json::Value* name = w.get("name");
    const json::Value* shape = w.get("shape");
    if (!name || name->kind != json::Value::String || !shape || shape->kind != json::Value::Array)
        tfjs::malformed(file, &w, "a weight has no name or shape");
    WeightEntry e;
    e.name = name->str;
    e.count = 1;
    for (const json::Value& d : shape->items) {
        if (d.kind != json::Value::Number || d.num < 0 || d.num > (double)kHuge || d.num != (double)(uint64_t)d.num)
            tfjs::malformed(file, &d, "weight " + e.name + " has a bad dimension");
        e.shape.push_back((uint64_t)d.num);
        e.count = e.shape.back() && e.count > kHuge / e.shape.back() ? kHuge : e.count * e.shape.back();
    }
    const json::Value* dtype = w.get("dtype");
    const std::string dt = dtype && dtype->kind == json::Value::String ? dtype->str : dtype ? dtype->text() : "none";
    if (dt != "float32") tfjs::attribute(file, e.name, "weight", "dtype", dt);
    const json::Value* q = w.get("quantization");
    if (q && !q->is_null()) tfjs::attribute(file, e.name, "weight", "quantization", q->text());
    return e;
}

// One group {paths, weights}: its entries placed one after another in its bytes.
void manifest_group(const std::string& file, const json::Value& g, Manifest& m) {
    const json::Value* paths = g.get("paths");
    const json::Value* weights = g.get("weights");
    if (!paths || paths->kind != json::Value::Array || !weights || weights->kind != json::Value::Array)
        tfjs::malformed(file, &g, "a weightsManifest group has no paths or weights array");
    std::vector<std::string> p;
    for (const json::Value& v : paths->items) {
        if (v.kind != json::Value::String) tfjs::malformed(file, &v, "a shard path is not a string");
        p.push_back(v.str);
    }
    uint64_t offset = 0;
    for (const json::Value& w : weights->items) {
        WeightEntry e = weight_entry(file, w);
        e.group = m.paths.size(), e.offset = offset;
        offset = std::min(kHuge, offset + std::min(kHuge, e.count * 4));
        m.weights.push_back(std::move(e));
    }
    m.paths.push_back(std::move(p));
}

Manifest read_manifest(const std::string& file, const json::Value& root) {
    const json::Value* groups = root.get("weightsManifest");
    if (!groups || groups->kind != json::Value::Array) tfjs::malformed(file, &root, "no \"weightsManifest\" array");
    Manifest m;
    for (const json::Value& g : groups->items) manifest_group(file, g, m);
    return m;
}

// The entry of `layer`'s tensor ("kernel", "bias"): "<layer>/<tensor>", or a name ending in
// "/<layer>/<tensor>" (converters that prefix the model's name); null when there is none.
const WeightEntry* find_weight(const Manifest& m, const std::string& layer, const std::string& tensor) {
    const std::string want = layer + "/" + tensor, tail = "/" + want;
    for (const WeightEntry& e : m.weights)
        if (e.name == want) return &e;
    for (const WeightEntry& e : m.weights)
        if (e.name.size() > tail.size() && e.name.compare(e.name.size() - tail.size(), tail.size(), tail) == 0) return &e;
    return nullptr;
}

// The Model's layer i and what the file must hold for it: kernel and bias, checked in shape.
struct LayerWeights {
    Layer* layer;
    const tfjs::KerasLayer* keras;
    const WeightEntry* kernel = nullptr;  // Keras layout: (K, K, C, OC) or (I, O)
    const WeightEntry* bias = nullptr;    // (OC) or (O); null: use_bias false
    Shape flat_from;                      // a Dense after Flatten: the (C, H, W) flattened; else c = 0
};

const WeightEntry* expect_weight(const std::string& file, const Manifest& m, const tfjs::KerasLayer& k,
                                 const std::string& tensor, const std::vector<uint64_t>& shape) {
    const WeightEntry* e = find_weight(m, k.name, tensor);
    const std::string full = k.name + "/" + tensor;
    if (!e)
        throw Error(Errc::ImportMissing, file + ": weight " + full + " of layer " + k.name + " is missing", {},
                    {file, k.name, full});
    uint64_t need = 1;
    for (uint64_t d : shape) need *= d;  // a parsed Model's sizes: no overflow
    if (e->count != need)
        throw Error(Errc::ImportWeightSize, file + ": weight " + e->name + " has " + std::to_string(e->count) +
                    " values, layer " + k.name + " needs " + std::to_string(need),
                    {(long long)e->count, (long long)need}, {file, k.name, e->name});
    if (e->shape != shape) tfjs::attribute(file, k.name, k.cls, e->name + " shape", shape_text(e->shape));
    return e;
}

// Kernel and bias shapes of a Conv2D or Dense of the (shaped, unallocated) Model.
void expect_layer_weights(const std::string& file, const Manifest& m, LayerWeights& lw) {
    uint64_t out = 0;
    std::vector<uint64_t> kshape;
    if (auto* c = dynamic_cast<Conv2D*>(lw.layer)) {
        out = (uint64_t)c->filters;
        kshape = {(uint64_t)c->k, (uint64_t)c->k, (uint64_t)c->in.c, out};
    } else if (auto* d = dynamic_cast<Dense*>(lw.layer)) {
        out = (uint64_t)d->units;
        kshape = {(uint64_t)d->in.size(), out};
    }
    lw.kernel = expect_weight(file, m, *lw.keras, "kernel", kshape);
    if (lw.keras->bias) lw.bias = expect_weight(file, m, *lw.keras, "bias", {out});
}

// A Flatten of an image that no Dense follows would leave its values in (C, H, W) order
// where Keras has (H, W, C): the model's output would differ.
[[noreturn]] void flatten_at_end(const std::string& file, const tfjs::KerasLayer& k) {
    throw Error(Errc::ImportUnsupported, file + ": layer " + k.name + " (Flatten) is not followed by a Dense layer, so its "
                "output order (height, width, channels) cannot be kept", {}, {file, k.name, k.cls});
}

// Every layer's weights found and checked, and which Dense reads a flattened image.
std::vector<LayerWeights> plan_weights(const std::string& file, Model& model, const tfjs::Topology& t, const Manifest& m) {
    if (model.layers.size() != t.layers.size()) tfjs::malformed(file, nullptr, "its layers do not map one to one");
    std::vector<LayerWeights> plan;
    Shape flat{0, 0, 0};
    const tfjs::KerasLayer* flatten = nullptr;
    for (size_t i = 0; i < model.layers.size(); i++) {
        LayerWeights lw{model.layers[i].get(), &t.layers[i], nullptr, nullptr, Shape{0, 0, 0}};
        const std::string kind = lw.layer->kind();
        if (kind == "Flatten") flat = lw.layer->in, flatten = lw.keras;  // activations after it keep the order
        else if (kind == "Dense") lw.flat_from = flat, flat = Shape{0, 0, 0};
        if (lw.keras->kernel) expect_layer_weights(file, m, lw);
        plan.push_back(lw);
    }
    if (flat.c > 1 && flat.h * flat.w > 1) flatten_at_end(file, *flatten);
    return plan;
}

// Bytes of each group up to the end of the last weight a layer reads from it (0: none).
std::vector<uint64_t> bytes_needed(const Manifest& m, const std::vector<LayerWeights>& plan) {
    std::vector<uint64_t> need(m.paths.size(), 0);
    for (const LayerWeights& lw : plan)
        for (const WeightEntry* e : {lw.kernel, lw.bias})
            if (e) need[e->group] = std::max(need[e->group], std::min(kHuge, e->offset + e->count * 4));
    return need;
}

// Each group's shards, concatenated in order, read only until its needed weights are in;
// every needed weight checked to lie inside them.
std::vector<std::vector<uint8_t>> read_groups(const std::string& file, const Manifest& m,
                                              const std::vector<LayerWeights>& plan, const ShardReader& shard) {
    const std::vector<uint64_t> need = bytes_needed(m, plan);
    std::vector<std::vector<uint8_t>> bytes(m.paths.size());
    for (size_t g = 0; g < m.paths.size(); g++)
        for (size_t p = 0; p < m.paths[g].size() && bytes[g].size() < need[g]; p++) {
            const std::vector<uint8_t> part = shard(m.paths[g][p]);
            bytes[g].insert(bytes[g].end(), part.begin(), part.end());
        }
    for (const LayerWeights& lw : plan)
        for (const WeightEntry* e : {lw.kernel, lw.bias}) {
            const uint64_t size = e ? bytes[e->group].size() : 0;
            const uint64_t have = e && size > e->offset ? (size - e->offset) / 4 : 0;
            if (e && have < e->count)
                throw Error(Errc::ImportWeightSize, file + ": the weight files end inside " + e->name + " (" +
                            std::to_string(have) + " of its " + std::to_string(e->count) + " values)",
                            {(long long)have, (long long)e->count}, {file, lw.keras->name, e->name});
        }
    return bytes;
}

float value_at(const std::vector<uint8_t>& b, const WeightEntry& e, uint64_t i) {
    float v;
    std::memcpy(&v, b.data() + e.offset + i * 4, 4);  // little-endian float32, as tfjs writes
    return v;
}

// Keras (K, K, C, OC) -> W (OC, C, K, K).
void copy_conv(Conv2D& c, const std::vector<uint8_t>& b, const WeightEntry& e) {
    const int K = c.k, C = c.in.c, OC = c.filters;
    for (int kh = 0; kh < K; kh++)
        for (int kw = 0; kw < K; kw++)
            for (int ch = 0; ch < C; ch++)
                for (int oc = 0; oc < OC; oc++)
                    c.W[(((size_t)oc * C + ch) * K + kh) * K + kw] = value_at(b, e, (((uint64_t)kh * K + kw) * C + ch) * OC + oc);
}

// Keras (I, O) -> W (I, O); after a Flatten of (C, H, W), Keras's row (h·W + w)·C + c is
// this project's row (c·H + h)·W + w.
void copy_dense(Dense& d, const std::vector<uint8_t>& b, const WeightEntry& e, Shape flat) {
    const size_t I = (size_t)d.in.size(), O = (size_t)d.units;
    for (size_t r = 0; r < I; r++) {
        size_t row = r;
        if (flat.c > 0) {
            const size_t c = r % flat.c, hw = r / flat.c;
            row = c * flat.h * flat.w + hw;
        }
        for (size_t o = 0; o < O; o++) d.W[row * O + o] = value_at(b, e, r * O + o);
    }
}

void copy_weights(const LayerWeights& lw, const std::vector<std::vector<uint8_t>>& bytes) {
    float* bias = nullptr;
    if (auto* c = dynamic_cast<Conv2D*>(lw.layer)) copy_conv(*c, bytes[lw.kernel->group], *lw.kernel), bias = c->b;
    if (auto* d = dynamic_cast<Dense*>(lw.layer)) copy_dense(*d, bytes[lw.kernel->group], *lw.kernel, lw.flat_from), bias = d->b;
    if (!lw.bias || !bias) return;  // no bias: the allocated zeros stay
    for (uint64_t i = 0; i < lw.bias->count; i++) bias[i] = value_at(bytes[lw.bias->group], *lw.bias, i);
}

// The Model of the spec, shapes only; its own error becomes the cause of ImportModel.
Model model_of(const std::string& file, const tfjs::Topology& t) {
    try {
        return Model::parse_shapes(t.spec());
    } catch (const Error& e) {
        ErrorInfo i{Errc::ImportModel, 0, {}, {file}, file + ": the imported model is not possible here: " + e.what()};
        i.cause = std::make_shared<const ErrorInfo>(e.info);
        throw Error(std::move(i));
    }
}

// A shard path of model.json, inside its folder: not absolute, no "..".
std::string shard_path(const std::string& dir, const std::string& p, const std::string& file) {
    bool ok = !p.empty() && p[0] != '/' && p.find('\\') == std::string::npos;
    for (size_t s = 0; ok && s <= p.size();) {
        const size_t e = std::min(p.find('/', s), p.size());
        ok = p.compare(s, e - s, "..") != 0;
        s = e + 1;
    }
    if (!ok)
        throw Error(Errc::ImportAttribute, file + ": layer 'weightsManifest' (" + kFormat + ") has paths = " + p +
                    ", which this program does not support (a weight file outside the model's folder)", {},
                    {file, "weightsManifest", kFormat, "paths", p});
    return dir + p;
}

} // namespace

Model import_tfjs(const std::string& json, const ShardReader& shard, const std::string& name) {
    const json::Value root = json::parse(json, name, kFormat);
    const tfjs::Topology t = tfjs::read_topology(root, name);
    Model model = model_of(name, t);
    const Manifest m = read_manifest(name, root);
    const std::vector<LayerWeights> plan = plan_weights(name, model, t, m);
    const std::vector<std::vector<uint8_t>> bytes = read_groups(name, m, plan, shard);
    model.allocate();  // binds the layers: W and b point into the zeroed slab
    for (const LayerWeights& lw : plan)
        if (lw.kernel) copy_weights(lw, bytes);
    return model;
}

Model import_tfjs_file(const std::string& path) {
    constexpr size_t kMaxJson = size_t(64) << 20, kMaxShard = size_t(1) << 31;
    const std::vector<uint8_t> text = read_whole_file(path, "a model.json file", 1, kMaxJson);
    const size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
    ShardReader shard = [&](const std::string& p) {
        return read_whole_file(shard_path(dir, p, path), "a weight file", 1, kMaxShard);
    };
    return import_tfjs(std::string(text.begin(), text.end()), shard, path);
}

} // namespace cnn
