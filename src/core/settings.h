// settings.h — the training settings every way in shares (CLI, the page's Train panel, its
// link, its JS API): one TrainSettings type, one range per field, one check that returns
// problems as codes with numbers, and the rules that turn the settings into an optimizer,
// initial weights and a shuffle. Not here: any user-facing sentence beyond the plain English
// one the CLI and the JS API print (the page renders problems through its string tables).
//
// Ranges (whole numbers except lr):
//   optimizer  adam | sgd          lr      1e-6 .. 10 (10 is allowed: it shows a divergence)
//   batch      1 .. 1024           epochs  1 .. 1000 (the CLI's evaluate-only run is --evaluate)
//   seed       0 .. 2147483647     threads 1 .. 256 (a caller may pass a lower cap: the page's 4)
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/model_io.h"
#include "core/optim.h"
#include "core/train.h"

namespace cnn {

enum class Setting { Optimizer, Lr, Batch, Epochs, Seed, Threads };
constexpr int kSettingCount = 6;

enum class SettingError {
    OutOfRange,   // value outside [min, max]
    NotWhole,     // a fraction where a whole number belongs
    NotANumber,   // text that is no number, or NaN / infinity
    UnknownName,  // an optimizer name other than adam, sgd
};

struct SettingRange {
    double min, max;
    bool whole;  // whole numbers only
};

constexpr int kMaxThreads = 256;
SettingRange setting_range(Setting f, int max_threads = kMaxThreads);
const char* setting_key(Setting f);  // "optimizer", "lr", "batch", "epochs", "seed", "threads"

// What was refused and why: codes and numbers, rendered by the caller.
struct SettingProblem {
    Setting field = Setting::Lr;
    SettingError error = SettingError::OutOfRange;
    double min = 0, max = 0;  // the field's range (OutOfRange, NotWhole)
    double value = 0;         // the refused number (OutOfRange, NotWhole)
    std::string text;         // the refused text (NotANumber, UnknownName)
};

struct TrainSettings {
    Optimizer::Kind optimizer = Optimizer::Adam;  // SGD has momentum 0.9
    float lr = 0.001f;
    int batch = 32;
    int epochs = 10;
    int seed = 1;      // weights and shuffling (weights_seed, shuffle_seed)
    int threads = 1;   // workers of the core's ThreadPool, the calling thread included
    bool operator==(const TrainSettings& o) const {
        return optimizer == o.optimizer && lr == o.lr && batch == o.batch && epochs == o.epochs &&
               seed == o.seed && threads == o.threads;
    }
    bool operator!=(const TrainSettings& o) const { return !(*this == o); }
};

// Every field checked against its range; empty when all are accepted.
std::vector<SettingProblem> validate(const TrainSettings& s, int max_threads = kMaxThreads);

// Sets one numeric field (not Optimizer) if v is accepted; else leaves s as it was and
// returns false with *problem filled. The JS API and the panel come in here.
bool set_setting(TrainSettings& s, Setting f, double v, SettingProblem* problem, int max_threads = kMaxThreads);
// The same from text (a command-line argument, a link's value): a whole string, decimal,
// no hex, no inf/nan. For Optimizer the text is the name.
bool set_setting_text(TrainSettings& s, Setting f, const std::string& text, SettingProblem* problem,
                      int max_threads = kMaxThreads);

// The field's value as a number, and a number written the way the link and messages write it
// (whole fields as integers; lr with the fewest digits that read back to the same float).
double get_setting(const TrainSettings& s, Setting f);
std::string format_setting(Setting f, double v);

// The one English rendering, e.g. "learning rate must be from 1e-06 to 10, got 100".
std::string problem_text_en(const SettingProblem& p);

// The rules shared by the CLI and the page.
// s with a loaded file's optimizer kind and lr, if the file has an optimizer (check the
// result: the file may hold a value out of range).
TrainSettings settings_from_file(const TrainSettings& s, const Checkpoint& ck);
float default_lr(Optimizer::Kind k);                          // adam 0.001, sgd 0.01
Optimizer make_optimizer(const TrainSettings& s);             // fresh state
void update_optimizer(Optimizer& opt, const TrainSettings& s); // new kind: fresh state; else only lr
uint64_t weights_seed(const TrainSettings& s);                 // Model::init's seed
// The shuffle's seed for a Trainer that starts after `epochs_done` epochs (a continued run
// or a loaded model gets another order than the first run).
uint64_t shuffle_seed(const TrainSettings& s, int epochs_done);
// A Trainer's config: batch, the epochs left to reach s.epochs (another s.epochs once
// reached), shuffle seed.
TrainConfig train_config(const TrainSettings& s, int epochs_done);

} // namespace cnn
