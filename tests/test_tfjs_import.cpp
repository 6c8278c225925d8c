// test_tfjs_import.cpp — reading TensorFlow.js Layers models (interop/tfjs.h) and the JSON
// reader under it. A model.json and its weight shard are written here by hand, in the form
// tfjs-layers 4.22's model.save writes them; the imported Model's outputs are compared with a
// reference forward written here in Keras's own terms (NHWC images, (K, K, C, OC) kernels,
// TF 'same' padding, flatten in (H, W, C) order), which shares nothing with the import's
// layout conversion. Then every kind of refusal, with its code and words.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/interop/json.h"
#include "core/interop/tfjs.h"
#include "gradcheck.h"
#include "temp_dir.h"

using cnn::Errc;
using cnn::Model;

namespace {

struct Tensor {
    std::string name;
    std::vector<int> shape;
    std::vector<float> v;
};

std::string layer(const std::string& cls, const std::string& name, const std::string& cfg) {
    return "{\"class_name\":\"" + cls + "\",\"config\":{\"name\":\"" + name + "\"" + (cfg.empty() ? "" : "," + cfg) + "}}";
}

std::string dims(const std::vector<int>& s) {
    std::string t;
    for (int d : s) t += (t.empty() ? "" : ",") + std::to_string(d);
    return "[" + t + "]";
}

// The test model, Keras-style: input (H 8, W 7, C 2)
//   conv_a  Conv2D 3 filters 3×3 stride 2 'same' relu      -> (4, 4, 3)
//   pool_a  AveragePooling2D 2 stride 1                    -> (3, 3, 3)
//   conv_b  Conv2D 4 filters 2×2 'valid' linear, no bias   -> (2, 2, 4)
//   act_b   Activation tanh;  pool_b MaxPooling2D 1        -> (2, 2, 4)
//   flat    Flatten (H, W, C order)                        -> 16
//   dense_a Dense 5 sigmoid; drop Dropout; dense_b Dense 3 softmax
struct KerasModel {
    std::vector<std::string> layers;
    std::vector<Tensor> weights;
    bool keras2 = false;  // the Keras 2 converter's form: modelTopology.model_config
    KerasModel() {
        cnn::Rng rng(41);
        auto t = [&](const std::string& n, std::vector<int> s) {
            size_t c = 1;
            for (int d : s) c *= (size_t)d;
            weights.push_back({n, s, gradcheck::uniform(rng, c, -0.8f, 0.8f)});
        };
        layers = {
            layer("Conv2D", "conv_a", "\"filters\":3,\"kernel_size\":[3,3],\"strides\":[2,2],\"padding\":\"same\","
                  "\"data_format\":\"channels_last\",\"dilation_rate\":[1,1],\"activation\":\"relu\",\"use_bias\":true,"
                  "\"batch_input_shape\":[null,8,7,2],\"dtype\":\"float32\""),
            layer("AveragePooling2D", "pool_a", "\"pool_size\":[2,2],\"padding\":\"valid\",\"strides\":[1,1]"),
            layer("Conv2D", "conv_b", "\"filters\":4,\"kernel_size\":2,\"strides\":1,\"padding\":\"valid\","
                  "\"activation\":\"linear\",\"use_bias\":false"),
            layer("Activation", "act_b", "\"activation\":\"tanh\""),
            layer("MaxPooling2D", "pool_b", "\"pool_size\":[1,1],\"padding\":\"valid\",\"strides\":null"),
            layer("Flatten", "flat", ""),
            layer("Dense", "dense_a", "\"units\":5,\"activation\":\"sigmoid\",\"use_bias\":true"),
            layer("Dropout", "drop", "\"rate\":0.5"),
            layer("Dense", "dense_b", "\"units\":3,\"activation\":\"softmax\",\"use_bias\":true"),
        };
        t("conv_a/kernel", {3, 3, 2, 3});
        t("conv_a/bias", {3});
        t("conv_b/kernel", {2, 2, 3, 4});
        t("dense_a/kernel", {16, 5});
        t("dense_a/bias", {5});
        t("dense_b/kernel", {5, 3});
        t("dense_b/bias", {3});
    }
    const Tensor& w(const std::string& n) const {
        for (const Tensor& x : weights)
            if (x.name == n) return x;
        FAIL("no tensor " << n);
        return weights[0];
    }
    std::string json() const {
        std::string ls, ws;
        for (const std::string& l : layers) ls += (ls.empty() ? "" : ",") + l;
        for (const Tensor& x : weights)
            ws += (ws.empty() ? "" : ",") + std::string("{\"name\":\"") + x.name + "\",\"shape\":" + dims(x.shape) +
                  ",\"dtype\":\"float32\"}";
        const std::string model = "{\"class_name\":\"Sequential\",\"config\":{\"name\":\"seq\",\"layers\":[" + ls + "]}";
        const std::string topology = keras2 ? "{\"keras_version\":\"2.15.0\",\"backend\":\"tensorflow\",\"model_config\":" + model + "}}"
                                            : model + ",\"keras_version\":\"tfjs-layers 4.22.0\",\"backend\":\"tensor_flow.js\"}";
        return "{\"modelTopology\":" + topology + ",\"format\":\"layers-model\","
               "\"weightsManifest\":[{\"paths\":[\"weights.bin\"],\"weights\":[" + ws + "]}]}";
    }
    std::vector<uint8_t> shard() const {
        std::vector<uint8_t> b;
        for (const Tensor& x : weights) {
            const uint8_t* p = reinterpret_cast<const uint8_t*>(x.v.data());
            b.insert(b.end(), p, p + x.v.size() * 4);
        }
        return b;
    }
};

// ---- The reference forward, in Keras's layout: x (H, W, C) of one image. ----
struct Img {
    int H, W, C;
    std::vector<double> v;  // (H, W, C)
    double& at(int h, int w, int c) { return v[((size_t)h * W + w) * C + c]; }
};

double act(const std::string& a, double z) {
    if (a == "relu") return z > 0 ? z : 0;
    if (a == "sigmoid") return 1 / (1 + std::exp(-z));
    if (a == "tanh") return std::tanh(z);
    return z;
}

// TF's conv: 'same' pads max((OH−1)·s + K − H, 0) cells, the smaller half on top/left.
Img conv(Img& x, const Tensor& k, const Tensor* b, int s, bool same, const std::string& a) {
    const int K = k.shape[0], OC = k.shape[3];
    const int OH = same ? (x.H + s - 1) / s : (x.H - K) / s + 1, OW = same ? (x.W + s - 1) / s : (x.W - K) / s + 1;
    const int pt = same ? std::max((OH - 1) * s + K - x.H, 0) / 2 : 0, pl = same ? std::max((OW - 1) * s + K - x.W, 0) / 2 : 0;
    Img y{OH, OW, OC, std::vector<double>((size_t)OH * OW * OC)};
    for (int oh = 0; oh < OH; oh++)
        for (int ow = 0; ow < OW; ow++)
            for (int o = 0; o < OC; o++) {
                double sum = b ? b->v[o] : 0;
                for (int i = 0; i < K; i++)
                    for (int j = 0; j < K; j++)
                        for (int c = 0; c < x.C; c++) {
                            const int h = oh * s - pt + i, w = ow * s - pl + j;
                            if (h >= 0 && h < x.H && w >= 0 && w < x.W) sum += x.at(h, w, c) * k.v[((i * K + j) * x.C + c) * OC + o];
                        }
                y.at(oh, ow, o) = act(a, sum);
            }
    return y;
}

Img pool(Img& x, int size, int s, bool max) {
    const int OH = (x.H - size) / s + 1, OW = (x.W - size) / s + 1;
    Img y{OH, OW, x.C, std::vector<double>((size_t)OH * OW * x.C)};
    for (int oh = 0; oh < OH; oh++)
        for (int ow = 0; ow < OW; ow++)
            for (int c = 0; c < x.C; c++) {
                double m = -INFINITY, sum = 0;
                for (int i = 0; i < size; i++)
                    for (int j = 0; j < size; j++) m = std::max(m, x.at(oh * s + i, ow * s + j, c)), sum += x.at(oh * s + i, ow * s + j, c);
                y.at(oh, ow, c) = max ? m : sum / (size * size);
            }
    return y;
}

std::vector<double> dense(const std::vector<double>& x, const Tensor& k, const Tensor& b, const std::string& a) {
    const int O = k.shape[1];
    std::vector<double> y(O);
    for (int o = 0; o < O; o++) {
        double s = b.v[o];
        for (size_t i = 0; i < x.size(); i++) s += x[i] * k.v[i * O + o];
        y[o] = act(a, s);
    }
    if (a == "softmax") {
        double mx = *std::max_element(y.begin(), y.end()), sum = 0;
        for (double& v : y) sum += std::exp(v - mx);
        for (double& v : y) v = std::exp(v - mx) / sum;
    }
    return y;
}

// The whole KerasModel on one NHWC image; Flatten is the (H, W, C) vector itself.
std::vector<double> reference(const KerasModel& m, Img x) {
    Img a = conv(x, m.w("conv_a/kernel"), &m.w("conv_a/bias"), 2, true, "relu");
    Img p = pool(a, 2, 1, false);
    Img c = conv(p, m.w("conv_b/kernel"), nullptr, 1, false, "linear");
    for (double& v : c.v) v = std::tanh(v);
    Img q = pool(c, 1, 1, true);
    std::vector<double> h = dense(q.v, m.w("dense_a/kernel"), m.w("dense_a/bias"), "sigmoid");
    return dense(h, m.w("dense_b/kernel"), m.w("dense_b/bias"), "softmax");
}

cnn::ShardReader reader(const std::vector<uint8_t>& bytes) {
    return [bytes](const std::string& path) {
        if (path != "weights.bin") throw cnn::Error(Errc::FileNotFound, path + ": file not found", {}, {path});
        return bytes;
    };
}

cnn::ErrorInfo import_error(const std::string& json, const std::vector<uint8_t>& shard) {
    try {
        cnn::import_tfjs(json, reader(shard), "model.json");
    } catch (const cnn::Error& e) {
        return e.info;
    }
    return cnn::ErrorInfo{};
}

std::string replaced(std::string s, const std::string& from, const std::string& to) {
    const size_t at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

// Imported model vs the reference on N images: max |difference| of the outputs.
double max_difference(Model& m, const KerasModel& k, int N) {
    cnn::Rng rng(5);
    const int C = 2, H = 8, W = 7;
    std::vector<float> x = gradcheck::uniform(rng, (size_t)N * C * H * W, 0, 1);  // (N, C, H, W)
    cnn::ThreadPool pool(1);
    m.forward(x.data(), N, false, pool);
    const float* y = m.layer_output((int)m.layers.size() - 1);
    double worst = 0;
    for (int n = 0; n < N; n++) {
        Img img{H, W, C, std::vector<double>((size_t)H * W * C)};
        for (int c = 0; c < C; c++)
            for (int h = 0; h < H; h++)
                for (int w = 0; w < W; w++) img.at(h, w, c) = x[(((size_t)n * C + c) * H + h) * W + w];
        std::vector<double> want = reference(k, img);
        for (size_t o = 0; o < want.size(); o++) {
            const double d = std::fabs(want[o] - y[n * want.size() + o]);
            worst = std::isfinite(d) ? std::max(worst, d) : INFINITY;  // NaN: as different as can be
        }
    }
    return worst;
}

} // namespace

TEST_CASE("tfjs: a Sequential model imports with its spec and computes Keras's outputs", "[tfjs]") {
    KerasModel k;
    Model m = cnn::import_tfjs(k.json(), reader(k.shard()), "model.json");
    CHECK(m.spec() == Model::parse("input(2,8,7) conv(3,3,stride=2,pad=same,relu) avgpool(2,stride=1) conv(4,2) tanh "
                                   "maxpool(1) flatten dense(5,sigmoid) dense(3,softmax)").spec());
    REQUIRE(m.params.size() == m.num_params());
    CHECK(max_difference(m, k, 4) < 1e-5);
}

TEST_CASE("tfjs: the Keras 2 converter's model_config form and prefixed weight names read the same", "[tfjs]") {
    KerasModel k;
    k.keras2 = true;
    for (Tensor& t : k.weights) t.name = "sequential/" + t.name;
    Model m = cnn::import_tfjs(k.json(), reader(k.shard()), "model.json");
    for (Tensor& t : k.weights) t.name = t.name.substr(11);  // reference() finds them by their short names
    CHECK(max_difference(m, k, 2) < 1e-5);
}

TEST_CASE("tfjs: a functional model whose layers form one chain reads like the Sequential one", "[tfjs]") {
    KerasModel k;
    std::vector<std::string> names = {"in"};
    for (std::string& l : k.layers) {
        const size_t at = l.find("\"name\":\"") + 8;
        const std::string name = l.substr(at, l.find('"', at) - at);
        l = l.substr(0, l.size() - 1) + ",\"inbound_nodes\":[[[\"" + names.back() + "\",0,0,{}]]]}";
        names.push_back(name);
    }
    k.layers.insert(k.layers.begin(), "{\"class_name\":\"InputLayer\",\"config\":{\"name\":\"in\",\"batch_input_shape\":"
                                      "[null,8,7,2]},\"inbound_nodes\":[]}");
    const std::string j = replaced(k.json(), "\"Sequential\"", "\"Functional\"");
    Model m = cnn::import_tfjs(j, reader(k.shard()), "model.json");
    CHECK(max_difference(m, k, 2) < 1e-5);
    cnn::ErrorInfo e = import_error(replaced(j, "[[[\"pool_a\",0,0,{}]]]", "[[[\"conv_a\",0,0,{}]]]"), k.shard());
    CHECK(e.code == Errc::ImportNotChain);
    CHECK(e.w == std::vector<std::string>{"model.json", "conv_b"});
}

TEST_CASE("tfjs: a layer order that permutes differently would be caught (the Flatten rows are moved)", "[tfjs]") {
    // Swapping two rows of dense_a's kernel must change the outputs: the test sees the order.
    KerasModel k;
    Model good = cnn::import_tfjs(k.json(), reader(k.shard()), "model.json");
    KerasModel swapped = k;
    Tensor& w = swapped.weights[3];
    REQUIRE(w.name == "dense_a/kernel");
    for (int o = 0; o < 5; o++) std::swap(w.v[1 * 5 + o], w.v[4 * 5 + o]);
    Model bad = cnn::import_tfjs(swapped.json(), reader(swapped.shard()), "model.json");
    CHECK(max_difference(good, k, 4) < 1e-5);
    CHECK(max_difference(bad, k, 4) > 1e-3);
}

TEST_CASE("tfjs: shards of one group are concatenated in order, a weight may span two", "[tfjs]") {
    KerasModel k;
    const std::vector<uint8_t> all = k.shard();
    const size_t cut = 4 * 10 + 2;  // inside conv_a/kernel, not on a float boundary
    const std::vector<uint8_t> a(all.begin(), all.begin() + cut), b(all.begin() + cut, all.end());
    const std::string j = replaced(k.json(), "[\"weights.bin\"]", "[\"group1-shard1of2.bin\",\"group1-shard2of2.bin\"]");
    auto two = [&](const std::string& path) {
        if (path == "group1-shard1of2.bin") return a;
        if (path == "group1-shard2of2.bin") return b;
        throw cnn::Error(Errc::FileNotFound, path + ": file not found", {}, {path});
    };
    Model m = cnn::import_tfjs(j, two, "model.json");
    CHECK(max_difference(m, k, 2) < 1e-5);
    const std::string swapped = replaced(k.json(), "[\"weights.bin\"]", "[\"group1-shard2of2.bin\",\"group1-shard1of2.bin\"]");
    Model bad = cnn::import_tfjs(swapped, two, "model.json");
    CHECK(max_difference(bad, k, 2) > 1e-3);
}

TEST_CASE("tfjs: malformed JSON is ImportMalformed with the byte offset", "[tfjs]") {
    cnn::ErrorInfo e = import_error("{\"modelTopology\": [1, 2", {});
    CHECK(e.code == Errc::ImportMalformed);
    REQUIRE(e.n.size() == 1);
    CHECK(e.n[0] == 23);
    CHECK(e.w == std::vector<std::string>{"model.json", "TensorFlow.js"});
    CHECK(import_error("{\"a\": tru}", {}).n == std::vector<long long>{6});
    CHECK(import_error("{\"modelTopology\": {}}", {}).code == Errc::ImportMalformed);
    CHECK(import_error("[]", {}).code == Errc::ImportMalformed);
}

TEST_CASE("tfjs: a truncated shard is ImportWeightSize naming the weight", "[tfjs]") {
    KerasModel k;
    std::vector<uint8_t> b = k.shard();
    b.resize(b.size() - 4);
    cnn::ErrorInfo e = import_error(k.json(), b);
    CHECK(e.code == Errc::ImportWeightSize);
    CHECK(e.n == std::vector<long long>{2, 3});
    CHECK(e.w == std::vector<std::string>{"model.json", "dense_b", "dense_b/bias"});
    e = import_error(k.json(), {});
    CHECK(e.code == Errc::ImportWeightSize);
    CHECK(e.w.at(2) == "conv_a/kernel");
}

TEST_CASE("tfjs: an unsupported layer is refused by name and class", "[tfjs]") {
    KerasModel k;
    k.layers.insert(k.layers.begin() + 1, layer("BatchNormalization", "bn_1", "\"axis\":-1"));
    cnn::ErrorInfo e = import_error(k.json(), k.shard());
    CHECK(e.code == Errc::ImportUnsupported);
    CHECK(e.w == std::vector<std::string>{"model.json", "bn_1", "BatchNormalization"});
    CHECK_THAT(e.what, Catch::Contains("bn_1") && Catch::Contains("BatchNormalization"));
}

TEST_CASE("tfjs: settings this program cannot reproduce are ImportAttribute", "[tfjs]") {
    KerasModel k;
    const std::string j = k.json();
    cnn::ErrorInfo e = import_error(replaced(j, "\"dilation_rate\":[1,1]", "\"dilation_rate\":[2,2]"), k.shard());
    CHECK(e.code == Errc::ImportAttribute);
    CHECK(e.w == std::vector<std::string>{"model.json", "conv_a", "Conv2D", "dilation_rate", "[2,2]"});
    e = import_error(replaced(j, "\"kernel_size\":[3,3]", "\"kernel_size\":[3,1]"), k.shard());
    CHECK((e.code == Errc::ImportAttribute && e.w.at(3) == "kernel_size"));
    e = import_error(replaced(j, "\"channels_last\"", "\"channels_first\""), k.shard());
    CHECK((e.code == Errc::ImportAttribute && e.w.at(3) == "data_format"));
    e = import_error(replaced(j, "\"padding\":\"valid\",\"strides\":[1,1]", "\"padding\":\"same\",\"strides\":[1,1]"), k.shard());
    CHECK((e.code == Errc::ImportAttribute && e.w.at(1) == "pool_a" && e.w.at(3) == "padding"));
    e = import_error(replaced(j, "\"activation\":\"tanh\"", "\"activation\":\"elu\""), k.shard());
    CHECK((e.code == Errc::ImportAttribute && e.w.at(4) == "\"elu\""));
    e = import_error(replaced(j, "\"filters\":4", "\"filters\":4.5"), k.shard());
    CHECK((e.code == Errc::ImportAttribute && e.w.at(3) == "filters"));
    e = import_error(replaced(j, "\"dtype\":\"float32\"}]", "\"dtype\":\"int32\"}]"), k.shard());  // dense_b/bias
    CHECK((e.code == Errc::ImportAttribute && e.w.at(3) == "dtype" && e.w.at(4) == "int32"));
}

TEST_CASE("tfjs: a wrong weight count or shape, a missing weight", "[tfjs]") {
    KerasModel k;
    cnn::ErrorInfo e = import_error(replaced(k.json(), "\"shape\":[16,5]", "\"shape\":[16,4]"), k.shard());
    CHECK(e.code == Errc::ImportWeightSize);
    CHECK(e.n == std::vector<long long>{64, 80});
    CHECK(e.w == std::vector<std::string>{"model.json", "dense_a", "dense_a/kernel"});
    e = import_error(replaced(k.json(), "\"shape\":[16,5]", "\"shape\":[5,16]"), k.shard());
    CHECK((e.code == Errc::ImportAttribute && e.w.at(3) == "dense_a/kernel shape" && e.w.at(4) == "5x16"));
    e = import_error(replaced(k.json(), "\"dense_a/bias\"", "\"dense_a/beta\""), k.shard());
    CHECK(e.code == Errc::ImportMissing);
    CHECK(e.w == std::vector<std::string>{"model.json", "dense_a", "dense_a/bias"});
    // A shape of 2^62 values: refused from the manifest, before any shard is read or memory taken.
    e = import_error(replaced(k.json(), "\"shape\":[16,5]", "\"shape\":[2147483648,2147483648]"), {});
    CHECK(e.code == Errc::ImportWeightSize);
}

TEST_CASE("tfjs: input shapes, the Model's own errors, functional chains", "[tfjs]") {
    KerasModel k;
    const std::string j = k.json();
    cnn::ErrorInfo e = import_error(replaced(j, "[null,8,7,2]", "[null,64]"), k.shard());
    CHECK(e.code == Errc::ImportInput);
    CHECK(e.w == std::vector<std::string>{"model.json", "?x64"});
    e = import_error(replaced(j, "[null,8,7,2]", "[null,2,2,2]"), k.shard());  // 3×3 'same' stride 2, then nothing fits
    CHECK(e.code == Errc::ImportModel);
    REQUIRE(e.cause);
    CHECK(e.cause->code != Errc::None);
    e = import_error(replaced(j, "\"class_name\":\"Sequential\"", "\"class_name\":\"Functional\""), k.shard());
    CHECK(e.code == Errc::ImportNotChain);  // layers without inbound_nodes after the first
    k.layers.resize(6);  // ends with the Flatten of (H 2, W 2, C 4): its order would differ from Keras's
    k.weights.resize(3);
    e = import_error(k.json(), k.shard());
    CHECK(e.code == Errc::ImportUnsupported);
    CHECK(e.w == std::vector<std::string>{"model.json", "flat", "Flatten"});
}

TEST_CASE("tfjs: import_tfjs_file reads shards beside model.json and refuses paths outside it", "[tfjs]") {
    TempDir d("tfjs");
    KerasModel k;
    auto write = [&](const std::string& name, const std::string& bytes) {
        std::ofstream f(d.file(name), std::ios::binary);
        f << bytes;
    };
    const std::vector<uint8_t> b = k.shard();
    write("weights.bin", std::string(b.begin(), b.end()));
    write("model.json", k.json());
    Model m = cnn::import_tfjs_file(d.file("model.json"));
    CHECK(max_difference(m, k, 2) < 1e-5);
    write("up.json", replaced(k.json(), "\"weights.bin\"", "\"../weights.bin\""));
    CHECK_THROWS_MATCHES(cnn::import_tfjs_file(d.file("up.json")), cnn::Error,
                         Catch::Predicate<cnn::Error>([](const cnn::Error& e) {
                             return e.info.code == Errc::ImportAttribute && e.info.w.at(3) == "paths" &&
                                    e.info.w.at(4) == "../weights.bin";
                         }));
    write("gone.json", replaced(k.json(), "\"weights.bin\"", "\"other.bin\""));
    CHECK_THROWS_MATCHES(cnn::import_tfjs_file(d.file("gone.json")), cnn::Error,
                         Catch::Predicate<cnn::Error>([](const cnn::Error& e) { return e.info.code == Errc::FileNotFound; }));
    CHECK_THROWS_MATCHES(cnn::import_tfjs_file(d.file("none.json")), cnn::Error,
                         Catch::Predicate<cnn::Error>([](const cnn::Error& e) { return e.info.code == Errc::FileNotFound; }));
}

TEST_CASE("json: values, escapes, offsets and limits", "[tfjs][json]") {
    using cnn::json::Value;
    Value v = cnn::json::parse(" {\"a\": [1, -2.5e1, true, null], \"s\": \"x\\u00e9\\ud83d\\ude00\\n\\\"\", \"a\": 3} ", "t", "JSON");
    REQUIRE(v.kind == Value::Object);
    CHECK(v.offset == 1);
    REQUIRE(v.get("a"));
    CHECK(v.get("a")->num == 3);  // the last of a repeated key, as JavaScript reads it
    const Value& arr = v.members[0].second;
    REQUIRE(arr.items.size() == 4);
    CHECK(arr.items[1].num == -25);
    CHECK(arr.items[1].offset == 11);
    CHECK(arr.items[2].b);
    CHECK(arr.items[3].is_null());
    CHECK(v.get("s")->str == "x\xc3\xa9\xf0\x9f\x98\x80\n\"");
    auto offset = [](const std::string& text) {
        try {
            cnn::json::parse(text, "t", "JSON", 4);
        } catch (const cnn::Error& e) {
            return e.info.n.at(0);
        }
        return -1LL;
    };
    CHECK(offset("[[[[[1]]]]]") == 4);   // the fifth level
    CHECK(offset("[[[[1]]]]") == -1);
    CHECK(offset("\"\\ud800\"") == 1);   // lone surrogate
    CHECK(offset("\"a\tb\"") == 2);      // raw control character
    CHECK(offset("01") == 1);
    CHECK(offset("1e999") == 0);
    CHECK(offset("{} x") == 3);
    CHECK(offset("\"abc") == 0);
}
