// link.h — the page's setup as a URL fragment ("#v=1&model=...&lr=0.001&..."), and back.
// A teacher's "Copy link" writes it; opening the link restores model, hyperparameters, seed,
// data subset, open panels, language, UI scale/theme and the classroom settings. Reading is
// forgiving: each bad part (unknown version, malformed number, impossible model, unknown key)
// falls back to its default and is listed as a problem for the page's notice.
// No ImGui, SDL or Emscripten here: pure functions, checked natively (tests/test_link.cpp).
//
// Fragment grammar (v=1): key=value pairs joined by '&'. Values are percent-encoded except
// for A-Z a-z 0-9 - . _ ~ ( ) , : = ; a space is written '+' (model specs read well that way).
//   v        1 (required; another version: the whole link is ignored)
//   model    layer spec of the model grammar (core/model.h), e.g. conv(32,3,relu)+maxpool(2)+...
//   opt      adam | sgd            lr      learning rate, 1e-6..10
//   batch    1..1024               epochs  1..1000            seed    0..2147483647
//            (the ranges of cnn::TrainSettings, core/settings.h: a refused value is listed
//            with the message the CLI and the JS API give, and the default is kept)
//   train    training subset size (0 = all loaded, else 10..50000): first N of a class-balanced order
//   test     test subset size (0 = all loaded, else 10..10000)
//   panels   open panels, comma-separated: data,model,train,predictions,inside,lab ("" = none)
//   lang     en | zh               scale   0.5..3 (UI scale for projectors)
//   theme    dark | contrast       class   0 | 1 (classroom mode)
//   hide     control groups hidden in classroom mode: model,hyper,data,files,seed ("" = none)
#pragma once
#include <string>
#include <vector>

#include "core/settings.h"

namespace app {

enum Panel { PanelData, PanelModel, PanelTrain, PanelPredictions, PanelInside, PanelLab, PanelCount };
extern const char* const kPanelIds[PanelCount];  // "data", "model", "train", "predictions", "inside", "lab"

// Control groups a classroom can hide (bit flags).
enum HideGroup : unsigned {
    HideModel = 1u << 0,  // editing the model (presets, rows, add/remove, apply)
    HideHyper = 1u << 1,  // optimizer, learning rate, batch size, epochs, threads
    HideData = 1u << 2,   // loading data files, subset sizes
    HideFiles = 1u << 3,  // saving and loading model files
    HideSeed = 1u << 4,   // the seed
};
constexpr int kHideGroupCount = 5;
extern const char* const kHideIds[kHideGroupCount];  // "model", "hyper", "data", "files", "seed" (bit order)

constexpr int kLinkVersion = 1;
constexpr float kScales[4] = {1.0f, 1.25f, 1.5f, 2.0f};  // offered in the menu (the link takes 0.5..3)

// Everything a link carries.
struct LinkSettings {
    std::string model;              // layer spec; "" = the tutorial's model
    cnn::TrainSettings train;       // optimizer, lr, batch, epochs, seed (threads: not in a link)
    int train_n = 0, test_n = 0;    // data subset sizes; 0 = all loaded images
    bool panels[PanelCount] = {true, true, true, true, true, false};
    int lang = -1;                  // app::Lang; -1 = not given (keep the page's choice)
    float scale = 1.0f;
    bool contrast = false;          // high-contrast theme
    bool classroom = false;
    unsigned hide = 0;              // HideGroup bits
};

struct LinkProblem {
    std::string key;                // "v", "lr", "model", ... or the unknown key itself
    std::string value;              // what the link said (decoded)
    std::string why;                // one line, in the page's language (app::tr)
};

struct LinkParse {
    LinkSettings settings;          // defaults where the link was silent or wrong
    std::vector<LinkProblem> problems;
    bool empty = true;              // no fragment at all: nothing to restore, nothing to report
    bool rejected = false;          // another version: nothing read, all defaults
};

// Reads a fragment (with or without the leading '#'); parts missing or wrong keep `defaults`.
LinkParse parse_link(const std::string& fragment, const LinkSettings& defaults);
// The fragment (without '#') for s: every key, in a fixed order, starting with v=1.
std::string make_link(const LinkSettings& s);
// Why `spec` can't be the page's model ("" if it can), in the page's language: it must parse
// and be a CIFAR-10 classifier (cnn::classifier_error; shapes only, no weights allocated).
std::string link_model_error(const std::string& spec);

// Percent-encoding as the grammar above says ('+' for a space); decoding also takes %20.
std::string link_encode(const std::string& s);
std::string link_decode(const std::string& s);

} // namespace app
