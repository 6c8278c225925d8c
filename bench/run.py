#!/usr/bin/python3
"""run.py — runs every configuration of the benchmark side by side and prints the table
(called by bench/run.sh after it has built everything; see bench/README.md).

Each configuration runs in R interleaved rounds (native 1t, native 2t, wasm ..., PyTorch,
tfjs, then again), each round a fresh process with a warm-up and a few timed windows, so
a burst of background load lands on every row alike. A row reports the median, min and
max images/s over all its windows. Ratios are taken within each round (median of the
rounds' ratios, which decides "met") and from the pooled medians."""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NODE = ["node", "--no-experimental-fetch"]


def configs(build_root, quick):
    b = lambda p, exe: os.path.join(build_root, p, "bench", exe)
    # (key, label, command, batches per training window)
    w = 2 if quick else 1
    return [
        ("native-1", "native, 1 thread", [b("native", "cnn-bench"), "--threads", "1"], 25 // w),
        ("native-2", "native, 2 threads", [b("native", "cnn-bench"), "--threads", "2"], 25 // w),
        ("wasm-2", "WASM SIMD + threads, 2 threads", NODE + [b("wasm", "cnn-bench.js"), "--threads", "2"], 12 // w),
        ("wasm-st", "WASM SIMD, 1 thread (no pthreads)", NODE + [b("wasm-st", "cnn-bench.js"), "--threads", "1"], 8 // w),
        ("wasm-scalar", "WASM scalar (no SIMD), 1 thread", NODE + [b("wasm-scalar", "cnn-bench.js"), "--threads", "1"], 3),
        ("torch-1", "PyTorch CPU, 1 thread", ["/usr/bin/python3", os.path.join(HERE, "torch_bench.py"), "--threads", "1"], 25 // w),
        ("torch-2", "PyTorch CPU, 2 threads", ["/usr/bin/python3", os.path.join(HERE, "torch_bench.py"), "--threads", "2"], 25 // w),
        ("tfjs", "TensorFlow.js WASM (inference), 1 thread", NODE + [os.path.join(HERE, "tfjs_bench.js")], 0),
        # The threaded playground in headless Chromium at its default settings (threads too),
        # trained on its bundled subset; 40 batches stand for its warm-up of 20. Plain node:
        # playwright needs fetch's Headers.
        ("page", "the page (threaded, headless Chromium), default settings",
         ["node", os.path.join(HERE, "page_bench.mjs"), "--dist", os.path.join(build_root, "web-dist")], 40),
    ]


def parse_list(s):
    return [] if s in ("-", "") else [float(v) for v in s.split(",")]


def run(cmd, log):
    p = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log.write("$ " + " ".join(cmd) + "\n" + p.stdout + "\n")
    log.flush()
    if p.returncode != 0:
        sys.exit(f"run.py: failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout[-2000:]}")
    m = re.search(r"^RESULT \S+ threads=\d+ train=(\S+) infer=(\S+) rss_kb=(\d+)", p.stdout, re.M)
    if not m:
        sys.exit(f"run.py: no RESULT line from {' '.join(cmd)}\n{p.stdout[-2000:]}")
    return parse_list(m.group(1)), parse_list(m.group(2)), p.stdout


def stat(v):
    return (statistics.median(v), min(v), max(v)) if v else None


def fmt(s):
    return "—" if s is None else f"{s[0]:7.0f} [{s[1]:.0f}–{s[2]:.0f}]"


def cpu_name():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def peak_rss_training(build_root, log):
    """Peak RSS of cnn-train alone (os.wait4 on that child; RUSAGE_CHILDREN would report the
    largest of every child so far, Node and PyTorch included): 1 epoch on all 50,000
    images, 2 threads."""
    exe = os.path.join(build_root, "native", "cnn-train")
    cmd = [exe, "--epochs", "1", "--threads", "2", "--quiet"]
    t0 = time.time()
    with tempfile.TemporaryFile(mode="w+") as out:
        p = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, text=True)
        _, status, ru = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        secs = time.time() - t0
        out.seek(0)
        text = out.read()
    log.write("$ " + " ".join(cmd) + "\n" + text + "\n")
    if p.returncode != 0:
        sys.exit(f"run.py: cnn-train failed:\n{text[-2000:]}")
    return ru.ru_maxrss, secs, text.strip().splitlines()[-1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-root", default="build")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="1 round, shorter windows")
    ap.add_argument("--profile", action="store_true", help="also per-layer time shares (native 1/2 threads, wasm)")
    ap.add_argument("--no-rss", action="store_true", help="skip the 50,000-image peak-RSS run")
    ap.add_argument("--only", default="", help="comma-separated keys to run (e.g. native-2,torch-2)")
    ap.add_argument("--no-build", action="store_true", help="(run.sh's flag)")
    ap.add_argument("--exe", action="append", default=[],
                    help="KEY=PATH: use this cnn-bench(.js) for configuration KEY (e.g. wasm-2=/tmp/x/cnn-bench.js)")
    a = ap.parse_args()
    rounds = 1 if a.quick else a.rounds
    br = a.build_root if os.path.isabs(a.build_root) else os.path.join(ROOT, a.build_root)
    cfgs = configs(br, a.quick)
    over = dict(e.split("=", 1) for e in a.exe)
    swap = lambda k, c: [over[k] if x.endswith(("cnn-bench", "cnn-bench.js")) else x for x in c] if k in over else c
    cfgs = [(k, l, swap(k, c), b) for k, l, c, b in cfgs]
    if a.only:
        keep = set(a.only.split(","))
        cfgs = [c for c in cfgs if c[0] in keep]
    os.makedirs(os.path.join(br, "bench-logs"), exist_ok=True)
    log_path = os.path.join(br, "bench-logs", time.strftime("bench-%Y%m%d-%H%M%S.log"))
    log = open(log_path, "w")
    data = os.environ.get("CIFAR10_DIR", "")
    cpu = cpu_name()
    print(f"Benchmark: the tutorial's model, batch 32, Adam, CIFAR-10 ({data}); {cpu}, {os.cpu_count()} cores;"
          f" {rounds} round(s); log {log_path}", flush=True)
    t_start = time.time()
    res = {c[0]: ([], []) for c in cfgs}
    by_round = {c[0]: [] for c in cfgs}  # per round: (median training, median inference)
    per_round_windows = 3 if rounds > 1 else 5
    for r in range(rounds):
        for key, label, cmd, batches in cfgs:
            extra = ["--data", data, "--infer-windows", str(per_round_windows), "--label", key]
            if batches:
                extra += ["--windows", str(per_round_windows), "--batches", str(batches),
                          "--warmup", str(max(3, batches // 2))]
            tr, inf, _ = run(cmd + extra, log)
            res[key][0].extend(tr)
            res[key][1].extend(inf)
            by_round[key].append((stat(tr)[0] if tr else None, stat(inf)[0] if inf else None))
            print(f"  round {r + 1}/{rounds} {label:42s} train {fmt(stat(tr))}  infer {fmt(stat(inf))}", flush=True)

    S = {k: (stat(v[0]), stat(v[1])) for k, v in res.items()}
    med = lambda k, i: S[k][i][0] if k in S and S[k][i] else None
    pt_tr, pt_inf = med("torch-2", 0), med("torch-2", 1)
    print()
    print(f"CPU: {cpu} ({os.cpu_count()} cores). images/s: median [min–max] over {rounds * per_round_windows} windows.")
    print()
    print("| configuration | training images/s | inference images/s | training ÷ PyTorch 2t | inference ÷ PyTorch 2t |")
    print("|---|---|---|---|---|")
    for key, label, _, _ in cfgs:
        tr, inf = S[key]
        rt = f"{tr[0] / pt_tr:.2f}×" if tr and pt_tr else "—"
        ri = f"{inf[0] / pt_inf:.2f}×" if inf and pt_inf else "—"
        print(f"| {label} | {fmt(tr).strip()} | {fmt(inf).strip()} | {rt} | {ri} |")
    print()

    def ratio(a_, b_):
        return a_ / b_ if a_ and b_ else None

    # Each ratio two ways: within every round (the two rows ran minutes apart at most, so a
    # change in the machine's speed between rounds cancels), reported as the median of the
    # rounds' ratios with their range; and from the pooled medians of all windows.
    def per_round(ka, ia, kb, ib):
        if ka not in by_round or kb not in by_round:
            return []
        return [x[ia] / y[ib] for x, y in zip(by_round[ka], by_round[kb]) if x[ia] and y[ib]]

    # The bars of the speed work now under way (native 2x and WASM 1x PyTorch's 2 threads, WASM
    # inference 1.5x TensorFlow.js, the page 0.9x Node); SIMD ÷ scalar and native inference are
    # the earlier rounds' bars, still held.
    targets = [
        ("native 2t training ÷ PyTorch 2t", ("native-2", 0, "torch-2", 0), 2.0),
        ("WASM SIMD+threads 2t training ÷ PyTorch 2t", ("wasm-2", 0, "torch-2", 0), 1.0),
        ("native training 2t ÷ 1t", ("native-2", 0, "native-1", 0), 1.7),
        ("WASM training 2t ÷ 1t (wasm ÷ wasm-st)", ("wasm-2", 0, "wasm-st", 0), 1.7),
        ("WASM SIMD ÷ scalar training, 1t", ("wasm-st", 0, "wasm-scalar", 0), 2.5),
        ("WASM SIMD ÷ scalar inference, 1t", ("wasm-st", 1, "wasm-scalar", 1), 2.5),
        ("native 2t inference ÷ PyTorch 2t", ("native-2", 1, "torch-2", 1), 1.0),
        ("native 1t inference ÷ PyTorch 1t", ("native-1", 1, "torch-1", 1), 1.0),
        ("WASM 1t inference ÷ TensorFlow.js WASM 1t", ("wasm-st", 1, "tfjs", 1), 1.5),
        ("the page training ÷ WASM 2t in Node (same build)", ("page", 0, "wasm-2", 0), 0.9),
        ("PyTorch training 2t ÷ 1t (for reference)", ("torch-2", 0, "torch-1", 0), None),
    ]
    print("| ratio | within each round: median [min–max] | pooled medians | target | met |")
    print("|---|---|---|---|---|")
    for name, (ka, ia, kb, ib), tgt in targets:
        rr = per_round(ka, ia, kb, ib)
        pooled = ratio(med(ka, ia), med(kb, ib))
        if not rr and pooled is None:
            continue
        v = statistics.median(rr) if rr else pooled
        within = f"{v:.2f}× [{min(rr):.2f}–{max(rr):.2f}]" if rr else "—"
        met = "" if tgt is None else ("yes" if v >= tgt else "no")
        pooled_s = f"{pooled:.2f}×" if pooled else "—"
        print(f"| {name} | {within} | {pooled_s} | {'' if tgt is None else f'≥ {tgt}×'} | {met} |")
    print(flush=True)

    if a.profile:
        prof = [("native, 1 thread", [os.path.join(br, "native", "bench", "cnn-bench"), "--threads", "1"]),
                ("native, 2 threads", [os.path.join(br, "native", "bench", "cnn-bench"), "--threads", "2"]),
                ("WASM SIMD, 1 thread", NODE + [os.path.join(br, "wasm-st", "bench", "cnn-bench.js"), "--threads", "1"]),
                ("WASM SIMD + threads, 2 threads", NODE + [os.path.join(br, "wasm", "bench", "cnn-bench.js"), "--threads", "2"])]
        for label, cmd in prof:
            _, _, out = run(cmd + ["--data", data, "--no-train", "--no-infer", "--profile", "--batches", "30"], log)
            print(f"Profile, {label}:")
            print("\n".join(l for l in out.splitlines() if l.startswith("    ")))
            print(flush=True)

    if not a.no_rss:
        kb, secs, last = peak_rss_training(br, log)
        print(f"Peak RSS, native cnn-train, 1 epoch on all 50,000 images + validation on 10,000, 2 threads: "
              f"{kb / 1024:.0f} MB (target < 400 MB; {secs:.0f} s; {last.strip()})")
    print(f"Bench wall time: {time.time() - t_start:.0f} s")


if __name__ == "__main__":
    main()
