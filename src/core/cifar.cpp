// cifar.cpp — reading CIFAR-10 binary batches, subsets, and byte-to-float batches.
// Every bad input becomes a one-line cnn::Error naming the file, with its code (error.h) for
// front ends in other languages; nothing here prints, logs, downloads or knows about the
// browser (under Node, NODERAWFS shows the real disk).
//
// Shapes: N images, C = 3, H = W = 32; a record is 1 label byte + (C, H, W) bytes = 3073.
#include "core/cifar.h"

#include "core/error.h"
#include "core/file_read.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <utility>

namespace cnn {

namespace {

constexpr size_t kRec = Dataset::kRecord;  // 3073
constexpr size_t kImg = Dataset::kImage;   // 3072

std::string join(const std::string& dir, const std::string& file) {
    if (dir.empty() || dir.back() == '/') return dir + file;
    return dir + "/" + file;
}

// Size checks shared by the file loader (before reading) and parse_cifar.
void check_size(size_t len, const std::string& name) {
    if (len == 0)
        throw Error(Errc::DataEmpty, name + ": file is empty (0 bytes); expected whole CIFAR-10 records of 3073 bytes", {}, {name});
    if (len % kRec != 0)
        throw Error(Errc::DataBadSize, name + ": size " + std::to_string(len) + " bytes is not a multiple of 3073 (remainder " +
                    std::to_string(len % kRec) + "); the file may be truncated or not a CIFAR-10 binary file",
                    {(long long)len, (long long)(len % kRec)}, {name});
    if (len / kRec > static_cast<size_t>(std::numeric_limits<int>::max()))
        throw Error(Errc::DataTooManyRecords, name + ": too many records (" + std::to_string(len / kRec) + ") for this loader",
                    {(long long)(len / kRec)}, {name});
}

// Turn a buffer of whole records into a Dataset without a second buffer: labels are
// pulled out, then each image is moved down over the label bytes before it. Image i
// goes to [i*3072, (i+1)*3072), which never lies past its source at i*3073+1, so a
// forward memmove is safe; label i (at i*3073) is read before image i overwrites it.
// Halving peak memory matters in the browser, where the heap is small.
Dataset from_records(std::vector<uint8_t>&& buf, const std::string& name) {
    check_size(buf.size(), name);
    const size_t n = buf.size() / kRec;
    Dataset d;
    d.labels.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const uint8_t lab = buf[i * kRec];
        if (lab >= Dataset::kClasses)
            throw Error(Errc::DataBadLabel, name + ": record " + std::to_string(i) + " (byte offset " + std::to_string(i * kRec) +
                        ") has label " + std::to_string(lab) + ", but CIFAR-10 labels are 0..9; not a CIFAR-10 binary file?",
                        {(long long)i, (long long)(i * kRec), lab}, {name});
        d.labels[i] = lab;
    }
    for (size_t i = 0; i < n; ++i) std::memmove(buf.data() + i * kImg, buf.data() + i * kRec + 1, kImg);
    buf.resize(n * kImg);  // keeps capacity: the 1/3073 slack is not worth a copy
    d.pixels = std::move(buf);
    return d;
}

// Append the first `take` images of src to dst.
void append_prefix(Dataset& dst, const Dataset& src, int take) {
    dst.labels.insert(dst.labels.end(), src.labels.begin(), src.labels.begin() + take);
    dst.pixels.insert(dst.pixels.end(), src.pixels.begin(), src.pixels.begin() + static_cast<size_t>(take) * kImg);
}

void truncate(Dataset& d, int n) {
    if (n <= 0 || n >= d.size()) return;
    d.labels.resize(n);
    d.labels.shrink_to_fit();
    d.pixels.resize(static_cast<size_t>(n) * kImg);
    d.pixels.shrink_to_fit();
}

// The data directory must exist and be a directory; the error names it, and how to get the data.
void check_data_dir(const std::string& dir) {
    struct stat st;
    if (::stat(dir.c_str(), &st) != 0) {
        const int e = errno;
        if (e == ENOENT || e == ENOTDIR)
            throw Error(Errc::DataDirNotFound, "CIFAR-10 data directory not found: " + dir +
                        " (set CIFAR10_DIR or run scripts/fetch_cifar10.sh to download the data)", {}, {dir});
        throw Error(Errc::DataDirUnreadable, "CIFAR-10 data directory " + dir + " cannot be read (" + errno_text(e) + ")",
                    {e}, {dir});
    }
    if (!S_ISDIR(st.st_mode))
        throw Error(Errc::DataDirNotDir,
                    dir + ": is not a directory; expected the CIFAR-10 data directory holding data_batch_1..5.bin and test_batch.bin",
                    {}, {dir});
}

bool is_file(const std::string& path, off_t* size = nullptr) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    if (size) *size = st.st_size;
    return true;
}

} // namespace

void Dataset::append(const Dataset& other) { append_prefix(*this, other, other.size()); }

Dataset parse_cifar(const uint8_t* data, size_t len, const std::string& name) {
    check_size(len, name);  // before the copy, so a bad size costs nothing
    return from_records(std::vector<uint8_t>(data, data + len), name);
}

Dataset load_cifar_file(const std::string& path) {
    std::vector<uint8_t> buf = read_whole_file(path, "a CIFAR-10 .bin file", 0, std::numeric_limits<size_t>::max() / 2,
                                               [&](size_t len) { check_size(len, path); });
    return from_records(std::move(buf), path);
}

Dataset load_cifar_train(const std::string& dir, int limit) {
    check_data_dir(dir);
    // Size up the files first so the result is allocated once, not regrown per file.
    size_t total = 0;
    bool any = false;
    for (int k = 1; k <= 5; ++k) {
        off_t sz = 0;
        if (is_file(join(dir, "data_batch_" + std::to_string(k) + ".bin"), &sz)) {
            any = true;
            total += static_cast<size_t>(sz) / kRec;
        }
    }
    if (!any)
        throw Error(Errc::DataNoTrainFiles,
                    dir + ": no CIFAR-10 training files (data_batch_1.bin .. data_batch_5.bin) in this directory; "
                    "run scripts/fetch_cifar10.sh or set CIFAR10_DIR to the directory holding them",
                    {}, {dir});
    if (limit > 0 && total > static_cast<size_t>(limit)) total = static_cast<size_t>(limit);

    Dataset out;
    out.labels.reserve(total);
    out.pixels.reserve(total * kImg);
    for (int k = 1; k <= 5; ++k) {
        if (limit > 0 && out.size() >= limit) break;  // enough: later files are never opened
        // A missing file in the middle is an error (named by load_cifar_file), not a silent gap.
        Dataset b = load_cifar_file(join(dir, "data_batch_" + std::to_string(k) + ".bin"));
        int take = b.size();
        if (limit > 0 && take > limit - out.size()) take = limit - out.size();
        if (out.size() == 0 && take == b.size()) out = std::move(b);
        else append_prefix(out, b, take);
    }
    return out;
}

Dataset load_cifar_test(const std::string& dir, int limit) {
    check_data_dir(dir);
    Dataset d = load_cifar_file(join(dir, "test_batch.bin"));
    truncate(d, limit);
    return d;
}

Dataset subset_first(const Dataset& d, int n) {
    if (n < 0)
        throw Error(Errc::SubsetNegative, "subset_first: asked for " + std::to_string(n) + " images; the count must be >= 0", {n});
    Dataset out;
    append_prefix(out, d, n < d.size() ? n : d.size());
    return out;
}

Dataset subset_per_class(const Dataset& d, int n_per_class) {
    if (n_per_class < 0)
        throw Error(Errc::SubsetNegative,
                    "subset_per_class: asked for " + std::to_string(n_per_class) + " images per class; the count must be >= 0",
                    {n_per_class});
    int have[Dataset::kClasses] = {};
    for (uint8_t l : d.labels) ++have[l];
    for (int c = 0; c < Dataset::kClasses; ++c)
        if (have[c] < n_per_class)
            throw Error(Errc::SubsetClassShort,
                        "subset_per_class: " + std::to_string(n_per_class) + " images per class were asked for, but class " +
                            std::to_string(c) + " has only " + std::to_string(have[c]) + " (in a set of " +
                            std::to_string(d.size()) + " images)",
                        {n_per_class, c, have[c], d.size()});
    Dataset out;
    const size_t n = static_cast<size_t>(n_per_class) * Dataset::kClasses;
    out.labels.reserve(n);
    out.pixels.reserve(n * kImg);
    int taken[Dataset::kClasses] = {};
    for (int i = 0; i < d.size() && out.size() < static_cast<int>(n); ++i) {
        const uint8_t l = d.labels[i];
        if (taken[l] == n_per_class) continue;
        ++taken[l];
        out.labels.push_back(l);
        out.pixels.insert(out.pixels.end(), d.image(i), d.image(i) + kImg);
    }
    return out;
}

void make_batch(const Dataset& d, const int* idx, int n, float* x, int* y) {
    if (n < 0) throw Error(Errc::BatchNegative, "make_batch: batch size " + std::to_string(n) + " is negative", {n});
    for (int i = 0; i < n; ++i) {
        const int j = idx[i];
        if (j < 0 || j >= d.size())
            throw Error(Errc::BatchIndex,
                        "make_batch: image index " + std::to_string(j) + " is outside the set of " + std::to_string(d.size()) +
                            " images",
                        {j, d.size()});
        const uint8_t* p = d.image(j);    // (C, H, W) bytes
        float* xi = x + static_cast<size_t>(i) * kImg;  // (C, H, W) floats
        // Division, not multiplication by 1/255: 1.0f/255 is rounded, so b*(1/255.f) can
        // differ from b/255 in the last bit; tests and other front ends expect b/255 exactly.
        for (size_t k = 0; k < kImg; ++k) xi[k] = static_cast<float>(p[k]) / 255.0f;
        y[i] = d.labels[j];
    }
}

std::vector<std::string> cifar_class_names(const std::string& dir) {
    static const char* const kBuiltin[Dataset::kClasses] = {"airplane", "automobile", "bird",  "cat",  "deer",
                                                           "dog",      "frog",       "horse", "ship", "truck"};
    if (!dir.empty()) {
        std::ifstream f(join(dir, "batches.meta.txt"));
        std::vector<std::string> names;
        std::string line;
        while (f && std::getline(f, line)) {
            // Trim spaces and the '\r' of files written on Windows; the official file
            // ends with blank lines, which are skipped rather than counted.
            const size_t a = line.find_first_not_of(" \t\r");
            if (a == std::string::npos) continue;
            const size_t b = line.find_last_not_of(" \t\r");
            names.push_back(line.substr(a, b - a + 1));
        }
        if (names.size() == static_cast<size_t>(Dataset::kClasses)) return names;
    }
    return std::vector<std::string>(kBuiltin, kBuiltin + Dataset::kClasses);
}

std::string resolve_data_dir(const std::string& arg) {
    if (!arg.empty()) return arg;
    const char* env = std::getenv("CIFAR10_DIR");
    if (env && *env) return env;
    throw Error(Errc::DataNoDir, "No CIFAR-10 data directory given: pass the directory explicitly or set the environment variable "
                "CIFAR10_DIR to a directory holding data_batch_1..5.bin and test_batch.bin "
                "(scripts/fetch_cifar10.sh [DEST] downloads them)");
}

} // namespace cnn
