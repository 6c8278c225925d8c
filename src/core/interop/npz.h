// npz.h — numpy's .npz archive (a ZIP of .npy arrays, stored without compression), which
// `numpy.load` reads with numpy alone. Used for the weights of the PyTorch and Keras exports.
// .npy: "\x93NUMPY" v1.0, a header dict {'descr': '<f4', 'fortran_order': False, 'shape': (..)}
// padded to 64 bytes, then the float32 values, little-endian, C order.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace cnn {

struct NpyArray {
    std::string name;            // the key numpy.load gives it (".npy" is added in the archive)
    std::vector<int64_t> shape;  // C order
    const float* data;           // product(shape) values
};

std::vector<uint8_t> npy_bytes(const NpyArray& a);
std::vector<uint8_t> write_npz(const std::vector<NpyArray>& arrays);

// A ZIP archive of whole files, stored (method 0), with CRC-32s: for .npz and downloads.
struct ZipEntry {
    std::string name;
    std::vector<uint8_t> bytes;
};
std::vector<uint8_t> write_zip(const std::vector<ZipEntry>& entries);

} // namespace cnn
