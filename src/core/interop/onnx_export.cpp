// onnx_export.cpp — a Model as an ONNX ModelProto (what and how: onnx.h).
#include <cstring>

#include "core/interop/onnx.h"
#include "core/interop/onnx_fields.h"
#include "core/interop/protobuf.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/pool2d.h"
#include "core/layers/simple.h"

namespace cnn::onnx::exporting {

using pb::Writer;

Writer attr_ints(const char* name, const std::vector<int64_t>& v) {
    Writer a;
    a.str(A_name, name);
    for (int64_t x : v) a.int64(A_ints, x);
    a.int64(A_type, AT_INTS);
    return a;
}

Writer attr_int(const char* name, int64_t v) {
    Writer a;
    a.str(A_name, name);
    a.int64(A_i, v);
    a.int64(A_type, AT_INT);
    return a;
}

// A tensor initializer: float32 values of the given dims, as raw little-endian bytes.
Writer tensor(const std::string& name, const std::vector<int64_t>& dims, const float* v) {
    size_t n = 1;
    Writer t;
    for (int64_t d : dims) t.int64(T_dims, d), n *= (size_t)d;
    t.int64(T_data_type, DT_FLOAT);
    t.str(T_name, name);
    t.bytes(T_raw_data, v, n * sizeof(float));
    return t;
}

// One node before it is written: the last one's output is renamed to the graph's output.
struct NodeDef {
    std::string op, name, doc, output;
    std::vector<std::string> inputs;
    std::vector<Writer> attrs;
};

// The graph under construction: nodes and initializers in order, and the name of the
// tensor the next node reads.
struct Graph {
    std::vector<NodeDef> nodes;
    std::vector<Writer> inits;
    std::string cur = "input";

    // A node reading cur (and extra inputs), writing a fresh tensor that becomes cur.
    void node(const std::string& op, const std::string& name, const std::string& doc,
              const std::vector<std::string>& extra = {}, std::vector<Writer> attrs = {}) {
        NodeDef n{op, name, doc, name + "_out", {cur}, std::move(attrs)};
        n.inputs.insert(n.inputs.end(), extra.begin(), extra.end());
        cur = n.output;
        nodes.push_back(std::move(n));
    }
    // The activation of a layer: its own node, marked as fused into the layer.
    void activation(Activation a, const std::string& layer, bool fused) {
        static const char* const kOp[] = {nullptr, "Relu", "Sigmoid", "Tanh", "Softmax"};
        if (a == Activation::Linear) return;
        std::vector<Writer> attrs;
        if (a == Activation::Softmax) attrs.push_back(attr_int("axis", 1));
        const std::string name = fused ? layer + "_" + activation_name(a) : layer;
        node(kOp[(int)a], name, fused ? std::string("fused into ") + layer : activation_name(a), {}, attrs);
    }
    Writer write(const std::string& output) {
        if (!nodes.empty()) nodes.back().output = cur = output;
        Writer g;
        for (const NodeDef& d : nodes) {
            Writer n;
            for (const std::string& i : d.inputs) n.str(N_input, i);
            n.str(N_output, d.output);
            n.str(N_name, d.name);
            n.str(N_op_type, d.op);
            for (const Writer& a : d.attrs) n.msg(N_attribute, a);
            n.str(N_doc_string, d.doc);
            g.msg(G_node, n);
        }
        return g;
    }
};

void add_conv(Graph& G, const Conv2D& c) {
    const std::string w = c.name + ".weight", b = c.name + ".bias";
    G.inits.push_back(tensor(w, {c.filters, c.in.c, c.k, c.k}, c.W));
    G.inits.push_back(tensor(b, {c.filters}, c.b));
    G.node("Conv", c.name, c.spec(), {w, b},
           {attr_ints("kernel_shape", {c.k, c.k}), attr_ints("strides", {c.stride, c.stride}),
            attr_ints("pads", {c.pad_t, c.pad_l, c.pad_b, c.pad_r}), attr_ints("dilations", {1, 1}),
            attr_int("group", 1)});
    G.activation(c.act, c.name, true);
}

void add_dense(Graph& G, const Dense& d) {
    const std::string w = d.name + ".weight", b = d.name + ".bias";
    G.inits.push_back(tensor(w, {d.in.size(), d.units}, d.W));  // (I, O): Gemm's B without transB
    G.inits.push_back(tensor(b, {d.units}, d.b));
    G.node("Gemm", d.name, d.spec(), {w, b});
    G.activation(d.act, d.name, true);
}

void add_layer(Graph& G, const Layer& L) {
    if (auto* c = dynamic_cast<const Conv2D*>(&L)) return add_conv(G, *c);
    if (auto* d = dynamic_cast<const Dense*>(&L)) return add_dense(G, *d);
    if (auto* p = dynamic_cast<const Pool2D*>(&L))
        return G.node(p->mode == Pool2D::Max ? "MaxPool" : "AveragePool", p->name, p->spec(), {},
                      {attr_ints("kernel_shape", {p->size, p->size}), attr_ints("strides", {p->stride, p->stride}),
                       attr_ints("pads", {0, 0, 0, 0})});
    if (dynamic_cast<const Flatten*>(&L)) return G.node("Flatten", L.name, L.spec(), {}, {attr_int("axis", 1)});
    G.activation(L.activation(), L.name, false);  // an activation layer of its own
}

// A float32 tensor's type and shape; dims < 0 are the symbolic batch size "N".
Writer value_info(const std::string& name, const std::vector<int64_t>& dims) {
    Writer shape;
    for (int64_t d : dims) {
        Writer dim;
        if (d < 0) dim.str(D_param, "N");
        else dim.int64(D_value, d);
        shape.msg(S_dim, dim);
    }
    Writer tt, type, vi;
    tt.int64(TT_elem_type, DT_FLOAT);
    tt.msg(TT_shape, shape);
    type.msg(Ty_tensor_type, tt);
    vi.str(V_name, name);
    vi.msg(V_type, type);
    return vi;
}

Writer entry(const std::string& key, const std::string& value) {
    Writer e;
    e.str(E_key, key);
    e.str(E_value, value);
    return e;
}

bool ends_in_softmax(const Model& m) {
    return !m.layers.empty() && m.layers.back()->activation() == Activation::Softmax;
}

void add_metadata(Writer& mp, const Model& m, const std::vector<std::string>& names) {
    const Shape& s = m.input;
    mp.msg(M_metadata_props, entry("input", "float32 (N, " + std::to_string(s.c) + ", " + std::to_string(s.h) + ", " +
                                                std::to_string(s.w) + ") NCHW, pixel values / 255 (0..1), channels R, G, B"));
    mp.msg(M_metadata_props, entry("output", ends_in_softmax(m) ? "class probabilities (softmax)"
                                                                  : "class scores before softmax"));
    mp.msg(M_metadata_props, entry("spec", m.spec()));
    if ((int)names.size() == m.num_classes()) {
        std::string all;
        for (size_t i = 0; i < names.size(); i++) all += (i ? "," : "") + names[i];
        mp.msg(M_metadata_props, entry("classes", all));
    }
}

} // namespace cnn::onnx::exporting

namespace cnn {

std::vector<uint8_t> export_onnx(const Model& m, const std::vector<std::string>& class_names) {
    using namespace onnx;
    using namespace onnx::exporting;
    Graph G;
    for (const auto& L : m.layers) add_layer(G, *L);
    Writer g = G.write(ends_in_softmax(m) ? "probabilities" : "scores");
    g.str(G_name, "cnn-playground model");
    for (const Writer& t : G.inits) g.msg(G_initializer, t);
    g.msg(G_input, value_info("input", {-1, m.input.c, m.input.h, m.input.w}));
    g.msg(G_output, value_info(G.cur, {-1, m.num_classes()}));

    Writer opset, mp;
    opset.str(O_domain, "");
    opset.int64(O_version, kOpset);
    mp.int64(onnx::M_ir_version, onnx::kIrVersion);
    mp.msg(M_opset_import, opset);
    mp.str(M_producer_name, kProducer);
    mp.str(M_producer_version, "1");
    mp.str(M_doc_string, "Exported by the CNN playground. Model: " + m.spec());
    mp.msg(M_graph, g);
    add_metadata(mp, m, class_names);
    return mp.b;
}

} // namespace cnn
