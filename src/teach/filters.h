// filters.h — convolution as filtering: the classic 3×3 kernels (by id; their names and what
// they do are the app's string tables' S_k_* texts), filtering an image with one kernel,
// grayscale and ReLU for the before/after views. No UI, no sentences.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "teach/message.h"

namespace teach {

struct ClassicKernel {
    const char* id;  // "identity", "edge", "sobel_x", "sobel_y", "box_blur", "gaussian_blur",
                     // "sharpen", "emboss"
    float k[9];      // 3×3, row-major, applied as cross-correlation (like Conv2D)
};
// The classic 3×3 kernels, in the order listed above.
const std::vector<ClassicKernel>& classic_kernels();
// Lookup by id or a common name, ignoring case, spaces, '-', '_' and brackets ("Sobel X",
// "sobel-x", "laplacian" = "Edge detection (Laplacian)" = "edge", "gaussian" = "gaussian_blur",
// "blur" = "box_blur"). Throws TeachError (err_unknown_kernel, with the known ids) otherwise.
const ClassicKernel& classic_kernel(const std::string& name);

// Applies one K×K kernel to every channel of img (C, H, W) separately, stride 1, 'same' zero
// padding: out (C, H, W). C = 1 is a grayscale image. Throws TeachError for sizes < 1.
std::vector<float> filter_image(const float* img, int C, int H, int W, const float* kernel, int K);
// Grayscale (1, H, W) of an RGB image (3, H, W): 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601).
std::vector<float> to_grayscale(const float* rgb, int H, int W);
// max(0, x) element-wise: the "before/after ReLU" view of a feature map.
std::vector<float> relu(const float* x, size_t n);

} // namespace teach
