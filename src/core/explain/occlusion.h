// occlusion.h — why the network decides, by hiding parts of the picture (Zeiler & Fergus
// 2014): a grey square slides over the image and at every position the class's probability
// is measured again. Where hiding the picture makes the probability drop, the network looked.
// Not here: gradient maps (saliency.h), Grad-CAM (gradcam.h).
//
// Positions: the patch's top-left corner at (r·stride, c·stride) for every r, c with the
// patch inside the image (like a 'valid' window): rows = ⌊(H − patch)/stride⌋ + 1, cols
// likewise. With a stride that does not reach the last pixels, those pixels are covered by
// no patch and get 0 in the per-pixel map.
#pragma once
#include <vector>

#include "core/model.h"
#include "core/threadpool.h"

namespace cnn {

struct OcclusionMap {
    int patch = 0, stride = 0;
    int rows = 0, cols = 0;     // patch positions down and across
    float base = 0;             // probability of the class for the image as it is
    std::vector<float> drop;    // (rows, cols) base − probability with the patch at that position
    std::vector<float> pixels;  // (H, W) mean drop of the positions whose patch covers the pixel
};

// One image x (C, H, W) of model m, class cls: every channel of the patch's cells is set to
// `grey` (0.5: mid-grey in the 0..1 inputs). The occluded copies run through Model::forward
// in batches. Throws Error for a class the model lacks, or a patch or stride < 1 or a
// patch larger than the image.
OcclusionMap occlusion(Model& m, const float* x, int cls, int patch, int stride, ThreadPool& pool,
                       float grey = 0.5f);

} // namespace cnn
