#!/usr/bin/python3
"""torch_bench.py — the PyTorch CPU baseline of bench/run.sh: the tutorial's model with the
same initialisation (Glorot uniform, zero bias), batch (32), optimizer (Adam, lr 1e-3,
eps 1e-7 as Keras) and CIFAR-10 images as cnn-bench, timed the same way (warm-up, then the
median, min and max images/s of several windows). Prints one RESULT line like cnn-bench (images/s of every window).
Not here: accuracy. Needs Debian's python3-torch (run with /usr/bin/python3)."""
import argparse
import os
import statistics
import time

import numpy as np
import torch
import torch.nn as nn


def load_images(data_dir, n):
    recs = []
    for i in range(1, 6):
        raw = np.fromfile(os.path.join(data_dir, f"data_batch_{i}.bin"), dtype=np.uint8).reshape(-1, 3073)
        recs.append(raw)
        if sum(len(r) for r in recs) >= n:
            break
    raw = np.concatenate(recs)[:n]
    x = raw[:, 1:].reshape(-1, 3, 32, 32).astype(np.float32) / 255.0
    y = raw[:, 0].astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


def tutorial_model():
    m = nn.Sequential(
        nn.Conv2d(3, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 64, 3), nn.ReLU(),
        nn.Flatten(), nn.Linear(1024, 64), nn.ReLU(), nn.Linear(64, 10))
    for mod in m.modules():
        if isinstance(mod, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(mod.weight)  # Glorot uniform, as Keras and this project
            nn.init.zeros_(mod.bias)
    return m


def stats(v):
    return statistics.median(v), min(v), max(v)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.environ.get("CIFAR10_DIR", ""))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--label", default="pytorch")
    ap.add_argument("--images", type=int, default=2048)
    ap.add_argument("--warmup", type=int, default=15)
    ap.add_argument("--windows", type=int, default=5)
    ap.add_argument("--batches", type=int, default=25)
    ap.add_argument("--infer-batch", type=int, default=100)
    ap.add_argument("--infer-windows", type=int, default=5)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)  # explicit: Debian's build defaults to 1 here
    torch.manual_seed(1)
    x, y = load_images(a.data, a.images)
    n = len(x)
    model = tutorial_model()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    lossf = nn.CrossEntropyLoss()
    B = 32
    cursor = [0]

    def batch(k):
        idx = torch.arange(cursor[0], cursor[0] + k) % n
        cursor[0] = (cursor[0] + k) % n
        return x[idx], y[idx]

    def step():
        xb, yb = batch(B)
        opt.zero_grad(set_to_none=False)
        loss = lossf(model(xb), yb)
        loss.backward()
        opt.step()

    print(f"torch-bench {a.label}: torch {torch.__version__}, {torch.get_num_threads()} threads, {n} images")
    model.train()
    for _ in range(a.warmup):
        step()
    ips = []
    for _ in range(a.windows):
        t0 = time.perf_counter()
        for _ in range(a.batches):
            step()
        ips.append(a.batches * B / (time.perf_counter() - t0))
    tr_w = ips
    tr = stats(ips)
    print(f"  train  {tr[0]:8.0f} images/s (median of {a.windows} windows; min {tr[1]:.0f}, max {tr[2]:.0f})")

    model.eval()
    ib = a.infer_batch
    nb = max(1, 3200 // ib)
    ips = []
    with torch.no_grad():
        for _ in range(3):
            model(batch(ib)[0])
        for _ in range(a.infer_windows):
            t = 0.0
            for _ in range(nb):
                xb, _ = batch(ib)
                t0 = time.perf_counter()
                p = torch.softmax(model(xb), dim=1)  # probabilities, as cnn-bench's forward
                t += time.perf_counter() - t0
            ips.append(nb * ib / t)
    inf = stats(ips)
    print(f"  infer  {inf[0]:8.0f} images/s (median of {a.infer_windows} windows of {nb} batches of {ib}; "
          f"min {inf[1]:.0f}, max {inf[2]:.0f})")
    lst = lambda v: ",".join(f"{w:.1f}" for w in v)
    print(f"RESULT {a.label} threads={a.threads} train={lst(tr_w)} infer={lst(ips)} rss_kb=0")


if __name__ == "__main__":
    main()
