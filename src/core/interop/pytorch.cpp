// pytorch.cpp — the model as PyTorch code plus an .npz of its weights (export.h).
#include <cstdio>

#include "core/interop/export.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/pool2d.h"
#include "core/layers/simple.h"

namespace cnn {

namespace {

// One module of the nn.Sequential: its Python expression and the layer whose weights it
// holds (null: none). Its index in the Sequential is its state_dict key's prefix.
struct TorchModule {
    std::string code;
    const Layer* params = nullptr;
    std::string comment;
};

const char* torch_activation(Activation a) {
    switch (a) {
    case Activation::ReLU: return "nn.ReLU()";
    case Activation::Sigmoid: return "nn.Sigmoid()";
    case Activation::Tanh: return "nn.Tanh()";
    case Activation::Softmax: return "nn.Softmax(dim=1)";
    default: return nullptr;
    }
}

std::string num(int v) { return std::to_string(v); }

void conv_modules(const Conv2D& c, std::vector<TorchModule>& out) {
    const bool even = c.pad_t == c.pad_b && c.pad_l == c.pad_r && c.pad_t == c.pad_l;
    if (!even)  // TensorFlow's 'same' with an odd total: the extra cell bottom/right
        out.push_back({"nn.ZeroPad2d((" + num(c.pad_l) + ", " + num(c.pad_r) + ", " + num(c.pad_t) + ", " +
                       num(c.pad_b) + "))", nullptr, c.name + ": 'same' padding, uneven"});
    out.push_back({"nn.Conv2d(" + num(c.in.c) + ", " + num(c.filters) + ", kernel_size=" + num(c.k) + ", stride=" +
                   num(c.stride) + ", padding=" + num(even ? c.pad_t : 0) + ")", &c, c.name + ": " + c.spec()});
}

std::vector<TorchModule> torch_modules(const Model& m) {
    std::vector<TorchModule> out;
    for (const auto& L : m.layers) {
        if (auto* c = dynamic_cast<const Conv2D*>(L.get())) conv_modules(*c, out);
        else if (auto* d = dynamic_cast<const Dense*>(L.get()))
            out.push_back({"nn.Linear(" + num(d->in.size()) + ", " + num(d->units) + ")", d, d->name + ": " + d->spec()});
        else if (auto* p = dynamic_cast<const Pool2D*>(L.get()))
            out.push_back({std::string(p->mode == Pool2D::Max ? "nn.MaxPool2d(" : "nn.AvgPool2d(") + "kernel_size=" +
                           num(p->size) + ", stride=" + num(p->stride) + ")", nullptr, p->name + ": " + p->spec()});
        else if (dynamic_cast<const Flatten*>(L.get()))
            out.push_back({"nn.Flatten()", nullptr, L->name + ": (C, H, W) order, as this program flattens"});
        const bool own = !dynamic_cast<const Conv2D*>(L.get()) && !dynamic_cast<const Dense*>(L.get());
        if (const char* a = torch_activation(L->activation()))
            out.push_back({a, nullptr, own ? L->name : ""});
    }
    return out;
}

std::string py_strings(const std::vector<std::string>& v) {
    std::string s = "[";
    for (size_t i = 0; i < v.size(); i++) s += (i ? ", \"" : "\"") + v[i] + "\"";
    return s + "]";
}

} // namespace

std::vector<std::pair<const Layer*, int>> torch_param_modules(const Model& m) {
    std::vector<std::pair<const Layer*, int>> out;
    const std::vector<TorchModule> mods = torch_modules(m);
    for (size_t i = 0; i < mods.size(); i++)
        if (mods[i].params) out.push_back({mods[i].params, (int)i});
    return out;
}

std::vector<uint8_t> torch_weights_npz(const Model& m, std::vector<float>* scratch) {
    const std::vector<TorchModule> mods = torch_modules(m);
    size_t dense_floats = 0;
    for (const auto& L : m.layers)
        if (auto* d = dynamic_cast<const Dense*>(L.get())) dense_floats += (size_t)d->in.size() * d->units;
    scratch->assign(dense_floats, 0.f);  // Linear's (O, I): the transposes, kept alive for write_npz
    std::vector<NpyArray> arrays;
    size_t at = 0;
    for (size_t i = 0; i < mods.size(); i++) {
        const std::string key = std::to_string(i);
        if (auto* c = dynamic_cast<const Conv2D*>(mods[i].params)) {
            arrays.push_back({key + ".weight", {c->filters, c->in.c, c->k, c->k}, c->W});
            arrays.push_back({key + ".bias", {c->filters}, c->b});
        } else if (auto* d = dynamic_cast<const Dense*>(mods[i].params)) {
            const int I = d->in.size(), O = d->units;
            float* t = scratch->data() + at;
            for (int r = 0; r < I; r++)
                for (int o = 0; o < O; o++) t[(size_t)o * I + r] = d->W[(size_t)r * O + o];
            at += (size_t)I * O;
            arrays.push_back({key + ".weight", {O, I}, t});
            arrays.push_back({key + ".bias", {O}, d->b});
        }
    }
    return write_npz(arrays);
}

std::string pytorch_source(const Model& m, const std::string& base, const std::vector<std::string>& names) {
    const Shape& in = m.input;
    const bool soft = !m.layers.empty() && m.layers.back()->activation() == Activation::Softmax;
    std::string s =
        "\"\"\"A CNN exported by the CNN playground, as a PyTorch nn.Sequential.\n\n"
        "Model: " + m.spec() + "\n"
        "Input: float32 (N, " + num(in.c) + ", " + num(in.h) + ", " + num(in.w) + "), NCHW, pixel values / 255 (0..1), "
        "channels R, G, B.\n"
        "Output: (N, " + num(m.num_classes()) + ") " + (soft ? "class probabilities (softmax)." : "class scores before softmax.") + "\n"
        "Weights: " + base + ".npz beside this file (numpy's format, keys as in state_dict()).\n\n"
        "Run:  python3 " + base + ".py [test_batch.bin [COUNT [OUT.npy]]]\n"
        "      with a CIFAR-10 batch file: the top class of each image and the accuracy;\n"
        "      with nothing: the output for a grey image.\n\"\"\"\n"
        "import os\nimport sys\n\nimport numpy as np\nimport torch\nfrom torch import nn\n\n"
        "CLASSES = " + py_strings(names) + "\n\n\ndef build():\n    return nn.Sequential(\n";
    for (const TorchModule& t : torch_modules(m))
        s += "        " + t.code + "," + (t.comment.empty() ? "" : "  # " + t.comment) + "\n";
    s += "    )\n\n\n"
         "def load(path=None):\n"
         "    \"\"\"The model with the exported weights, in eval mode.\"\"\"\n"
         "    path = path or os.path.splitext(os.path.abspath(__file__))[0] + \".npz\"\n"
         "    model = build()\n"
         "    weights = np.load(path)\n"
         "    model.load_state_dict({k: torch.from_numpy(weights[k]) for k in model.state_dict()})\n"
         "    return model.eval()\n\n\n"
         "def read_cifar(path, count):\n"
         "    \"\"\"Images (N, 3, 32, 32) scaled to 0..1 and labels of a CIFAR-10 binary batch.\"\"\"\n"
         "    raw = np.fromfile(path, dtype=np.uint8).reshape(-1, 3073)[:count]\n"
         "    return raw[:, 1:].reshape(-1, 3, 32, 32).astype(np.float32) / 255, raw[:, 0]\n\n\n"
         "if __name__ == \"__main__\":\n"
         "    model = load()\n"
         "    if len(sys.argv) > 1:\n"
         "        x, y = read_cifar(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10000)\n"
         "    else:\n"
         "        x, y = np.full((1, " + num(in.c) + ", " + num(in.h) + ", " + num(in.w) + "), 0.5, np.float32), None\n"
         "    with torch.no_grad():\n"
         "        out = model(torch.from_numpy(x)).numpy()\n"
         "    if len(sys.argv) > 3:\n"
         "        np.save(sys.argv[3], out)\n"
         "    top = out.argmax(axis=1)\n"
         "    for i in range(min(len(out), 10)):\n"
         "        name = CLASSES[top[i]] if top[i] < len(CLASSES) else str(top[i])\n"
         "        print(f\"image {i}: {name} ({out[i, top[i]]:.4f})\")\n"
         "    if y is not None:\n"
         "        print(f\"accuracy on {len(y)} images: {(top == y).mean():.4f}\")\n";
    return s;
}

} // namespace cnn
