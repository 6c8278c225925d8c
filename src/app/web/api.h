// api.h — the C side of the page's JavaScript: hooks the app calls into the page (download,
// browser storage, file picker). The exported pg_* functions (api.cpp) are the other way round:
// web/playground.js wraps them as window.playground.
#pragma once
#include <cstdint>
#include <string>

#include "app/session/app_state.h"

namespace app {

// The session's host in the page: downloads, IndexedDB for the last model, the heap's size.
Host web_host();

void js_download(const char* filename, const uint8_t* bytes, int len);
void js_store_model(const uint8_t* bytes, int len, int64_t steps);  // IndexedDB: restored on the next load
void js_open_file_picker(int kind);                  // 0 data files (.bin/.tar.gz), 1 model file
void js_picture_tool(int which);                     // 0 picture file picker, 1 drawing canvas, 2 camera
// The clipboard (pgHost.copyText): the Keras tab's Copy; a refusal comes back as
// pg_text_copy_result(0) (api_concepts.cpp).
void js_copy_text(const std::string& text);
// Language: the one stored by an earlier choice (localStorage "cnn-playground-lang"), else
// the browser's (navigator.language). apply_lang: set_lang + the page's texts outside the
// canvas (title, drop overlay); choose_lang: apply_lang + remember the choice.
std::string js_initial_lang();
void apply_lang(int lang);                           // app::Lang
void choose_lang(int lang);

} // namespace app
