// onnx.mjs — the model exports and the ONNX import, each checked by its own runtime:
//   ONNX export:    six models trained briefly by cnn-train, exported with --export M.onnx, run
//                   by ONNX Runtime (onnxruntime-node) on 500 CIFAR-10 test images: outputs
//                   within 1e-4 of cnn-train's own (--outputs), top-1 the same on every image;
//   PyTorch export: the same models as M.py + M.npz, run by Debian's PyTorch: within 1e-4;
//   round trip:     M.onnx imported (--load M.onnx) gives bit-identical outputs, and exported
//                   again gives the same bytes (same spec, same weights);
//   ONNX import:    models built and exported by PyTorch (torch.onnx.export) give PyTorch's
//                   outputs within 1e-4;
//   bad files:      truncated, corrupted, an unsupported operator: exit 2, one line naming it.
// Usage: node tests/interop/onnx.mjs CNN_TRAIN [--data DIR]   (DIR: $CIFAR10_DIR, else
// ../shared/cifar10 beside the repository)
// Closes with "onnx: N passed, M failed, K skipped"; without data everything is skipped.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const CNN = path.resolve(args[0] || "build/native/cnn-train");
const DATA = args.includes("--data") ? args[args.indexOf("--data") + 1]
  : process.env.CIFAR10_DIR || path.join(HERE, "../../../shared/cifar10");
const PY = "/usr/bin/python3";  // Debian's, with python3-torch (not a pyenv shim)
const N = 500, TOL = 1e-4;
const tally = { passed: 0, failed: 0, skipped: 0 };
const check = (name, ok, detail = "") => {
  ok ? tally.passed++ : tally.failed++;
  console.log(`${ok ? "PASS" : "FAIL"}  ${name}${detail ? "  (" + detail + ")" : ""}`);
};
const finish = () => {
  console.log(`onnx: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
  process.exit(tally.failed ? 1 : 0);
};

// The six exported models: the tutorial's and five that cover the other attributes.
const MODELS = {
  tutorial: "conv(32,3,relu) maxpool(2) conv(64,3,relu) maxpool(2) conv(64,3,relu) flatten dense(64,relu) dense(10,softmax)",
  strides_same: "conv(16,3,stride=2,pad=same,relu) conv(16,4,pad=same,relu) maxpool(2) flatten dense(10,softmax)",
  numeric_pad: "conv(8,5,pad=2,relu) maxpool(2) conv(8,3,pad=1,relu) maxpool(3,stride=2) flatten dense(10,softmax)",
  avgpool: "conv(16,3,relu) avgpool(2) conv(16,3,relu) avgpool(3,stride=2) flatten dense(10,softmax)",
  tanh_sigmoid: "conv(8,3) relu maxpool(2) conv(8,3,tanh) sigmoid flatten dense(32,sigmoid) dense(10) softmax",
  no_softmax: "conv(8,3,relu) maxpool(2) flatten dense(10)",
};

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { encoding: "utf8", maxBuffer: 1 << 26 });
  return { code: r.status, out: r.stdout || "", err: (r.stderr || "").trim() };
}
function cnn(...argv) {
  const r = run(CNN, argv);
  if (r.code !== 0) throw new Error(`cnn-train ${argv.join(" ")}: exit ${r.code}: ${r.err}`);
  return r;
}
const f32 = (file) => { const b = fs.readFileSync(file); return new Float32Array(b.buffer, b.byteOffset, b.length / 4); };

// numpy .npy (float32, C order) values.
function npy(file) {
  const b = fs.readFileSync(file);
  const hlen = b.readUInt16LE(8);
  const body = b.subarray(10 + hlen);
  return new Float32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.length));
}

// Max difference and the images whose top-1 differs, for (N, classes) outputs.
function compare(a, b, classes) {
  if (a.length !== b.length) return { diff: Infinity, top1: -1 };
  let diff = 0, top1 = 0;
  for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
  const argmax = (v, i) => { let k = 0; for (let c = 1; c < classes; c++) if (v[i * classes + c] > v[i * classes + k]) k = c; return k; };
  for (let i = 0; i < a.length / classes; i++) top1 += argmax(a, i) !== argmax(b, i);
  return { diff, top1 };
}
const agrees = (c) => c.diff <= TOL && c.top1 === 0;
const says = (c) => `max |difference| ${c.diff.toExponential(2)}, top-1 differs on ${c.top1} of ${N}`;

function images() {
  const raw = fs.readFileSync(path.join(DATA, "test_batch.bin"));
  const x = new Float32Array(N * 3072);
  for (let i = 0; i < N; i++) for (let j = 0; j < 3072; j++) x[i * 3072 + j] = raw[i * 3073 + 1 + j] / 255;
  return x;
}

async function ortOutputs(ort, file, x) {
  const s = await ort.InferenceSession.create(file);
  const r = await s.run({ [s.inputNames[0]]: new ort.Tensor("float32", x, [N, 3, 32, 32]) });
  return r[s.outputNames[0]].data;
}

// Train briefly, save, export ONNX and PyTorch, and keep cnn-train's own outputs.
function makeModel(dir, name, spec) {
  const m = path.join(dir, name);
  cnn("--data", DATA, "--model", spec, "--epochs", "1", "--train-limit", "1000", "--test-limit", String(N),
      "--threads", "2", "--quiet", "--save", `${m}.cnn`, "--export", `${m}.onnx`, "--outputs", `${m}.f32`);
  cnn("--load", `${m}.cnn`, "--export", `${m}.py`);
  return m;
}

async function exports(ort, dir, x) {
  for (const [name, spec] of Object.entries(MODELS)) {
    const m = makeModel(dir, name, spec);
    const own = f32(`${m}.f32`), classes = 10;
    const c = compare(await ortOutputs(ort, `${m}.onnx`, x), own, classes);
    check(`ONNX export, ${name}: ONNX Runtime agrees with cnn-train on ${N} images`, agrees(c), says(c));
    cnn("--data", DATA, "--load", `${m}.onnx`, "--evaluate", "--test-limit", String(N), "--train-limit", "10",
        "--quiet", "--outputs", `${m}.rt.f32`, "--export", `${m}.rt.onnx`);
    const same = Buffer.compare(fs.readFileSync(`${m}.f32`), fs.readFileSync(`${m}.rt.f32`)) === 0;
    const bytes = Buffer.compare(fs.readFileSync(`${m}.onnx`), fs.readFileSync(`${m}.rt.onnx`)) === 0;
    check(`round trip, ${name}: imported outputs bit-identical, re-export byte-identical`, same && bytes,
          `outputs ${same ? "identical" : "differ"}, ONNX bytes ${bytes ? "identical" : "differ"}`);
  }
  const torch = run(PY, [path.join(HERE, "torch_models.py"), "run", dir, path.join(DATA, "test_batch.bin"), String(N),
                         ...Object.keys(MODELS)]);
  check("PyTorch runs every exported model.py", torch.code === 0, torch.err.split("\n").slice(-2).join(" "));
  for (const name of Object.keys(MODELS)) {
    if (torch.code !== 0) break;
    const c = compare(npy(path.join(dir, `${name}.torch.npy`)), f32(path.join(dir, `${name}.f32`)), 10);
    check(`PyTorch export, ${name}: PyTorch agrees with cnn-train on ${N} images`, agrees(c), says(c));
  }
}

// expect a refusal: exit 2 and one stderr line matching the pattern.
function refuses(name, file, pattern) {
  const r = run(CNN, ["--data", DATA, "--load", file, "--evaluate", "--test-limit", "10", "--quiet"]);
  const lines = r.err.split("\n").filter(Boolean).length;
  check(`refused: ${name}`, r.code === 2 && lines === 1 && pattern.test(r.err), `exit ${r.code}: ${r.err}`);
}

function imports(dir) {
  const made = run(PY, [path.join(HERE, "torch_models.py"), "make", dir, path.join(DATA, "test_batch.bin"), String(N)]);
  check("PyTorch builds and exports the import test's models (torch.onnx.export)", made.code === 0,
        made.err.split("\n").slice(-2).join(" "));
  if (made.code !== 0) return;
  for (const name of ["torch_tutorial", "torch_strided"]) {
    const m = path.join(dir, name);
    cnn("--data", DATA, "--load", `${m}.onnx`, "--evaluate", "--test-limit", String(N), "--train-limit", "10",
        "--quiet", "--outputs", `${m}.f32`);
    const c = compare(f32(`${m}.f32`), npy(`${m}.torch.npy`), 10);
    check(`ONNX import, ${name} (made by PyTorch): cnn-train agrees with PyTorch on ${N} images`, agrees(c), says(c));
  }
  refuses("an unsupported operator (LeakyRelu), named with its node", path.join(dir, "torch_unsupported.onnx"),
          /torch_unsupported\.onnx: layer '.*LeakyRelu' is a LeakyRelu/);
  const good = fs.readFileSync(path.join(dir, "torch_tutorial.onnx"));
  fs.writeFileSync(path.join(dir, "truncated.onnx"), good.subarray(0, good.length >> 1));
  refuses("a truncated ONNX file", path.join(dir, "truncated.onnx"), /truncated\.onnx: not a valid ONNX file \(damaged or cut short near byte \d+\)/);
  const bad = Buffer.from(good);
  for (let i = 0; i < 64; i++) bad[(i * 7919) % 400] ^= 0xa5;  // the graph's first nodes garbled
  fs.writeFileSync(path.join(dir, "corrupted.onnx"), bad);
  refuses("a corrupted ONNX file", path.join(dir, "corrupted.onnx"), /corrupted\.onnx: /);
  fs.writeFileSync(path.join(dir, "notes.onnx"), "these are my notes, not a model\n");
  refuses("a text file named .onnx", path.join(dir, "notes.onnx"), /notes\.onnx: not a valid ONNX file/);
}

async function main() {
  if (!DATA || !fs.existsSync(path.join(DATA, "test_batch.bin"))) {
    tally.skipped++;
    console.log("SKIP  every check  (no CIFAR-10 data: set CIFAR10_DIR)");
    return finish();
  }
  const ort = (await import("onnxruntime-node")).default;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cnn-onnx-"));
  try {
    await exports(ort, dir, images());
    imports(dir);
  } catch (e) {
    check("the run completed", false, e.message);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  finish();
}
main();
