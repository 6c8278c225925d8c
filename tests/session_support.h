// session_support.h — what the Engine and AppState tests share: their small model, how long
// they wait for a run, and a model spec's canonical form.
#pragma once

#include <string>

#include "core/model.h"

namespace session_test {

inline const char* const kModel = "conv(4,3,relu) maxpool(2) flatten dense(10,softmax)";
inline constexpr double kTimeout = 60;  // seconds; generous for ASan and Node on a shared machine

// The spec as the model writes it back (layer names and defaults filled in).
inline std::string canonical(const std::string& spec) { return cnn::Model::parse_shapes(spec).spec(); }

} // namespace session_test
