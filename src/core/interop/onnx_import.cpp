// onnx_import.cpp — an ONNX graph (onnx_graph.h) mapped onto this project's layers: the
// chain of nodes becomes a model spec plus each layer's weights, then Model::parse builds it
// (what is read and refused: onnx.h).
#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <tuple>

#include "core/interop/onnx.h"
#include "core/interop/onnx_fields.h"
#include "core/interop/onnx_graph.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"

namespace cnn::onnx::importing {

// One layer to be: its spec item and weights in this project's layout.
struct Plan {
    enum Kind { Conv, Dense, Pool, Flatten, Act } kind;
    std::string item;          // spec without the activation: "conv(32,3,stride=2,pad=same"
    Activation act = Activation::Linear;
    std::vector<float> W, b;   // Conv (OC, C, K, K), Dense (I, O)
    bool from_matmul = false;  // a Dense whose bias may come from the next Add
    std::string node;          // for errors
    Plan(Kind k, std::string i) : kind(k), item(std::move(i)) {}
};


struct Importer {
    const Graph& g;
    std::string file;
    Shape model_input;         // (C, H, W) of the graph's input
    Shape cur;                 // the shape flowing along the chain
    std::string tensor;        // the name of the tensor flowing along the chain
    std::vector<Plan> plans;
    std::map<std::string, Tensor> consts;  // Constant nodes' outputs
    bool ours = false;         // written by this program (fused activations are marked)

    Importer(const Graph& graph, std::string name) : g(graph), file(std::move(name)) {}

    std::string node_name(const Node& n, size_t k) const {
        return n.name.empty() ? n.op + " #" + std::to_string(k + 1) : n.name;
    }
    [[noreturn]] void attribute(const Node& n, const std::string& a, const std::string& v) const {
        throw Error(Errc::ImportAttribute, file + ": layer '" + n.name + "' (" + n.op + ") has " + a + " = " + v +
                    ", which this program does not support", {}, {file, n.name, n.op, a, v});
    }
    [[noreturn]] void missing(const Node& n, const std::string& t) const {
        throw Error(Errc::ImportMissing, file + ": layer '" + n.name + "' needs the weights '" + t +
                    "', which the file does not hold", {}, {file, n.name, t});
    }
    const Tensor& weights(const Node& n, size_t input) const;
    int64_t int_attr(const Node& n, const char* a, int64_t dflt, std::initializer_list<int64_t> allowed) const;
    std::vector<int64_t> pair_attr(const Node& n, const char* a, int64_t dflt) const;
    void conv(const Node& n);
    std::string conv_padding(const Node& n, int k, int s, int pads[4]) const;
    void pool(const Node& n);
    void gemm(const Node& n);
    void matmul(const Node& n);
    bool add_bias(const Node& n);
    void flatten(const Node& n);
    void reshape(const Node& n);
    void pad(const Node& n);
    std::vector<int64_t> pending_pad;  // a Pad's [top, left, bottom, right], for the next Conv
    void activation(const Node& n, Activation a);
    void step(const Node& n);
    void input();
    void walk();
    void copy_weights(const Plan& p, Layer& L) const;
    Model build() const;
};

std::string join_ints(const std::vector<int64_t>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); i++) s += (i ? "," : "") + std::to_string(v[i]);
    return s;
}

const Tensor& Importer::weights(const Node& n, size_t input) const {
    if (input >= n.in.size() || n.in[input].empty()) missing(n, "input " + std::to_string(input + 1));
    auto it = g.inits.find(n.in[input]);
    if (it != g.inits.end()) return it->second;
    auto c = consts.find(n.in[input]);
    if (c != consts.end()) return c->second;
    missing(n, n.in[input]);
}

// An int attribute that must be one of `allowed` (its default when absent).
int64_t Importer::int_attr(const Node& n, const char* a, int64_t dflt, std::initializer_list<int64_t> allowed) const {
    const Attr* at = n.attr(a);
    const int64_t v = at ? at->i : dflt;
    for (int64_t ok : allowed)
        if (v == ok) return v;
    attribute(n, a, std::to_string(v));
}

// A two-value attribute (kernel_shape, strides, dilations) with equal values.
std::vector<int64_t> Importer::pair_attr(const Node& n, const char* a, int64_t dflt) const {
    const Attr* at = n.attr(a);
    std::vector<int64_t> v = at ? at->ints : std::vector<int64_t>{dflt, dflt};
    if (v.size() != 2 || v[0] != v[1] || v[0] <= 0 || v[0] > 1 << 16) attribute(n, a, join_ints(v));
    return v;
}

std::string act_suffix(Activation a) {
    return a == Activation::Linear ? "" : std::string(",") + activation_name(a);
}

// Conv: W (OC, C, K, K) and an optional bias (OC).
void Importer::conv(const Node& n) {
    const Tensor& W = weights(n, 1);
    if (!W.is_float || W.dims.size() != 4 || W.dims[2] != W.dims[3]) attribute(n, "weights shape", join_ints(W.dims));
    const int k = (int)W.dims[2], oc = (int)W.dims[0];
    if (n.attr("kernel_shape") && pair_attr(n, "kernel_shape", k)[0] != k)
        attribute(n, "kernel_shape", join_ints(n.attr("kernel_shape")->ints));
    const int s = (int)pair_attr(n, "strides", 1)[0];
    if (pair_attr(n, "dilations", 1)[0] != 1) attribute(n, "dilations", join_ints(n.attr("dilations")->ints));
    int_attr(n, "group", 1, {1});
    Plan p{Plan::Conv, "conv(" + std::to_string(oc) + "," + std::to_string(k)};
    if (s != 1) p.item += ",stride=" + std::to_string(s);
    int pads[4];
    p.item += conv_padding(n, k, s, pads);
    pending_pad.clear();
    p.W = W.f;
    p.node = n.name;
    if (n.in.size() > 2 && !n.in[2].empty()) p.b = weights(n, 2).f;
    else p.b.assign((size_t)oc, 0.f);
    plans.push_back(std::move(p));
    cur = Shape{oc, conv_out_size(cur.h, k, pads[0], pads[2], s), conv_out_size(cur.w, k, pads[1], pads[3], s)};
}

// ",pad=same", ",pad=N" or "" from auto_pad and pads; pads gets [top, left, bottom, right].
std::string Importer::conv_padding(const Node& n, int k, int s, int pads[4]) const {
    int t, b, l, r;
    same_padding(cur.h, k, s, &t, &b);
    same_padding(cur.w, k, s, &l, &r);
    const Attr* ap = n.attr("auto_pad");
    const std::string mode = ap ? ap->s : "NOTSET";
    if (mode != "NOTSET" && !pending_pad.empty()) attribute(n, "auto_pad", mode + " after a Pad");
    if (mode == "SAME_UPPER") return pads[0] = t, pads[1] = l, pads[2] = b, pads[3] = r, ",pad=same";
    if (mode == "VALID") return pads[0] = pads[1] = pads[2] = pads[3] = 0, "";
    if (mode != "NOTSET") attribute(n, "auto_pad", mode);
    const Attr* pa = n.attr("pads");
    std::vector<int64_t> p = pa ? pa->ints : std::vector<int64_t>{0, 0, 0, 0};
    if (p.size() != 4) attribute(n, "pads", join_ints(p));
    for (size_t i = 0; i < pending_pad.size(); i++) p[i] += pending_pad[i];
    for (int i = 0; i < 4; i++) pads[i] = (int)std::min<int64_t>(p[i], 1 << 16);
    const bool same = p == std::vector<int64_t>{t, l, b, r};
    const bool even = p[0] == p[1] && p[1] == p[2] && p[2] == p[3];
    if (same && (!even || n.doc.find("pad=same") != std::string::npos)) return ",pad=same";
    if (!even || p[0] < 0 || p[0] > 1 << 16) attribute(n, "pads", join_ints(p));
    return p[0] ? ",pad=" + std::to_string(p[0]) : "";
}

// MaxPool / AveragePool without padding (ONNX's default stride is 1, this project's the size).
void Importer::pool(const Node& n) {
    const int k = (int)pair_attr(n, "kernel_shape", 0)[0];
    const int s = (int)pair_attr(n, "strides", 1)[0];
    if (pair_attr(n, "dilations", 1)[0] != 1) attribute(n, "dilations", join_ints(n.attr("dilations")->ints));
    const Attr* pa = n.attr("pads");
    if (pa && pa->ints != std::vector<int64_t>(pa->ints.size(), 0)) attribute(n, "pads", join_ints(pa->ints));
    const Attr* ap = n.attr("auto_pad");
    if (ap && ap->s != "NOTSET" && ap->s != "VALID") attribute(n, "auto_pad", ap->s);
    int_attr(n, "ceil_mode", 0, {0});
    int_attr(n, "storage_order", 0, {0});
    std::string item = std::string(n.op == "MaxPool" ? "maxpool(" : "avgpool(") + std::to_string(k);
    if (s != k) item += ",stride=" + std::to_string(s);
    plans.push_back(Plan{Plan::Pool, item + ")"});
    cur = Shape{cur.c, conv_out_size(cur.h, k, 0, 0, s), conv_out_size(cur.w, k, 0, 0, s)};
}

Plan dense_plan(const std::vector<float>& W_io, int units) {
    Plan p{Plan::Dense, "dense(" + std::to_string(units)};
    p.W = W_io;
    p.b.assign((size_t)units, 0.f);
    return p;
}

// Gemm: Y = A·B + C with B (I, O), or (O, I) when transB, as PyTorch's Linear writes it.
void Importer::gemm(const Node& n) {
    const Attr* alpha = n.attr("alpha");
    const Attr* beta = n.attr("beta");
    if (alpha && alpha->f != 1.f) attribute(n, "alpha", std::to_string(alpha->f));
    if (beta && beta->f != 1.f) attribute(n, "beta", std::to_string(beta->f));
    int_attr(n, "transA", 0, {0});
    const bool tb = int_attr(n, "transB", 0, {0, 1}) == 1;
    const Tensor& B = weights(n, 1);
    if (!B.is_float || B.dims.size() != 2) attribute(n, "weights shape", join_ints(B.dims));
    const size_t I = (size_t)B.dims[tb ? 1 : 0], O = (size_t)B.dims[tb ? 0 : 1];
    std::vector<float> W(B.f);
    if (tb)
        for (size_t i = 0; i < I; i++)
            for (size_t o = 0; o < O; o++) W[i * O + o] = B.f[o * I + i];
    Plan p = dense_plan(W, (int)O);
    if (n.in.size() > 2 && !n.in[2].empty()) p.b = weights(n, 2).f;
    p.node = n.name;
    plans.push_back(std::move(p));
    cur = Shape::vector((int)O);
}

void Importer::matmul(const Node& n) {
    const Tensor& B = weights(n, 1);
    if (!B.is_float || B.dims.size() != 2) attribute(n, "weights shape", join_ints(B.dims));
    Plan p = dense_plan(B.f, (int)B.dims[1]);
    p.from_matmul = true;
    p.node = n.name;
    plans.push_back(std::move(p));
    cur = Shape::vector((int)B.dims[1]);
}

// Add right after a MatMul, of a constant of its width: the dense layer's bias.
bool Importer::add_bias(const Node& n) {
    if (plans.empty() || !plans.back().from_matmul || n.in.size() != 2) return false;
    auto it = g.inits.find(n.in[1]);
    if (it == g.inits.end() || !it->second.is_float || it->second.f.size() != plans.back().b.size()) return false;
    plans.back().b = it->second.f;
    plans.back().from_matmul = false;
    return true;
}

void Importer::flatten(const Node& n) {
    if (n.op == "Flatten") int_attr(n, "axis", 1, {1});
    plans.push_back(Plan{Plan::Flatten, "flatten"});
    cur = Shape::vector(cur.size());
}

// Reshape to (batch, −1) or (batch, C·H·W), batch written as 0, 1 or −1: a flatten.
void Importer::reshape(const Node& n) {
    const Tensor& t = weights(n, 1);
    const bool ok = !t.is_float && t.i.size() == 2 && t.i[0] >= -1 && t.i[0] <= 1 &&
                    (t.i[1] == -1 || t.i[1] == cur.size());
    if (!ok) attribute(n, "shape", join_ints(t.i));
    flatten(n);
}

// Fused into the Conv/Gemm just before when it has none (a file of this program marks the
// activations it fused), else an activation layer of its own.
void Importer::activation(const Node& n, Activation a) {
    if (a == Activation::Softmax && n.attr("axis") && n.attr("axis")->i != 1 && n.attr("axis")->i != -1)
        attribute(n, "axis", std::to_string(n.attr("axis")->i));
    const bool fuse = !plans.empty() && (plans.back().kind == Plan::Conv || plans.back().kind == Plan::Dense) &&
                      plans.back().act == Activation::Linear && (!ours || n.doc.rfind("fused", 0) == 0);
    if (fuse) plans.back().act = a;
    else plans.push_back(Plan{Plan::Act, activation_name(a)});
}

// Pad with zeros on height and width only: nothing when all zero, else folded into the next
// node, which must be a Conv (as PyTorch writes a padded AvgPool2d or ZeroPad2d).
void Importer::pad(const Node& n) {
    const Attr* mode = n.attr("mode");
    if (mode && mode->s != "constant") attribute(n, "mode", mode->s);
    if (n.in.size() > 2 && !n.in[2].empty()) {
        const Tensor& v = weights(n, 2);
        if (v.count() != 1 || (v.is_float ? v.f[0] != 0.f : v.i[0] != 0)) attribute(n, "constant_value", "not 0");
    }
    const Attr* old = n.attr("pads");  // opsets before 11: an attribute
    const std::vector<int64_t> p = old ? old->ints : weights(n, 1).i;
    const bool nchw = p.size() == 8 && p[0] == 0 && p[1] == 0 && p[4] == 0 && p[5] == 0;
    if (!nchw || p[2] < 0 || p[3] < 0 || p[6] < 0 || p[7] < 0) attribute(n, "pads", join_ints(p));
    if (p[2] || p[3] || p[6] || p[7]) pending_pad = {p[2], p[3], p[6], p[7]};
}

void Importer::step(const Node& n) {
    if (!pending_pad.empty() && n.op != "Conv") attribute(n, "pads", "(a Pad before it)");
    static const std::map<std::string, Activation> kActs = {
        {"Relu", Activation::ReLU}, {"Sigmoid", Activation::Sigmoid}, {"Tanh", Activation::Tanh},
        {"Softmax", Activation::Softmax}};
    auto a = kActs.find(n.op);
    if (n.op == "Conv") conv(n);
    else if (n.op == "MaxPool" || n.op == "AveragePool") pool(n);
    else if (n.op == "Gemm") gemm(n);
    else if (n.op == "MatMul") matmul(n);
    else if (n.op == "Flatten") flatten(n);
    else if (n.op == "Reshape") reshape(n);
    else if (n.op == "Pad") pad(n);
    else if (a != kActs.end()) activation(n, a->second);
    else if (n.op == "Add" && add_bias(n)) {}
    else if (n.op != "Identity" && n.op != "Dropout")
        throw Error(Errc::ImportUnsupported, file + ": layer '" + n.name + "' is a " + n.op +
                    ", which this program cannot import", {}, {file, n.name, n.op});
}

// The spec of the plans, parsed; then each layer's weights, checked against its size.
Model Importer::build() const {
    std::string spec = "input(" + std::to_string(model_input.c) + "," + std::to_string(model_input.h) + "," +
           std::to_string(model_input.w) + ")";
    for (const Plan& p : plans)
        spec += " " + p.item + (p.kind == Plan::Conv || p.kind == Plan::Dense ? act_suffix(p.act) + ")" : "");
    Model m;
    try {
        m = Model::parse(spec);
    } catch (const Error& e) {
        ErrorInfo i{Errc::ImportModel, 0, {}, {file}, file + ": the imported model cannot be used here: " + e.what()};
        i.cause = std::make_shared<const ErrorInfo>(e.info);
        throw Error(std::move(i));
    }
    for (size_t k = 0; k < plans.size(); k++) copy_weights(plans[k], *m.layers[k]);
    return m;
}


void Importer::copy_weights(const Plan& p, Layer& L) const {
    if (p.kind != Plan::Conv && p.kind != Plan::Dense) return;
    float* W = p.kind == Plan::Conv ? static_cast<Conv2D&>(L).W : static_cast<Dense&>(L).W;
    float* b = p.kind == Plan::Conv ? static_cast<Conv2D&>(L).b : static_cast<Dense&>(L).b;
    const size_t nb = p.kind == Plan::Conv ? (size_t)static_cast<Conv2D&>(L).filters : (size_t)static_cast<Dense&>(L).units;
    const size_t nw = L.num_params() - nb;
    for (auto [v, want, what] : {std::tuple{&p.W, nw, "weight"}, std::tuple{&p.b, nb, "bias"}})
        if (v->size() != want)
            throw Error(Errc::ImportWeightSize, file + ": layer '" + p.node + "': the weights '" + what + "' hold " +
                        std::to_string(v->size()) + " values where " + std::to_string(want) + " are needed",
                        {(long long)v->size(), (long long)want}, {file, p.node, what});
    std::memcpy(W, p.W.data(), nw * sizeof(float));
    std::memcpy(b, p.b.data(), nb * sizeof(float));
}

// The one graph input that is not a weight: (batch, C, H, W).
void Importer::input() {
    const ValueInfo* in = nullptr;
    for (const ValueInfo& v : g.inputs)
        if (!g.inits.count(v.name)) {
            if (in) throw Error(Errc::ImportNotChain, file + ": layer '" + v.name + "' is not in a single chain from "
                                "the input to the output", {}, {file, v.name});
            in = &v;
        }
    std::string shape = "?";
    if (in && in->has_shape) shape = join_ints(in->dims);
    for (char& c : shape) c = c == ',' ? 'x' : c;
    const bool ok = in && in->dims.size() == 4 && in->dims[1] > 0 && in->dims[2] > 0 && in->dims[3] > 0 &&
                    in->dims[1] <= 1 << 16 && in->dims[2] <= 1 << 16 && in->dims[3] <= 1 << 16;
    if (!ok) throw Error(Errc::ImportInput, file + ": the input must be one image (channels x height x width), not " +
                         shape, {}, {file, shape});
    model_input = cur = Shape{(int)in->dims[1], (int)in->dims[2], (int)in->dims[3]};
    tensor = in->name;
}

// The nodes in order, each reading the tensor the last one wrote; Constants set aside.
void Importer::walk() {
    for (size_t k = 0; k < g.nodes.size(); k++) {
        Node n = g.nodes[k];
        n.name = node_name(n, k);
        if (n.op == "Constant" && n.domain.empty() && n.out.size() == 1 && n.attr("value") && n.attr("value")->has_tensor) {
            consts[n.out[0]] = n.attr("value")->t;
            continue;
        }
        if (!n.domain.empty() && n.domain != "ai.onnx") n.op = n.domain + "." + n.op;
        if (n.in.empty() || n.in[0] != tensor || n.out.empty())
            throw Error(Errc::ImportNotChain, file + ": layer '" + n.name + "' is not in a single chain from the "
                        "input to the output", {}, {file, n.name});
        step(n);
        tensor = n.out[0];
    }
    if (g.outputs.size() != 1 || g.outputs[0].name != tensor) {
        const std::string o = g.outputs.empty() ? "?" : g.outputs[0].name;
        throw Error(Errc::ImportNotChain, file + ": layer '" + o + "' is not in a single chain from the input to "
                    "the output", {}, {file, o});
    }
}

} // namespace cnn::onnx::importing

namespace cnn {

Model import_onnx(const uint8_t* data, size_t len, const std::string& name) {
    const onnx::Graph g = onnx::read_graph(data, len, name);
    onnx::importing::Importer im(g, name);
    im.ours = g.producer == onnx::kProducer;
    im.input();
    im.walk();
    return im.build();
}

} // namespace cnn
