// temp_dir.h — a private folder for one test case, removed (with its contents) when the
// case ends. Made by mkdtemp, so two test programs running side by side (ctest -j2; under
// Node every process has the same getpid()) never share one.
#pragma once

#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <system_error>

struct TempDir {
    std::filesystem::path path;
    explicit TempDir(const std::string& prefix) {
        std::string t = (std::filesystem::temp_directory_path() / (prefix + "_XXXXXX")).string();
        REQUIRE(mkdtemp(t.data()) != nullptr);
        path = t;
    }
    ~TempDir() {
        namespace fs = std::filesystem;
        std::error_code ec;
        fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return (path / name).string(); }
    std::string str() const { return path.string(); }
};
