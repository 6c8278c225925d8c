// json.h — the little JSON the page's JS API writes (api*.cpp): a string quoted and escaped,
// a number (null when not finite), and the one buffer the exported pg_* functions return
// their strings from (valid until the next such call; JS copies it at once).
#pragma once
#include <string>

namespace app::json {

std::string esc(const std::string& s);           // "\"a\\\"b\""
std::string num(double v, int digits = 6);       // "%.<digits>g", "null" if not finite
const char* ret(std::string s);

} // namespace app::json
