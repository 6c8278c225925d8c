// test_file_errors.cpp — the CIFAR-10 and model-file readers' coded errors (error.h), made by
// the core from real bad files and folders, said in both languages (model_text.h), and kept
// by the session for the Data, Model and Train panels (notes_text.h).
// Not here: the English what() texts (test_cifar.cpp, test_model_io.cpp, tests/cli/).
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <set>

#include "font_chars.h"
#include "temp_dir.h"
#include "app/session/app_state.h"
#include "app/session/i18n.h"
#include "app/session/model_text.h"
#include "app/session/notes_text.h"
#include "app/session/settings_text.h"
#include "core/cifar.h"
#include "core/model_io.h"

using cnn::Errc;

namespace {

// n CIFAR-10 records, all of class `label`.
std::vector<uint8_t> records(int n, uint8_t label = 0) {
    std::vector<uint8_t> b(size_t(n) * cnn::Dataset::kRecord, 7);
    for (int i = 0; i < n; i++) b[size_t(i) * cnn::Dataset::kRecord] = label;
    return b;
}

// The code and its information from what f throws (code Other if it throws no cnn::Error).
template <class F> cnn::ErrorInfo caught(F f) {
    try {
        f();
    } catch (const cnn::Error& e) {
        return e.info;
    }
    return cnn::Error("nothing was thrown").info;
}

// A model file's bytes around a payload: magic, version, length, payload, CRC.
struct Bytes {
    std::vector<uint8_t> b;
    template <class T> Bytes& put(T v) {
        const uint8_t* p = reinterpret_cast<const uint8_t*>(&v);
        b.insert(b.end(), p, p + sizeof v);
        return *this;
    }
    Bytes& str(const std::string& s) {
        put<uint32_t>((uint32_t)s.size());
        b.insert(b.end(), s.begin(), s.end());
        return *this;
    }
    Bytes& floats(size_t n) {
        put<uint64_t>(n);
        for (size_t i = 0; i < n; i++) put<float>(0.5f);
        return *this;
    }
    std::vector<uint8_t> file() const {
        Bytes f;
        f.b = {'C', 'N', 'N', 'P', 'L', 'A', 'Y', '1'};
        f.put<uint32_t>(1).put<uint32_t>((uint32_t)b.size());
        f.b.insert(f.b.end(), b.begin(), b.end());
        f.put<uint32_t>(cnn::crc32(b.data(), b.size()));
        return f.b;
    }
};

const char* kSpec = "input(1,4,4) flatten dense(2)";  // 34 weights

cnn::ErrorInfo model_error(const std::vector<uint8_t>& b) {
    return caught([&] { cnn::load_model(b.data(), b.size(), "m.model"); });
}

// A private folder (temp_dir.h) with an empty file, an empty folder and a full folder in it.
struct ErrorFiles {
    TempDir dir{"file_errors"};
    std::string path = dir.str();
    ErrorFiles() {
        std::ofstream(path + "/empty.bin").close();
        ::mkdir((path + "/sub").c_str(), 0700);
        ::mkdir((path + "/full").c_str(), 0700);
        std::ofstream(path + "/full/x").put('x');
    }
};

std::vector<cnn::ErrorInfo> data_errors(const ErrorFiles& t) {
    const std::string too_long = "/tmp/" + std::string(300, 'a');  // ENAMETOOLONG: neither found nor missing
    std::vector<cnn::ErrorInfo> out;
    const std::vector<uint8_t> one = records(1), bad_label = records(2, 11);
    out.push_back(caught([&] { cnn::parse_cifar(one.data(), 0, "a.bin"); }));
    out.push_back(caught([&] { cnn::parse_cifar(one.data(), 100, "a.bin"); }));
    if (sizeof(size_t) >= 8)  // only a 64-bit size can say more records than an int holds
        out.push_back(caught([&] { cnn::parse_cifar(one.data(), size_t(cnn::Dataset::kRecord) << 31, "a.bin"); }));
    out.push_back(caught([&] { cnn::parse_cifar(bad_label.data(), bad_label.size(), "a.bin"); }));
    out.push_back(caught([&] { cnn::load_cifar_train(t.path + "/missing"); }));
    out.push_back(caught([&] { cnn::load_cifar_train(too_long); }));
    out.push_back(caught([&] { cnn::load_cifar_train(t.path + "/empty.bin"); }));
    out.push_back(caught([&] { cnn::load_cifar_train(t.path + "/sub"); }));
    out.push_back(caught([&] { cnn::load_cifar_file(t.path + "/missing.bin"); }));
    out.push_back(caught([&] { cnn::load_cifar_file(too_long); }));
    out.push_back(caught([&] { cnn::load_cifar_file(t.path + "/sub"); }));
    out.push_back(caught([&] { cnn::load_cifar_file("/dev/null"); }));
    const cnn::Dataset d = cnn::parse_cifar(one.data(), one.size(), "a.bin");
    out.push_back(caught([&] { cnn::subset_first(d, -1); }));
    out.push_back(caught([&] { cnn::subset_per_class(d, 1); }));
    float x[cnn::Dataset::kImage];
    int y, idx = 5;
    out.push_back(caught([&] { cnn::make_batch(d, &idx, -1, x, &y); }));
    out.push_back(caught([&] { cnn::make_batch(d, &idx, 1, x, &y); }));
    const char* env = std::getenv("CIFAR10_DIR");
    const std::string kept = env ? env : "";
    ::unsetenv("CIFAR10_DIR");
    out.push_back(caught([] { cnn::resolve_data_dir(""); }));
    if (env) ::setenv("CIFAR10_DIR", kept.c_str(), 1);
    return out;
}

std::vector<cnn::ErrorInfo> model_errors(const ErrorFiles& t) {
    const cnn::Model m = cnn::Model::parse(kSpec);
    const std::vector<uint8_t> good = cnn::save_model(m, nullptr, nullptr);
    std::vector<cnn::ErrorInfo> out;
    std::vector<uint8_t> b = good;
    b[0] = 'X';
    out.push_back(model_error(b));
    out.push_back(model_error(std::vector<uint8_t>(good.begin(), good.begin() + 10)));
    b = good, b[7] = '2';
    out.push_back(model_error(b));
    b = good, b[8] = 9;
    out.push_back(model_error(b));
    out.push_back(model_error(std::vector<uint8_t>(good.begin(), good.end() - 1)));
    b = good, b.push_back(0);
    out.push_back(model_error(b));
    b = good, b[20] ^= 1;
    out.push_back(model_error(b));
    out.push_back(model_error(Bytes().str(kSpec).floats(34).file()));  // no optimizer byte: truncated
    out.push_back(model_error(Bytes().str("input(1,4,4) conv(0,3) flatten dense(2)").file()));
    out.push_back(model_error(Bytes().str(kSpec).floats(34).put<uint8_t>(1).str("rmsprop").file()));
    out.push_back(model_error(Bytes().str(kSpec).floats(33).file()));
    Bytes sgd;
    sgd.str(kSpec).floats(34).put<uint8_t>(1).str("sgd");
    for (int i = 0; i < 5; i++) sgd.put<float>(0.1f);
    out.push_back(model_error(sgd.put<int64_t>(0).floats(3).floats(0).file()));
    out.push_back(model_error(Bytes().str(kSpec).floats(34).put<uint8_t>(0).put<uint32_t>(0).put<uint8_t>(0).file()));
    out.push_back(caught([&] { cnn::load_model_file(t.path + "/empty.bin"); }));
    out.push_back(caught([&] { cnn::load_model_file(t.path + "/sub"); }));
    out.push_back(caught([&] { cnn::load_model_file(t.path + "/missing.model"); }));
    out.push_back(caught([&] { cnn::save_model_file(t.path + "/missing/m.model", m, nullptr, nullptr); }));
    out.push_back(caught([&] { cnn::save_model_file(t.path + "/full", m, nullptr, nullptr); }));
    return out;
}

// Runs of two or more ASCII letters in s once the error's words (file names: they come
// first, as they may hold the fixed words), `file` and the fixed names are cut out.
std::string english_in(std::string s, const cnn::ErrorInfo& e, const std::string& file = "") {
    std::vector<std::string> allowed = e.w;
    allowed.insert(allowed.end(), {file, "CIFAR10_DIR", "CIFAR-10", "scripts/fetch_cifar10.sh", "data_batch_1..5.bin",
                                   "data_batch_1.bin", "data_batch_5.bin", "test_batch.bin", ".bin", "adam", "sgd"});
    for (const std::string& a : allowed)
        for (size_t p; !a.empty() && (p = s.find(a)) != std::string::npos;) s.erase(p, a.size());
    std::string words;
    for (size_t i = 0; i < s.size(); i++) {
        size_t j = i;
        while (j < s.size() && std::isalpha((unsigned char)s[j]) && (unsigned char)s[j] < 0x80) j++;
        if (j - i >= 2) words += s.substr(i, j - i) + " ";
        i = j;
    }
    return words;
}

bool has_non_ascii(const std::string& s) {
    for (unsigned char c : s)
        if (c >= 0x80) return true;
    return false;
}

std::string in_lang(app::Lang l, const std::function<std::string()>& f) {
    app::set_lang(l);
    std::string s = f();
    app::set_lang(app::LangEn);
    return s;
}

} // namespace

TEST_CASE("file errors: every code the readers give is said in both languages, every argument filled",
          "[i18n][model_text][file_text]") {
    ErrorFiles t;
    std::vector<cnn::ErrorInfo> errors = data_errors(t);
    const std::vector<cnn::ErrorInfo> more = model_errors(t);
    errors.insert(errors.end(), more.begin(), more.end());
    std::set<Errc> seen;
    for (const cnn::ErrorInfo& e : errors) {
        seen.insert(e.code);
        const std::string en = in_lang(app::LangEn, [&] { return app::model_error_text(e); });
        const std::string zh = in_lang(app::LangZh, [&] { return app::model_error_text(e); });
        INFO("core: " << e.what << "\nen: " << en << "\nzh: " << zh);
        CHECK(e.code >= Errc::DataEmpty);
        CHECK(en.find('?') == std::string::npos);  // an argument the core did not give
        CHECK(zh.find('?') == std::string::npos);
        CHECK(en.find('%') == std::string::npos);
        CHECK(has_non_ascii(zh));
        CHECK(glyphs::missing(en) == "");  // every character has a glyph in the page's cut font
        CHECK(glyphs::missing(zh) == "");
        CHECK(english_in(zh, e) == "");
        if (!e.w.empty()) CHECK(zh.find(e.w[0]) != std::string::npos);  // the file is named
    }
    // FileTooLarge (a file over half the address space), FileShortRead (a file that shrinks
    // while read) and OutOfMemory can't be made here: their texts are checked by hand below.
    for (int c = (int)Errc::DataEmpty; c <= (int)Errc::ModelCannotWrite; c++) {
        if ((Errc)c == Errc::FileTooLarge || (Errc)c == Errc::FileShortRead) continue;
        if ((Errc)c == Errc::DataTooManyRecords && sizeof(size_t) < 8) continue;
        INFO("code " << c);
        CHECK(seen.count((Errc)c) == 1);
    }
}

TEST_CASE("file errors: the numbers, words and inner errors land in their places", "[i18n][file_text]") {
    const std::vector<uint8_t> b = records(2, 11);
    const cnn::ErrorInfo label = caught([&] { cnn::parse_cifar(b.data(), b.size(), "x.bin"); });
    CHECK(app::model_error_text(label) ==
          "x.bin: record 0 (at byte 0) has label 11, but CIFAR-10 labels are 0 to 9; it may not be a CIFAR-10 file");
    const cnn::ErrorInfo arch = model_error(Bytes().str("input(1,4,4) conv(0,3) flatten dense(2)").file());
    CHECK(in_lang(app::LangZh, [&] { return app::model_error_text(arch); }) ==
          "m.model：文件中保存的网络结构无效：卷积核个数必须为正数，而不是 0");
    const cnn::ErrorInfo cut = model_error(Bytes().str(kSpec).floats(34).put<uint8_t>(1).str("sgd").file());
    CHECK(in_lang(app::LangZh, [&] { return app::model_error_text(cut); }) == "m.model：文件不完整（在优化器设置中间就结束了）");
    const cnn::ErrorInfo big{Errc::FileTooLarge, 0, {5000000000LL}, {"big.bin"}, "big.bin: file is too large"};
    CHECK(in_lang(app::LangZh, [&] { return app::model_error_text(big); }) == "big.bin：文件太大，无法加载（5000000000 字节）");
    const cnn::ErrorInfo shrunk{Errc::FileShortRead, 0, {10, 3073}, {"s.bin"}, "s.bin: read only 10 of 3073 bytes"};
    CHECK(in_lang(app::LangZh, [&] { return app::model_error_text(shrunk); }) ==
          "s.bin：只读到了 10 字节，共 3073 字节（加载时文件被改动或变得无法读取）");
    const cnn::ErrorInfo oom{Errc::OutOfMemory, 0, {}, {"data_batch_1.bin"}, "data_batch_1.bin: not enough memory to load it"};
    CHECK(in_lang(app::LangZh, [&] { return app::model_error_text(oom); }) ==
          "data_batch_1.bin：内存不够，无法加载（请关闭其他标签页，或少用一些图像）");
    const cnn::ErrorInfo denied{Errc::FileUnreadable, 0, {EACCES}, {"p.bin"}, "p.bin: cannot read file (permission denied)"};
    CHECK(in_lang(app::LangZh, [&] { return app::model_error_text(denied); }) == "p.bin：无法读取文件（没有权限）");
}

TEST_CASE("session: a bad data file and a memory refusal keep their code; the Data panel says them in Chinese",
          "[app][file_text]") {
    app::AppState a;
    app::Host host;
    host.heap_max = size_t(96) << 20;  // training may use 72 MB (the tutorial model needs ~52)
    app::app_init(a, false, false, host);
    std::vector<uint8_t> ok = records(300);
    REQUIRE(app::app_load_data(a, ok.data(), ok.size(), "data_batch_1.bin").empty());
    const auto kept = a.data.train;
    CHECK(app::data_error_text(a.data).empty());

    std::vector<uint8_t> cut = records(2);
    cut.pop_back();
    const std::string err = app::app_load_data(a, cut.data(), cut.size(), "data_batch_2.bin");
    CHECK(a.data.error == err);  // the JS API's English, as before
    CHECK(a.data.problem.code == Errc::DataBadSize);
    CHECK(a.data.problem.n == std::vector<long long>{6145, 3072});
    std::string zh = in_lang(app::LangZh, [&] { return app::data_error_text(a.data); });
    CHECK(zh == "data_batch_2.bin：6145 字节不是 3073 字节记录的整数倍（多出 3072 字节）；文件可能不完整，或者不是 CIFAR-10 "
                "文件（当前数据保留不变）");
    CHECK(a.data.train == kept);

    // About 20 MB more data pushes the estimate over the 72 MB: refused, the file named.
    std::vector<uint8_t> big = records(7000);
    const std::string refused = app::app_load_data(a, big.data(), big.size(), "data_batch_3.bin");
    INFO(refused);
    CHECK(a.data.problem.code == Errc::MemoryOverLimit);
    CHECK(a.data.problem_file == "data_batch_3.bin");
    CHECK(refused == "data_batch_3.bin: " + a.data.problem.what + " (current data kept)");
    zh = in_lang(app::LangZh, [&] { return app::data_error_text(a.data); });
    CHECK(zh.rfind("data_batch_3.bin：这次训练大约需要 ", 0) == 0);
    CHECK(english_in(zh, a.data.problem, "data_batch_3.bin") == "MB MB MB MB MB ");  // the unit of five figures
    CHECK(a.data.train == kept);

    REQUIRE(app::app_load_data(a, ok.data(), ok.size(), "data_batch_4.bin").empty());  // a good file clears it
    CHECK_FALSE(a.data.problem);
    CHECK(app::data_error_text(a.data).empty());
}

TEST_CASE("session: a bundled file the host did not serve is said in both languages; a load clears it",
          "[app][file_text]") {
    app::AppState a;
    app::app_init(a, false, false, app::Host{});
    CHECK(app::app_bundled_data_error(a, "cifar10_test_subset.bin", 404) ==
          "bundled data: could not fetch cifar10_test_subset.bin (HTTP 404) - load CIFAR-10 files instead");
    CHECK(in_lang(app::LangZh, [&] { return app::data_error_text(a.data); }) ==
          "无法下载网页自带的图像（cifar10_test_subset.bin，HTTP 404）。请改为加载 CIFAR-10 文件。");
    CHECK(in_lang(app::LangEn, [&] { return app::data_error_text(a.data); }) ==
          "The page's own images (cifar10_test_subset.bin) could not be downloaded (HTTP 404). Load CIFAR-10 files instead.");
    app::app_bundled_data_error(a, "cifar10_train_subset.bin", 0);
    CHECK(in_lang(app::LangZh, [&] { return app::data_error_text(a.data); }) ==
          "无法下载网页自带的图像（cifar10_train_subset.bin）：服务器没有响应。请改为加载 CIFAR-10 文件。");

    std::vector<uint8_t> ok = records(300);
    REQUIRE(app::app_load_data(a, ok.data(), ok.size(), "data_batch_1.bin").empty());
    CHECK(a.data.fetch_failed_file.empty());
    CHECK(app::data_error_text(a.data).empty());
}

TEST_CASE("session: a bad model file keeps its code; the Model panel says it in Chinese", "[app][file_text]") {
    app::AppState a;
    app::app_init(a, false, false, app::Host{});
    std::vector<uint8_t> b = cnn::save_model(cnn::Model::parse(kSpec), nullptr, nullptr);
    b[20] ^= 1;
    const std::string err = app::app_load_model(a, b.data(), b.size(), "my.model");
    CHECK(err == "my.model: checksum mismatch: the file is corrupted");  // the JS API's English
    CHECK(a.model_note == err);
    CHECK(a.model_problem.code == Errc::ModelChecksum);
    CHECK(in_lang(app::LangZh, [&] { return app::model_file_error_text(a); }) == "my.model：文件已损坏（内容与文件里保存的校验值不符）");
    CHECK(app::model_file_error_text(a) == "my.model: the file is damaged (its contents do not match the check value stored in it)");

    // A file whose optimizer setting the page refuses: the setting's own text, the file named.
    cnn::Optimizer o = cnn::Optimizer::parse("sgd");
    o.lr = 100;
    const std::vector<uint8_t> fast = cnn::save_model(cnn::Model::parse(kSpec), &o, nullptr);
    CHECK_FALSE(app::app_load_model(a, fast.data(), fast.size(), "fast.model").empty());
    CHECK(a.model_note_kind == 4);
    const std::string zh = in_lang(app::LangZh, [&] { return app::model_file_error_text(a); });
    CHECK(zh == "fast.model：" + in_lang(app::LangZh, [&] { return app::setting_problem_text(a.model_refused); }));
    CHECK(app::model_file_error_text(a) == a.model_note);  // English reads as the core's
}

TEST_CASE("Train panel: an engine error says its code's text; one without a code says it is English only",
          "[app][file_text]") {
    app::Snapshot s;
    CHECK(app::train_error_text(s).empty());
    const cnn::Dataset d = cnn::parse_cifar(records(1).data(), cnn::Dataset::kRecord, "a.bin");
    float x[cnn::Dataset::kImage];
    int y, idx = 3;
    s.problem = caught([&] { cnn::make_batch(d, &idx, 1, x, &y); });
    s.message = s.problem.what;
    CHECK(in_lang(app::LangZh, [&] { return app::train_error_text(s); }) == "训练已停止：图像编号 3 超出了共 1 张图像的集合");
    CHECK(app::train_error_text(s) == "Training stopped: image 3 is outside the set of 1 images");
    s.problem = {};
    s.message = "std::bad_alloc";
    CHECK(in_lang(app::LangZh, [&] { return app::train_error_text(s); }) == "训练出错（此错误只有英文说明）：std::bad_alloc");
}
