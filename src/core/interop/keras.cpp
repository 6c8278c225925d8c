// keras.cpp — the model as Keras code in the tutorial's style, its weights set from the
// PyTorch export's .npz rearranged to Keras's layout (export.h).
#include "core/interop/export.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/pool2d.h"
#include "core/layers/simple.h"

#include <cstdio>

namespace cnn {

namespace {

std::string num(int v) { return std::to_string(v); }

std::string act_arg(Activation a) {
    return a == Activation::Linear ? "" : std::string(", activation='") + activation_name(a) + "'";
}

// The first layer's input_shape argument (Keras: height, width, channels).
std::string input_arg(const Model& m, bool first) {
    if (!first) return "";
    return ", input_shape=(" + num(m.input.h) + ", " + num(m.input.w) + ", " + num(m.input.c) + ")";
}

// model.add lines for one conv layer; explicit padding N as a ZeroPadding2D before it.
std::string conv_lines(const Conv2D& c, const std::string& input) {
    std::string s, pad = c.padding.kind == Padding::Same ? ", padding='same'" : "";
    std::string in = input;
    if (c.padding.kind == Padding::Explicit && c.padding.p > 0) {
        s += "model.add(layers.ZeroPadding2D(" + num(c.padding.p) + in + "))\n";
        in.clear();
    }
    const std::string stride = c.stride != 1 ? ", strides=(" + num(c.stride) + ", " + num(c.stride) + ")" : "";
    return s + "model.add(layers.Conv2D(" + num(c.filters) + ", (" + num(c.k) + ", " + num(c.k) + ")" + stride + pad +
           act_arg(c.act) + in + "))\n";
}

std::string layer_lines(const Model& m, const Layer& L, bool first) {
    const std::string in = input_arg(m, first);
    if (auto* c = dynamic_cast<const Conv2D*>(&L)) return conv_lines(*c, in);
    if (auto* d = dynamic_cast<const Dense*>(&L))
        return "model.add(layers.Dense(" + num(d->units) + act_arg(d->act) + in + "))\n";
    if (auto* p = dynamic_cast<const Pool2D*>(&L)) {
        const std::string stride = p->stride != p->size ? ", strides=(" + num(p->stride) + ", " + num(p->stride) + ")" : "";
        return std::string("model.add(layers.") + (p->mode == Pool2D::Max ? "MaxPooling2D" : "AveragePooling2D") + "((" +
               num(p->size) + ", " + num(p->size) + ")" + stride + in + "))\n";
    }
    if (dynamic_cast<const Flatten*>(&L)) return "model.add(layers.Flatten(" + in.substr(in.empty() ? 0 : 2) + "))\n";
    return "model.add(layers.Activation('" + std::string(activation_name(L.activation())) + "'" + in + "))\n";
}

// The kernel of dense layer d from the .npz's (O, I): (I, O), and right after a Flatten its
// rows reordered from this program's (C, H, W) to Keras's (H, W, C).
std::string dense_kernel(const std::string& k, const Shape* flat_from) {
    if (!flat_from) return k + ".T";
    const Shape& f = *flat_from;
    return k + ".T.reshape(" + num(f.c) + ", " + num(f.h) + ", " + num(f.w) + ", -1).transpose(1, 2, 0, 3).reshape(" +
           num(f.size()) + ", -1)";
}

// The set_weights lines: model.layers[k] for each conv and dense layer, from the .npz key of
// its module in the PyTorch export (torch_param_modules).
std::string weight_lines(const Model& m) {
    std::string s;
    const auto torch = torch_param_modules(m);
    int keras = 0;
    size_t next = 0;
    const Shape* flat_from = nullptr;
    for (const auto& L : m.layers) {
        auto* c = dynamic_cast<const Conv2D*>(L.get());
        auto* d = dynamic_cast<const Dense*>(L.get());
        if (c && c->padding.kind == Padding::Explicit && c->padding.p > 0) keras++;  // its ZeroPadding2D
        if (c || d) {
            const std::string key = "w['" + num(torch[next++].second);
            const std::string kernel = c ? key + ".weight'].transpose(2, 3, 1, 0)" : dense_kernel(key + ".weight']", flat_from);
            s += "model.layers[" + num(keras) + "].set_weights([" + kernel + ", " + key + ".bias']])\n";
        }
        if (d || c) flat_from = nullptr;
        if (dynamic_cast<const Flatten*>(L.get())) flat_from = &L->in;
        keras++;
    }
    return s;
}

// True when the model's last layer ends in softmax (Dense(..., softmax) or Activation).
bool keras_ends_in_softmax(const Model& m) {
    return !m.layers.empty() && m.layers.back()->activation() == Activation::Softmax;
}

std::string optimizer_arg(const TrainSettings& s) {
    char lr[32];
    std::snprintf(lr, sizeof lr, "%g", (double)s.lr);
    if (s.optimizer == Optimizer::SGD) return std::string("optimizers.SGD(learning_rate=") + lr + ", momentum=0.9)";
    if (s.lr == 0.001f) return "'adam'";  // Keras's default Adam, as the tutorial writes it
    return std::string("optimizers.Adam(learning_rate=") + lr + ")";
}

} // namespace

std::string keras_training_source(const Model& m, const TrainSettings& s) {
    std::string out =
        "import tensorflow as tf\n"
        "from tensorflow.keras import datasets, layers, models, optimizers\n\n"
        "(train_images, train_labels), (test_images, test_labels) = datasets.cifar10.load_data()\n"
        "train_images, test_images = train_images / 255.0, test_images / 255.0\n\n"
        "model = models.Sequential()\n";
    for (size_t i = 0; i < m.layers.size(); i++) out += layer_lines(m, *m.layers[i], i == 0);
    out += "model.summary()\n\n";
    const std::string loss = keras_ends_in_softmax(m) ? "'sparse_categorical_crossentropy'"
                                                : "tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)";
    out += "model.compile(optimizer=" + optimizer_arg(s) + ",\n"
           "              loss=" + loss + ",\n"
           "              metrics=['accuracy'])\n\n";
    out += "history = model.fit(train_images, train_labels, epochs=" + num(s.epochs) +
           (s.batch != 32 ? ", batch_size=" + num(s.batch) : std::string()) +
           ",\n                    validation_data=(test_images, test_labels))\n";
    return out;
}

std::string keras_source(const Model& m, const std::string& base, const std::vector<std::string>& names) {
    std::string s =
        "\"\"\"A CNN exported by the CNN playground, as Keras code (TensorFlow 2).\n\n"
        "Model: " + m.spec() + "\n"
        "Input: (N, " + num(m.input.h) + ", " + num(m.input.w) + ", " + num(m.input.c) + "), channels last, "
        "pixel values / 255 (0..1), channels R, G, B.\n"
        "Weights: " + base + ".npz beside this file (PyTorch's layout), rearranged to Keras's below.\n\"\"\"\n"
        "import os\n\nimport numpy as np\nfrom tensorflow.keras import layers, models\n\n";
    s += "class_names = [";
    for (size_t i = 0; i < names.size(); i++) s += (i ? ", '" : "'") + names[i] + "'";
    s += "]\n\nmodel = models.Sequential()\n";
    for (size_t i = 0; i < m.layers.size(); i++) s += layer_lines(m, *m.layers[i], i == 0);
    s += "model.summary()\n\n"
         "w = np.load(os.path.splitext(os.path.abspath(__file__))[0] + '.npz')\n" +
         weight_lines(m) +
         "\nmodel.compile(optimizer='adam',\n"
         "              loss='sparse_categorical_crossentropy',\n"
         "              metrics=['accuracy'])\n";
    return s;
}

} // namespace cnn
