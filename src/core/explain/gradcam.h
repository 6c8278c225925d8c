// gradcam.h — Grad-CAM (Selvaraju et al. 2017): which places of the last convolution layer's
// feature maps speak for a class. With A (K, h, w) that layer's output (after its fused
// activation, so after the ReLU in the tutorial's model) and g = d(logit of the class)/dA
// (the class score as in saliency.h):
//   α_k = mean over the h·w positions of g_k,    coarse = ReLU(Σ_k α_k A_k)   (h, w)
// then `map` is coarse scaled to the input's H×W bilinearly with pixel centres aligned
// (source = (dst + 0.5)·h/H − 0.5, clamped at the border: PyTorch's
// interpolate(mode='bilinear', align_corners=False), OpenCV's resize). Values are not
// normalised (a heat map scales them to its own range).
// Not here: gradients at the input (saliency.h), occlusion (occlusion.h).
#pragma once
#include <vector>

#include "core/model.h"
#include "core/threadpool.h"

namespace cnn {

struct GradCam {
    int layer = -1;             // index in Model::layers of the convolution used
    int h = 0, w = 0;           // its output's height and width
    std::vector<float> alpha;   // (K) the channels' weights
    std::vector<float> coarse;  // (h, w)
    std::vector<float> map;     // (H, W) coarse scaled to the input
};

// Index of the last Conv2D layer of m, or -1 when it has none.
int last_conv_layer(const Model& m);

// Grad-CAM of class cls for one image x (C, H, W) on layer `layer` (-1: the last Conv2D).
// Throws Error for a class the model lacks, or a layer that is not a Conv2D.
GradCam grad_cam(Model& m, const float* x, int cls, ThreadPool& pool, int layer = -1);

// src (h, w) scaled to (H, W) bilinearly, pixel centres aligned (as described above).
std::vector<float> upsample_bilinear(const float* src, int h, int w, int H, int W);

} // namespace cnn
