// conv_steps.cpp — the convolution of conv_steps.h as plain loops, in the order the animation
// shows them, and the checks that explain impossible settings. No threads, no gemm: problems
// are small; the layers stay the fast path.
#include "teach/conv_steps.h"

#include <algorithm>

namespace teach {

namespace {

using M = MsgId;

void resolve_padding(int H, int W, int K, int S, const Padding& pad, ConvGeometry* g) {
    if (pad.kind == Padding::Same && S > 0) {
        cnn::same_padding(H, K, S, &g->pad_t, &g->pad_b);
        cnn::same_padding(W, K, S, &g->pad_l, &g->pad_r);
    } else {
        int p = pad.kind == Padding::Explicit ? pad.p : 0;
        g->pad_t = g->pad_b = g->pad_l = g->pad_r = p;
    }
}

// Sizes that are not positive (or a negative padding): nothing else can be computed.
void sign_errors(const ConvProblem& p, Msgs* e) {
    if (p.C < 1) e->push_back(Msg(M::err_channels, {p.C}));
    if (p.H < 1 || p.W < 1) e->push_back(Msg(M::err_input_size, {p.H, p.W}));
    if (p.K < 1) e->push_back(Msg(M::err_kernel_size, {p.K}));
    if (p.OC < 1) e->push_back(Msg(M::err_kernel_count, {p.OC}));
    if (p.stride < 1) e->push_back(Msg(M::err_stride, {signed_num(p.stride)}));
    if (p.padding.kind == Padding::Explicit && p.padding.p < 0)
        e->push_back(Msg(M::err_padding, {signed_num(p.padding.p)}));
}

// Sizes too large to animate.
void cap_errors(const ConvProblem& p, Msgs* e) {
    const int cap = kMaxAnimSize;
    if (p.H > cap || p.W > cap) e->push_back(Msg(M::err_input_large, {p.H, p.W, cap, cap}));
    if (p.K > cap) e->push_back(Msg(M::err_kernel_large, {p.K, p.K, cap}));
    if (p.C > cap) e->push_back(Msg(M::err_channels_many, {p.C, cap}));
    if (p.OC > cap) e->push_back(Msg(M::err_kernels_many, {p.OC, cap}));
    if (p.padding.kind == Padding::Explicit && p.padding.p > cap)
        e->push_back(Msg(M::err_padding_large, {p.padding.p, cap}));
}

// Sane sizes whose window has no position: the kernel is larger than the padded input (with
// stride ≥ 1 and K ≤ PH, PW there is always at least one output cell).
void fit_errors(const ConvProblem& p, Msgs* e) {
    ConvGeometry g = conv_geometry(p);
    if (p.K > g.PH || p.K > g.PW) {
        const bool in_h = p.K > g.PH;
        const int small = std::min(p.H, p.W), fits = std::min(g.PH, g.PW);
        const int need = (p.K - small + 1) / 2;  // smallest p with small + 2p ≥ K
        Msg f = output_size_formula(in_h ? p.H : p.W, p.K, in_h ? g.pad_t : g.pad_l, in_h ? g.pad_b : g.pad_r, p.stride);
        M id = p.padding.kind == Padding::Valid ? M::err_no_fit_valid : M::err_no_fit;
        e->push_back(Msg(id, {p.K, p.K, p.H, p.W, g.PH, g.PW, padding_words(p.padding), f, fits, fits, need}));
    }
}

// Buffers whose sizes disagree with (C, H, W), (OC, C, K, K) and (OC).
void buffer_errors(const ConvProblem& p, Msgs* e) {
    const long long n_in = (long long)p.C * p.H * p.W, n_w = (long long)p.OC * p.C * p.K * p.K;
    if ((long long)p.input.size() != n_in)
        e->push_back(Msg(M::err_input_count, {(long long)p.input.size(), p.C, p.H, p.W, n_in}));
    if ((long long)p.weights.size() != n_w)
        e->push_back(Msg(M::err_weight_count, {(long long)p.weights.size(), p.OC, p.C, p.K, p.K, n_w}));
    if (!p.bias.empty() && p.bias.size() != (size_t)p.OC)
        e->push_back(Msg(M::err_bias_count, {(long long)p.bias.size(), p.OC}));
}

float activate(Activation a, float v) {
    cnn::activation_forward(a, &v, 1, 1);
    return v;
}

} // namespace

ConvGeometry conv_geometry(const ConvProblem& p) {
    ConvGeometry g;
    resolve_padding(p.H, p.W, p.K, p.stride, p.padding, &g);
    g.PH = p.H + g.pad_t + g.pad_b;
    g.PW = p.W + g.pad_l + g.pad_r;
    g.OH = cnn::conv_out_size(p.H, p.K, g.pad_t, g.pad_b, p.stride);
    g.OW = cnn::conv_out_size(p.W, p.K, g.pad_l, g.pad_r, p.stride);
    return g;
}

Msgs shape_errors(const ConvProblem& p) {
    Msgs e;
    sign_errors(p, &e);
    if (e.empty()) fit_errors(p, &e);  // the geometry needs sane numbers
    return e;
}

Msgs validate(const ConvProblem& p) {
    Msgs e;
    sign_errors(p, &e);
    cap_errors(p, &e);
    if (!e.empty()) return e;
    fit_errors(p, &e);
    if (!e.empty()) return e;
    if (p.act == Activation::Softmax) e.push_back(Msg(M::err_softmax));
    buffer_errors(p, &e);
    return e;
}

Msg padding_words(const Padding& pad) {
    if (pad.kind == Padding::Valid) return Msg(M::pad_valid);
    if (pad.kind == Padding::Same) return Msg(M::pad_same);
    return Msg(M::pad_n, {pad.p});
}

Msgs conv_notes(const ConvProblem& p) {
    Msgs notes;
    if (!shape_errors(p).empty()) return notes;
    ConvGeometry g = conv_geometry(p);
    const bool odd_h = g.pad_t != g.pad_b, odd_w = g.pad_l != g.pad_r;
    if (p.padding.kind == Padding::Same && (odd_h || odd_w)) {
        if (odd_h && odd_w) notes.push_back(Msg(M::note_same_hw, {g.pad_t, g.pad_b, g.pad_l, g.pad_r, g.OH, g.OW}));
        else if (odd_h) notes.push_back(Msg(M::note_same_h, {g.pad_t, g.pad_b, g.OH, g.OW}));
        else notes.push_back(Msg(M::note_same_w, {g.pad_l, g.pad_r, g.OH, g.OW}));
    }
    const int rh = (g.PH - p.K) % p.stride, rw = (g.PW - p.K) % p.stride;
    const Msg rows(rh == 1 ? M::last_row : M::last_rows, {rh}), cols(rw == 1 ? M::last_col : M::last_cols, {rw});
    if (rh && rw) notes.push_back(Msg(M::note_stride_two, {p.stride, rows, cols}));
    else if (rh) notes.push_back(Msg(M::note_stride_one, {p.stride, rows}));
    else if (rw) notes.push_back(Msg(M::note_stride_one, {p.stride, cols}));
    return notes;
}

Msg conv_formula_h(const ConvProblem& p, bool ascii) {
    ConvGeometry g = conv_geometry(p);
    return output_size_formula(p.H, p.K, g.pad_t, g.pad_b, p.stride, ascii);
}

Msg conv_formula_w(const ConvProblem& p, bool ascii) {
    ConvGeometry g = conv_geometry(p);
    return output_size_formula(p.W, p.K, g.pad_l, g.pad_r, p.stride, ascii);
}

ConvProblem tutorial_conv_example(Padding pad, int stride) {
    ConvProblem p;
    p.C = 1; p.H = 5; p.W = 5; p.K = 3; p.OC = 1;
    p.stride = stride;
    p.padding = pad;
    p.input = {3, 3, 2, 1, 0,
               0, 0, 1, 3, 1,
               3, 1, 2, 2, 3,
               2, 0, 0, 2, 2,
               2, 0, 0, 0, 1};
    p.weights = {0, 1, 2,
                 2, 2, 0,
                 0, 1, 2};
    p.bias = {0};
    return p;
}

ConvProblem conv_problem_from_layer(const cnn::Conv2D& layer, const float* x, int filter) {
    if (!layer.W || !layer.b) throw TeachError({Msg(M::err_no_weights, {layer.name})});
    if (filter < -1 || filter >= layer.filters)
        throw TeachError({Msg(M::err_no_filter, {layer.name, filter, layer.filters})});
    ConvProblem p;
    p.C = layer.in.c; p.H = layer.in.h; p.W = layer.in.w;
    p.K = layer.k;
    p.stride = layer.stride;
    p.padding = layer.padding;
    p.act = layer.act;
    p.input.assign(x, x + (size_t)p.C * p.H * p.W);
    const size_t ckk = (size_t)p.C * p.K * p.K;
    int f0 = filter < 0 ? 0 : filter, f1 = filter < 0 ? layer.filters : filter + 1;
    p.OC = f1 - f0;
    p.weights.assign(layer.W + f0 * ckk, layer.W + f1 * ckk);  // (OC, C, K, K) slice
    p.bias.assign(layer.b + f0, layer.b + f1);
    return p;
}

ConvSteps::ConvSteps(ConvProblem p) : p_(std::move(p)) {
    Msgs err = validate(p_);
    if (!err.empty()) throw TeachError(err);
    if (p_.bias.empty()) p_.bias.assign(p_.OC, 0.f);
    g_ = conv_geometry(p_);
    // The whole output by a direct convolution, same summation order as step().
    const int C = p_.C, H = p_.H, W = p_.W, K = p_.K, S = p_.stride;
    pre_.assign((size_t)p_.OC * g_.OH * g_.OW, 0.f);  // (OC, OH, OW)
    for (int oc = 0; oc < p_.OC; oc++)
        for (int oh = 0; oh < g_.OH; oh++)
            for (int ow = 0; ow < g_.OW; ow++) {
                float sum = 0.f;
                for (int c = 0; c < C; c++) {
                    float cs = 0.f;
                    for (int kh = 0; kh < K; kh++) {
                        int ih = oh * S - g_.pad_t + kh;
                        if (ih < 0 || ih >= H) continue;
                        for (int kw = 0; kw < K; kw++) {
                            int iw = ow * S - g_.pad_l + kw;
                            if (iw < 0 || iw >= W) continue;
                            cs += p_.input[((size_t)c * H + ih) * W + iw] *
                                  p_.weights[(((size_t)oc * C + c) * K + kh) * K + kw];
                        }
                    }
                    sum += cs;
                }
                pre_[((size_t)oc * g_.OH + oh) * g_.OW + ow] = sum + p_.bias[oc];
            }
    out_ = pre_;
    cnn::activation_forward(p_.act, out_.data(), 1, (int)out_.size());
}

ConvStep ConvSteps::step(int t) const {
    if (t < 0 || t >= num_steps()) throw TeachError({Msg(M::err_step_range, {t, num_steps()})});
    const int C = p_.C, H = p_.H, W = p_.W, K = p_.K, S = p_.stride;
    ConvStep st;
    st.t = t;
    st.oc = t / (g_.OH * g_.OW);
    st.oh = t % (g_.OH * g_.OW) / g_.OW;
    st.ow = t % g_.OW;
    st.ph0 = st.oh * S;
    st.pw0 = st.ow * S;
    st.ih0 = st.ph0 - g_.pad_t;
    st.iw0 = st.pw0 - g_.pad_l;
    st.cells.reserve((size_t)C * K * K);
    st.channel_sums.reserve(C);
    for (int c = 0; c < C; c++) {
        float cs = 0.f;
        for (int kh = 0; kh < K; kh++)
            for (int kw = 0; kw < K; kw++) {
                ConvCell cell;
                cell.c = c; cell.kh = kh; cell.kw = kw;
                cell.ph = st.ph0 + kh;
                cell.pw = st.pw0 + kw;
                cell.ih = st.ih0 + kh;
                cell.iw = st.iw0 + kw;
                cell.padding = cell.ih < 0 || cell.ih >= H || cell.iw < 0 || cell.iw >= W;
                cell.x = cell.padding ? 0.f : p_.input[((size_t)c * H + cell.ih) * W + cell.iw];
                cell.w = p_.weights[(((size_t)st.oc * C + c) * K + kh) * K + kw];
                cell.product = cell.x * cell.w;
                if (!cell.padding) cs += cell.product;  // padding adds 0 (skipped, as output())
                st.cells.push_back(cell);
            }
        st.channel_sums.push_back(cs);
        st.sum += cs;
    }
    st.bias = p_.bias[st.oc];
    st.value = st.sum + st.bias;
    st.out = activate(p_.act, st.value);
    return st;
}

PartialMap ConvSteps::output_after(int t, bool activated) const {
    // Step order is the row-major order of (OC, OH, OW): steps [0, t) are the first t cells.
    t = std::max(0, std::min(t, num_steps()));
    PartialMap m;
    m.C = p_.OC; m.H = g_.OH; m.W = g_.OW;
    const std::vector<float>& src = activated ? out_ : pre_;
    m.value.assign(src.size(), 0.f);
    m.filled.assign(src.size(), 0);
    std::copy(src.begin(), src.begin() + t, m.value.begin());
    std::fill(m.filled.begin(), m.filled.begin() + t, (uint8_t)1);
    return m;
}

int ConvSteps::step_for_output_cell(int oh, int ow, int oc) const {
    if (oc < 0 || oc >= p_.OC || oh < 0 || oh >= g_.OH || ow < 0 || ow >= g_.OW) return -1;
    return (oc * g_.OH + oh) * g_.OW + ow;
}

std::vector<float> ConvSteps::output(bool activated) const { return activated ? out_ : pre_; }

bool ConvSteps::is_padding(int ph, int pw) const {
    int ih = ph - g_.pad_t, iw = pw - g_.pad_l;
    return ih < 0 || ih >= p_.H || iw < 0 || iw >= p_.W;
}

float ConvSteps::padded_input(int c, int ph, int pw) const {
    if (c < 0 || c >= p_.C || is_padding(ph, pw)) return 0.f;
    return p_.input[((size_t)c * p_.H + ph - g_.pad_t) * p_.W + pw - g_.pad_l];
}

} // namespace teach
