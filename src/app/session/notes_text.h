// notes_text.h — the Data, Model and Train panels' error notes in the page's language, from
// the codes the session keeps (DataState::problem, AppState::model_problem, Snapshot::problem).
// Not here: the codes' own texts (model_text.h) or drawing (the panels).
#pragma once
#include <string>

#include "app/session/app_state.h"

namespace app {

// The last data load's error ("" if it loaded): the file's error or the memory refusal.
std::string data_error_text(const DataState& d);
// The Model panel's note for a model file that could not be used (model_note_kind 3 or 4).
std::string model_file_error_text(const AppState& a);
// The Train panel's text for an engine error ("" if the snapshot has none).
std::string train_error_text(const Snapshot& s);

} // namespace app
