// textures.h — images on the GPU: one atlas texture of 32×32 thumbnails per data set, and
// small textures for feature maps and kernels, with the colour maps used to draw them.
// Not here: deciding what to show (panels) or any training state.
#pragma once
#include <cstdint>
#include <vector>

#include "imgui.h"
#include "core/cifar.h"

namespace app {

struct Texture {
    unsigned id = 0;
    int w = 0, h = 0;
    // Creates the texture on first use; nearest filtering keeps pixels crisp when scaled up.
    void upload(const uint8_t* rgba, int w, int h);
    ImTextureID im() const { return (ImTextureID)(intptr_t)id; }
};

// Thumbnails of the first `capacity` images of a data set in one texture, row-major tiles.
struct Atlas {
    Texture tex;
    int per_row = 0, count = 0;
    void build(const cnn::Dataset& d);
    bool has(int i) const { return i >= 0 && i < count; }
    void uv(int i, ImVec2* uv0, ImVec2* uv1) const;
};

// Draws image i of the atlas at the cursor, size s; returns true if clicked.
bool atlas_image(const Atlas& a, int i, float s, const char* id);

// Colour maps: magnitude (dark blue -> yellow, viridis-like) and signed (blue -> white -> orange).
void colormap_mag(float t, uint8_t* rgba);     // t in [0,1]
void colormap_signed(float t, uint8_t* rgba);  // t in [-1,1]

// RGBA of one CIFAR image (C, H, W planes) into a 32×32×4 buffer.
void cifar_rgba(const uint8_t* chw, uint8_t* rgba);

int max_texture_size();

} // namespace app
