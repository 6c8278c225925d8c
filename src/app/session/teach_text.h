// teach_text.h — the teaching library's messages (src/teach/message.h) rendered through the
// string tables: message id X has the text S_t_X in strings_lab_{en,zh}.inc, its arguments fill
// the text's printf conversions in order. The lab renders in the page's language, the JS API
// in English. Not here: the messages' logic (src/teach), drawing (src/app/lab).
#pragma once
#include <string>

#include "app/session/i18n.h"
#include "teach/message.h"
#include "teach/rules.h"

namespace app {

Str teach_key(teach::MsgId id);           // S_t_<name>; S_COUNT for MsgId::count
Str role_key(teach::LayerRole r);         // S_role_*: "feature extraction", 特征提取, ...

// The text of m in language l; several messages are joined by a space (none in Chinese).
std::string render(const teach::Msg& m, Lang l);
std::string render(const teach::Msgs& ms, Lang l);

// Why m's arguments do not fit its text in l (a conversion with no argument or one of another
// kind, an argument left over, the same for nested messages); "" when they fit.
std::string check_args(const teach::Msg& m, Lang l);

} // namespace app
