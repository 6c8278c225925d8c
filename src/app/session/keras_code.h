// keras_code.h — the Keras code of the model being edited, in the tutorial's style
// (cnn::keras_training_source: Sequential, add, compile, fit with the page's settings). Made
// again only when the Model panel's rows or the training settings change; shown by the lab's
// "Keras code" tab and given by playground.kerasCode(). Not here: drawing, the clipboard.
#pragma once
#include <string>

#include "app/session/app_state.h"

namespace app {

// The code for a.draft_spec and a.hyper; "" while the rows do not make a model.
const std::string& keras_code(const AppState& a);

} // namespace app
