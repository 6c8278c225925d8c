// model_text.cpp — each coded error's text (model errors: strings_model_en.inc; data and
// model files: strings_files_en.inc) and the order its arguments fill the %s of that text,
// and the layer kinds' texts.
// Not here: the English what() (the core writes it) or any drawing.
#include "app/session/model_text.h"

#include <cerrno>
#include <cstdio>

#include "app/session/i18n.h"

namespace app {

namespace {

using cnn::Errc;

// A code's text and its arguments in order: "w1" is word 1, "n0" number 0, "M0" number 0 in
// MB, "t1" word 1 said through the table of what must be positive, "p1" word 1 a part of a
// model file, "e0" number 0 a system error number, "k0" number 0 the kind of file expected,
// "W0" number 0 what failed when writing, "c0" the error inside (ErrorInfo::cause).
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
    {Errc::DataEmpty, S_fe_data_empty, "w0"},
    {Errc::DataBadSize, S_fe_data_bad_size, "w0 n0 n1"},
    {Errc::DataTooManyRecords, S_fe_data_too_many, "w0 n0"},
    {Errc::DataBadLabel, S_fe_data_bad_label, "w0 n0 n1 n2"},
    {Errc::DataDirNotFound, S_fe_dir_not_found, "w0"},
    {Errc::DataDirUnreadable, S_fe_dir_unreadable, "w0 e0"},
    {Errc::DataDirNotDir, S_fe_dir_not_dir, "w0"},
    {Errc::DataNoTrainFiles, S_fe_no_train_files, "w0"},
    {Errc::DataNoDir, S_fe_no_dir, ""},
    {Errc::FileNotFound, S_fe_not_found, "w0"},
    {Errc::FileUnreadable, S_fe_unreadable, "w0 e0"},
    {Errc::FileIsDirectory, S_fe_is_dir, "w0 k0"},
    {Errc::FileNotRegular, S_fe_not_regular, "w0 k0"},
    {Errc::FileTooLarge, S_fe_too_large, "w0 n0"},
    {Errc::FileShortRead, S_fe_short_read, "w0 n0 n1"},
    {Errc::SubsetNegative, S_fe_subset_negative, "n0"},
    {Errc::SubsetClassShort, S_fe_subset_class_short, "n0 n1 n2 n3"},
    {Errc::BatchNegative, S_fe_batch_negative, "n0"},
    {Errc::BatchIndex, S_fe_batch_index, "n0 n1"},
    {Errc::ModelBadMagic, S_fe_model_magic, "w0"},
    {Errc::ModelTooShort, S_fe_model_too_short, "w0 n0 n1"},
    {Errc::ModelFormat, S_fe_model_format, "w0 w1 w2 n0"},
    {Errc::ModelVersion, S_fe_model_version, "w0 n0 n1"},
    {Errc::ModelTruncated, S_fe_model_truncated, "w0 p1"},
    {Errc::ModelSizeMismatch, S_fe_model_size, "w0 n0 n1"},
    {Errc::ModelTrailing, S_fe_model_trailing, "w0 n0"},
    {Errc::ModelChecksum, S_fe_model_checksum, "w0"},
    {Errc::ModelArchitecture, S_fe_model_architecture, "w0 c0"},
    {Errc::ModelOptimizer, S_fe_model_optimizer, "w0 w1"},
    {Errc::ModelWeights, S_fe_model_weights, "w0 n0 n1"},
    {Errc::ModelOptimizerState, S_fe_model_optimizer_state, "w0"},
    {Errc::ModelAfterHistory, S_fe_model_after_history, "w0"},
    {Errc::ModelEmpty, S_fe_model_empty, "w0"},
    {Errc::ModelCannotOpen, S_fe_model_cannot_open, "w0"},
    {Errc::ModelCannotWrite, S_fe_model_cannot_write, "w0 W0"},
    {Errc::OutOfMemory, S_fe_out_of_memory, "w0"},
    {Errc::ImportMalformed, S_fe_import_malformed, "w0 w1 n0"},
    {Errc::ImportUnsupported, S_fe_import_unsupported, "w0 w1 w2"},
    {Errc::ImportAttribute, S_fe_import_attribute, "w0 w1 w2 w3 w4"},
    {Errc::ImportMissing, S_fe_import_missing, "w0 w1 w2"},
    {Errc::ImportWeightSize, S_fe_import_weight_size, "w0 w1 w2 n0 n1"},
    {Errc::ImportNotChain, S_fe_import_not_chain, "w0 w1"},
    {Errc::ImportInput, S_fe_import_input, "w0 w1"},
    {Errc::ImportModel, S_fe_import_model, "w0 c0"},
    {Errc::ImageUndecodable, S_fe_image_undecodable, "w0 w1"},
    {Errc::ImageTooLarge, S_fe_image_too_large, "w0 n0 n1 n2"},
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

// A part of a model file, as the core names it ("optimizer state"), in the page's language.
const char* part_text(const std::string& part) {
    static const struct { const char* core; Str key; } kPart[] = {
        {"header", S_fe_part_header},        {"architecture", S_fe_part_architecture},
        {"weights", S_fe_part_weights},      {"optimizer", S_fe_part_optimizer},
        {"optimizer state", S_fe_part_optimizer_state}, {"history", S_fe_part_history},
    };
    for (const auto& p : kPart)
        if (part == p.core) return tr(p.key);
    return "?";
}

// A system error number as a reason in the page's language; the rarer ones by their number.
std::string errno_text(long long e) {
    if (e == EACCES || e == EPERM) return tr(S_fe_errno_denied);
    if (e == ENOENT) return tr(S_fe_errno_missing);
    if (e == EIO) return tr(S_fe_errno_io);
    if (e == 0) return tr(S_fe_errno_unknown);
    char t[96];
    std::snprintf(t, sizeof t, tr(S_fe_errno_other), (int)e);
    return t;
}

// A number that picks one of a few texts ("k0": the kind of file expected, "W0": what failed).
std::string choice_text(char kind, long long v) {
    static const Str kFile[] = {S_fe_kind_cifar, S_fe_kind_model, S_fe_kind_image};
    static const Str kWrite[] = {S_fe_write_open, S_fe_write_failed, S_fe_write_replace};
    if (kind == 'k' && v >= 0 && v < 3) return tr(kFile[v]);
    if (kind == 'W' && v >= 0 && v < 3) return tr(kWrite[v]);
    return "?";
}

// One argument ("w1", "n0", "M2", "t1", ...) of e as text; "?" where the core gave fewer.
std::string arg_text(const cnn::ErrorInfo& e, char kind, size_t i) {
    if (kind == 'c') return e.cause ? model_error_text(*e.cause) : "?";
    if (kind == 'w' || kind == 't' || kind == 'p') {
        if (i >= e.w.size()) return "?";
        return kind == 't' ? what_text(e.w[i]) : kind == 'p' ? part_text(e.w[i]) : e.w[i];
    }
    if (i >= e.n.size()) return "?";
    if (kind == 'n') return std::to_string(e.n[i]);
    if (kind == 'e') return errno_text(e.n[i]);
    if (kind == 'k' || kind == 'W') return choice_text(kind, e.n[i]);
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
