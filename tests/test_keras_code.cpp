// test_keras_code.cpp — the tutorial-style Keras training script (keras_training_source) read
// back by a small parser of its own: every model.add(layers.X(...)) line becomes a row of the
// model grammar again, and the rows must make the same layer stack (the same spec) for five
// models; the tutorial's model gives exactly the tutorial's layer list; compile and fit say
// the page's settings. The parser knows only what Keras's Python means, not our writer.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/interop/export.h"
#include "core/model.h"

using cnn::Model;

namespace {

// One call: layers.Name(arg, arg, key=value, ...), the positional args and the keywords.
struct Call {
    std::string name;
    std::vector<std::string> pos;
    std::map<std::string, std::string> kw;
};

std::string trim(const std::string& s) {
    size_t a = s.find_first_not_of(' '), b = s.find_last_not_of(' ');
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// Splits "a, (b, c), k=v" at the commas outside parentheses.
std::vector<std::string> split_args(const std::string& s) {
    std::vector<std::string> out;
    int depth = 0;
    std::string cur;
    for (char ch : s) {
        if (ch == '(') depth++;
        if (ch == ')') depth--;
        if (ch == ',' && depth == 0) {
            out.push_back(trim(cur));
            cur.clear();
        } else {
            cur += ch;
        }
    }
    if (!trim(cur).empty()) out.push_back(trim(cur));
    return out;
}

// "model.add(layers.Conv2D(32, (3, 3), activation='relu'))" -> Call; false for other lines.
bool parse_add(const std::string& line, Call* c) {
    const std::string head = "model.add(layers.";
    if (line.compare(0, head.size(), head) != 0 || line.substr(line.size() - 2) != "))") return false;
    const std::string body = line.substr(head.size(), line.size() - head.size() - 1);  // Name(args)
    const size_t open = body.find('(');
    c->name = body.substr(0, open);
    for (const std::string& a : split_args(body.substr(open + 1, body.size() - open - 2))) {
        const size_t eq = a.find('=');
        if (eq != std::string::npos && a[0] != '(') c->kw[trim(a.substr(0, eq))] = trim(a.substr(eq + 1));
        else c->pos.push_back(a);
    }
    return true;
}

// "(3, 3)" -> 3 (square only), "2" -> 2.
int square(const std::string& t) {
    if (t.empty() || t[0] != '(') return std::stoi(t);
    const auto parts = split_args(t.substr(1, t.size() - 2));
    REQUIRE(parts.size() == 2);
    REQUIRE(parts[0] == parts[1]);
    return std::stoi(parts[0]);
}

std::string unquote(const std::string& s) { return s.size() >= 2 && s[0] == '\'' ? s.substr(1, s.size() - 2) : s; }

std::string act_part(const Call& c) {
    auto it = c.kw.find("activation");
    return it == c.kw.end() ? "" : "," + unquote(it->second);
}

// The script's layer lines as a spec of the model grammar (ZeroPadding2D(p) before a Conv2D
// is its padding p), with input(...) from the first layer's input_shape.
std::string spec_from_script(const std::string& code) {
    std::istringstream in(code);
    std::string line, spec, pad, input;
    Call c;
    while (std::getline(in, line)) {
        c = Call();
        if (!parse_add(line, &c)) continue;
        auto shape = c.kw.find("input_shape");
        if (shape != c.kw.end()) {
            const auto hwc = split_args(shape->second.substr(1, shape->second.size() - 2));
            input = "input(" + hwc[2] + "," + hwc[0] + "," + hwc[1] + ") ";
        }
        std::string row;
        if (c.name == "ZeroPadding2D") {
            pad = ",pad=" + std::to_string(square(c.pos.at(0)));
            continue;
        } else if (c.name == "Conv2D") {
            const std::string p = c.kw.count("padding") ? ",pad=" + unquote(c.kw["padding"]) : pad;
            const std::string s = c.kw.count("strides") ? ",stride=" + std::to_string(square(c.kw["strides"])) : "";
            row = "conv(" + c.pos.at(0) + "," + std::to_string(square(c.pos.at(1))) + s + p + act_part(c) + ")";
        } else if (c.name == "MaxPooling2D" || c.name == "AveragePooling2D") {
            const std::string s = c.kw.count("strides") ? ",stride=" + std::to_string(square(c.kw["strides"])) : "";
            row = (c.name[0] == 'M' ? "maxpool(" : "avgpool(") + std::to_string(square(c.pos.at(0))) + s + ")";
        } else if (c.name == "Flatten") {
            row = "flatten";
        } else if (c.name == "Dense") {
            row = "dense(" + c.pos.at(0) + act_part(c) + ")";
        } else if (c.name == "Activation") {
            row = unquote(c.pos.at(0));
        } else {
            FAIL("unknown layer " << c.name);
        }
        pad.clear();
        spec += (spec.empty() ? "" : " ") + row;
    }
    return input + spec;
}

std::string script_of(const std::string& spec, cnn::TrainSettings s = cnn::TrainSettings()) {
    return cnn::keras_training_source(Model::parse_shapes(spec), s);
}

} // namespace

TEST_CASE("Keras training script: the tutorial's model is the tutorial's layer list", "[keras][interop]") {
    const std::string code = script_of(cnn::kTutorialModel);
    CHECK_THAT(code, Catch::Contains("model = models.Sequential()\n"
                                     "model.add(layers.Conv2D(32, (3, 3), activation='relu', input_shape=(32, 32, 3)))\n"
                                     "model.add(layers.MaxPooling2D((2, 2)))\n"
                                     "model.add(layers.Conv2D(64, (3, 3), activation='relu'))\n"
                                     "model.add(layers.MaxPooling2D((2, 2)))\n"
                                     "model.add(layers.Conv2D(64, (3, 3), activation='relu'))\n"
                                     "model.add(layers.Flatten())\n"
                                     "model.add(layers.Dense(64, activation='relu'))\n"
                                     "model.add(layers.Dense(10, activation='softmax'))\n"));
    CHECK_THAT(code, Catch::Contains("model.compile(optimizer='adam',\n"
                                     "              loss='sparse_categorical_crossentropy',"));
    CHECK_THAT(code, Catch::Contains("model.fit(train_images, train_labels, epochs=10,\n"
                                     "                    validation_data=(test_images, test_labels))"));
    CHECK_THAT(code, Catch::Contains("train_images / 255.0"));
    CHECK_THAT(code, !Catch::Contains("set_weights"));
}

TEST_CASE("Keras training script parses back to the same layer stack for five models", "[keras][interop]") {
    const char* specs[] = {
        cnn::kTutorialModel,
        "conv(16,5,stride=2,pad=same,tanh) avgpool(2) flatten dense(10,softmax)",
        "conv(8,3,pad=2,relu) maxpool(3,stride=2) conv(16,3,stride=2,sigmoid) flatten dense(32,tanh) dense(10)",
        "input(3,32,32) conv(12,3,pad=1) relu avgpool(2,stride=1) conv(6,4,pad=same,relu) maxpool(2) flatten dense(10) softmax",
        "conv(4,7,stride=3,pad=valid,sigmoid) flatten dense(20,relu) dense(10,linear)",
    };
    for (const char* spec : specs) {
        INFO(spec);
        const Model want = Model::parse_shapes(spec);
        const std::string code = script_of(spec);
        INFO(code);
        const Model got = Model::parse_shapes(spec_from_script(code));
        CHECK(got.spec() == want.spec());
        REQUIRE(got.layers.size() == want.layers.size());
        for (size_t i = 0; i < got.layers.size(); i++) CHECK(got.layers[i]->out.size() == want.layers[i]->out.size());
        // A model without a final softmax is trained from logits, as this program does.
        const bool soft = want.layers.back()->activation() == cnn::Activation::Softmax;
        CHECK((code.find("from_logits=True") != std::string::npos) == !soft);
    }
}

TEST_CASE("Keras training script says the page's optimizer, learning rate, batch and epochs", "[keras][interop]") {
    cnn::TrainSettings s;
    s.optimizer = cnn::Optimizer::SGD;
    s.lr = 0.01f;
    s.batch = 64;
    s.epochs = 5;
    const std::string code = script_of(cnn::kTutorialModel, s);
    CHECK_THAT(code, Catch::Contains("optimizer=optimizers.SGD(learning_rate=0.01, momentum=0.9)"));
    CHECK_THAT(code, Catch::Contains("epochs=5, batch_size=64,"));
    s.optimizer = cnn::Optimizer::Adam;
    s.lr = 0.0005f;
    CHECK_THAT(script_of(cnn::kTutorialModel, s), Catch::Contains("optimizer=optimizers.Adam(learning_rate=0.0005)"));
}
