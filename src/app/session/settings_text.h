// settings_text.h — a refused training setting (cnn::SettingProblem) as a sentence in the
// page's language, through strings_settings_{en,zh}.inc. In English it reads exactly as the
// core's cnn::problem_text_en. Not here: the ranges or the check (core/settings.h).
#pragma once
#include <string>

#include "app/session/i18n.h"
#include "core/settings.h"

namespace app {

std::string setting_name(cnn::Setting f);                  // "learning rate", "学习率", ...
std::string setting_problem_text(const cnn::SettingProblem& p);
// "not applied: learning rate stays 0.001": what the panel says under a refused field.
std::string setting_kept_text(cnn::Setting f, double current);

} // namespace app
