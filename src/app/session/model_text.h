// model_text.h — the core's coded errors (cnn::ErrorInfo: a code with numbers and words) of
// model specs, data files and model files, and layer kinds, said in the page's language
// through strings_model_{en,zh}.inc and strings_files_{en,zh}.inc.
// Not here: deciding what is an error (the core) or where it is drawn (the Model panel).
#pragma once
#include <string>

#include "core/error.h"

namespace app {

// The error in the current language, without its row (the caller says the row). A code
// with no text of its own (Errc::Other) gives the core's English what().
std::string model_error_text(const cnn::ErrorInfo& e);
// "Conv2D (convolution)" / "Conv2D（卷积层）": a layer's kind (Layer::kind(), Keras's class
// name) in the current language.
const char* layer_kind_text(const std::string& kind);

} // namespace app
