// test_image_file.cpp — cnn-train's picture reader (src/tools/image_file.h) on PNG files
// written byte by byte (png_write.h): exact pixels, alpha kept, grey made RGB, and the
// refusals with their codes (undecodable, too large, missing, a folder) and their texts in
// both languages. The CLI's own run over PNG and JPEG files: tests/cli/predict.sh.
#include <catch2/catch.hpp>

#include <fstream>

#include "app/session/i18n.h"
#include "app/session/model_text.h"
#include "core/error.h"
#include "jpeg_tiny.h"
#include "png_write.h"
#include "temp_dir.h"
#include "tools/image_file.h"

using cnn::Errc;

namespace {

std::vector<uint8_t> pattern(int w, int h, int ch) {
    std::vector<uint8_t> p((size_t)w * h * ch);
    for (size_t i = 0; i < p.size(); i++) p[i] = (uint8_t)(i * 37 + i / 7);
    return p;
}

Errc code_of(const std::vector<uint8_t>& bytes) {
    try {
        cli::decode_image(bytes.data(), bytes.size(), "pic.png");
    } catch (const cnn::Error& e) {
        return e.info.code;
    }
    return Errc::None;
}

} // namespace

TEST_CASE("Image files: PNG pixels decode exactly; alpha kept, grey becomes RGB", "[image_file]") {
    const std::vector<uint8_t> rgb = pattern(7, 5, 3), rgba = pattern(6, 4, 4), grey = pattern(3, 2, 1);
    const std::vector<uint8_t> f3 = pngw::png(rgb, 7, 5, 3), f4 = pngw::png(rgba, 6, 4, 4), f1 = pngw::png(grey, 3, 2, 1);
    cli::Picture p = cli::decode_image(f3.data(), f3.size(), "rgb.png");
    CHECK(p.width == 7);
    CHECK(p.height == 5);
    CHECK(p.channels == 3);
    CHECK(p.pixels == rgb);
    p = cli::decode_image(f4.data(), f4.size(), "rgba.png");
    CHECK(p.channels == 4);
    CHECK(p.pixels == rgba);
    p = cli::decode_image(f1.data(), f1.size(), "grey.png");
    REQUIRE(p.channels == 3);
    for (int i = 0; i < 6; i++) CHECK((p.pixels[i * 3] == grey[i] && p.pixels[i * 3 + 1] == grey[i] && p.pixels[i * 3 + 2] == grey[i]));
}

TEST_CASE("Image files: a baseline JPEG written byte by byte decodes to its grey", "[image_file]") {
    for (int comps : {1, 3}) {
        CAPTURE(comps);
        const std::vector<uint8_t> f = jpegt::grey_jpeg(3, 2, comps);
        const cli::Picture p = cli::decode_image(f.data(), f.size(), "grey.jpg");
        CHECK(p.width == 24);
        CHECK(p.height == 16);
        REQUIRE(p.channels == 3);
        CHECK(p.pixels == std::vector<uint8_t>(24 * 16 * 3, 128));
    }
}

TEST_CASE("Image files: what cannot be read is refused with a code naming the file", "[image_file]") {
    std::vector<uint8_t> good = pngw::png(pattern(16, 16, 3), 16, 16, 3);
    std::vector<uint8_t> cut(good.begin(), good.begin() + good.size() / 2);
    CHECK(code_of(cut) == Errc::ImageUndecodable);
    const std::string text = "not a picture\n";
    CHECK(code_of(std::vector<uint8_t>(text.begin(), text.end())) == Errc::ImageUndecodable);
    CHECK(code_of({}) == Errc::ImageUndecodable);
    // A JPEG whose Huffman table declares 401 codes: Debian's stb_image 2.27 would write past
    // its 257-entry arrays (fuzz_image's finding); image_file.cpp refuses it before stb reads it.
    std::vector<uint8_t> dht = jpegt::grey_jpeg(1, 1, 1);
    size_t at = 0;
    while (!(dht[at] == 0xFF && dht[at + 1] == 0xC4)) at++;
    dht[at + 6] = 200, dht[at + 7] = 201;  // codes of lengths 2 and 3 (after FF C4, length, class)
    CHECK(code_of(dht) == Errc::ImageUndecodable);
    // A header claiming 10000 x 8000 pixels: refused before any pixel is decoded. (stb itself
    // refuses headers of more than 2^30 bytes of pixels as undecodable, "too large".)
    std::vector<uint8_t> huge = pngw::png(pattern(1, 1, 3), 1, 1, 3);
    huge[16] = 0, huge[17] = 0, huge[18] = 0x27, huge[19] = 0x10;  // width 10000
    huge[20] = 0, huge[21] = 0, huge[22] = 0x1f, huge[23] = 0x40;  // height 8000
    const uint32_t crc = cnn::crc32(huge.data() + 12, 17);         // the IHDR's CRC again
    for (int k = 0; k < 4; k++) huge[29 + k] = (uint8_t)(crc >> (24 - 8 * k));
    CHECK(code_of(huge) == Errc::ImageTooLarge);
}

TEST_CASE("Image files: missing files and folders, and the texts in both languages", "[image_file]") {
    TempDir t("image_file");
    const std::string missing = (t.path / "nowhere.png").string(), folder = t.path.string();
    cnn::ErrorInfo e;
    try { cli::read_image_file(missing); } catch (const cnn::Error& x) { e = x.info; }
    CHECK(e.code == Errc::FileNotFound);
    try { cli::read_image_file(folder); } catch (const cnn::Error& x) { e = x.info; }
    REQUIRE(e.code == Errc::FileIsDirectory);
    CHECK(app::model_error_text(e) == folder + " is a folder; expected a PNG or JPEG picture");
    const std::string bad = (t.path / "notes.png").string();
    std::ofstream(bad) << "hello";
    try { cli::read_image_file(bad); } catch (const cnn::Error& x) { e = x.info; }
    REQUIRE(e.code == Errc::ImageUndecodable);
    CHECK(app::model_error_text(e) == bad + ": not a PNG or JPEG picture that can be read (unknown image type)");
    app::set_lang(app::LangZh);
    CHECK(app::model_error_text(e) == bad + "：不是可以读取的 PNG 或 JPEG 图片（unknown image type）");
    e = cnn::Error(Errc::ImageTooLarge, "", {20000, 20000, cli::kMaxImagePixels}, {"big.png"}).info;
    CHECK(app::model_error_text(e) == "big.png：图片有 20000 × 20000 个像素，超过了可读取的 67108864 个像素");
    app::set_lang(app::LangEn);
    CHECK(app::model_error_text(e) == "big.png: the picture is 20000 x 20000 pixels, more than the 67108864 pixels it can read");
}
