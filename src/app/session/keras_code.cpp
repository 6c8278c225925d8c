// keras_code.cpp — the Keras code of the rows as edited, cached by spec and settings.
#include "app/session/keras_code.h"

#include "core/model.h"

namespace app {

const std::string& keras_code(const AppState& a) {
    static std::string spec, code;
    static cnn::TrainSettings hyper;
    static bool made = false;
    const std::string want = a.draft_error.empty() ? a.draft_spec : "";
    if (made && want == spec && a.hyper == hyper) return code;
    made = true;
    spec = want;
    hyper = a.hyper;
    code.clear();
    if (spec.empty()) return code;
    try {
        code = cnn::keras_training_source(cnn::Model::parse_shapes(spec), hyper);
    } catch (const std::exception&) {
        code.clear();  // draft_error was empty but the spec did not parse: nothing to show
    }
    return code;
}

} // namespace app
