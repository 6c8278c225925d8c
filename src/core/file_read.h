// file_read.h — reading a whole file from disk with coded errors (error.h: File*), for the
// readers of data and model files. Not here: what the bytes mean (each reader checks them).
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace cnn {

// The system's text for errno e ("permission denied" for EACCES and EPERM).
std::string errno_text(int e);

// The bytes of the regular file at path, in one read. `expected` completes the messages of
// a directory or other non-regular file ("a CIFAR-10 .bin file"); `kind` is those codes' n
// (0: a CIFAR-10 file, 1: a model file). A file over max_bytes is FileTooLarge. check(size),
// when given, runs before anything is allocated or read, and throws to refuse the size.
// Throws Error FileNotFound, FileUnreadable, FileIsDirectory, FileNotRegular, FileTooLarge,
// FileShortRead.
std::vector<uint8_t> read_whole_file(const std::string& path, const std::string& expected, int kind, size_t max_bytes,
                                     const std::function<void(size_t)>& check = nullptr);

} // namespace cnn
