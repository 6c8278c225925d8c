// output.cpp — the output-size formula of output.h. The symbols (· −) live in the string
// tables' templates; only the padding term and signed numbers are written here.
#include "teach/output.h"

namespace teach {

int floor_div(int a, int b) {
    int q = a / b;
    if (a % b != 0 && ((a < 0) != (b < 0))) q--;
    return q;
}

Msg output_size_formula(int i, int k, int pad_before, int pad_after, int s, bool ascii) {
    std::string pads;
    if (pad_before == pad_after) {
        std::string p = signed_num(pad_before, ascii);
        pads = std::string(ascii ? "2*" : "2·") + (pad_before < 0 ? "(" + p + ")" : p);
    } else {
        pads = signed_num(pad_before, ascii) + " + " + signed_num(pad_after, ascii);
    }
    const std::string stride = signed_num(s, ascii);
    if (s <= 0)
        return Msg(ascii ? MsgId::formula_undef_ascii : MsgId::formula_undef, {i, pads, k, stride, stride});
    const int o = floor_div(i + pad_before + pad_after - k, s) + 1;
    return Msg(ascii ? MsgId::formula_ascii : MsgId::formula, {i, pads, k, stride, signed_num(o, ascii)});
}

} // namespace teach
