// train_setup.h — cnn-train's command line and set-up as functions: options parsed into
// cnn::TrainSettings (checked by its one validate, refused with its message), then the model,
// optimizer and trainer config a run starts from. The tests call these to train exactly as
// the CLI does. Not here: loading data, the training loop, printing.
#pragma once
#include <string>
#include <vector>

#include "core/error.h"
#include "core/interop/export.h"
#include "core/model_io.h"
#include "core/settings.h"

namespace cli {

// Bad usage (exit code 2): the message without the program's name.
struct UsageError : cnn::Error {
    using cnn::Error::Error;
};

struct Options {
    std::string data, model, load, save, history;
    std::string export_path, export_format_name, outputs;  // --export FILE, --export-format NAME, --outputs FILE
    cnn::ExportFormat export_format = cnn::ExportFormat::Onnx;
    cnn::TrainSettings settings;  // CLI defaults: 5 epochs, all cores; lr from the optimizer
    int train_limit = 0, test_limit = 0;
    bool summary = false, quiet = false, balanced = false, evaluate = false, help = false;
    bool model_given = false, optimizer_given = false, lr_given = false, epochs_given = false;
    // --load and --export without --epochs or --evaluate: convert the file, no data, no training.
    bool convert_only() const { return !load.empty() && !export_path.empty() && !epochs_given && !evaluate; }
    std::vector<std::string> predict;  // --predict FILE...: picture files to classify (needs --load)
};

// argv[0] is the program. Throws UsageError naming the option and, for a training setting,
// the settings' own message ("learning rate must be from 1e-06 to 10, got 100").
Options parse_options(const std::vector<std::string>& args);

// What a run starts from: the model (loaded, or made from the spec and seeded), its history
// (a loaded file's), the optimizer (a loaded file's state unless --optimizer is given) and
// the trainer config. settings holds the values in force (lr from the file or the default).
struct Run {
    cnn::Checkpoint ck;
    cnn::Optimizer opt;
    cnn::TrainSettings settings;
    cnn::TrainConfig cfg;
};
Run prepare_run(const Options& o);  // throws cnn::Error (bad model, unreadable file)

} // namespace cli
