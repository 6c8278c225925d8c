// notes_text.cpp — which table text frames a kept error, and with what. An error without a
// code (out of memory, a library's exception) has only the English it came with, and its
// texts (S_data_error, S_model_load_error, S_train_message) say so in Chinese.
// Not here: the codes' texts (model_text.cpp).
#include "app/session/notes_text.h"

#include "app/session/i18n.h"
#include "app/session/model_text.h"
#include "app/session/settings_text.h"

namespace app {

namespace {

bool coded(const cnn::ErrorInfo& e) { return e.code != cnn::Errc::None && e.code != cnn::Errc::Other; }

// A model-spec, classifier or memory error: about the stack, not a file or the data.
bool about_the_model(cnn::Errc c) { return c >= cnn::Errc::SpecEmpty && c <= cnn::Errc::MemoryOverLimit; }

} // namespace

std::string data_error_text(const DataState& d) {
    if (d.error.empty()) return "";
    if (!d.fetch_failed_file.empty())
        return d.fetch_status > 0 ? fmt_tr(S_bundled_http, d.fetch_failed_file.c_str(), std::to_string(d.fetch_status).c_str())
                                  : fmt_tr(S_bundled_no_answer, d.fetch_failed_file.c_str());
    if (!coded(d.problem)) return fmt_tr(S_data_error, d.error.c_str());
    const std::string why = model_error_text(d.problem);
    return d.problem_file.empty() ? fmt_tr(S_data_error_kept, why.c_str())
                                 : fmt_tr(S_data_refused, d.problem_file.c_str(), why.c_str());
}

std::string model_file_error_text(const AppState& a) {
    if (a.model_note_kind == 4) return fmt_tr(S_model_file_refused, a.model_note_file.c_str(), setting_problem_text(a.model_refused).c_str());
    if (a.model_note_kind != 3) return "";
    if (!coded(a.model_problem)) return fmt_tr(S_model_load_error, a.model_note.c_str());
    const std::string why = model_error_text(a.model_problem);
    // The file errors name the file themselves; the stored spec's errors do not.
    return about_the_model(a.model_problem.code) ? fmt_tr(S_model_file_refused, a.model_note_file.c_str(), why.c_str()) : why;
}

std::string train_error_text(const Snapshot& s) {
    if (s.message.empty()) return "";
    if (!coded(s.problem)) return fmt_tr(S_train_message, s.message.c_str());
    return fmt_tr(about_the_model(s.problem.code) ? S_model_cant_train : S_train_error, model_error_text(s.problem).c_str());
}

} // namespace app
