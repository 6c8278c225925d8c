// saliency.h — why the network decides, from gradients: the class score's gradient with
// respect to the input pixels of one image, SmoothGrad (that gradient averaged over noisy
// copies), and the per-pixel map a heat map shows.
// "Class score" everywhere in explain/ is the class's logit, the value before softmax: when
// the model ends in a layer with softmax (dense(10,softmax)) it is that layer's pre-activation
// output; when it ends without one, it is the last layer's output (which Model::forward
// turns into probabilities). The logit, not the probability: its gradient says what makes
// this class stronger, not what makes the others weaker.
// Not here: occlusion (occlusion.h), Grad-CAM (gradcam.h), a filter's top images
// (top_images.h), drawing the maps (the UI).
//
// Shapes: one image x (C, H, W) = the model's input; gradients (C, H, W); pixel maps (H, W).
// The Model is used as scratch (its forward buffers and grads are overwritten): give it a
// copy when another thread trains the original.
#pragma once
#include <cstdint>
#include <vector>

#include "core/model.h"
#include "core/threadpool.h"

namespace cnn {

// d(logit of class cls)/d(x) for one image x (C, H, W). Throws Error when cls is not a class.
std::vector<float> input_gradient(Model& m, const float* x, int cls, ThreadPool& pool);

// SmoothGrad (Smilkov et al. 2017): the mean of input_gradient over `samples` copies of x,
// each with Gaussian noise of standard deviation noise · (max(x) − min(x)) added to every
// value (no clipping). The noise comes from Rng(seed): the same seed gives the same map.
struct SmoothGradOptions {
    int samples = 25;     // noisy copies, run as one batch
    float noise = 0.15f;  // the noise's σ as a fraction of the image's value range
    uint64_t seed = 1;
};
std::vector<float> smoothgrad(Model& m, const float* x, int cls, const SmoothGradOptions& o, ThreadPool& pool);

// The heat map of a gradient g (C, H, W): per pixel the largest |g| over the channels
// (Simonyan et al. 2014) -> (H, W).
std::vector<float> gradient_pixels(const std::vector<float>& g, int C, int H, int W);

// Throws Error unless 0 ≤ cls < m.num_classes() (the explain functions' shared check).
void check_class(const Model& m, int cls);

} // namespace cnn
