// conv_steps.cpp — the teaching-view logic of conv_steps.h as plain loops, in the order the
// animation shows them. No threads, no gemm: problems are small; the layers stay the fast path.
#include "core/conv_steps.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "core/error.h"
#include "core/model.h"

namespace cnn {

namespace {

std::string num(long long v) {
    // 88502400 -> "88,502,400" (explanations are read by students)
    std::string digits = std::to_string(v < 0 ? -v : v), s;
    for (size_t i = 0; i < digits.size(); i++) {
        if (i && (digits.size() - i) % 3 == 0) s += ',';
        s += digits[i];
    }
    return v < 0 ? "-" + s : s;
}

// A signed number for formulas: "3", "−1" (or "-1" in ascii).
std::string snum(int v, bool ascii) {
    if (v >= 0) return std::to_string(v);
    return std::string(ascii ? "-" : "−") + std::to_string(-v);
}

std::string size2(int h, int w) { return std::to_string(h) + "×" + std::to_string(w); }

int floor_div(int a, int b) {
    int q = a / b;
    if (a % b != 0 && ((a < 0) != (b < 0))) q--;
    return q;
}

std::string join(const std::vector<std::string>& parts) {
    std::string s;
    for (const std::string& p : parts) s += (s.empty() ? "" : " ") + p;
    return s;
}

std::string squash(const std::string& s) {
    // lower case without spaces, '-', '_', '(' and ')': "Sobel X" == "sobel_x" == "sobelx"
    std::string r;
    for (char c : s)
        if (!std::isspace((unsigned char)c) && c != '-' && c != '_' && c != '(' && c != ')')
            r += (char)std::tolower((unsigned char)c);
    return r;
}

void resolve_padding(int H, int W, int K, int S, const Padding& pad, ConvGeometry* g) {
    if (pad.kind == Padding::Same && S > 0) {
        same_padding(H, K, S, &g->pad_t, &g->pad_b);
        same_padding(W, K, S, &g->pad_l, &g->pad_r);
    } else {
        int p = pad.kind == Padding::Explicit ? pad.p : 0;
        g->pad_t = g->pad_b = g->pad_l = g->pad_r = p;
    }
}

std::string padding_words(const Padding& pad) {
    if (pad.kind == Padding::Valid) return "padding 'valid' (none)";
    if (pad.kind == Padding::Same) return "padding 'same'";
    return "padding " + std::to_string(pad.p);
}

// Sentences on the sizes of p that cannot work; caps = also refuse sizes too large to animate.
std::vector<std::string> shape_errors(const ConvProblem& p, bool caps) {
    std::vector<std::string> e;
    if (p.C < 1) e.push_back("The input needs at least 1 channel (C = " + std::to_string(p.C) + ").");
    if (p.H < 1 || p.W < 1)
        e.push_back("The input must be at least 1×1 (got " + size2(p.H, p.W) + ").");
    if (p.K < 1) e.push_back("The kernel must be at least 1×1 (got K = " + std::to_string(p.K) + ").");
    if (p.OC < 1)
        e.push_back("There must be at least one kernel (got " + std::to_string(p.OC) +
                    "); each kernel makes one output feature map.");
    if (p.stride < 1)
        e.push_back("Stride " + snum(p.stride, false) +
                    " is not possible: the stride is how many cells the window moves from one "
                    "output cell to the next, so it must be at least 1.");
    if (p.padding.kind == Padding::Explicit && p.padding.p < 0)
        e.push_back("Padding " + snum(p.padding.p, false) +
                    " is not possible: padding adds rings of zero cells around the input, so it "
                    "is 0 or more.");
    if (caps) {
        const std::string cap = std::to_string(kMaxAnimSize);
        if (p.H > kMaxAnimSize || p.W > kMaxAnimSize)
            e.push_back("A " + size2(p.H, p.W) + " input is too large to animate (at most " +
                        size2(kMaxAnimSize, kMaxAnimSize) + " here).");
        if (p.K > kMaxAnimSize)
            e.push_back("A " + size2(p.K, p.K) + " kernel is too large to animate (at most " + cap + ").");
        if (p.C > kMaxAnimSize)
            e.push_back(std::to_string(p.C) + " input channels are too many to animate (at most " + cap + ").");
        if (p.OC > kMaxAnimSize)
            e.push_back(std::to_string(p.OC) + " kernels are too many to animate (at most " + cap + ").");
        if (p.padding.kind == Padding::Explicit && p.padding.p > kMaxAnimSize)
            e.push_back("Padding " + std::to_string(p.padding.p) + " is too large to animate (at most " + cap + ").");
    }
    if (!e.empty()) return e;  // the geometry below needs sane numbers

    ConvGeometry g = conv_geometry(p);
    if (p.K > g.PH || p.K > g.PW) {
        int small = std::min(p.H, p.W);
        int need = (p.K - small + 1) / 2;  // smallest p with small + 2p ≥ K
        std::string s = "The " + size2(p.K, p.K) + " kernel does not fit: the " + size2(p.H, p.W) +
                        " input is " + size2(g.PH, g.PW) + " after " + padding_words(p.padding) +
                        ", smaller than the kernel, so there is no position for the window (" + output_size_formula(p.K > g.PH ? p.H : p.W, p.K,
                                                         p.K > g.PH ? g.pad_t : g.pad_l,
                                                         p.K > g.PH ? g.pad_b : g.pad_r, p.stride) +
                        "). Use a kernel of at most " + size2(std::min(g.PH, g.PW), std::min(g.PH, g.PW)) +
                        ", padding of at least " + std::to_string(need);
        s += p.padding.kind == Padding::Valid ? ", or padding 'same'." : ".";
        e.push_back(s);
    } else if (g.OH <= 0 || g.OW <= 0) {
        e.push_back("The output would be " + size2(g.OH, g.OW) + ": " + conv_formula_h(p) + ".");
    }
    return e;
}

float activate(Activation a, float v) {
    activation_forward(a, &v, 1, 1);
    return v;
}

} // namespace

// ---- output size --------------------------------------------------------------------------

std::string output_size_formula(int i, int k, int pad_before, int pad_after, int s, bool ascii) {
    const std::string lf = ascii ? "floor(" : "⌊", rf = ascii ? ")" : "⌋";
    const std::string dot = ascii ? "*" : "·", minus = ascii ? " - " : " − ";
    std::string pads;
    if (pad_before == pad_after) {
        std::string p = snum(pad_before, ascii);
        pads = "2" + dot + (pad_before < 0 ? "(" + p + ")" : p);
    } else {
        pads = snum(pad_before, ascii) + " + " + snum(pad_after, ascii);
    }
    std::string f = "o = " + lf + "(" + std::to_string(i) + " + " + pads + minus + std::to_string(k) +
                    ")/" + snum(s, ascii) + rf + " + 1 = ";
    if (s <= 0) return f + "undefined (stride " + snum(s, ascii) + ")";
    return f + snum(floor_div(i + pad_before + pad_after - k, s) + 1, ascii);
}

// ---- convolution ----------------------------------------------------------------------------

ConvGeometry conv_geometry(const ConvProblem& p) {
    ConvGeometry g;
    resolve_padding(p.H, p.W, p.K, p.stride, p.padding, &g);
    g.PH = p.H + g.pad_t + g.pad_b;
    g.PW = p.W + g.pad_l + g.pad_r;
    g.OH = conv_out_size(p.H, p.K, g.pad_t, g.pad_b, p.stride);
    g.OW = conv_out_size(p.W, p.K, g.pad_l, g.pad_r, p.stride);
    return g;
}

std::string validate(const ConvProblem& p) {
    std::vector<std::string> e = shape_errors(p, true);
    if (!e.empty()) return join(e);
    if (p.act == Activation::Softmax)
        e.push_back("Softmax is not an element-wise activation: a convolution's feature map uses "
                    "linear, relu, sigmoid or tanh.");
    size_t n_in = (size_t)p.C * p.H * p.W, n_w = (size_t)p.OC * p.C * p.K * p.K;
    if (p.input.size() != n_in)
        e.push_back("The input holds " + std::to_string(p.input.size()) + " values but (C,H,W) = (" +
                    std::to_string(p.C) + "," + std::to_string(p.H) + "," + std::to_string(p.W) +
                    ") needs " + std::to_string(n_in) + ".");
    if (p.weights.size() != n_w)
        e.push_back("The kernels hold " + std::to_string(p.weights.size()) +
                    " weights but (OC,C,K,K) = (" + std::to_string(p.OC) + "," + std::to_string(p.C) +
                    "," + std::to_string(p.K) + "," + std::to_string(p.K) + ") needs " +
                    std::to_string(n_w) + ".");
    if (!p.bias.empty() && p.bias.size() != (size_t)p.OC)
        e.push_back("There are " + std::to_string(p.bias.size()) + " biases for " +
                    std::to_string(p.OC) + " kernels; there must be one per kernel (or none).");
    return join(e);
}

std::string conv_notes(const ConvProblem& p) {
    if (!shape_errors(p, false).empty()) return "";
    ConvGeometry g = conv_geometry(p);
    std::vector<std::string> notes;
    if (p.padding.kind == Padding::Same && (g.pad_t != g.pad_b || g.pad_l != g.pad_r)) {
        std::string s = "'same' padding adds an odd number of cells";
        if (g.pad_t != g.pad_b)
            s += "; in height TensorFlow puts " + std::to_string(g.pad_t) + " on top and " +
                 std::to_string(g.pad_b) + " at the bottom";
        if (g.pad_l != g.pad_r)
            s += "; in width " + std::to_string(g.pad_l) + " on the left and " +
                 std::to_string(g.pad_r) + " on the right";
        s += ", so that the output is ⌈input/stride⌉ = " + size2(g.OH, g.OW) + ".";
        notes.push_back(s);
    }
    int rh = (g.PH - p.K) % p.stride, rw = (g.PW - p.K) % p.stride;
    if (rh || rw) {
        std::string s = "With stride " + std::to_string(p.stride) + " the window never reaches";
        if (rh) s += " the last " + std::to_string(rh) + (rh == 1 ? " row" : " rows");
        if (rh && rw) s += " and";
        if (rw) s += " the last " + std::to_string(rw) + (rw == 1 ? " column" : " columns");
        s += " of the padded input: (padded size − kernel) is not a multiple of the stride, and "
             "the floor in the formula drops the remainder.";
        notes.push_back(s);
    }
    return join(notes);
}

std::string conv_formula_h(const ConvProblem& p, bool ascii) {
    ConvGeometry g = conv_geometry(p);
    return output_size_formula(p.H, p.K, g.pad_t, g.pad_b, p.stride, ascii);
}

std::string conv_formula_w(const ConvProblem& p, bool ascii) {
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

ConvProblem conv_problem_from_layer(const Conv2D& layer, const float* x, int filter) {
    if (!layer.W || !layer.b) throw Error(layer.name + " (Conv2D): has no weights yet (not bound to a model)");
    if (filter < -1 || filter >= layer.filters)
        throw Error(layer.name + " (Conv2D): no filter " + std::to_string(filter) + " (it has " +
                    std::to_string(layer.filters) + ")");
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
    std::string err = validate(p_);
    if (!err.empty()) throw Error(err);
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
    activation_forward(p_.act, out_.data(), 1, (int)out_.size());
}

ConvStep ConvSteps::step(int t) const {
    if (t < 0 || t >= num_steps())
        throw Error("convolution step " + std::to_string(t) + " does not exist (there are " +
                    std::to_string(num_steps()) + ")");
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

// ---- pooling --------------------------------------------------------------------------------

int PoolProblem::OH() const { return conv_out_size(H, size, 0, 0, S()); }
int PoolProblem::OW() const { return conv_out_size(W, size, 0, 0, S()); }

std::string validate(const PoolProblem& p) {
    std::vector<std::string> e;
    if (p.C < 1) e.push_back("The input needs at least 1 channel (C = " + std::to_string(p.C) + ").");
    if (p.H < 1 || p.W < 1) e.push_back("The input must be at least 1×1 (got " + size2(p.H, p.W) + ").");
    if (p.size < 1)
        e.push_back("The pooling window must be at least 1×1 (got size " + snum(p.size, false) + ").");
    if (p.stride < 0)
        e.push_back("Stride " + snum(p.stride, false) +
                    " is not possible: the stride is how many cells the window moves, so it must be "
                    "at least 1 (0 means 'the window size').");
    if (p.H > kMaxAnimSize || p.W > kMaxAnimSize)
        e.push_back("A " + size2(p.H, p.W) + " input is too large to animate (at most " +
                    size2(kMaxAnimSize, kMaxAnimSize) + " here).");
    if (p.C > kMaxAnimSize)
        e.push_back(std::to_string(p.C) + " channels are too many to animate (at most " +
                    std::to_string(kMaxAnimSize) + ").");
    if (e.empty() && (p.size > p.H || p.size > p.W))
        e.push_back("The " + size2(p.size, p.size) + " pooling window does not fit in the " +
                    size2(p.H, p.W) + " input (pooling adds no padding: " +
                    output_size_formula(p.size > p.H ? p.H : p.W, p.size, 0, 0, p.S()) +
                    "). Use a window of at most " + std::to_string(std::min(p.H, p.W)) + ".");
    if (e.empty() && p.input.size() != (size_t)p.C * p.H * p.W)
        e.push_back("The input holds " + std::to_string(p.input.size()) + " values but (C,H,W) = (" +
                    std::to_string(p.C) + "," + std::to_string(p.H) + "," + std::to_string(p.W) +
                    ") needs " + std::to_string((size_t)p.C * p.H * p.W) + ".");
    return join(e);
}

std::string pool_formula_h(const PoolProblem& p, bool ascii) {
    return output_size_formula(p.H, p.size, 0, 0, p.S(), ascii);
}
std::string pool_formula_w(const PoolProblem& p, bool ascii) {
    return output_size_formula(p.W, p.size, 0, 0, p.S(), ascii);
}

PoolProblem pool_problem_from_layer(const Pool2D& layer, const float* x) {
    PoolProblem p;
    p.C = layer.in.c; p.H = layer.in.h; p.W = layer.in.w;
    p.mode = layer.mode;
    p.size = layer.size;
    p.stride = layer.stride;
    p.input.assign(x, x + (size_t)p.C * p.H * p.W);
    return p;
}

PoolSteps::PoolSteps(PoolProblem p) : p_(std::move(p)) {
    std::string err = validate(p_);
    if (!err.empty()) throw Error(err);
    oh_ = p_.OH();
    ow_ = p_.OW();
}

PoolStep PoolSteps::step(int t) const {
    if (t < 0 || t >= num_steps())
        throw Error("pooling step " + std::to_string(t) + " does not exist (there are " +
                    std::to_string(num_steps()) + ")");
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
    if (p_.mode == Pool2D::Max) {
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
                    p_.mode == Pool2D::Max ? best : sum * (1.f / (float)(Z * Z));
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

// ---- convolution as filtering -----------------------------------------------------------------

const std::vector<ClassicKernel>& classic_kernels() {
    static const std::vector<ClassicKernel> ks = {
        {"identity", "Identity", "Copies the image: the centre weight is 1, the rest 0.",
         {0, 0, 0, 0, 1, 0, 0, 0, 0}},
        {"edge", "Edge detection (Laplacian)",
         "Zero on flat regions, large where a pixel differs from its four neighbours: edges and noise.",
         {0, -1, 0, -1, 4, -1, 0, -1, 0}},
        {"sobel_x", "Sobel x", "Responds to brightness rising from left to right: vertical edges.",
         {-1, 0, 1, -2, 0, 2, -1, 0, 1}},
        {"sobel_y", "Sobel y", "Responds to brightness rising from top to bottom: horizontal edges.",
         {-1, -2, -1, 0, 0, 0, 1, 2, 1}},
        {"box_blur", "Box blur", "Averages each 3×3 neighbourhood: smooths noise and detail.",
         {1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f}},
        {"gaussian_blur", "Gaussian blur",
         "A weighted average, heavier at the centre: removes noise more gently than the box.",
         {1 / 16.f, 2 / 16.f, 1 / 16.f, 2 / 16.f, 4 / 16.f, 2 / 16.f, 1 / 16.f, 2 / 16.f, 1 / 16.f}},
        {"sharpen", "Sharpen", "The image plus its Laplacian: strengthens edges and detail.",
         {0, -1, 0, -1, 5, -1, 0, -1, 0}},
        {"emboss", "Emboss", "Differences along the diagonal: a relief lit from the top left.",
         {-2, -1, 0, -1, 1, 1, 0, 1, 2}},
    };
    return ks;
}

const ClassicKernel& classic_kernel(const std::string& name) {
    static const std::pair<const char*, const char*> aliases[] = {
        {"laplacian", "edge"}, {"edgedetection", "edge"}, {"gaussian", "gaussian_blur"},
        {"blur", "box_blur"},  {"box", "box_blur"},       {"mean", "box_blur"},
    };
    std::string key = squash(name);
    for (const auto& a : aliases)
        if (key == a.first) key = squash(a.second);
    std::string known;
    for (const ClassicKernel& k : classic_kernels()) {
        if (key == squash(k.id) || key == squash(k.label)) return k;
        known += (known.empty() ? "" : ", ") + std::string(k.id);
    }
    throw Error("no classic kernel named '" + name + "' (known: " + known + ")");
}

std::vector<float> filter_image(const float* img, int C, int H, int W, const float* kernel, int K) {
    if (C < 1 || H < 1 || W < 1) throw Error("filter_image: the image must be at least 1×1 with 1 channel");
    if (K < 1) throw Error("filter_image: the kernel must be at least 1×1");
    int pt, pb, pl, pr;
    same_padding(H, K, 1, &pt, &pb);  // 'same', stride 1: K − 1 cells, the extra one after
    same_padding(W, K, 1, &pl, &pr);
    std::vector<float> out((size_t)C * H * W);  // (C, H, W)
    for (int c = 0; c < C; c++)
        for (int h = 0; h < H; h++)
            for (int w = 0; w < W; w++) {
                float s = 0.f;
                for (int kh = 0; kh < K; kh++) {
                    int ih = h - pt + kh;
                    if (ih < 0 || ih >= H) continue;
                    for (int kw = 0; kw < K; kw++) {
                        int iw = w - pl + kw;
                        if (iw >= 0 && iw < W) s += img[((size_t)c * H + ih) * W + iw] * kernel[kh * K + kw];
                    }
                }
                out[((size_t)c * H + h) * W + w] = s;
            }
    return out;
}

std::vector<float> to_grayscale(const float* rgb, int H, int W) {
    const size_t P = (size_t)H * W;
    std::vector<float> g(P);  // (1, H, W)
    for (size_t i = 0; i < P; i++) g[i] = 0.299f * rgb[i] + 0.587f * rgb[P + i] + 0.114f * rgb[2 * P + i];
    return g;
}

std::vector<float> relu(const float* x, size_t n) {
    std::vector<float> y(x, x + n);
    for (float& v : y) v = v > 0.f ? v : 0.f;
    return y;
}

// ---- dense against convolution ----------------------------------------------------------------

ParamComparison dense_vs_conv(int C, int H, int W, int F, int K, int stride, Padding pad) {
    ConvProblem p;
    p.C = C; p.H = H; p.W = W; p.OC = F; p.K = K; p.stride = stride; p.padding = pad;
    std::vector<std::string> e = shape_errors(p, false);
    if (!e.empty()) throw Error(join(e));
    ConvGeometry g = conv_geometry(p);
    ParamComparison r;
    r.C = C; r.H = H; r.W = W; r.F = F; r.K = K; r.OH = g.OH; r.OW = g.OW;
    r.inputs = (int64_t)C * H * W;
    r.outputs = (int64_t)F * g.OH * g.OW;
    r.conv_params = (int64_t)F * ((int64_t)C * K * K + 1);
    r.dense_params = (r.inputs + 1) * r.outputs;
    r.ratio = (double)r.dense_params / (double)r.conv_params;
    char small[32];
    std::snprintf(small, sizeof small, "%.1f", r.ratio);
    std::string ratio = r.ratio >= 10 ? num(std::llround(r.ratio)) : small;
    r.explain = "Conv2D with " + num(F) + " filters " + size2(K, K) + " on a " + std::to_string(C) +
                "×" + size2(H, W) + " input (C×H×W): " + num(F) + " × (" + std::to_string(C) + "·" +
                std::to_string(K) + "·" + std::to_string(K) + " + 1) = " + num(r.conv_params) +
                " parameters, the same kernels at all " + size2(g.OH, g.OW) +
                " positions. A Dense layer making the same " + num(r.outputs) + " outputs from the " +
                num(r.inputs) + " flattened inputs: (" + num(r.inputs) + " + 1) × " + num(r.outputs) +
                " = " + num(r.dense_params) + " parameters, " + ratio + " times as many.";
    return r;
}

ParamComparison dense_vs_conv(const Conv2D& layer) {
    return dense_vs_conv(layer.in.c, layer.in.h, layer.in.w, layer.filters, layer.k, layer.stride,
                         layer.padding);
}

// ---- the architecture rule ------------------------------------------------------------------

const char* const kArchitectureRule = "input → (conv+ → pool?)+ → dense+";

const char* role_name(LayerRole r) {
    switch (r) {
    case LayerRole::Input: return "input";
    case LayerRole::FeatureExtraction: return "feature extraction";
    case LayerRole::DownSampling: return "down-sampling";
    case LayerRole::Flatten: return "flatten";
    case LayerRole::Classification: return "classification";
    case LayerRole::Activation: return "activation (part of the layer before)";
    default: return "not in the rule";
    }
}

ArchitectureCheck check_architecture(const std::vector<std::string>& kinds) {
    auto role_of = [](const std::string& kind) {
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
        std::string k = squash(kind);
        for (const auto& e : table)
            if (k == e.first) return e.second;
        return LayerRole::Unknown;
    };

    ArchitectureCheck r;
    for (const std::string& k : kinds) r.roles.push_back(role_of(k));
    r.block.assign(kinds.size(), 0);

    // States of input → (conv+ → pool?)+ → dense+, with an optional flatten before dense.
    enum { Start, InConv, AfterPool, AfterFlatten, InDense } state = Start;
    int blocks = 0, dense_from = -1;  // dense_from: first flatten/dense layer (1-based)
    auto fail = [&](size_t i, const std::string& why) {
        r.matches = false;
        r.bad_index = (int)i;
        r.why = why;
        return r;
    };
    for (size_t i = 0; i < kinds.size(); i++) {
        const std::string at = "Layer " + std::to_string(i + 1) + " (" + kinds[i] + ")";
        const bool dense_part = state == AfterFlatten || state == InDense;
        switch (r.roles[i]) {
        case LayerRole::Input:
            if (i != 0) return fail(i, at + " is an input layer, which can only come first.");
            break;
        case LayerRole::FeatureExtraction:
            if (dense_part)
                return fail(i, at + " is a convolution after the dense part began at layer " +
                                   std::to_string(dense_from) +
                                   ": the rule finishes all convolution blocks before the dense "
                                   "layers, and once the feature maps are flattened there is no "
                                   "image left for a kernel to slide over.");
            if (state != InConv) blocks++;
            r.block[i] = blocks;
            state = InConv;
            break;
        case LayerRole::DownSampling:
            if (state == Start)
                return fail(i, at + " is a pooling layer before any convolution: every block of "
                                   "the rule starts with one or more convolutions (conv+), and "
                                   "pooling down-samples the feature maps they make.");
            if (state == AfterPool)
                return fail(i, at + " is a second pooling layer in a row: the rule allows at most "
                                   "one pooling after each group of convolutions (pool?).");
            if (dense_part)
                return fail(i, at + " is a pooling layer after the dense part began at layer " +
                                   std::to_string(dense_from) +
                                   ": pooling works on feature maps, which are gone once flattened.");
            r.block[i] = blocks;
            state = AfterPool;
            break;
        case LayerRole::Flatten:
            if (state == Start)
                return fail(i, at + " flattens before any convolution: the rule extracts features "
                                   "with at least one convolution block before the dense layers.");
            if (dense_part)
                return fail(i, at + " is a second flatten: the features are already a vector.");
            dense_from = (int)i + 1;
            state = AfterFlatten;
            break;
        case LayerRole::Classification:
            if (state == Start)
                return fail(i, at + " is a dense layer before any convolution: in " +
                                   std::string(kArchitectureRule) +
                                   " the dense (classification) layers come last, after at least "
                                   "one convolution block has extracted features.");
            if (!dense_part) dense_from = (int)i + 1;
            state = InDense;
            break;
        case LayerRole::Activation:
            if (i == 0 || r.roles[i - 1] == LayerRole::Input)
                return fail(i, at + " is an activation with no layer before it: an activation "
                                   "belongs to the convolution or dense layer it follows.");
            r.block[i] = r.block[i - 1];
            break;
        default:
            return fail(i, at + " is not a kind of layer the rule knows (convolution, pooling, "
                               "flatten, dense, and activations that belong to them).");
        }
    }
    switch (state) {
    case Start:
        return fail(kinds.size(), "There is no convolution: the rule " + std::string(kArchitectureRule) +
                                      " needs at least one convolution block and one dense layer.");
    case InConv:
    case AfterPool:
        return fail(kinds.size(), "The model ends after the convolution blocks without a dense "
                                  "layer: the rule ends with dense+, at least one dense layer that "
                                  "classifies the extracted features.");
    case AfterFlatten:
        return fail(kinds.size(), "The model ends with a flatten: the rule needs at least one dense "
                                  "layer after it (dense+).");
    case InDense:
        break;
    }
    r.matches = true;
    r.bad_index = -1;
    return r;
}

ArchitectureCheck check_architecture(const Model& model) {
    std::vector<std::string> kinds;
    for (const auto& l : model.layers) kinds.push_back(l->kind());
    return check_architecture(kinds);
}

} // namespace cnn
