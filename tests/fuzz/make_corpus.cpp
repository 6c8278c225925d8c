// make_corpus.cpp — writes the fuzzers' seed corpus, so no binary seeds are kept in git:
//   OUT/cifar/       valid CIFAR-10 records (1 and 3 images) and near misses (label 10,
//                    a byte short, a byte over)
//   OUT/model_file/  model files written by save_model: small models of every layer kind,
//                    with and without optimizer state and history, plus a truncated copy,
//                    a wrong-version copy and a flipped-byte copy
//   OUT/image/       pictures written byte by byte (tests/png_write.h, tests/jpeg_tiny.h):
//                    PNGs in grey, RGB and RGBA, baseline JPEGs in grey and colour, and a
//                    truncated PNG
// Usage: fuzz_make_corpus OUT_DIR. Deterministic: the same bytes on every run.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/model_io.h"
#include "core/optim.h"
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
