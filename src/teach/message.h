// message.h — what the teaching library says, as data: a message id (messages.def) and its
// arguments (numbers, symbolic text such as a formula or a layer name, nested messages), in the
// order of the text's printf conversions. The app renders them through its string tables
// (src/app/session/teach_text.h) in either language. No sentences and no tables here.
#pragma once
#include <string>
#include <vector>

#include "core/error.h"

namespace teach {

enum class MsgId : int {
#define TEACH_MSG(name) name,
#include "teach/messages.def"
#undef TEACH_MSG
    count
};
const char* msg_name(MsgId id);  // "err_no_fit": for logs and test failures

struct Msg;

// One argument. Int fills %d / %lld; Real fills %f / %g; Text (language-neutral: a number
// already written out, a formula, a name from the model) and Sub (messages rendered in the
// same language, joined by spaces) fill %s.
struct Arg {
    enum Kind { Int, Real, Text, Sub } kind = Int;
    long long i = 0;
    double d = 0;
    std::string s;
    std::vector<Msg> sub;
    Arg(int v);
    Arg(long v);
    Arg(long long v);
    Arg(double v);
    Arg(std::string v);
    Arg(const char* v);
    Arg(Msg m);
    Arg(std::vector<Msg> ms);
};

struct Msg {
    MsgId id = MsgId::count;
    std::vector<Arg> args;
    Msg() = default;
    Msg(MsgId i, std::vector<Arg> a = {}) : id(i), args(std::move(a)) {}
};
// Defined once Msg is complete (std::vector<Msg> inside Arg needs it).
inline Arg::Arg(int v) : kind(Int), i(v) {}
inline Arg::Arg(long v) : kind(Int), i(v) {}
inline Arg::Arg(long long v) : kind(Int), i(v) {}
inline Arg::Arg(double v) : kind(Real), d(v) {}
inline Arg::Arg(std::string v) : kind(Text), s(std::move(v)) {}
inline Arg::Arg(const char* v) : kind(Text), s(v) {}
inline Arg::Arg(Msg m) : kind(Sub), sub{std::move(m)} {}
inline Arg::Arg(std::vector<Msg> ms) : kind(Sub), sub(std::move(ms)) {}

using Msgs = std::vector<Msg>;

// Thrown where the library cannot answer (an invalid problem handed to ConvSteps, an unknown
// kernel name). what() lists the ids only; the app renders msgs.
struct TeachError : cnn::Error {
    Msgs msgs;
    explicit TeachError(Msgs m);
};

// Numbers as students read them: 88502400 -> "88,502,400"; a signed integer with a true minus
// sign, "−2" ("-2" when ascii).
std::string grouped(long long v);
std::string signed_num(int v, bool ascii = false);

} // namespace teach
