// pool_steps.cpp — the pooling of pool_steps.h as plain loops, and the checks that explain
// impossible settings. The first maximum wins ties, as Pool2D's strict '>' does.
#include "teach/pool_steps.h"

#include <algorithm>

#include "core/layers/conv2d.h"  // conv_out_size

namespace teach {

using M = MsgId;

int PoolProblem::OH() const { return cnn::conv_out_size(H, size, 0, 0, S()); }
int PoolProblem::OW() const { return cnn::conv_out_size(W, size, 0, 0, S()); }

Msgs validate(const PoolProblem& p) {
    Msgs e;
    const int cap = kMaxAnimSize;
    if (p.C < 1) e.push_back(Msg(M::err_channels, {p.C}));
    if (p.H < 1 || p.W < 1) e.push_back(Msg(M::err_input_size, {p.H, p.W}));
    if (p.size < 1) e.push_back(Msg(M::err_pool_window, {signed_num(p.size)}));
    if (p.stride < 0) e.push_back(Msg(M::err_pool_stride, {signed_num(p.stride)}));
    if (p.H > cap || p.W > cap) e.push_back(Msg(M::err_input_large, {p.H, p.W, cap, cap}));
    if (p.C > cap) e.push_back(Msg(M::err_pool_channels, {p.C, cap}));
    if (e.empty() && (p.size > p.H || p.size > p.W))
        e.push_back(Msg(M::err_pool_no_fit, {p.size, p.size, p.H, p.W,
                                             output_size_formula(p.size > p.H ? p.H : p.W, p.size, 0, 0, p.S()),
                                             std::min(p.H, p.W)}));
    const long long n = (long long)p.C * p.H * p.W;
    if (e.empty() && (long long)p.input.size() != n)
        e.push_back(Msg(M::err_input_count, {(long long)p.input.size(), p.C, p.H, p.W, n}));
    return e;
}

Msg pool_formula_h(const PoolProblem& p, bool ascii) { return output_size_formula(p.H, p.size, 0, 0, p.S(), ascii); }
Msg pool_formula_w(const PoolProblem& p, bool ascii) { return output_size_formula(p.W, p.size, 0, 0, p.S(), ascii); }

PoolProblem pool_problem_from_layer(const cnn::Pool2D& layer, const float* x) {
    PoolProblem p;
    p.C = layer.in.c; p.H = layer.in.h; p.W = layer.in.w;
    p.mode = layer.mode;
    p.size = layer.size;
    p.stride = layer.stride;
    p.input.assign(x, x + (size_t)p.C * p.H * p.W);
    return p;
}

PoolSteps::PoolSteps(PoolProblem p) : p_(std::move(p)) {
    Msgs err = validate(p_);
    if (!err.empty()) throw TeachError(err);
    oh_ = p_.OH();
    ow_ = p_.OW();
}

PoolStep PoolSteps::step(int t) const {
    if (t < 0 || t >= num_steps()) throw TeachError({Msg(M::err_step_range, {t, num_steps()})});
    const int H = p_.H, W = p_.W, Z = p_.size, S = p_.S();
    PoolStep st;
    st.t = t;
    st.c = t / (oh_ * ow_);
    st.oh = t % (oh_ * ow_) / ow_;
    st.ow = t % ow_;
    st.h0 = st.oh * S;
    st.w0 = st.ow * S;
    st.values.reserve((size_t)Z * Z);
    for (int i = 0; i < Z; i++)
        for (int j = 0; j < Z; j++) {
            float v = p_.input[((size_t)st.c * H + st.h0 + i) * W + st.w0 + j];
            st.values.push_back(v);
            st.sum += v;
        }
    if (p_.mode == cnn::Pool2D::Max) {
        st.chosen = 0;  // first maximum in row-major order, as Pool2D (strict >)
        for (int i = 1; i < Z * Z; i++)
            if (st.values[i] > st.values[st.chosen]) st.chosen = i;
        st.chosen_h = st.h0 + st.chosen / Z;
        st.chosen_w = st.w0 + st.chosen % Z;
        st.value = st.values[st.chosen];
    } else {
        st.value = st.sum * (1.f / (float)(Z * Z));
    }
    return st;
}

std::vector<float> PoolSteps::output() const {
    const int C = p_.C, H = p_.H, W = p_.W, Z = p_.size, S = p_.S();
    std::vector<float> y((size_t)C * oh_ * ow_);  // (C, OH, OW)
    for (int c = 0; c < C; c++)
        for (int oh = 0; oh < oh_; oh++)
            for (int ow = 0; ow < ow_; ow++) {
                const float* x0 = &p_.input[((size_t)c * H + oh * S) * W + ow * S];
                float best = x0[0], sum = 0.f;
                for (int i = 0; i < Z; i++)
                    for (int j = 0; j < Z; j++) {
                        best = std::max(best, x0[i * W + j]);
                        sum += x0[i * W + j];
                    }
                y[((size_t)c * oh_ + oh) * ow_ + ow] =
                    p_.mode == cnn::Pool2D::Max ? best : sum * (1.f / (float)(Z * Z));
            }
    return y;
}

PartialMap PoolSteps::output_after(int t) const {
    t = std::max(0, std::min(t, num_steps()));
    PartialMap m;
    m.C = p_.C; m.H = oh_; m.W = ow_;
    m.value = output();
    m.filled.assign(m.value.size(), 0);
    std::fill(m.value.begin() + t, m.value.end(), 0.f);
    std::fill(m.filled.begin(), m.filled.begin() + t, (uint8_t)1);
    return m;
}

int PoolSteps::step_for_output_cell(int oh, int ow, int c) const {
    if (c < 0 || c >= p_.C || oh < 0 || oh >= oh_ || ow < 0 || ow >= ow_) return -1;
    return (c * oh_ + oh) * ow_ + ow;
}

} // namespace teach
