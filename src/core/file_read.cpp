// file_read.cpp — one whole file into memory, every failure a coded Error naming the path
// (file_read.h). The size is checked before the buffer is allocated.
#include "core/file_read.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/error.h"

namespace cnn {

std::string errno_text(int e) {
    if (e == EACCES || e == EPERM) return "permission denied";
    return std::strerror(e);
}

namespace {

// The file's size once it is known to be a regular file of at most max_bytes.
size_t regular_file_size(const std::string& path, const std::string& expected, int kind, size_t max_bytes) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
        const int e = errno;
        if (e == ENOENT || e == ENOTDIR) throw Error(Errc::FileNotFound, path + ": file not found", {}, {path});
        throw Error(Errc::FileUnreadable, path + ": cannot read file (" + errno_text(e) + ")", {e}, {path});
    }
    if (S_ISDIR(st.st_mode))
        throw Error(Errc::FileIsDirectory, path + ": is a directory, expected " + expected, {kind}, {path});
    if (!S_ISREG(st.st_mode))
        throw Error(Errc::FileNotRegular, path + ": is not a regular file, expected " + expected, {kind}, {path});
    if (static_cast<unsigned long long>(st.st_size) > max_bytes)
        throw Error(Errc::FileTooLarge, path + ": file is too large (" + std::to_string(st.st_size) + " bytes) to load",
                    {(long long)st.st_size}, {path});
    return static_cast<size_t>(st.st_size);
}

} // namespace

std::vector<uint8_t> read_whole_file(const std::string& path, const std::string& expected, int kind, size_t max_bytes,
                                     const std::function<void(size_t)>& check) {
    const size_t len = regular_file_size(path, expected, kind, max_bytes);
    if (check) check(len);  // before allocating or reading
    errno = 0;
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        const int e = errno;
        throw Error(Errc::FileUnreadable,
                    path + ": cannot open file for reading (" + (e ? errno_text(e) : std::string("unknown reason")) + ")", {e},
                    {path});
    }
    std::vector<uint8_t> buf(len);
    f.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(len));  // one read
    if (static_cast<size_t>(f.gcount()) != len)
        throw Error(Errc::FileShortRead, path + ": read only " + std::to_string(f.gcount()) + " of " + std::to_string(len) +
                    " bytes (file changed or unreadable while loading)", {(long long)f.gcount(), (long long)len}, {path});
    return buf;
}

} // namespace cnn
