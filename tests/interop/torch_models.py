"""PyTorch's side of tests/interop/onnx.mjs (Debian's python3-torch, run as /usr/bin/python3).

  torch_models.py make DIR TEST_BATCH N
      builds the import test's models with torch (seeded), writes DIR/<name>.onnx with
      torch.onnx.export (opset 13, dynamic batch) and DIR/<name>.torch.npy, the model's
      outputs on the first N images of the CIFAR-10 batch file.
  torch_models.py run DIR TEST_BATCH N NAME...
      loads each exported DIR/NAME.py (the project's PyTorch export) and writes its outputs
      on the same images to DIR/NAME.torch.npy.
"""
import importlib.util
import sys

import numpy as np
import torch
from torch import nn


def images(path, n):
    raw = np.fromfile(path, dtype=np.uint8).reshape(-1, 3073)[:n]
    return torch.from_numpy(raw[:, 1:].reshape(-1, 3, 32, 32).astype(np.float32) / 255)


def models():
    """The models PyTorch builds and exports for the import test, by name (lambdas: each is
    built after seeding, with PyTorch's default initialisation)."""
    return {
        "torch_tutorial": lambda: nn.Sequential(
            nn.Conv2d(3, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 64, 3), nn.ReLU(), nn.Flatten(),
            nn.Linear(1024, 64), nn.ReLU(), nn.Linear(64, 10), nn.Softmax(dim=1)),
        "torch_strided": lambda: nn.Sequential(
            nn.Conv2d(3, 16, 5, stride=2, padding=2), nn.Tanh(), nn.AvgPool2d(2),
            nn.Conv2d(16, 8, 3, padding=1), nn.Sigmoid(), nn.MaxPool2d(3, stride=2),
            nn.Flatten(), nn.Linear(8 * 3 * 3, 10)),
        "torch_unsupported": lambda: nn.Sequential(
            nn.Conv2d(3, 8, 3), nn.LeakyReLU(0.1), nn.Flatten(), nn.Linear(8 * 30 * 30, 10)),
    }


def make(folder, batch, n):
    x = images(batch, n)
    for name, build in models().items():
        torch.manual_seed(sum(map(ord, name)))
        model = build().eval()
        torch.onnx.export(model, x[:1], f"{folder}/{name}.onnx", opset_version=13,
                          input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "N"}, "output": {0: "N"}})
        with torch.no_grad():
            np.save(f"{folder}/{name}.torch.npy", model(x).numpy())


def run(folder, batch, n, names):
    x = images(batch, n)
    for name in names:
        spec = importlib.util.spec_from_file_location(name, f"{folder}/{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        with torch.no_grad():
            np.save(f"{folder}/{name}.torch.npy", module.load()(x).numpy())


if __name__ == "__main__":
    torch.set_num_threads(2)
    if sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        run(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:])
