// train_setup.cpp — cnn-train's options and set-up (see train_setup.h). The training
// settings go through cnn::set_setting_text, the same check the page's link uses; the other
// options (data limits, files) are the CLI's own.
#include "tools/train_setup.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "core/interop/load.h"
#include "core/model.h"
#include "core/threadpool.h"

namespace cli {

namespace {

// A whole number in [lo, hi] for the CLI's own options (data limits).
int parse_limit(const std::string& opt, const std::string& v, long lo, long hi) {
    char* end = nullptr;
    errno = 0;
    long x = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end || errno || x < lo || x > hi)
        throw UsageError(opt + " expects a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                         ", got '" + v + "'");
    return (int)x;
}

// The option naming a training setting, or false.
bool setting_option(const std::string& a, cnn::Setting* f) {
    static const std::pair<const char*, cnn::Setting> opts[] = {
        {"--optimizer", cnn::Setting::Optimizer}, {"--lr", cnn::Setting::Lr},     {"--batch-size", cnn::Setting::Batch},
        {"--epochs", cnn::Setting::Epochs},       {"--seed", cnn::Setting::Seed}, {"--threads", cnn::Setting::Threads}};
    for (const auto& o : opts)
        if (a == o.first) {
            *f = o.second;
            return true;
        }
    return false;
}

void set_training(Options& o, const std::string& opt, cnn::Setting f, const std::string& v) {
    cnn::SettingProblem p;
    if (!cnn::set_setting_text(o.settings, f, v, &p)) throw UsageError(opt + ": " + cnn::problem_text_en(p));
    if (f == cnn::Setting::Optimizer) o.optimizer_given = true;
    if (f == cnn::Setting::Lr) o.lr_given = true;
    if (f == cnn::Setting::Epochs) o.epochs_given = true;
}

// Flags and file options; false if `a` is none of them.
bool other_option(Options& o, const std::string& a, const std::string* v) {
    if (a == "--data") o.data = *v;
    else if (a == "--train-limit") o.train_limit = parse_limit(a, *v, 1, 50000);
    else if (a == "--test-limit") o.test_limit = parse_limit(a, *v, 1, 10000);
    else if (a == "--model") o.model = *v, o.model_given = true;
    else if (a == "--load") o.load = *v;
    else if (a == "--save") o.save = *v;
    else if (a == "--history") o.history = *v;
    else if (a == "--outputs") o.outputs = *v;
    else if (a == "--export") o.export_path = *v;
    else if (a == "--export-format") o.export_format_name = *v;
    else return false;
    return true;
}

bool flag_option(Options& o, const std::string& a) {
    if (a == "--help" || a == "-h") o.help = true;
    else if (a == "--balanced") o.balanced = true;
    else if (a == "--evaluate") o.evaluate = true;
    else if (a == "--summary") o.summary = true;
    else if (a == "--quiet") o.quiet = true;
    else return false;
    return true;
}

// --export's format: --export-format's name, else the file's extension.
void check_export(Options& o) {
    if (!o.export_format_name.empty() && !cnn::parse_export_format(o.export_format_name, &o.export_format))
        throw UsageError("--export-format expects onnx, pytorch or keras, got '" + o.export_format_name + "'");
    if (o.export_path.empty()) {
        if (!o.export_format_name.empty()) throw UsageError("--export-format needs --export FILE");
        return;
    }
    if (o.export_format_name.empty() && !cnn::export_format_for(o.export_path, &o.export_format))
        throw UsageError("--export " + o.export_path + ": name the format by the extension (.onnx, or .py for "
                         "PyTorch) or with --export-format onnx|pytorch|keras");
}

// --predict FILE...: the files up to the next option, from args[i + 1]; i ends on the last.
void predict_option(Options& o, const std::vector<std::string>& args, size_t& i) {
    while (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) o.predict.push_back(args[++i]);
    if (o.predict.empty()) throw UsageError("--predict needs at least one PNG or JPEG file");
}

} // namespace

Options parse_options(const std::vector<std::string>& args) {
    Options o;
    o.model = cnn::kTutorialModel;
    o.settings.epochs = 5;
    o.settings.threads = std::min(cnn::ThreadPool::max_threads(), cnn::kMaxThreads);
    for (size_t i = 1; i < args.size(); i++) {
        const std::string& a = args[i];
        if (o.help) break;  // --help wins over whatever follows
        if (flag_option(o, a)) continue;
        if (a == "--predict") {
            predict_option(o, args, i);
            continue;
        }
        if (i + 1 >= args.size()) {
            cnn::Setting f;
            if (setting_option(a, &f) || other_option(o, a, &a)) throw UsageError(a + " needs a value");
            throw UsageError("unknown option '" + a + "'");
        }
        cnn::Setting f;
        if (setting_option(a, &f)) set_training(o, a, f, args[++i]);
        else if (!other_option(o, a, &args[i + 1])) throw UsageError("unknown option '" + a + "'");
        else i++;
    }
    if (!o.lr_given) o.settings.lr = cnn::default_lr(o.settings.optimizer);
    check_export(o);
    if (!o.predict.empty() && o.load.empty() && !o.help) throw UsageError("--predict needs --load MODEL (a trained model file)");
    return o;
}

Run prepare_run(const Options& o) {
    Run r;
    r.settings = o.settings;
    if (!o.load.empty()) {
        r.ck = cnn::load_any_model_file(o.load);
        if (o.model_given && cnn::Model::parse(o.model).spec() != r.ck.model.spec())
            throw UsageError("--model does not match the architecture stored in " + o.load + " (" + r.ck.model.spec() + ")");
    } else {
        r.ck.model = cnn::Model::parse(o.model);
        r.ck.model.init(cnn::weights_seed(r.settings));
    }
    if (r.ck.has_optimizer && !o.optimizer_given) {
        r.opt = r.ck.optimizer;  // go on with the file's optimizer state
        r.settings = cnn::settings_from_file(r.settings, r.ck);
        if (o.lr_given) r.settings.lr = o.settings.lr;
        r.opt.lr = r.settings.lr;
        for (const cnn::SettingProblem& p : cnn::validate(r.settings))
            throw cnn::Error(o.load + ": " + cnn::problem_text_en(p));
    } else {
        r.opt = cnn::make_optimizer(r.settings);
    }
    // --epochs more epochs; the shuffle continues as the page's would after the file's epochs.
    r.cfg = cnn::train_config(r.settings, 0);
    r.cfg.seed = cnn::shuffle_seed(r.settings, (int)r.ck.history.epochs.size());
    if (o.evaluate) r.cfg.epochs = 0;
    return r;
}

} // namespace cli
