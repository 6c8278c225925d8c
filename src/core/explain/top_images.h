// top_images.h — what a filter looks for: the images of a set that excite one filter of a
// convolution layer most. An image's score is the largest value of that filter's
// activation map (the layer's output, after its fused activation) — the max, not the mean:
// a filter answers to a pattern in one place, and the mean would favour images where a
// weaker pattern covers everything. Ties go to the lower image index.
// Not here: per-image explanations (saliency.h, occlusion.h, gradcam.h).
#pragma once
#include <vector>

#include "core/cifar.h"
#include "core/model.h"
#include "core/threadpool.h"

namespace cnn {

struct TopImages {
    int layer = -1, filter = -1;
    int h = 0, w = 0;            // the activation map's size (the layer's output)
    std::vector<int> index;      // (k') images of the set, best first; k' = min(k, images)
    std::vector<float> score;    // (k') their max activation
    std::vector<float> maps;     // (k', h, w) their activation maps of the filter
};

// The top k of images [first, first + count) of d (count < 0: to the end) for filter
// `filter` of layer `layer` (a Conv2D) of m, whose input must be CIFAR-10's (3, 32, 32).
// Runs inference forwards of `batch` images at a time. Throws Error for a layer that is not
// a Conv2D, a filter it lacks, k < 1 or a range outside the set.
TopImages top_images(Model& m, int layer, int filter, const Dataset& d, int k, ThreadPool& pool,
                     int first = 0, int count = -1, int batch = 64);

} // namespace cnn
