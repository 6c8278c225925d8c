// cifar.h — CIFAR-10 data layer: reads the official binary batches into bytes, picks
// subsets, and turns chosen images into float training batches.
// Deliberately not here: downloading (scripts/fetch_cifar10.sh), augmentation, shuffling
// (callers pass their own index order to make_batch), and any UI or browser code.
//
// Shapes: N = images, C = 3 channels (R, G, B planes), H = W = 32.
// A file is N records of 3073 bytes: 1 label byte (0..9), then (C, H, W) pixel bytes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cnn {

// A set of CIFAR-style images kept as bytes, exactly as in the file (CHW planes).
// Bytes, not floats: the 60,000 images take 184 MB as bytes and 737 MB as floats, so
// conversion happens per batch in make_batch.
struct Dataset {
    static constexpr int C = 3, H = 32, W = 32, kImage = C * H * W, kClasses = 10;
    static constexpr int kRecord = 1 + kImage;  // bytes per record in a .bin file: 3073

    std::vector<uint8_t> pixels;  // (N, C, H, W) bytes
    std::vector<uint8_t> labels;  // (N) 0..9

    int size() const { return static_cast<int>(labels.size()); }
    const uint8_t* image(int i) const { return pixels.data() + static_cast<size_t>(i) * kImage; }  // (C, H, W)
    void append(const Dataset& other);  // other's images after this one's
};

// Parse a buffer holding whole 3073-byte records. `name` is used in error messages.
// Throws cnn::Error if len is 0, not a multiple of 3073, or a label byte is above 9.
Dataset parse_cifar(const uint8_t* data, size_t len, const std::string& name);

// One .bin file, read in a single read. Errors name the path: missing, a directory,
// unreadable, empty, bad size, bad label.
Dataset load_cifar_file(const std::string& path);

// data_batch_1..5.bin from dir, in that order, reading only as many files as needed for
// `limit` images (limit <= 0: all). Returns min(limit, images in the files read).
Dataset load_cifar_train(const std::string& dir, int limit = 0);
// dir/test_batch.bin, cut to the first `limit` images (limit <= 0: all).
Dataset load_cifar_test(const std::string& dir, int limit = 0);

// The first min(n, d.size()) images; n < 0 is an error.
Dataset subset_first(const Dataset& d, int n);
// The first n images of each class, original order kept; error if a class has fewer.
Dataset subset_per_class(const Dataset& d, int n_per_class);

// Batch for training: x (n, 3, 32, 32) floats scaled to [0,1] (byte/255), y (n) labels;
// idx (n) selects images, any order, repeats allowed. An index outside the set throws.
void make_batch(const Dataset& d, const int* idx, int n, float* x, int* y);

// Class names (10): from dir/batches.meta.txt if it exists and has 10 non-empty lines,
// else the built-in CIFAR-10 names (airplane, automobile, ..., truck).
std::vector<std::string> cifar_class_names(const std::string& dir = "");

// Resolve the data directory: explicit arg if non-empty, else $CIFAR10_DIR, else throw
// cnn::Error explaining both and pointing to scripts/fetch_cifar10.sh. Does not check
// that the directory exists: the loaders do that and say which file is missing.
std::string resolve_data_dir(const std::string& arg);

} // namespace cnn
