// test_cifar.cpp — tests of the CIFAR-10 data layer on small files the tests write
// themselves into a private temp folder (removed afterwards), plus one check of the real
// data when CIFAR10_DIR points at it. No network, no fixtures in the repository.
//
// Shapes: a record is 1 label byte + (C=3, H=32, W=32) pixel bytes = 3073 bytes.
#include <catch2/catch.hpp>

#include "core/cifar.h"
#include "core/error.h"
#include "skip.h"
#include "temp_dir.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using Catch::Contains;
using cnn::Dataset;

namespace {

// Pixel byte of image i, channel c, row h, column w: distinct per plane and position so a
// swapped plane, transposed image or off-by-one record shows up.
uint8_t pix(int i, int c, int h, int w) { return static_cast<uint8_t>(i * 7 + c * 85 + h * 3 + w); }

// Records for images with the given labels, pixels from pix(first + k, ...).
std::vector<uint8_t> records(const std::vector<int>& labels, int first = 0) {
    std::vector<uint8_t> b;
    for (size_t k = 0; k < labels.size(); ++k) {
        b.push_back(static_cast<uint8_t>(labels[k]));
        for (int c = 0; c < 3; ++c)
            for (int h = 0; h < 32; ++h)
                for (int w = 0; w < 32; ++w) b.push_back(pix(first + static_cast<int>(k), c, h, w));
    }
    return b;
}

void write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    REQUIRE(f.good());
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream f(path, std::ios::binary);
    f << text;
    REQUIRE(f.good());
}

// Set or clear an environment variable for one scope, restoring the old value after.
struct EnvGuard {
    std::string name, old;
    bool had;
    EnvGuard(const char* n, const char* value) : name(n) {
        const char* o = std::getenv(n);
        had = o != nullptr;
        if (had) old = o;
        if (value) ::setenv(n, value, 1);
        else ::unsetenv(n);
    }
    ~EnvGuard() {
        if (had) ::setenv(name.c_str(), old.c_str(), 1);
        else ::unsetenv(name.c_str());
    }
};

std::vector<int> labels_of(const Dataset& d) { return std::vector<int>(d.labels.begin(), d.labels.end()); }

} // namespace

TEST_CASE("cifar: a small file round-trips labels and R,G,B planes", "[cifar]") {
    TempDir t("cnn_test_cifar");
    const std::vector<int> labs = {3, 0, 9, 5};
    write_file(t.file("small.bin"), records(labs));
    const Dataset d = cnn::load_cifar_file(t.file("small.bin"));

    REQUIRE(d.size() == 4);
    CHECK(labels_of(d) == labs);
    REQUIRE(d.pixels.size() == 4u * Dataset::kImage);
    bool all_equal = true;
    for (int i = 0; i < 4; ++i)
        for (int c = 0; c < 3; ++c)
            for (int h = 0; h < 32; ++h)
                for (int w = 0; w < 32; ++w)
                    all_equal = all_equal && d.image(i)[c * 1024 + h * 32 + w] == pix(i, c, h, w);
    CHECK(all_equal);
    // Spot checks that say which plane is which: R at 0, G at 1024, B at 2048.
    CHECK(d.image(1)[0] == pix(1, 0, 0, 0));
    CHECK(d.image(1)[1024 + 2 * 32 + 5] == pix(1, 1, 2, 5));
    CHECK(d.image(3)[2048 + 31 * 32 + 31] == pix(3, 2, 31, 31));
}

TEST_CASE("cifar: parse_cifar reads a buffer the same way", "[cifar]") {
    const std::vector<uint8_t> buf = records({7, 1}, 10);
    const Dataset d = cnn::parse_cifar(buf.data(), buf.size(), "mem");
    REQUIRE(d.size() == 2);
    CHECK(labels_of(d) == std::vector<int>{7, 1});
    CHECK(d.image(0)[0] == pix(10, 0, 0, 0));
    CHECK(d.image(1)[2048 + 100] == pix(11, 2, 100 / 32, 100 % 32));
}

TEST_CASE("cifar: make_batch scales to byte/255 exactly and follows idx", "[cifar]") {
    const std::vector<uint8_t> buf = records({4, 8, 2});
    Dataset d = cnn::parse_cifar(buf.data(), buf.size(), "mem");
    // Put 0 and 255 into image 2 so both ends of [0,1] are hit.
    d.pixels[2 * Dataset::kImage + 0] = 0;
    d.pixels[2 * Dataset::kImage + 1] = 255;

    const int idx[3] = {2, 0, 2};
    std::vector<float> x(3 * Dataset::kImage, -1.f);  // (3, 3, 32, 32)
    int y[3] = {-1, -1, -1};
    cnn::make_batch(d, idx, 3, x.data(), y);

    CHECK(y[0] == 2);
    CHECK(y[1] == 4);
    CHECK(y[2] == 2);
    bool exact = true;
    for (int b = 0; b < 3; ++b)
        for (int k = 0; k < Dataset::kImage; ++k)
            exact = exact && x[b * Dataset::kImage + k] == static_cast<float>(d.image(idx[b])[k]) / 255.0f;
    CHECK(exact);
    CHECK(x[0] == 0.0f);
    CHECK(x[1] == 1.0f);

    const int bad[1] = {3};
    CHECK_THROWS_AS(cnn::make_batch(d, bad, 1, x.data(), y), cnn::Error);
    CHECK_THROWS_WITH(cnn::make_batch(d, bad, 1, x.data(), y), Contains("index 3") && Contains("3 images"));
}

TEST_CASE("cifar: bad files give a cnn::Error naming the file and the reason", "[cifar][errors]") {
    TempDir t("cnn_test_cifar");

    SECTION("missing file") {
        const std::string p = t.file("nope.bin");
        CHECK_THROWS_AS(cnn::load_cifar_file(p), cnn::Error);
        CHECK_THROWS_WITH(cnn::load_cifar_file(p), Contains("nope.bin") && Contains("not found"));
    }
    SECTION("a directory where a file was expected") {
        fs::create_directories(t.path / "adir.bin");
        const std::string p = t.file("adir.bin");
        CHECK_THROWS_AS(cnn::load_cifar_file(p), cnn::Error);
        CHECK_THROWS_WITH(cnn::load_cifar_file(p), Contains("adir.bin") && Contains("is a directory"));
    }
    SECTION("empty file") {
        write_file(t.file("empty.bin"), {});
        const std::string p = t.file("empty.bin");
        CHECK_THROWS_AS(cnn::load_cifar_file(p), cnn::Error);
        CHECK_THROWS_WITH(cnn::load_cifar_file(p), Contains("empty.bin") && Contains("empty (0 bytes)"));
    }
    SECTION("size not a multiple of 3073") {
        std::vector<uint8_t> b = records({1, 2});
        b.resize(b.size() + 100);  // 6246 bytes: 2 records + 100
        write_file(t.file("cut.bin"), b);
        const std::string p = t.file("cut.bin");
        CHECK_THROWS_AS(cnn::load_cifar_file(p), cnn::Error);
        CHECK_THROWS_WITH(cnn::load_cifar_file(p),
                          Contains("cut.bin") && Contains("size 6246 bytes") && Contains("multiple of 3073") &&
                              Contains("remainder 100") && Contains("truncated") &&
                              Contains("not a CIFAR-10 binary file"));
        // Shorter than one record.
        write_file(t.file("tiny.bin"), std::vector<uint8_t>(10, 1));
        CHECK_THROWS_WITH(cnn::load_cifar_file(t.file("tiny.bin")),
                          Contains("tiny.bin") && Contains("size 10 bytes") && Contains("remainder 10"));
    }
    SECTION("label byte above 9") {
        write_file(t.file("label.bin"), records({0, 9, 12, 1}));
        const std::string p = t.file("label.bin");
        CHECK_THROWS_AS(cnn::load_cifar_file(p), cnn::Error);
        CHECK_THROWS_WITH(cnn::load_cifar_file(p),
                          Contains("label.bin") && Contains("record 2") && Contains("label 12") && Contains("0..9"));
    }
    SECTION("parse_cifar names the buffer") {
        const std::vector<uint8_t> b(3073 + 5, 0);
        CHECK_THROWS_WITH(cnn::parse_cifar(b.data(), b.size(), "upload.bin"),
                          Contains("upload.bin") && Contains("remainder 5"));
        CHECK_THROWS_WITH(cnn::parse_cifar(b.data(), 0, "upload.bin"), Contains("upload.bin") && Contains("empty"));
    }
}

// Its own case (tag [unprivileged], its own CTest test): as root it cannot run, and it is
// reported as skipped instead of passing.
TEST_CASE("cifar: an unreadable file gives a cnn::Error naming the file", "[cifar][errors][unprivileged]") {
    TempDir t("cnn_test_cifar");
    write_file(t.file("locked.bin"), records({1}));
    const std::string p = t.file("locked.bin");
    fs::permissions(p, fs::perms::none);
    // Probed by opening, not access(): under Emscripten/Node access() judges the mode bits alone.
    const bool readable = std::ifstream(p, std::ios::binary).is_open();
    if (readable) {
        fs::permissions(p, fs::perms::owner_read | fs::perms::owner_write);
        CNN_SKIP("running with privileges that ignore file permissions (root)");
    }
    CHECK_THROWS_AS(cnn::load_cifar_file(p), cnn::Error);
    CHECK_THROWS_WITH(cnn::load_cifar_file(p), Contains("locked.bin") && Contains("permission denied"));
    fs::permissions(p, fs::perms::owner_read | fs::perms::owner_write);
}

TEST_CASE("cifar: bad data directories give a cnn::Error naming the directory", "[cifar][errors]") {
    TempDir t("cnn_test_cifar");

    SECTION("data directory missing") {
        const std::string d = t.file("no_such_dir");
        CHECK_THROWS_AS(cnn::load_cifar_train(d), cnn::Error);
        CHECK_THROWS_WITH(cnn::load_cifar_train(d), Contains("no_such_dir") && Contains("not found"));
        CHECK_THROWS_WITH(cnn::load_cifar_test(d), Contains("no_such_dir") && Contains("not found"));
    }
    SECTION("data directory is a file") {
        write_file(t.file("plain"), records({1}));
        CHECK_THROWS_WITH(cnn::load_cifar_train(t.file("plain")), Contains("plain") && Contains("not a directory"));
    }
    SECTION("data directory without data_batch files") {
        write_text(t.file("readme.txt"), "nothing here\n");
        CHECK_THROWS_AS(cnn::load_cifar_train(t.str()), cnn::Error);
        CHECK_THROWS_WITH(cnn::load_cifar_train(t.str()),
                          Contains(t.str()) && Contains("no CIFAR-10 training files") && Contains("data_batch_1.bin"));
    }
    SECTION("data directory without test_batch.bin") {
        write_file(t.file("data_batch_1.bin"), records({1}));
        CHECK_THROWS_WITH(cnn::load_cifar_test(t.str()), Contains("test_batch.bin") && Contains("not found"));
    }
    SECTION("a gap in the training files is named") {
        write_file(t.file("data_batch_1.bin"), records({1}));
        write_file(t.file("data_batch_3.bin"), records({1}));
        CHECK_THROWS_WITH(cnn::load_cifar_train(t.str()), Contains("data_batch_2.bin") && Contains("not found"));
        CHECK(cnn::load_cifar_train(t.str(), 1).size() == 1);  // only file 1 is needed
    }
}

TEST_CASE("cifar: load_cifar_train reads batches in order and only as many as needed", "[cifar]") {
    TempDir t("cnn_test_cifar");
    // Five files of 3 images; image k overall has pixels pix(k, ...) and label k % 10.
    for (int f = 0; f < 5; ++f)
        write_file(t.file("data_batch_" + std::to_string(f + 1) + ".bin"),
                   records({(3 * f) % 10, (3 * f + 1) % 10, (3 * f + 2) % 10}, 3 * f));

    const Dataset all = cnn::load_cifar_train(t.str());
    REQUIRE(all.size() == 15);
    for (int k = 0; k < 15; ++k) {
        CHECK(all.labels[k] == k % 10);
        CHECK(all.image(k)[1024] == pix(k, 1, 0, 0));
    }
    CHECK(cnn::load_cifar_train(t.str() + "/").size() == 15);  // trailing slash is fine

    // Limit 4: files 1 and 2 read, the result cut to 4. File 3 is then broken to prove
    // that a limit of 6 never opens it.
    const Dataset four = cnn::load_cifar_train(t.str(), 4);
    REQUIRE(four.size() == 4);
    CHECK(four.pixels.size() == 4u * Dataset::kImage);
    CHECK(four.image(3)[0] == pix(3, 0, 0, 0));
    write_file(t.file("data_batch_3.bin"), std::vector<uint8_t>(7, 0));
    CHECK(cnn::load_cifar_train(t.str(), 6).size() == 6);
    CHECK_THROWS_WITH(cnn::load_cifar_train(t.str(), 7), Contains("data_batch_3.bin") && Contains("remainder 7"));

    // More than there is: everything, no error.
    write_file(t.file("data_batch_3.bin"), records({6, 7, 8}, 6));
    CHECK(cnn::load_cifar_train(t.str(), 1000).size() == 15);

    // Test set with a limit.
    write_file(t.file("test_batch.bin"), records({5, 6, 7, 8}));
    CHECK(cnn::load_cifar_test(t.str()).size() == 4);
    const Dataset two = cnn::load_cifar_test(t.str(), 2);
    CHECK(labels_of(two) == std::vector<int>{5, 6});
    CHECK(two.pixels.size() == 2u * Dataset::kImage);
}

TEST_CASE("cifar: append and subsets keep order and counts", "[cifar]") {
    // 25 images with labels cycling 0..9 except class 9 appears once only (at index 9).
    std::vector<int> labs;
    for (int i = 0; i < 25; ++i) labs.push_back(i % 10 == 9 && i != 9 ? 0 : i % 10);
    const std::vector<uint8_t> buf = records(labs);
    const Dataset d = cnn::parse_cifar(buf.data(), buf.size(), "mem");

    SECTION("append") {
        Dataset a = cnn::subset_first(d, 3);
        a.append(cnn::subset_first(d, 5));
        REQUIRE(a.size() == 8);
        CHECK(labels_of(a) == std::vector<int>{0, 1, 2, 0, 1, 2, 3, 4});
        CHECK(a.image(7)[5] == pix(4, 0, 0, 5));
    }
    SECTION("subset_first") {
        const Dataset s = cnn::subset_first(d, 12);
        REQUIRE(s.size() == 12);
        CHECK(s.pixels.size() == 12u * Dataset::kImage);
        CHECK(std::vector<int>(labs.begin(), labs.begin() + 12) == labels_of(s));
        CHECK(s.image(11)[3000] == d.image(11)[3000]);
        CHECK(cnn::subset_first(d, 100).size() == 25);  // at most what there is
        CHECK(cnn::subset_first(d, 0).size() == 0);
        CHECK_THROWS_AS(cnn::subset_first(d, -1), cnn::Error);
    }
    SECTION("subset_per_class: first n of each class, original order") {
        const Dataset s = cnn::subset_per_class(d, 1);
        REQUIRE(s.size() == 10);
        CHECK(labels_of(s) == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        for (int i = 0; i < 10; ++i) CHECK(s.image(i)[0] == pix(i, 0, 0, 0));  // the first of each class
        CHECK(cnn::subset_per_class(d, 0).size() == 0);
    }
    SECTION("subset_per_class: a short class is an error") {
        CHECK_THROWS_AS(cnn::subset_per_class(d, 2), cnn::Error);
        CHECK_THROWS_WITH(cnn::subset_per_class(d, 2), Contains("class 9 has only 1") && Contains("2 images per class"));
    }
    SECTION("subset_per_class: counts per class and order on a larger set") {
        std::vector<int> many;
        for (int i = 0; i < 200; ++i) many.push_back((i * 7 + i / 13) % 10);
        const std::vector<uint8_t> mb = records(many);
        const Dataset m = cnn::parse_cifar(mb.data(), mb.size(), "mem");
        const Dataset s = cnn::subset_per_class(m, 5);
        REQUIRE(s.size() == 50);
        int count[10] = {};
        for (uint8_t l : s.labels) ++count[l];
        for (int c = 0; c < 10; ++c) CHECK(count[c] == 5);
        // Expected: walk the source in order, keep an image while its class has < 5.
        std::vector<int> want, want_src;
        int seen[10] = {};
        for (int i = 0; i < 200; ++i)
            if (seen[many[i]]++ < 5) {
                want.push_back(many[i]);
                want_src.push_back(i);
            }
        CHECK(labels_of(s) == want);
        bool same = true;
        for (int k = 0; k < 50; ++k) same = same && s.image(k)[2047] == m.image(want_src[k])[2047];
        CHECK(same);
    }
}

TEST_CASE("cifar: class names from batches.meta.txt or built in", "[cifar]") {
    const std::vector<std::string> builtin = {"airplane", "automobile", "bird",  "cat",  "deer",
                                              "dog",      "frog",       "horse", "ship", "truck"};
    CHECK(cnn::cifar_class_names() == builtin);
    TempDir t("cnn_test_cifar");
    CHECK(cnn::cifar_class_names(t.str()) == builtin);  // no meta file

    // 10 names, Windows line ends and trailing blank lines as in the official file.
    write_text(t.file("batches.meta.txt"), "a0\r\na1\r\na2\r\na3\r\na4\r\na5\r\na6\r\na7\r\na8\r\n a9 \r\n\r\n\n");
    const auto names = cnn::cifar_class_names(t.str());
    REQUIRE(names.size() == 10);
    CHECK(names[0] == "a0");
    CHECK(names[9] == "a9");

    write_text(t.file("batches.meta.txt"), "only\nnine\nnames\n4\n5\n6\n7\n8\n9\n");
    CHECK(cnn::cifar_class_names(t.str()) == builtin);
    write_text(t.file("batches.meta.txt"), "");
    CHECK(cnn::cifar_class_names(t.str()) == builtin);
}

TEST_CASE("cifar: resolve_data_dir prefers the argument, then CIFAR10_DIR", "[cifar]") {
    {
        EnvGuard env("CIFAR10_DIR", "/from/env");
        CHECK(cnn::resolve_data_dir("/from/arg") == "/from/arg");
        CHECK(cnn::resolve_data_dir("") == "/from/env");
    }
    {
        EnvGuard env("CIFAR10_DIR", nullptr);
        CHECK_THROWS_AS(cnn::resolve_data_dir(""), cnn::Error);
        CHECK_THROWS_WITH(cnn::resolve_data_dir(""), Contains("CIFAR10_DIR") && Contains("scripts/fetch_cifar10.sh") &&
                                                         Contains("explicitly"));
    }
    {
        EnvGuard env("CIFAR10_DIR", "");  // set but empty counts as unset
        CHECK_THROWS_AS(cnn::resolve_data_dir(""), cnn::Error);
    }
}

TEST_CASE("cifar: real CIFAR-10 test batch from CIFAR10_DIR", "[cifar][real]") {
    const char* env = std::getenv("CIFAR10_DIR");
    const std::string dir = env ? env : "";
    if (dir.empty() || !fs::is_regular_file(fs::path(dir) / "test_batch.bin")) {
        CNN_SKIP("CIFAR10_DIR is not set or has no test_batch.bin (scripts/fetch_cifar10.sh downloads the data)");
    }
    const Dataset d = cnn::load_cifar_test(dir);
    REQUIRE(d.size() == 10000);
    CHECK(d.pixels.size() == 10000u * Dataset::kImage);
    int count[10] = {};
    for (uint8_t l : d.labels) ++count[l];
    for (int c = 0; c < 10; ++c) CHECK(count[c] == 1000);
    // The official release starts with a cat (label 3). Copies re-ordered for other uses
    // (such as a reshuffled one) start elsewhere, so this is reported, not failed.
    if (d.labels[0] == 3) {
        SUCCEED("first test image is a cat, as in the official release order");
    } else {
        WARN("first label of test_batch.bin is " << int(d.labels[0]) << ", not 3 (cat) as in the official "
             "release: this copy is not in the official order");
    }
    CHECK(cnn::cifar_class_names(dir)[3] == "cat");
    CHECK(cnn::load_cifar_train(dir, 12345).size() == 12345);  // reads data_batch_1 and _2 only
}
