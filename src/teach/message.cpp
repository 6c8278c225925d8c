// message.cpp — message names, TeachError and the number formats of message.h. No texts.
#include "teach/message.h"

namespace teach {

const char* msg_name(MsgId id) {
    static const char* const names[] = {
#define TEACH_MSG(name) #name,
#include "teach/messages.def"
#undef TEACH_MSG
    };
    int i = (int)id;
    return i >= 0 && i < (int)MsgId::count ? names[i] : "?";
}

static std::string ids_of(const Msgs& m) {
    std::string s = "teach:";
    for (const Msg& x : m) s += std::string(" ") + msg_name(x.id);
    return s;
}

TeachError::TeachError(Msgs m) : cnn::Error(ids_of(m)), msgs(std::move(m)) {}

std::string grouped(long long v) {
    std::string digits = std::to_string(v < 0 ? -v : v), s;
    for (size_t i = 0; i < digits.size(); i++) {
        if (i && (digits.size() - i) % 3 == 0) s += ',';
        s += digits[i];
    }
    return v < 0 ? "-" + s : s;
}

std::string signed_num(int v, bool ascii) {
    if (v >= 0) return std::to_string(v);
    return std::string(ascii ? "-" : "−") + std::to_string(-(long long)v);
}

} // namespace teach
