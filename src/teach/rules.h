// rules.h — the tutorial's architecture rule, input → (conv+ → pool?)+ → dense+: each layer's
// role, its block, and the first layer that breaks the rule with why (a message). No UI, no
// sentences; the roles' names are the app's S_role_* texts.
#pragma once
#include <string>
#include <vector>

#include "teach/message.h"

namespace cnn {
struct Model;
}

namespace teach {

// One or more blocks of one or more convolutions with at most one pooling after them, then one
// or more dense layers. Flatten may sit once between the two parts; stand-alone activations
// belong to the layer before. In the model grammar's own notation (the same in every language).
extern const char* const kArchitectureRule;  // "input → (conv+ → pool?)+ → dense+"

enum class LayerRole { Input, FeatureExtraction, DownSampling, Flatten, Classification, Activation, Unknown };

struct ArchitectureCheck {
    bool matches = false;
    std::vector<LayerRole> roles;  // one per layer kind given
    std::vector<int> block;        // conv/pool: 1-based (conv+ → pool?) block; others 0
    int bad_index = -1;            // first layer breaking the rule (kinds.size() when the
                                   // list ends too early); −1 when it matches
    Msg why;                       // id MsgId::count when it matches
};
// kinds are Keras class names ("Conv2D", "MaxPooling2D", "AveragePooling2D", "Flatten",
// "Dense", "ReLU", "Activation", "InputLayer", ...) or the model grammar's names ("conv",
// "maxpool", "avgpool", ...), case-insensitive.
ArchitectureCheck check_architecture(const std::vector<std::string>& kinds);
ArchitectureCheck check_architecture(const cnn::Model& model);

} // namespace teach
