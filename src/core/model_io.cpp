// model_io.cpp — writing and reading the model file (layout in model_io.h). Reading goes
// through a bounds-checked cursor, so truncated or hostile input ends in an Error.
#include "core/model_io.h"

#include <sys/stat.h>

#include <cstring>
#include <fstream>

#include "core/error.h"

namespace cnn {

static const char kMagic[8] = {'C', 'N', 'N', 'P', 'L', 'A', 'Y', '1'};
static const uint32_t kVersion = 1;

uint32_t crc32(const uint8_t* d, size_t n) {
    static uint32_t table[256];
    static bool ready = false;
    if (!ready) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        ready = true;
    }
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) c = table[(c ^ d[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

namespace {

struct Writer {
    std::vector<uint8_t> b;
    template <class T> void put(T v) {
        const uint8_t* p = reinterpret_cast<const uint8_t*>(&v);
        b.insert(b.end(), p, p + sizeof(T));
    }
    void str(const std::string& s) { put<uint32_t>((uint32_t)s.size()); b.insert(b.end(), s.begin(), s.end()); }
    void floats(const std::vector<float>& v) {
        put<uint64_t>(v.size());
        const uint8_t* p = reinterpret_cast<const uint8_t*>(v.data());
        b.insert(b.end(), p, p + v.size() * sizeof(float));
    }
};

struct Reader {
    const uint8_t* p;
    size_t n, i = 0;
    std::string name;
    void need(size_t k, const char* what) {
        if (k > n - i) truncated(what);
    }
    [[noreturn]] void truncated(const char* what) const {
        throw Error(Errc::ModelTruncated, name + ": file is truncated (ends inside the " + std::string(what) + ")", {},
                    {name, what});
    }
    template <class T> T get(const char* what) {
        need(sizeof(T), what);
        T v;
        std::memcpy(&v, p + i, sizeof(T));
        i += sizeof(T);
        return v;
    }
    std::string str(const char* what) {
        uint32_t len = get<uint32_t>(what);
        need(len, what);
        std::string s(reinterpret_cast<const char*>(p + i), len);
        i += len;
        return s;
    }
    std::vector<float> floats(const char* what) {
        uint64_t len = get<uint64_t>(what);
        if (len > (n - i) / sizeof(float)) truncated(what);
        std::vector<float> v(len);
        if (len) std::memcpy(v.data(), p + i, len * sizeof(float));  // empty v.data() may be null: UB
        i += len * sizeof(float);
        return v;
    }
};

} // namespace

std::vector<uint8_t> save_model(const Model& m, const Optimizer* opt, const History* hist) {
    Writer w;
    w.str(m.spec());
    w.floats(m.params);
    w.put<uint8_t>(opt ? 1 : 0);
    if (opt) {
        w.str(opt->name());
        w.put<float>(opt->lr); w.put<float>(opt->beta1); w.put<float>(opt->beta2);
        w.put<float>(opt->eps); w.put<float>(opt->momentum);
        w.put<int64_t>(opt->t);
        w.floats(opt->m);
        w.floats(opt->v);
    }
    uint32_t ne = hist ? (uint32_t)hist->epochs.size() : 0;
    w.put<uint32_t>(ne);
    for (uint32_t k = 0; k < ne; k++) {
        const EpochStats& e = hist->epochs[k];
        w.put<int32_t>(e.epoch);
        for (double d : {e.loss, e.accuracy, e.val_loss, e.val_accuracy, e.seconds, e.images_per_s}) w.put<double>(d);
    }
    Writer out;
    out.b.insert(out.b.end(), kMagic, kMagic + 8);
    out.put<uint32_t>(kVersion);
    out.put<uint32_t>((uint32_t)w.b.size());
    out.b.insert(out.b.end(), w.b.begin(), w.b.end());
    out.put<uint32_t>(crc32(w.b.data(), w.b.size()));
    return out.b;
}

void save_model_file(const std::string& path, const Model& m, const Optimizer* opt, const History* hist) {
    std::vector<uint8_t> b = save_model(m, opt, hist);
    // Write to a temporary name, then rename: a crash mid-write never leaves a half file.
    std::string tmp = path + ".tmp";
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        if (!f) throw Error(Errc::ModelCannotWrite, path + ": cannot open for writing", {0}, {path});
        f.write(reinterpret_cast<const char*>(b.data()), (std::streamsize)b.size());
        if (!f) throw Error(Errc::ModelCannotWrite, path + ": write failed (disk full?)", {1}, {path});
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
        throw Error(Errc::ModelCannotWrite, path + ": cannot replace the file", {2}, {path});
}

namespace {

// The 16-byte header and the checksum: returns the payload's length.
uint32_t check_header(const uint8_t* data, size_t len, const std::string& name) {
    if (len < 7 || std::memcmp(data, kMagic, 7) != 0)
        throw Error(Errc::ModelBadMagic, name + ": not a model file of this program (bad magic number)", {}, {name});
    if (len < 16)
        throw Error(Errc::ModelTooShort, name + ": file is truncated (" + std::to_string(len) + " bytes; the header alone is 16)",
                    {(long long)len, 16}, {name});
    if (data[7] != kMagic[7]) {  // another format generation: say which, not the version field
        std::string magic(reinterpret_cast<const char*>(data), 8);
        if (magic[7] < 0x20 || magic[7] > 0x7e) magic[7] = '?';
        throw Error(Errc::ModelFormat, name + ": model file format " + magic + " is not supported (this build reads " +
                    std::string(kMagic, 8) + " version " + std::to_string(kVersion) + ")",
                    {kVersion}, {name, magic, std::string(kMagic, 8)});
    }
    Reader h{data, len, 8, name};
    uint32_t version = h.get<uint32_t>("header");
    if (version != kVersion)
        throw Error(Errc::ModelVersion, name + ": model file version " + std::to_string(version) +
                    " is not supported (this build reads version " + std::to_string(kVersion) + ")",
                    {version, kVersion}, {name});
    uint32_t plen = h.get<uint32_t>("header");
    const long long want = (long long)plen + 20;
    if ((size_t)want > len)
        throw Error(Errc::ModelSizeMismatch, name + ": file is truncated (" + std::to_string(len) + " bytes, header says " +
                    std::to_string(want) + ")", {(long long)len, want}, {name});
    if ((size_t)want < len)
        throw Error(Errc::ModelTrailing, name + ": file has " + std::to_string(len - plen - 20) + " unexpected trailing bytes",
                    {(long long)(len - plen - 20)}, {name});
    uint32_t stored;
    std::memcpy(&stored, data + 16 + plen, 4);
    if (crc32(data + 16, plen) != stored)
        throw Error(Errc::ModelChecksum, name + ": checksum mismatch: the file is corrupted", {}, {name});
    return plen;
}

// The stored architecture; its own error (coded) is the cause of the file's.
Model read_architecture(Reader& r) {
    std::string spec = r.str("architecture");
    try {
        return Model::parse(spec);
    } catch (const Error& e) {
        ErrorInfo i{Errc::ModelArchitecture, 0, {}, {r.name}, r.name + ": stored architecture is invalid: " + e.what()};
        i.cause = std::make_shared<const ErrorInfo>(e.info);
        throw Error(std::move(i));
    }
}

// The optimizer's kind, settings and state, checked against the weights' count.
Optimizer read_optimizer(Reader& r, size_t n_params) {
    const std::string kind = r.str("optimizer");
    Optimizer o;
    try {
        o = Optimizer::parse(kind);
    } catch (const Error& e) {
        throw Error(Errc::ModelOptimizer, r.name + ": " + e.what(), {}, {r.name, kind});
    }
    o.lr = r.get<float>("optimizer"); o.beta1 = r.get<float>("optimizer"); o.beta2 = r.get<float>("optimizer");
    o.eps = r.get<float>("optimizer"); o.momentum = r.get<float>("optimizer");
    o.t = r.get<int64_t>("optimizer");
    o.m = r.floats("optimizer state");
    o.v = r.floats("optimizer state");
    // Optimizer::step re-sizes the state only when m.size() != n: an Adam v of another
    // size than m (or an SGD v at all) would be written out of bounds on the next step.
    bool ok = o.m.empty() || o.m.size() == n_params;
    ok = ok && o.v.size() == (o.kind == Optimizer::Adam ? o.m.size() : 0);
    if (!ok) throw Error(Errc::ModelOptimizerState, r.name + ": optimizer state does not match the weights", {}, {r.name});
    return o;
}

} // namespace

Checkpoint load_model(const uint8_t* data, size_t len, const std::string& name) {
    const auto body = check_header(data, len, name);  // throws on a short file first: data may be null
    Reader r{data + 16, body, 0, name};
    Checkpoint c;
    c.model = read_architecture(r);
    std::vector<float> params = r.floats("weights");
    if (params.size() != c.model.params.size())
        throw Error(Errc::ModelWeights, name + ": holds " + std::to_string(params.size()) +
                    " weights but its architecture needs " + std::to_string(c.model.params.size()),
                    {(long long)params.size(), (long long)c.model.params.size()}, {name});
    std::copy(params.begin(), params.end(), c.model.params.begin());
    c.has_optimizer = r.get<uint8_t>("optimizer") != 0;
    if (c.has_optimizer) c.optimizer = read_optimizer(r, params.size());
    uint32_t ne = r.get<uint32_t>("history");
    for (uint32_t k = 0; k < ne; k++) {
        EpochStats e;
        e.epoch = r.get<int32_t>("history");
        double* f[] = {&e.loss, &e.accuracy, &e.val_loss, &e.val_accuracy, &e.seconds, &e.images_per_s};
        for (double* d : f) *d = r.get<double>("history");
        c.history.epochs.push_back(e);
    }
    if (r.i != r.n) throw Error(Errc::ModelAfterHistory, name + ": unexpected bytes after the history", {}, {name});
    return c;
}

Checkpoint load_model_file(const std::string& path) {
    struct stat st;  // a directory opens as a stream and then throws std::ios_base::failure on read
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
        throw Error(S_ISDIR(st.st_mode) ? Errc::FileIsDirectory : Errc::FileNotRegular,
                    path + (S_ISDIR(st.st_mode) ? ": is a directory" : ": is not a regular file") + ", expected a model file",
                    {1}, {path});
    std::ifstream f(path, std::ios::binary);
    if (!f) throw Error(Errc::ModelCannotOpen, path + ": cannot open model file (missing or unreadable)", {}, {path});
    std::vector<uint8_t> b((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (b.empty()) throw Error(Errc::ModelEmpty, path + ": model file is empty", {}, {path});
    return load_model(b.data(), b.size(), path);
}

} // namespace cnn
