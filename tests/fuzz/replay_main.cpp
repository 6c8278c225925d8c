// replay_main.cpp — a main() for the fuzz targets without libFuzzer: runs
// LLVMFuzzerTestOneInput once on every file named on the command line or found (not
// recursively) in a folder named there. Used by CTest to re-check the crash inputs kept in
// tests/fuzz/regressions/ and the generated seed corpus, in every build (gcc, clang, ASan,
// WebAssembly). Exits 1 if a folder or file cannot be read or nothing was run.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    std::vector<fs::path> files;
    for (int i = 1; i < argc; ++i) {
        std::error_code ec;
        fs::path p(argv[i]);
        if (fs::is_directory(p, ec)) {
            for (const auto& e : fs::directory_iterator(p, ec))
                if (e.is_regular_file()) files.push_back(e.path());
            if (ec) { std::fprintf(stderr, "%s: cannot list: %s\n", argv[i], ec.message().c_str()); return 1; }
        } else if (fs::is_regular_file(p, ec)) {
            files.push_back(p);
        } else {
            std::fprintf(stderr, "%s: no such file or folder\n", argv[i]);
            return 1;
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        if (!in) { std::fprintf(stderr, "%s: cannot open\n", f.c_str()); return 1; }
        std::vector<uint8_t> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::printf("%s (%zu bytes)\n", f.c_str(), b.size());
        std::fflush(stdout);  // the last name printed is the input that crashed
        // A copy of exactly size bytes, so ASan sees reads past the end of the input.
        std::vector<uint8_t> exact(b);
        LLVMFuzzerTestOneInput(exact.empty() ? nullptr : exact.data(), exact.size());
    }
    if (files.empty()) { std::fprintf(stderr, "no inputs\n"); return 1; }
    std::printf("%zu inputs replayed, no crash\n", files.size());
    return 0;
}
