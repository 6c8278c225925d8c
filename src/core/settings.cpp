// settings.cpp — ranges, the check, parsing and the seed/optimizer rules of TrainSettings
// (see settings.h). Nothing here prints; the English text is built only on request.
#include "core/settings.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace cnn {

namespace {

constexpr Setting kAll[kSettingCount] = {Setting::Optimizer, Setting::Lr,   Setting::Batch,
                                         Setting::Epochs,    Setting::Seed, Setting::Threads};

// Every field is stored as an int except lr, a float: a number is compared as it will be
// stored, so lr = 1e-6 (a float just below the double 1e-6) is accepted.
double as_stored(Setting f, double v) { return f == Setting::Lr ? (double)(float)v : v; }

SettingProblem make_problem(Setting f, SettingError e, const SettingRange& r, double v, std::string text = "") {
    SettingProblem p;
    p.field = f;
    p.error = e;
    p.min = r.min;
    p.max = r.max;
    p.value = v;
    p.text = std::move(text);
    return p;
}

// The check of one number against the field's range; true when accepted.
bool check_number(Setting f, double v, SettingProblem* problem, int max_threads) {
    SettingRange r = setting_range(f, max_threads);
    if (!std::isfinite(v)) {
        *problem = make_problem(f, SettingError::NotANumber, r, 0, format_setting(Setting::Lr, v));
        return false;
    }
    if (r.whole && v != std::floor(v)) {
        *problem = make_problem(f, SettingError::NotWhole, r, v);
        return false;
    }
    double s = as_stored(f, v);
    if (s < as_stored(f, r.min) || s > as_stored(f, r.max)) {
        *problem = make_problem(f, SettingError::OutOfRange, r, v);
        return false;
    }
    return true;
}

// Whole-string decimal number; no hex, inf or nan (strtod would take them).
bool read_number(const std::string& t, double* out) {
    if (t.empty() || t.size() > 32 || std::isspace((unsigned char)t[0]) || t.find_first_of("xXnNiI") != std::string::npos)
        return false;
    char* end = nullptr;
    double x = std::strtod(t.c_str(), &end);  // too big: infinity, refused as no number
    if (*end) return false;
    *out = x;
    return true;
}

const char* field_name_en(Setting f) {
    switch (f) {
    case Setting::Optimizer: return "optimizer";
    case Setting::Lr: return "learning rate";
    case Setting::Batch: return "batch size";
    case Setting::Epochs: return "epochs";
    case Setting::Seed: return "seed";
    case Setting::Threads: return "threads";
    }
    return "?";
}

} // namespace

SettingRange setting_range(Setting f, int max_threads) {
    switch (f) {
    case Setting::Optimizer: return {0, 1, true};  // the Kind's values
    case Setting::Lr: return {1e-6, 10, false};
    case Setting::Batch: return {1, 1024, true};
    case Setting::Epochs: return {1, 1000, true};
    case Setting::Seed: return {0, 2147483647.0, true};
    case Setting::Threads: return {1, (double)std::max(1, std::min(max_threads, kMaxThreads)), true};
    }
    return {0, 0, true};
}

const char* setting_key(Setting f) {
    static const char* const keys[kSettingCount] = {"optimizer", "lr", "batch", "epochs", "seed", "threads"};
    return keys[(int)f];
}

double get_setting(const TrainSettings& s, Setting f) {
    switch (f) {
    case Setting::Optimizer: return (double)s.optimizer;
    case Setting::Lr: return s.lr;
    case Setting::Batch: return s.batch;
    case Setting::Epochs: return s.epochs;
    case Setting::Seed: return s.seed;
    case Setting::Threads: return s.threads;
    }
    return 0;
}

std::vector<SettingProblem> validate(const TrainSettings& s, int max_threads) {
    std::vector<SettingProblem> out;
    for (Setting f : kAll) {
        SettingProblem p;
        if (!check_number(f, get_setting(s, f), &p, max_threads)) out.push_back(p);
    }
    return out;
}

bool set_setting(TrainSettings& s, Setting f, double v, SettingProblem* problem, int max_threads) {
    if (!check_number(f, v, problem, max_threads)) return false;
    switch (f) {
    case Setting::Optimizer: s.optimizer = (Optimizer::Kind)(int)v; break;
    case Setting::Lr: s.lr = (float)v; break;
    case Setting::Batch: s.batch = (int)v; break;
    case Setting::Epochs: s.epochs = (int)v; break;
    case Setting::Seed: s.seed = (int)v; break;
    case Setting::Threads: s.threads = (int)v; break;
    }
    return true;
}

bool set_setting_text(TrainSettings& s, Setting f, const std::string& text, SettingProblem* problem, int max_threads) {
    SettingRange r = setting_range(f, max_threads);
    if (f == Setting::Optimizer) {
        if (Optimizer::kind_from_name(text, &s.optimizer)) return true;
        *problem = make_problem(f, SettingError::UnknownName, r, 0, text);
        return false;
    }
    double v = 0;
    if (!read_number(text, &v)) {
        *problem = make_problem(f, SettingError::NotANumber, r, 0, text);
        return false;
    }
    if (set_setting(s, f, v, problem, max_threads)) return true;
    if (problem->error == SettingError::NotANumber) problem->text = text;
    return false;
}

std::string format_setting(Setting f, double v) {
    char b[40];
    if (!std::isfinite(v)) return std::isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity");
    if (f == Setting::Lr) {
        // The fewest digits that read back to the same float (a link round-trips exactly).
        for (int digits = 6; digits <= 9; digits++) {
            snprintf(b, sizeof b, "%.*g", digits, v);
            if ((float)std::strtod(b, nullptr) == (float)v) break;
        }
        return b;
    }
    if (v == std::floor(v) && std::fabs(v) < 1e15) snprintf(b, sizeof b, "%.0f", v);
    else snprintf(b, sizeof b, "%.9g", v);
    return b;
}

std::string problem_text_en(const SettingProblem& p) {
    std::string name = field_name_en(p.field);
    switch (p.error) {
    case SettingError::OutOfRange:
        return name + " must be from " + format_setting(p.field, p.min) + " to " + format_setting(p.field, p.max) +
               ", got " + format_setting(p.field, p.value);
    case SettingError::NotWhole:
        return name + " must be a whole number, got " + format_setting(p.field, p.value);
    case SettingError::NotANumber:
        return name + " must be a number, got '" + p.text + "'";
    case SettingError::UnknownName:
        return name + " must be adam or sgd, got '" + p.text + "'";
    }
    return name;
}

float default_lr(Optimizer::Kind k) { return (k == Optimizer::Adam ? Optimizer::adam() : Optimizer::sgd()).lr; }

TrainSettings settings_from_file(const TrainSettings& s, const Checkpoint& ck) {
    TrainSettings out = s;
    if (ck.has_optimizer) {
        out.optimizer = ck.optimizer.kind;
        out.lr = ck.optimizer.lr;
    }
    return out;
}

Optimizer make_optimizer(const TrainSettings& s) {
    return s.optimizer == Optimizer::Adam ? Optimizer::adam(s.lr) : Optimizer::sgd(s.lr);
}

void update_optimizer(Optimizer& opt, const TrainSettings& s) {
    if (opt.kind != s.optimizer) opt = make_optimizer(s);
    opt.lr = s.lr;
}

uint64_t weights_seed(const TrainSettings& s) { return (uint64_t)s.seed; }

// Another stream than the weights' (the same seed must not draw the same numbers twice),
// moved on by a prime per epoch already trained.
uint64_t shuffle_seed(const TrainSettings& s, int epochs_done) {
    return ((uint64_t)s.seed ^ 0x5DEECE66Dull) + (uint64_t)epochs_done * 7919u;
}

TrainConfig train_config(const TrainSettings& s, int epochs_done) {
    TrainConfig c;
    c.batch_size = s.batch;
    c.epochs = epochs_done < s.epochs ? s.epochs - epochs_done : s.epochs;
    c.seed = shuffle_seed(s, epochs_done);
    return c;
}

} // namespace cnn
