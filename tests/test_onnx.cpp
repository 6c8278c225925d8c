// test_onnx.cpp — the ONNX export and import in the core (the runtimes' side is
// tests/interop/onnx.mjs): export -> import round trips give the same spec, weights and
// outputs for every kind of layer and padding; graphs built here field by field are refused
// with the code and names the front end shows: an unsupported operator, an attribute out
// of range, missing or mis-sized weights, a graph that is not a chain, a non-image input,
// a model this program cannot use; truncated files at every length end in an Error.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/interop/onnx.h"
#include "core/interop/onnx_fields.h"
#include "core/interop/protobuf.h"
#include "core/threadpool.h"

using cnn::Errc;
using cnn::Model;
using cnn::pb::Writer;
using namespace cnn::onnx;

namespace {

Model seeded(const std::string& spec) {
    Model m = Model::parse(spec);
    m.init(7);
    for (size_t i = 0; i < m.params.size(); i++) m.params[i] += 0.01f * (float)(i % 13);  // non-zero biases
    return m;
}

std::vector<float> outputs(Model& m) {
    static cnn::ThreadPool pool(1);
    const int N = 2;
    std::vector<float> x((size_t)N * m.input.size());
    for (size_t i = 0; i < x.size(); i++) x[i] = (float)((i * 37) % 101) / 100.f;
    const float* y = m.forward(x.data(), N, false, pool);
    return std::vector<float>(y, y + (size_t)N * m.num_classes());
}

// A graph written here field by field: nodes, float initializers, one input and output.
struct G {
    Writer g;
    void node(const std::string& op, std::vector<std::string> in, const std::string& out, const std::string& name,
              std::vector<Writer> attrs = {}) {
        Writer n;
        for (const std::string& i : in) n.str(N_input, i);
        n.str(N_output, out);
        n.str(N_name, name);
        n.str(N_op_type, op);
        for (const Writer& a : attrs) n.msg(N_attribute, a);
        g.msg(G_node, n);
    }
    void init(const std::string& name, std::vector<int64_t> dims) {
        size_t n = 1;
        Writer t;
        for (int64_t d : dims) t.int64(T_dims, d), n *= (size_t)d;
        t.int64(T_data_type, DT_FLOAT);
        t.str(T_name, name);
        std::vector<float> v(n, 0.1f);
        t.bytes(T_raw_data, v.data(), n * 4);
        g.msg(G_initializer, t);
    }
    void value(int field, const std::string& name, std::vector<int64_t> dims) {
        Writer shape, tt, type, vi;
        for (int64_t d : dims) {
            Writer dim;
            dim.int64(D_value, d);
            shape.msg(S_dim, dim);
        }
        tt.int64(TT_elem_type, DT_FLOAT);
        tt.msg(TT_shape, shape);
        type.msg(Ty_tensor_type, tt);
        vi.str(V_name, name);
        vi.msg(V_type, type);
        g.msg(field, vi);
    }
    std::vector<uint8_t> bytes() const {
        Writer m;
        m.int64(M_ir_version, 7);
        m.msg(M_graph, g);
        return m.b;
    }
};

Writer ints(const char* name, std::vector<int64_t> v) {
    Writer a;
    a.str(A_name, name);
    for (int64_t x : v) a.int64(A_ints, x);
    return a;
}

// The graph input (1, 3, 8, 8) -> Conv 4×3×3×3 -> Flatten -> Gemm (144, 10), with hooks.
G small_graph(const std::string& conv_op = "Conv", std::vector<Writer> conv_attrs = {}) {
    G g;
    g.value(G_input, "x", {1, 3, 8, 8});
    g.init("w", {4, 3, 3, 3});
    g.init("b", {4});
    g.init("fw", {144, 10});
    g.node(conv_op, {"x", "w", "b"}, "c", "conv_a", std::move(conv_attrs));
    g.node("Flatten", {"c"}, "f", "flat");
    g.node("Gemm", {"f", "fw"}, "y", "fc");
    g.value(G_output, "y", {1, 10});
    return g;
}

cnn::ErrorInfo refusal(const std::vector<uint8_t>& b) {
    try {
        cnn::import_onnx(b.data(), b.size(), "m.onnx");
    } catch (const cnn::Error& e) {
        return e.info;
    }
    return {};
}

} // namespace

TEST_CASE("ONNX export -> import: same spec, weights and outputs", "[onnx]") {
    const char* specs[] = {
        "conv(32,3,relu) maxpool(2) conv(64,3,relu) maxpool(2) conv(64,3,relu) flatten dense(64,relu) dense(10,softmax)",
        "conv(6,3,stride=2,pad=same,relu) conv(5,4,pad=same) maxpool(2) flatten dense(10,softmax)",
        "conv(4,5,pad=2,tanh) avgpool(3,stride=2) conv(4,3,pad=1,sigmoid) flatten dense(10)",
        "input(1,12,10) conv(3,3) relu maxpool(2,stride=1) flatten dense(7,tanh) dense(4) softmax",
    };
    for (const char* spec : specs) {
        INFO(spec);
        Model a = seeded(spec);
        const std::vector<uint8_t> file = cnn::export_onnx(a, {});
        Model b = cnn::import_onnx(file.data(), file.size(), "m.onnx");
        CHECK(b.spec() == a.spec());
        REQUIRE(b.params.size() == a.params.size());
        CHECK(std::memcmp(b.params.data(), a.params.data(), a.params.size() * 4) == 0);
        CHECK(outputs(a) == outputs(b));
        CHECK(cnn::export_onnx(b, {}) == file);
    }
}

TEST_CASE("ONNX import: a graph of this test's own imports, with the defaults ONNX gives", "[onnx]") {
    const std::vector<uint8_t> b = small_graph().bytes();
    Model m = cnn::import_onnx(b.data(), b.size(), "m.onnx");
    CHECK(m.spec() == "input(3,8,8) conv(4,3) flatten dense(10)");
    CHECK(m.params[0] == 0.1f);
}

TEST_CASE("ONNX import refuses what it cannot map, naming the node", "[onnx][errors]") {
    cnn::ErrorInfo e = refusal(small_graph("LeakyRelu").bytes());
    CHECK(e.code == Errc::ImportUnsupported);
    CHECK(e.w == std::vector<std::string>{"m.onnx", "conv_a", "LeakyRelu"});

    e = refusal(small_graph("Conv", {ints("dilations", {2, 2})}).bytes());
    CHECK(e.code == Errc::ImportAttribute);
    CHECK(e.w == std::vector<std::string>{"m.onnx", "conv_a", "Conv", "dilations", "2,2"});

    e = refusal(small_graph("Conv", {ints("pads", {0, 0, 2, 0})}).bytes());  // uneven, and not 'same'
    CHECK(e.code == Errc::ImportAttribute);
    CHECK(e.w.at(3) == "pads");

    G g = small_graph();
    g.node("Relu", {"x"}, "r", "branch");  // reads the input again: a second branch
    e = refusal(g.bytes());
    CHECK(e.code == Errc::ImportNotChain);
    CHECK(e.w.at(1) == "branch");

    G missing;
    missing.value(G_input, "x", {1, 3, 8, 8});
    missing.node("Conv", {"x", "nowhere"}, "y", "conv_m");
    missing.value(G_output, "y", {1, 4, 6, 6});
    e = refusal(missing.bytes());
    CHECK(e.code == Errc::ImportMissing);
    CHECK(e.w == std::vector<std::string>{"m.onnx", "conv_m", "nowhere"});

    G flat_in;
    flat_in.value(G_input, "x", {1, 30});
    flat_in.init("fw", {30, 10});
    flat_in.node("Gemm", {"x", "fw"}, "y", "fc");
    flat_in.value(G_output, "y", {1, 10});
    e = refusal(flat_in.bytes());
    CHECK(e.code == Errc::ImportInput);
    CHECK(e.w.at(1) == "1x30");

    G sizes;
    sizes.value(G_input, "x", {1, 3, 8, 8});
    sizes.init("w", {4, 3, 3, 3});
    sizes.init("b", {5});  // one bias too many
    sizes.node("Conv", {"x", "w", "b"}, "c", "conv_s");
    sizes.node("Flatten", {"c"}, "y", "flat");
    sizes.value(G_output, "y", {1, 144});
    e = refusal(sizes.bytes());
    CHECK(e.code == Errc::ImportWeightSize);
    CHECK(e.n == std::vector<long long>{5, 4});

    G ends_image;
    ends_image.value(G_input, "x", {1, 3, 8, 8});
    ends_image.init("w", {4, 3, 3, 3});
    ends_image.node("Conv", {"x", "w"}, "y", "conv_e");
    ends_image.value(G_output, "y", {1, 4, 6, 6});
    e = refusal(ends_image.bytes());
    CHECK(e.code == Errc::ImportModel);
    REQUIRE(e.cause);
    CHECK(e.cause->code == Errc::EndsNotFlat);
}

TEST_CASE("ONNX import: a file cut short at any length is refused with a coded error", "[onnx][errors]") {
    const std::vector<uint8_t> file = cnn::export_onnx(seeded("conv(2,3,relu) maxpool(2) flatten dense(10,softmax)"), {});
    int malformed = 0;
    for (size_t n = 0; n < file.size(); n += 1 + n / 64) {
        cnn::ErrorInfo e = refusal(std::vector<uint8_t>(file.begin(), file.begin() + (long)n));
        CHECK(e.code >= Errc::ImportMalformed);
        CHECK(e.code <= Errc::ImportModel);
        malformed += e.code == Errc::ImportMalformed;
    }
    CHECK(malformed > 0);
}
