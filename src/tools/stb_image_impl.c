/* stb_image_impl.c — the one compilation of Debian's stb_image.h (libstb-dev) in this
 * project: PNG and JPEG only, from memory only (no stdio: tools/image_file.cpp reads the
 * file itself and says what went wrong with it), at most kMaxSide pixels a side.
 * Why the header and not Debian's compiled libstb.so: that library decodes every format
 * stb knows (PSD, HDR, PIC, GIF, TGA, ...) — more untrusted-input code than --predict
 * needs; it cannot be linked into the WebAssembly build of cnn-train; and the fuzzer
 * (tests/fuzz/fuzz_image.cpp) needs the decoder compiled with its instrumentation. */
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_NO_STDIO
#define STBI_MAX_DIMENSIONS 65536
#include <stb/stb_image.h>
