// picture.h — the user's own picture (a file, a paste, a drawing, a camera snapshot): its
// pixels as the page decoded them, the square the user crops, and what the network sees
// (the crop scaled to 32×32 by the core's area averaging, core/image.h). Setting it makes it
// the chosen image everywhere (Inside, the lab, Why this class?): the Engine computes its
// Inside view as it does a data set's image (set kSetPicture).
// Not here: decoding files (the browser does), drawing (panels/panel_picture.cpp).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/image.h"

namespace app {

struct AppState;

struct PictureState {
    std::vector<uint8_t> rgba;  // (h, w, 4) as decoded
    int w = 0, h = 0;
    cnn::Crop crop;             // the square the network sees, in the picture's pixels
    std::vector<float> x;       // (3, 32, 32) 0..1: crop_scale of rgba
    std::string source;         // "file", "paste", "drawing", "camera", "api"
    uint64_t version = 0;       // bumped at every new picture or crop
    std::string error;          // the last refusal (English: JS API)
    bool empty() const { return x.empty(); }
};

// Pictures larger than this many pixels a side are refused (the page would hold 4 bytes a pixel).
constexpr int kPictureMaxSide = 8192;

// A new picture (RGBA bytes, w × h): cropped to its largest centred square, scaled, and made
// the chosen image. Returns "" or why it was refused (the previous picture stays).
std::string app_set_picture(AppState& a, const uint8_t* rgba, int w, int h, const std::string& source);
// The crop moved or resized: kept inside the picture (size at least 1 pixel, at most its
// shorter side), scaled again, and the picture chosen. "" or the refusal.
std::string app_set_crop(AppState& a, cnn::Crop c);
// The crop as app_set_crop keeps it: inside a w × h picture.
cnn::Crop clamp_crop(cnn::Crop c, int w, int h);
// Why this class? Maps for class cls of the chosen image (-1: the top class), recomputed with
// the Inside view; cls < -1 stops them.
void app_explain(AppState& a, int cls);
// What does a filter look for? The top 9 test images of filter `filter` of layer `layer`
// (index in the model's layers; a conv layer), recomputed as training goes on; layer < 0 stops.
void app_filter_top(AppState& a, int layer, int filter);

} // namespace app
