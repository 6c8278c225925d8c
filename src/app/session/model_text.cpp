// model_text.cpp — each model error code's text and the order its arguments fill the %s of
// that text (see strings_model_en.inc), and the layer kinds' texts.
// Not here: the English what() (the core writes it) or any drawing.
#include "app/session/model_text.h"

#include <cstdio>

#include "app/session/i18n.h"

namespace app {

namespace {

using cnn::Errc;

// A code's text and its arguments in order: "w1" is word 1, "n0" number 0, "M0" number 0 in
// MB, "t1" word 1 said through the table of what must be positive.
struct Form {
    Errc code;
    Str key;
    const char* args;
};

const Form kForms[] = {
    {Errc::SpecEmpty, S_me_spec_empty, ""},
    {Errc::BadCharacter, S_me_bad_character, "w0 n0"},
    {Errc::NoClosingParen, S_me_no_closing_paren, "w0"},
    {Errc::NotWholeNumber, S_me_not_whole_number, "w1 w2"},
    {Errc::UnknownActivation, S_me_unknown_activation, "w1"},
    {Errc::MissingArgument, S_me_missing_argument, "w1"},
    {Errc::UnexpectedArg, S_me_unexpected_arg, "w1"},
    {Errc::UnknownOption, S_me_unknown_option, "w1"},
    {Errc::PoolActivation, S_me_pool_activation, ""},
    {Errc::UnknownLayer, S_me_unknown_layer, "w0"},
    {Errc::TakesNoArguments, S_me_takes_no_arguments, "w0"},
    {Errc::InputSyntax, S_me_input_syntax, ""},
    {Errc::InputNotPositive, S_me_input_not_positive, "n0 n1 n2"},
    {Errc::InputTooLarge, S_me_input_too_large, "n0 n1 n2"},
    {Errc::InputNotFirst, S_me_input_not_first, ""},
    {Errc::NotPositive, S_me_not_positive, "t1 n0"},
    {Errc::PadNegative, S_me_pad_negative, "n0"},
    {Errc::SoftmaxNeedsFlat, S_me_softmax_needs_flat, ""},
    {Errc::NeedsImage, S_me_needs_image, "n0"},
    {Errc::KernelTooLarge, S_me_kernel_too_large, "n0 n0 n1 n2 w1"},
    {Errc::PoolTooLarge, S_me_pool_too_large, "n0 n0 n1 n2"},
    {Errc::OutputNotPositive, S_me_output_not_positive, "n0 n1"},
    {Errc::NeedsFlat, S_me_needs_flat, "n0 n1 n2"},
    {Errc::OutputTooLarge, S_me_output_too_large, "n0"},
    {Errc::ColumnsTooLarge, S_me_columns_too_large, "n0 n0 n1 n2 n3"},
    {Errc::TooManyParams, S_me_too_many_params, "n0"},
    {Errc::SoftmaxNotLast, S_me_softmax_not_last, ""},
    {Errc::NoLayers, S_me_no_layers, ""},
    {Errc::EndsNotFlat, S_me_ends_not_flat, "w1"},
    {Errc::TooFewOutputs, S_me_too_few_outputs, "n0"},
    {Errc::NotClassifier, S_me_not_classifier, "n1 w0"},
    {Errc::InputNotImage, S_me_input_not_image, "n0 n1 n2 n3 n4 n5"},
    {Errc::MemoryOverLimit, S_me_memory, "M0 M1 n5 M2 M3 M4"},
};

// NotPositive's word 1, as the core writes it, said in the page's language.
const char* what_text(const std::string& what) {
    static const struct { const char* core; Str key; } kWhat[] = {
        {"filters", S_me_what_filters}, {"kernel size", S_me_what_kernel}, {"stride", S_me_what_stride},
        {"units", S_me_what_units},     {"pool size", S_me_what_pool},
    };
    for (const auto& w : kWhat)
        if (what == w.core) return tr(w.key);
    return what.c_str();
}

// One argument ("w1", "n0", "M2", "t1") of e as text; "?" where the core gave fewer.
std::string arg_text(const cnn::ErrorInfo& e, char kind, size_t i) {
    if (kind == 'w' || kind == 't') return i < e.w.size() ? (kind == 't' ? what_text(e.w[i]) : e.w[i]) : "?";
    if (i >= e.n.size()) return "?";
    if (kind == 'n') return std::to_string(e.n[i]);
    char mb[32];
    std::snprintf(mb, sizeof mb, "%.1f", (double)e.n[i] / (1024.0 * 1024.0));
    return mb;
}

// text with each "%s" replaced by the next of args ("%%" is a '%').
std::string fill(const char* text, const char* args, const cnn::ErrorInfo& e) {
    std::string out;
    const char* a = args;
    for (const char* p = text; *p; p++) {
        if (p[0] != '%' || !p[1]) { out += *p; continue; }
        p++;
        if (*p != 's') { out += *p; continue; }
        while (*a == ' ') a++;
        if (*a) {
            out += arg_text(e, a[0], (size_t)(a[1] - '0'));
            a += 2;
        }
    }
    return out;
}

} // namespace

std::string model_error_text(const cnn::ErrorInfo& e) {
    for (const Form& f : kForms)
        if (f.code == e.code) return fill(tr(f.key), f.args, e);
    return e.what;
}

const char* layer_kind_text(const std::string& k) {
    if (k == "Conv2D") return tr(S_kind_conv);
    if (k == "MaxPooling2D") return tr(S_kind_maxpool);
    if (k == "AveragePooling2D") return tr(S_kind_avgpool);
    if (k == "Dense") return tr(S_kind_dense);
    if (k == "Flatten") return tr(S_kind_flatten);
    return tr(S_kind_activation);
}

} // namespace app
