// make_corpus.cpp — writes the fuzzers' seed corpus, so no binary seeds are kept in git:
//   OUT/cifar/       valid CIFAR-10 records (1 and 3 images) and near misses (label 10,
//                    a byte short, a byte over)
//   OUT/model_file/  model files written by save_model: small models of every layer kind,
//                    with and without optimizer state and history, plus a truncated copy,
//                    a wrong-version copy and a flipped-byte copy
//   OUT/onnx/        the same models exported as ONNX files (export_onnx), and a truncated one
//   OUT/tfjs/        TensorFlow.js Layers models as fuzz_tfjs reads them (model.json, a NUL,
//                    the weight shard): a Sequential and a functional chain of every layer
//                    class read, plus a shard cut short and a model.json without its shard
//   OUT/image/       pictures written byte by byte (tests/png_write.h, tests/jpeg_tiny.h):
//                    PNGs in grey, RGB and RGBA, baseline JPEGs in grey and colour, and a
//                    truncated PNG
// Usage: fuzz_make_corpus OUT_DIR. Deterministic: the same bytes on every run.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/interop/onnx.h"
#include "core/model.h"
#include "core/model_io.h"
#include "core/optim.h"
#include "core/rng.h"
#include "core/train.h"
#include "../jpeg_tiny.h"
#include "../png_write.h"

namespace fs = std::filesystem;

static void write(const fs::path& p, const std::vector<uint8_t>& b) {
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(b.data()), (std::streamsize)b.size());
    if (!f) { std::fprintf(stderr, "%s: cannot write\n", p.c_str()); std::exit(1); }
}

// n records with labels (i*3)%10 and pixels that vary by image, channel and position.
static std::vector<uint8_t> cifar(int n) {
    std::vector<uint8_t> b;
    for (int i = 0; i < n; ++i) {
        b.push_back((uint8_t)((i * 3) % 10));
        for (int k = 0; k < 3072; ++k) b.push_back((uint8_t)(i * 7 + k * 13));
    }
    return b;
}

// A tfjs model.json of `layers` (JSON text of the layer array) and `model` (its class and
// config's extra members), a NUL, then float32 weights of the shapes named, cut to `keep` bytes.
struct TfjsWeight {
    std::string name;
    std::vector<int> shape;
};
static std::vector<uint8_t> tfjs_seed(const std::string& cls, const std::string& layers, const std::vector<TfjsWeight>& ws,
                                      size_t keep = SIZE_MAX) {
    std::string manifest, dims;
    std::vector<uint8_t> shard;
    cnn::Rng rng(3);
    for (const TfjsWeight& w : ws) {
        size_t n = 1;
        dims.clear();
        for (int d : w.shape) n *= (size_t)d, dims += (dims.empty() ? "" : ",") + std::to_string(d);
        manifest += (manifest.empty() ? "" : ",") + std::string("{\"name\":\"") + w.name + "\",\"shape\":[" + dims +
                    "],\"dtype\":\"float32\"}";
        for (size_t i = 0; i < n; i++) {
            const float v = rng.uniform(-1, 1);
            const uint8_t* p = reinterpret_cast<const uint8_t*>(&v);
            shard.insert(shard.end(), p, p + 4);
        }
    }
    const std::string json = "{\"modelTopology\":{\"class_name\":\"" + cls + "\",\"config\":{\"name\":\"m\",\"layers\":[" +
                             layers + "]},\"keras_version\":\"tfjs-layers 4.22.0\"},\"weightsManifest\":[{\"paths\":"
                             "[\"weights.bin\"],\"weights\":[" + manifest + "]}]}";
    std::vector<uint8_t> b(json.begin(), json.end());
    b.push_back(0);
    b.insert(b.end(), shard.begin(), shard.begin() + std::min(keep, shard.size()));
    return b;
}

static void tfjs_seeds(const fs::path& dir) {
    const std::string seq =
        R"({"class_name":"Conv2D","config":{"name":"c1","filters":2,"kernel_size":[3,3],"strides":[1,1],"padding":"valid",)"
        R"("data_format":"channels_last","dilation_rate":[1,1],"activation":"relu","use_bias":true,"batch_input_shape":[null,8,8,1]}},)"
        R"({"class_name":"MaxPooling2D","config":{"name":"p1","pool_size":[2,2],"padding":"valid","strides":null}},)"
        R"({"class_name":"Flatten","config":{"name":"f"}},{"class_name":"Dropout","config":{"name":"d","rate":0.5}},)"
        R"({"class_name":"Dense","config":{"name":"o","units":3,"activation":"softmax","use_bias":true}})";
    const std::vector<TfjsWeight> seq_w = {{"c1/kernel", {3, 3, 1, 2}}, {"c1/bias", {2}}, {"o/kernel", {18, 3}}, {"o/bias", {3}}};
    write(dir / "sequential", tfjs_seed("Sequential", seq, seq_w));
    write(dir / "short_shard", tfjs_seed("Sequential", seq, seq_w, 40));
    std::vector<uint8_t> no_shard = tfjs_seed("Sequential", seq, seq_w, 0);
    no_shard.pop_back();  // the NUL
    write(dir / "no_shard", no_shard);
    const std::string chain =
        R"({"class_name":"InputLayer","name":"in","config":{"name":"in","batch_input_shape":[null,6,5,2]},"inbound_nodes":[]},)"
        R"({"class_name":"Conv2D","config":{"name":"c","filters":3,"kernel_size":2,"strides":2,"padding":"same","activation":"tanh",)"
        R"("use_bias":false},"inbound_nodes":[[["in",0,0,{}]]]},)"
        R"({"class_name":"AveragePooling2D","config":{"name":"a","pool_size":[1,1],"strides":[1,1]},"inbound_nodes":[[["c",0,0,{}]]]},)"
        R"({"class_name":"Activation","config":{"name":"s","activation":"sigmoid"},"inbound_nodes":[[["a",0,0,{}]]]},)"
        R"({"class_name":"Flatten","config":{"name":"f"},"inbound_nodes":[[["s",0,0,{}]]]},)"
        R"({"class_name":"Dense","config":{"name":"o","units":2,"activation":"linear"},"inbound_nodes":[[["f",0,0,{}]]]})";
    write(dir / "functional", tfjs_seed("Functional", chain, {{"c/kernel", {2, 2, 2, 3}}, {"o/kernel", {27, 2}}, {"o/bias", {2}}}));
}

// Pictures for fuzz_image: PNGs of a pattern in each colour type, JPEGs, a cut PNG.
static void write_images(const fs::path& dir) {
    fs::create_directories(dir);
    const int sizes[][3] = {{8, 8, 3}, {13, 7, 4}, {5, 9, 1}, {40, 33, 3}};
    for (const auto& sz : sizes) {
        std::vector<uint8_t> px((size_t)sz[0] * sz[1] * sz[2]);
        for (size_t i = 0; i < px.size(); i++) px[i] = (uint8_t)(i * 29 + i / 5);
        write(dir / ("png_" + std::to_string(sz[0]) + "x" + std::to_string(sz[1]) + "_" + std::to_string(sz[2])),
              pngw::png(px, sz[0], sz[1], sz[2]));
    }
    write(dir / "jpeg_grey_16x8", jpegt::grey_jpeg(2, 1, 1));
    write(dir / "jpeg_colour_24x24", jpegt::grey_jpeg(3, 3, 3));
    std::vector<uint8_t> cut = pngw::png(std::vector<uint8_t>(16 * 16 * 3, 7), 16, 16, 3);
    cut.resize(cut.size() / 2);
    write(dir / "png_truncated", cut);
}

int main(int argc, char** argv) {
    if (argc != 2) { std::fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]); return 2; }
    const fs::path out(argv[1]);
    fs::create_directories(out / "cifar");
    fs::create_directories(out / "model_file");
    fs::create_directories(out / "onnx");
    fs::create_directories(out / "tfjs");
    tfjs_seeds(out / "tfjs");

    write(out / "cifar" / "one_record", cifar(1));
    write(out / "cifar" / "three_records", cifar(3));
    std::vector<uint8_t> bad = cifar(2);
    bad[3073] = 10;
    write(out / "cifar" / "label_10", bad);
    std::vector<uint8_t> s = cifar(1);
    s.pop_back();
    write(out / "cifar" / "one_byte_short", s);
    s = cifar(1);
    s.push_back(0);
    write(out / "cifar" / "one_byte_over", s);

    const char* specs[] = {
        "input(1,8,8) conv(2,3,relu) maxpool(2) flatten dense(3,softmax)",
        "input(2,6,6) conv(3,3,stride=2,pad=same,tanh) avgpool(2) flatten dense(4,sigmoid) dense(2)",
        "input(1,5,5) conv(1,2,pad=1) relu maxpool(2,stride=1) flatten dense(2,relu) softmax",
        "input(1,1,4) flatten dense(2)",
    };
    int k = 0;
    for (const char* spec : specs) {
        cnn::Model m = cnn::Model::parse(spec);
        m.init(7 + k);
        const std::string base = "model_" + std::to_string(k++);
        write(out / "model_file" / (base + "_bare"), cnn::save_model(m, nullptr, nullptr));
        const std::vector<uint8_t> onnx = cnn::export_onnx(m, {});
        write(out / "onnx" / base, onnx);
        if (k == 1) write(out / "onnx" / "truncated", std::vector<uint8_t>(onnx.begin(), onnx.begin() + onnx.size() / 2));

        cnn::Optimizer adam = cnn::Optimizer::adam(0.01f);
        adam.t = 3;
        adam.m.assign(m.num_params(), 0.25f);
        adam.v.assign(m.num_params(), 0.5f);
        cnn::History h;
        for (int e = 1; e <= 2; ++e) {
            cnn::EpochStats st;
            st.epoch = e;
            st.loss = 2.0 / e; st.accuracy = 0.1 * e; st.val_loss = 2.1 / e; st.val_accuracy = 0.09 * e;
            st.seconds = 1.5; st.images_per_s = 1000;
            h.epochs.push_back(st);
        }
        const std::vector<uint8_t> full = cnn::save_model(m, &adam, &h);
        write(out / "model_file" / (base + "_adam_history"), full);
        cnn::Optimizer sgd = cnn::Optimizer::sgd();
        write(out / "model_file" / (base + "_sgd"), cnn::save_model(m, &sgd, nullptr));

        if (k == 1) {  // near misses of one file
            std::vector<uint8_t> t(full.begin(), full.begin() + full.size() / 2);
            write(out / "model_file" / "truncated", t);
            std::vector<uint8_t> v = full;
            v[8] = 2;  // version 2
            write(out / "model_file" / "version_2", v);
            std::vector<uint8_t> f = full;
            f[full.size() / 2] ^= 0x40;  // CRC mismatch
            write(out / "model_file" / "flipped_byte", f);
        }
    }
    write_images(out / "image");
    std::printf("seed corpus written to %s\n", out.c_str());
    return 0;
}
