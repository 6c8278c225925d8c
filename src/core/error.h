// error.h — the one exception type the core throws for bad input or impossible requests.
// Messages are complete sentences meant for a user ("data_batch_1.bin: size 100 is not a
// multiple of 3073 bytes"), so front ends print e.what() as is. No error codes, no logging.
#pragma once
#include <stdexcept>
#include <string>

namespace cnn {

struct Error : std::runtime_error {
    explicit Error(const std::string& msg) : std::runtime_error(msg) {}
};

} // namespace cnn
