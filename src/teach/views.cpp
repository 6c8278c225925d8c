// views.cpp — dense against convolution and the layer description of views.h.
#include "teach/views.h"

#include <cmath>
#include <cstdio>

#include "core/activation.h"
#include "teach/conv_steps.h"

namespace teach {

ParamComparison dense_vs_conv(int C, int H, int W, int F, int K, int stride, cnn::Padding pad) {
    ConvProblem p;
    p.C = C; p.H = H; p.W = W; p.OC = F; p.K = K; p.stride = stride; p.padding = pad;
    Msgs e = shape_errors(p);
    if (!e.empty()) throw TeachError(e);
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
    const std::string ratio = r.ratio >= 10 ? grouped(std::llround(r.ratio)) : small;
    const std::string inputs = grouped(r.inputs), outputs = grouped(r.outputs);
    r.explain = Msg(MsgId::dense_explain,
                    {grouped(F), K, K, C, H, W, grouped(F), C, K, K, grouped(r.conv_params), g.OH, g.OW,
                     outputs, inputs, inputs, outputs, grouped(r.dense_params), ratio});
    return r;
}

ParamComparison dense_vs_conv(const cnn::Conv2D& layer) {
    return dense_vs_conv(layer.in.c, layer.in.h, layer.in.w, layer.filters, layer.k, layer.stride,
                         layer.padding);
}

Msg describe_conv(const cnn::Conv2D& layer) {
    return Msg(MsgId::conv_describe, {layer.filters, layer.k, layer.k, layer.stride, layer.padding.str(),
                                      std::string(cnn::activation_name(layer.act))});
}

} // namespace teach
