// textures.h — images on the GPU: atlas pages of 32×32 thumbnails per data set, and
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
    void release();  // deletes the GL texture (a plain handle: copies share it)
    ImTextureID im() const { return (ImTextureID)(intptr_t)id; }
};

// Thumbnails of every image of a data set, in pages of up to 4096×4096 pixels (16,384
// thumbnails each, row-major tiles; the full 50,000-image training set takes 4 pages).
// Built page by page, so the heap holds one page's pixels at a time.
struct Atlas {
    std::vector<Texture> pages;
    int per_row = 0, per_page = 0, count = 0;
    void build(const cnn::Dataset& d);
    bool has(int i) const { return i >= 0 && i < count; }
    void uv(int i, ImVec2* uv0, ImVec2* uv1) const;
    ImTextureID im(int i) const { return pages[i / per_page].im(); }  // the page holding image i
};

// Draws image i of the atlas at the cursor, size s; returns true if clicked.
bool atlas_image(const Atlas& a, int i, float s, const char* id);

// Colour maps: magnitude (dark blue -> yellow, viridis-like) and signed (blue -> white -> orange).
void colormap_mag(float t, uint8_t* rgba);     // t in [0,1]
void colormap_signed(float t, uint8_t* rgba);  // t in [-1,1]

// RGBA of one CIFAR image (C, H, W planes) into a 32×32×4 buffer.
void cifar_rgba(const uint8_t* chw, uint8_t* rgba);

int max_texture_size();

// The page's GPU resources: thumbnails of the sets in use (rebuilt when the session's
// DataState versions move on) and the Inside panel's feature-map and kernel textures.
struct GpuState {
    Atlas train_atlas, test_atlas;
    uint64_t train_version = 0, test_version = 0;  // DataState versions the atlases show
    std::vector<Texture> map_tex;                  // one per layer of the Inside snapshot
    std::vector<Texture> kernel_tex;               // one per conv layer
    Texture input_tex;
    uint64_t inside_version = 0;
};
GpuState& gpu();

} // namespace app
