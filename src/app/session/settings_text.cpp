// settings_text.cpp — SettingProblem -> the page's language (see settings_text.h).
#include "app/session/settings_text.h"

#include <cstdio>

namespace app {

namespace {

std::string format(Str k, const std::string& a, const std::string& b = "", const std::string& c = "",
                   const std::string& d = "") {
    char buf[512];
    snprintf(buf, sizeof buf, tr(k), a.c_str(), b.c_str(), c.c_str(), d.c_str());
    return buf;
}

} // namespace

std::string setting_name(cnn::Setting f) {
    static const Str names[cnn::kSettingCount] = {S_set_name_optimizer, S_set_name_lr,   S_set_name_batch,
                                                  S_set_name_epochs,    S_set_name_seed, S_set_name_threads};
    return tr(names[(int)f]);
}

std::string setting_problem_text(const cnn::SettingProblem& p) {
    std::string name = setting_name(p.field);
    switch (p.error) {
    case cnn::SettingError::OutOfRange:
        return format(S_set_out_of_range, name, cnn::format_setting(p.field, p.min),
                      cnn::format_setting(p.field, p.max), cnn::format_setting(p.field, p.value));
    case cnn::SettingError::NotWhole: return format(S_set_not_whole, name, cnn::format_setting(p.field, p.value));
    case cnn::SettingError::NotANumber: return format(S_set_not_number, name, p.text);
    case cnn::SettingError::UnknownName: return format(S_set_unknown_name, name, p.text);
    }
    return name;
}

std::string setting_kept_text(cnn::Setting f, double current) {
    std::string v = f == cnn::Setting::Optimizer ? cnn::Optimizer::kind_name((cnn::Optimizer::Kind)(int)current)
                                                 : cnn::format_setting(f, current);
    return format(S_set_kept, setting_name(f), v);
}

} // namespace app
