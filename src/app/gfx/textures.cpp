// textures.cpp — GL (WebGL2 / GLES3) texture uploads and colour maps. Thumbnails go into an
// atlas of a few pages per data set, so a grid of hundreds of images is one texture and few
// draw calls.
#include "app/gfx/textures.h"

#include <GLES3/gl3.h>

#include <algorithm>
#include <cmath>

namespace app {

GpuState& gpu() {
    static GpuState g;
    return g;
}

int max_texture_size() {
    static GLint m = 0;
    if (!m) glGetIntegerv(GL_MAX_TEXTURE_SIZE, &m);
    return m > 0 ? m : 2048;
}

void Texture::upload(const uint8_t* rgba, int width, int height) {
    if (!id) {
        GLuint t;
        glGenTextures(1, &t);
        id = t;
        glBindTexture(GL_TEXTURE_2D, id);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }
    glBindTexture(GL_TEXTURE_2D, id);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    if (width == w && height == h)
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    else
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    w = width;
    h = height;
}

void cifar_rgba(const uint8_t* chw, uint8_t* rgba) {
    const int P = 32 * 32;
    for (int p = 0; p < P; p++) {
        rgba[p * 4 + 0] = chw[p];
        rgba[p * 4 + 1] = chw[P + p];
        rgba[p * 4 + 2] = chw[2 * P + p];
        rgba[p * 4 + 3] = 255;
    }
}

void Texture::release() {
    if (id) {
        GLuint t = id;
        glDeleteTextures(1, &t);
    }
    id = 0;
    w = h = 0;
}

void Atlas::build(const cnn::Dataset& d) {
    // Page side: the smallest power of two holding all images, at most 4096 (or the GPU's
    // limit); more pages when one is not enough. Only as many pages as the GPU allows of
    // memory are kept: at most 16 (262,144 thumbnails).
    int side = 256;
    int cap_side = std::min(4096, max_texture_size());
    while (side < cap_side && (side / 32) * (side / 32) < d.size()) side *= 2;
    per_row = side / 32;
    per_page = per_row * per_row;
    count = std::min(d.size(), per_page * 16);
    int npages = (count + per_page - 1) / per_page;
    if (npages == 0) npages = 1;
    if ((int)pages.size() > npages) {
        for (size_t k = npages; k < pages.size(); k++) pages[k].release();
        pages.resize(npages);
    }
    pages.resize(npages);
    std::vector<uint8_t> tile(32 * 32 * 4), pix;
    for (int pg = 0; pg < npages; pg++) {
        int first = pg * per_page, n = std::min(per_page, count - first);
        int rows = (std::max(n, 1) + per_row - 1) / per_row;
        int height = std::max(32, rows * 32);
        if (pg + 1 < npages) height = side;  // full pages are square
        pix.assign((size_t)side * height * 4, 0);
        for (int j = 0; j < n; j++) {
            cifar_rgba(d.image(first + j), tile.data());
            int tx = (j % per_row) * 32, ty = (j / per_row) * 32;
            for (int y = 0; y < 32; y++)
                std::copy(tile.begin() + y * 32 * 4, tile.begin() + (y + 1) * 32 * 4,
                          pix.begin() + ((size_t)(ty + y) * side + tx) * 4);
        }
        pages[pg].upload(pix.data(), side, height);
    }
}

void Atlas::uv(int i, ImVec2* uv0, ImVec2* uv1) const {
    const Texture& t = pages[i / per_page];
    int j = i % per_page;
    float x = (float)(j % per_row) * 32, y = (float)(j / per_row) * 32;
    *uv0 = ImVec2(x / t.w, y / t.h);
    *uv1 = ImVec2((x + 32) / t.w, (y + 32) / t.h);
}

bool atlas_image(const Atlas& a, int i, float s, const char* id) {
    ImVec2 uv0(0, 0), uv1(0, 0);
    if (a.has(i)) a.uv(i, &uv0, &uv1);
    ImVec2 p = ImGui::GetCursorScreenPos();
    bool clicked = ImGui::InvisibleButton(id, ImVec2(s, s));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (a.has(i))
        dl->AddImage(a.im(i), p, ImVec2(p.x + s, p.y + s), uv0, uv1);
    else
        dl->AddRectFilled(p, ImVec2(p.x + s, p.y + s), IM_COL32(60, 60, 60, 255));
    return clicked;
}

// Viridis-like: 5 control points, linear in between.
void colormap_mag(float t, uint8_t* c) {
    static const float k[5][3] = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
    t = std::clamp(t, 0.f, 1.f) * 4;
    int i = std::min(3, (int)t);
    float f = t - i;
    for (int j = 0; j < 3; j++) c[j] = (uint8_t)(k[i][j] + (k[i + 1][j] - k[i][j]) * f);
    c[3] = 255;
}

// Blue (negative) - near white (0) - orange (positive): readable with red-green colour blindness.
void colormap_signed(float t, uint8_t* c) {
    t = std::clamp(t, -1.f, 1.f);
    const float neg[3] = {0, 114, 178}, mid[3] = {235, 235, 235}, pos[3] = {230, 159, 0};
    const float* e = t < 0 ? neg : pos;
    float f = std::fabs(t);
    for (int j = 0; j < 3; j++) c[j] = (uint8_t)(mid[j] + (e[j] - mid[j]) * f);
    c[3] = 255;
}

} // namespace app
