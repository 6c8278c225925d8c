#!/usr/bin/python3
"""gradcam_ref.py — PyTorch reference values for tests/test_saliency.cpp: Grad-CAM on the last
convolution layer and the input gradient of one class's logit, for the tutorial's model
(conv(32,3,relu) maxpool(2) conv(64,3,relu) maxpool(2) conv(64,3,relu) flatten dense(64,relu)
dense(10,softmax)) with fixed weights and a fixed image given by formulas. The C++ test fills
its model with the same formulas (tests/test_saliency.cpp: formula_weights, formula_image).

Run with Debian's python3-torch (1.13), i.e. /usr/bin/python3:
  /usr/bin/python3 tests/interop/gradcam_ref.py > tests/interop/gradcam_ref.inc   (write)
  /usr/bin/python3 tests/interop/gradcam_ref.py --check tests/interop/gradcam_ref.inc  (CTest)
--check recomputes and compares with the stored file (relative 1e-5 of each array's largest
value); exit 0 same, 1 different, 77 torch missing (CTest: skipped).

Formulas, in double, then rounded to float32. Layer l (0-based over the layers with weights:
conv 0, 1, 2, dense 3, 4); W in this project's layout (conv (OC, C, K, K), dense (I, O)),
i its flat index, fan_in = C·K·K or I:
  W[i] = sqrt(6 / fan_in) · (2·fract(sin(78.233·i + 12.9898·l) · 43758.5453) − 1)
  b[j] = 0.05 · cos(0.9·j + l)        fract(v) = v − floor(v)
  image x (3, 32, 32), flat index i: x[i] = 0.5 + 0.45 · sin(0.037 · i · (i mod 7 + 1))
Grad-CAM as in src/core/explain/gradcam.h: A = the third conv's output after its ReLU,
alpha_k = mean of d(logit)/dA_k, coarse = relu(sum_k alpha_k A_k), map = interpolate(coarse,
(32, 32), bilinear, align_corners=False).
"""
import math
import re
import sys

CLASS = 3  # the class explained (cat); the model's top class is printed too

def fract(v):
    return v - math.floor(v)

def weights(shape, l, fan_in):
    n = 1
    for s in shape:
        n *= s
    a = math.sqrt(6.0 / fan_in)
    return [a * (2 * fract(math.sin(78.233 * i + 12.9898 * l) * 43758.5453) - 1) for i in range(n)]

def bias(n, l):
    return [0.05 * math.cos(0.9 * j + l) for j in range(n)]

def image():
    return [0.5 + 0.45 * math.sin(0.037 * i * (i % 7 + 1)) for i in range(3 * 32 * 32)]

def compute():
    import torch
    import torch.nn.functional as F
    t = lambda v, shape: torch.tensor(v, dtype=torch.float32).reshape(shape)
    convs = [(3, 32), (32, 64), (64, 64)]
    cw = [t(weights((oc, c, 3, 3), l, c * 9), (oc, c, 3, 3)) for l, (c, oc) in enumerate(convs)]
    cb = [t(bias(oc, l), (oc,)) for l, (c, oc) in enumerate(convs)]
    dw = [t(weights((i, o), l, i), (i, o)).t() for l, (i, o) in ((3, (1024, 64)), (4, (64, 10)))]
    db = [t(bias(o, l), (o,)) for l, o in ((3, 64), (4, 10))]
    x = t(image(), (1, 3, 32, 32)).requires_grad_(True)
    h = F.max_pool2d(F.relu(F.conv2d(x, cw[0], cb[0])), 2)
    h = F.max_pool2d(F.relu(F.conv2d(h, cw[1], cb[1])), 2)
    A = F.relu(F.conv2d(h, cw[2], cb[2]))
    A.retain_grad()
    z = F.linear(F.relu(F.linear(A.flatten(1), dw[0], db[0])), dw[1], db[1])  # logits
    z[0, CLASS].backward()
    alpha = A.grad[0].mean(dim=(1, 2))
    coarse = F.relu((alpha[:, None, None] * A[0]).sum(0)).detach()
    up = F.interpolate(coarse[None, None], size=(32, 32), mode="bilinear", align_corners=False)[0, 0]
    return {
        "kRefLogits": z[0].detach().tolist(),
        "kRefAlpha": alpha.tolist(),
        "kRefCoarse": coarse.flatten().tolist(),
        "kRefMap": up.flatten().tolist(),
        "kRefInputGrad": x.grad[0].flatten().tolist(),
    }

def write(vals):
    import torch
    print("// gradcam_ref.inc — made by tests/interop/gradcam_ref.py with torch %s:" % torch.__version__)
    print("//   /usr/bin/python3 tests/interop/gradcam_ref.py > tests/interop/gradcam_ref.inc")
    print("// class %d; the model's top class is %d. Do not edit: rerun the command." %
          (CLASS, max(range(10), key=lambda k: vals["kRefLogits"][k])))
    print("const int kRefClass = %d;" % CLASS)
    for name, v in vals.items():
        print("const float %s[%d] = {" % (name, len(v)))
        for i in range(0, len(v), 8):
            print("    " + " ".join("%.9g," % f for f in v[i:i + 8]))
        print("};")

def read(path):
    text = open(path).read()
    out = {}
    for m in re.finditer(r"const float (\w+)\[\d+\] = \{([^}]*)\}", text):
        out[m.group(1)] = [float(s) for s in m.group(2).replace(",", " ").split()]
    return out

def check(path):
    got, want = compute(), read(path)
    ok = set(got) == set(want)
    for name in got:
        g, w = got[name], want.get(name, [])
        scale = max([abs(v) for v in w] + [1e-30])
        err = max([abs(a - b) for a, b in zip(g, w)] + [0.0]) / scale
        same = len(g) == len(w) and err <= 1e-5
        print("%-14s %5d values, max difference %.2e of the largest: %s" % (name, len(g), err, "ok" if same else "DIFFERENT"))
        ok = ok and same
    return 0 if ok else 1

if __name__ == "__main__":
    try:
        import torch  # noqa: F401
    except ImportError:
        print("torch is not installed for %s: skipped (Debian: python3-torch)" % sys.executable)
        sys.exit(77)
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        sys.exit(check(sys.argv[2]))
    write(compute())
