// picture.cpp — the user's picture into the session (picture.h).
#include "app/session/picture.h"

#include <algorithm>
#include <memory>

#include "app/session/app_state.h"
#include "core/error.h"

namespace app {

cnn::Crop clamp_crop(cnn::Crop c, int w, int h) {
    const double side = std::min(w, h);
    c.size = std::clamp(c.size, std::min(1.0, side), side);
    c.x = std::clamp(c.x, 0.0, w - c.size);
    c.y = std::clamp(c.y, 0.0, h - c.size);
    return c;
}

std::string app_set_picture(AppState& a, const uint8_t* rgba, int w, int h, const std::string& source) {
    if (!rgba || w < 1 || h < 1 || w > kPictureMaxSide || h > kPictureMaxSide) {
        a.picture.error = "picture refused: " + std::to_string(w) + "x" + std::to_string(h) +
                          " pixels (1 to " + std::to_string(kPictureMaxSide) + " a side)";
        return a.picture.error;
    }
    PictureState& p = a.picture;
    p.rgba.assign(rgba, rgba + (size_t)w * h * 4);
    p.w = w;
    p.h = h;
    p.source = source;
    return app_set_crop(a, cnn::center_square(w, h));
}

std::string app_set_crop(AppState& a, cnn::Crop c) {
    PictureState& p = a.picture;
    if (p.rgba.empty()) return p.error = "no picture to crop";
    p.crop = clamp_crop(c, p.w, p.h);
    try {
        p.x = cnn::crop_scale(p.rgba.data(), p.w, p.h, 4, p.crop, 32);
    } catch (const std::exception& e) {
        return p.error = e.what();
    }
    p.error.clear();
    p.version++;
    a.engine->set_picture(std::make_shared<const std::vector<float>>(p.x), p.version);
    a.sel_set = kSetPicture;
    a.sel_image = 0;
    a.engine->select_image(kSetPicture, 0);
    return "";
}

void app_explain(AppState& a, int cls) {
    a.why_class = cls;
    a.engine->explain(cls);
}

void app_filter_top(AppState& a, int layer, int filter) {
    a.top_layer = layer;
    a.top_filter = filter;
    a.engine->filter_top(layer, filter);
}

} // namespace app
