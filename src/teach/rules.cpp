// rules.cpp — the architecture rule of rules.h as a small state machine over the layer kinds:
// one state per place in input → (conv+ → pool?)+ → dense+, a message for each way to leave it.
#include "teach/rules.h"

#include <cctype>

#include "core/model.h"

namespace teach {

const char* const kArchitectureRule = "input → (conv+ → pool?)+ → dense+";

namespace {

using M = MsgId;

LayerRole role_of(const std::string& kind) {
    static const std::pair<const char*, LayerRole> table[] = {
        {"input", LayerRole::Input},           {"inputlayer", LayerRole::Input},
        {"conv", LayerRole::FeatureExtraction}, {"conv2d", LayerRole::FeatureExtraction},
        {"convolution2d", LayerRole::FeatureExtraction},
        {"maxpool", LayerRole::DownSampling},  {"maxpool2d", LayerRole::DownSampling},
        {"maxpooling2d", LayerRole::DownSampling}, {"avgpool", LayerRole::DownSampling},
        {"avgpool2d", LayerRole::DownSampling}, {"averagepooling2d", LayerRole::DownSampling},
        {"flatten", LayerRole::Flatten},
        {"dense", LayerRole::Classification},  {"fc", LayerRole::Classification},
        {"relu", LayerRole::Activation},       {"sigmoid", LayerRole::Activation},
        {"tanh", LayerRole::Activation},       {"softmax", LayerRole::Activation},
        {"activation", LayerRole::Activation}, {"leakyrelu", LayerRole::Activation},
    };
    std::string k;  // lower case without '_' and '-'
    for (char c : kind)
        if (c != '_' && c != '-' && !std::isspace((unsigned char)c)) k += (char)std::tolower((unsigned char)c);
    for (const auto& e : table)
        if (k == e.first) return e.second;
    return LayerRole::Unknown;
}

// Where the walk is in the rule; blocks counts (conv+ → pool?) blocks, dense_from is the
// 1-based first layer of the dense part (flatten or dense).
struct Walk {
    enum { Start, InConv, AfterPool, AfterFlatten, InDense } state = Start;
    int blocks = 0, dense_from = -1;
    bool dense_part() const { return state == AfterFlatten || state == InDense; }
};

// Takes layer i (1-based number n) of role r; returns the message when it breaks the rule.
Msg take(Walk& w, ArchitectureCheck& r, size_t i, const std::string& kind) {
    const int n = (int)i + 1;
    switch (r.roles[i]) {
    case LayerRole::Input:
        if (i != 0) return Msg(M::arch_input_late, {n, kind});
        break;
    case LayerRole::FeatureExtraction:
        if (w.dense_part()) return Msg(M::arch_conv_after_dense, {n, kind, w.dense_from});
        if (w.state != Walk::InConv) w.blocks++;
        r.block[i] = w.blocks;
        w.state = Walk::InConv;
        break;
    case LayerRole::DownSampling:
        if (w.state == Walk::Start) return Msg(M::arch_pool_first, {n, kind});
        if (w.state == Walk::AfterPool) return Msg(M::arch_pool_twice, {n, kind});
        if (w.dense_part()) return Msg(M::arch_pool_after_dense, {n, kind, w.dense_from});
        r.block[i] = w.blocks;
        w.state = Walk::AfterPool;
        break;
    case LayerRole::Flatten:
        if (w.state == Walk::Start) return Msg(M::arch_flatten_first, {n, kind});
        if (w.dense_part()) return Msg(M::arch_flatten_twice, {n, kind});
        w.dense_from = n;
        w.state = Walk::AfterFlatten;
        break;
    case LayerRole::Classification:
        if (w.state == Walk::Start) return Msg(M::arch_dense_first, {n, kind});
        if (!w.dense_part()) w.dense_from = n;
        w.state = Walk::InDense;
        break;
    case LayerRole::Activation:
        if (i == 0 || r.roles[i - 1] == LayerRole::Input) return Msg(M::arch_act_first, {n, kind});
        r.block[i] = r.block[i - 1];
        break;
    default:
        return Msg(M::arch_unknown, {n, kind});
    }
    return Msg();
}

// The message when the list ends in state w (none when it ends in the dense part).
Msg at_end(const Walk& w) {
    switch (w.state) {
    case Walk::Start: return Msg(M::arch_no_conv);
    case Walk::InConv:
    case Walk::AfterPool: return Msg(M::arch_no_dense);
    case Walk::AfterFlatten: return Msg(M::arch_ends_flatten);
    default: return Msg();
    }
}

} // namespace

ArchitectureCheck check_architecture(const std::vector<std::string>& kinds) {
    ArchitectureCheck r;
    for (const std::string& k : kinds) r.roles.push_back(role_of(k));
    r.block.assign(kinds.size(), 0);
    Walk w;
    for (size_t i = 0; i < kinds.size(); i++) {
        Msg why = take(w, r, i, kinds[i]);
        if (why.id != MsgId::count) {
            r.bad_index = (int)i;
            r.why = why;
            return r;
        }
    }
    r.why = at_end(w);
    r.matches = r.why.id == MsgId::count;
    r.bad_index = r.matches ? -1 : (int)kinds.size();
    return r;
}

ArchitectureCheck check_architecture(const cnn::Model& model) {
    std::vector<std::string> kinds;
    for (const auto& l : model.layers) kinds.push_back(l->kind());
    return check_architecture(kinds);
}

} // namespace teach
