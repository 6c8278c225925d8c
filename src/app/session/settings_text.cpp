// settings_text.cpp — SettingProblem -> the page's language (see settings_text.h).
#include "app/session/settings_text.h"

namespace app {


std::string setting_name(cnn::Setting f) {
    static const Str names[cnn::kSettingCount] = {S_set_name_optimizer, S_set_name_lr,   S_set_name_batch,
                                                  S_set_name_epochs,    S_set_name_seed, S_set_name_threads};
    return tr(names[(int)f]);
}

std::string setting_problem_text(const cnn::SettingProblem& p) {
    std::string name = setting_name(p.field);
    switch (p.error) {
    case cnn::SettingError::OutOfRange:
        return fmt_tr(S_set_out_of_range, name.c_str(), cnn::format_setting(p.field, p.min).c_str(),
                      cnn::format_setting(p.field, p.max).c_str(), cnn::format_setting(p.field, p.value).c_str());
    case cnn::SettingError::NotWhole:
        return fmt_tr(S_set_not_whole, name.c_str(), cnn::format_setting(p.field, p.value).c_str());
    case cnn::SettingError::NotANumber: return fmt_tr(S_set_not_number, name.c_str(), p.text.c_str());
    case cnn::SettingError::UnknownName: return fmt_tr(S_set_unknown_name, name.c_str(), p.text.c_str());
    }
    return name;
}

std::string setting_kept_text(cnn::Setting f, double current) {
    std::string v = f == cnn::Setting::Optimizer ? cnn::Optimizer::kind_name((cnn::Optimizer::Kind)(int)current)
                                                 : cnn::format_setting(f, current);
    return fmt_tr(S_set_kept, setting_name(f).c_str(), v.c_str());
}

} // namespace app
