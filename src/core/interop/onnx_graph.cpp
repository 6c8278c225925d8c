// onnx_graph.cpp — reading a ModelProto's graph into onnx_graph.h's structs.
#include "core/interop/onnx_graph.h"

#include <cstring>

#include "core/error.h"
#include "core/interop/onnx_fields.h"
#include "core/interop/protobuf.h"

namespace cnn::onnx {

using pb::Field;
using pb::Reader;

const Attr* Node::attr(const std::string& n) const {
    for (const Attr& a : attrs)
        if (a.name == n) return &a;
    return nullptr;
}

namespace {

// Thrown for content that reads as protobuf but cannot be a valid tensor.
[[noreturn]] void bad(const Reader& r) { throw pb::PbError{r.base + r.i}; }

// The element count of dims, or a throw when a dim is negative or the product absurd.
size_t element_count(const std::vector<int64_t>& dims, const Reader& r) {
    uint64_t n = 1;
    for (int64_t d : dims) {
        if (d < 0 || (d > 0 && n > (uint64_t(1) << 31) / (uint64_t)d)) bad(r);
        n *= (uint64_t)d;
    }
    return (size_t)n;
}

void raw_values(Tensor& t, const Field& f, size_t n, const Reader& r) {
    const size_t w = t.is_float ? 4 : 8;
    if (f.len != n * w) bad(r);
    if (t.is_float) {
        t.f.resize(n);
        if (n) std::memcpy(t.f.data(), f.data, n * 4);
    } else {
        t.i.resize(n);
        if (n) std::memcpy(t.i.data(), f.data, n * 8);
    }
}

void float_values(Tensor& t, const Field& f, Reader& r) {
    if (f.wire == 5) return t.f.push_back(f.f32());
    Reader s = r.sub(f);
    if (s.n % 4) bad(r);
    const size_t at = t.f.size();
    t.f.resize(at + s.n / 4);
    std::memcpy(t.f.data() + at, s.p, s.n);
}

Tensor read_tensor(Reader r) {
    Tensor t;
    Field f, raw;
    int64_t type = DT_FLOAT;
    while (r.next(&f)) {
        if (f.number == T_dims) r.int64s(f, &t.dims);
        else if (f.number == T_data_type) type = f.i64();
        else if (f.number == T_raw_data) raw = f;
        else if (f.number == T_float_data) float_values(t, f, r);
        else if (f.number == T_int64_data || f.number == T_int32_data) r.int64s(f, &t.i);
        else if (f.number == T_data_location && f.i64() != 0) bad(r);  // external data: not in this file
    }
    if (type != DT_FLOAT && type != DT_INT64 && type != DT_INT32) bad(r);
    t.is_float = type == DT_FLOAT;
    const size_t n = element_count(t.dims, r);
    if (raw.number) {
        if (type == DT_INT32) bad(r);
        raw_values(t, raw, n, r);
    }
    if (t.count() != n) bad(r);
    return t;
}

Attr read_attr(Reader r) {
    Attr a;
    Field f;
    while (r.next(&f)) {
        if (f.number == A_name) a.name = std::string(f.str());
        else if (f.number == A_type) a.type = (int)f.i64();
        else if (f.number == A_f) a.f = f.f32();
        else if (f.number == A_i) a.i = f.i64();
        else if (f.number == A_s) a.s = std::string(f.str());
        else if (f.number == A_ints) r.int64s(f, &a.ints);
        else if (f.number == A_t) a.t = read_tensor(r.sub(f)), a.has_tensor = true;
    }
    return a;
}

Node read_node(Reader r) {
    Node n;
    Field f;
    while (r.next(&f)) {
        if (f.number == N_input) n.in.emplace_back(f.str());
        else if (f.number == N_output) n.out.emplace_back(f.str());
        else if (f.number == N_name) n.name = std::string(f.str());
        else if (f.number == N_op_type) n.op = std::string(f.str());
        else if (f.number == N_domain) n.domain = std::string(f.str());
        else if (f.number == N_doc_string) n.doc = std::string(f.str());
        else if (f.number == N_attribute) n.attrs.push_back(read_attr(r.sub(f)));
    }
    return n;
}

// A ValueInfoProto: its name and, when given, the dims of its tensor type.
ValueInfo read_value_info(Reader r) {
    ValueInfo v;
    Field f, g, h, d;
    while (r.next(&f)) {
        if (f.number == V_name) v.name = std::string(f.str());
        if (f.number != V_type) continue;
        for (Reader ty = r.sub(f); ty.next(&g);) {
            if (g.number != Ty_tensor_type) continue;
            for (Reader tt = ty.sub(g); tt.next(&h);) {
                if (h.number != TT_shape) continue;
                v.has_shape = true;
                for (Reader sh = tt.sub(h); sh.next(&d);) {
                    if (d.number != S_dim) continue;
                    int64_t value = -1;
                    Field e;
                    for (Reader dim = sh.sub(d); dim.next(&e);)
                        if (e.number == D_value && e.wire == 0) value = e.i64();
                    v.dims.push_back(value);
                }
            }
        }
    }
    return v;
}

void read_graph_fields(Reader r, Graph& g) {
    Field f;
    while (r.next(&f)) {
        if (f.number == G_node) g.nodes.push_back(read_node(r.sub(f)));
        else if (f.number == G_input) g.inputs.push_back(read_value_info(r.sub(f)));
        else if (f.number == G_output) g.outputs.push_back(read_value_info(r.sub(f)));
        else if (f.number == G_initializer) {
            Reader tr = r.sub(f);
            std::string tname;
            Field h;
            for (Reader probe = tr; probe.next(&h);)
                if (h.number == T_name) tname = std::string(h.str());
            g.inits[tname] = read_tensor(tr);
        }
    }
}

} // namespace

Graph read_graph(const uint8_t* data, size_t len, const std::string& name) {
    Graph g;
    try {
        Reader r{data, len};
        Field f, h;
        bool has_graph = false;
        while (r.next(&f)) {
            if (f.number == M_producer_name && f.wire == 2) g.producer = std::string(f.str());
            else if (f.number == M_graph) read_graph_fields(r.sub(f), g), has_graph = true;
            else if (f.number == M_opset_import) {
                std::string domain;
                int64_t version = 0;
                for (Reader o = r.sub(f); o.next(&h);) {
                    if (h.number == O_domain) domain = std::string(h.str());
                    if (h.number == O_version) version = h.i64();
                }
                if (domain.empty() || domain == "ai.onnx") g.opset = version;
            }
        }
        if (!has_graph) throw pb::PbError{len};
    } catch (const pb::PbError& e) {
        throw Error(Errc::ImportMalformed, name + ": not a valid ONNX file (damaged or cut short near byte " +
                    std::to_string(e.offset) + ")", {(long long)e.offset}, {name, "ONNX"});
    }
    return g;
}

} // namespace cnn::onnx
