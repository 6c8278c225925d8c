// tfjs_import.mjs — the TF.js import against TensorFlow.js itself. Builds three Layers models
// with @tensorflow/tfjs in Node (random weights: tf's default initializers, biases made
// non-zero), saves each as model.json + weights.bin the way tf.io's file saves lay them out,
// has cnn-train import and run it on the first 500 CIFAR-10 test images, and compares the last
// layer's outputs with model.predict: max |difference| within 1e-4 and the same top-1 class
// (a class whose tfjs score ties the best within 1e-4 also counts as the same).
//   1. the tutorial's model: Conv32-Pool-Conv64-Pool-Conv64-Flatten-Dense64-Dense10 softmax
//   2. 'same' padding, stride 2, average pooling, tanh/sigmoid, no bias, Activation, Dropout,
//      a final Dense without softmax (raw scores)
//   3. an explicit InputLayer, a 5×5 linear conv, pooling with stride ≠ size, softmax Activation
// Not here: the refusals (tests/test_tfjs_import.cpp) and hostile files (tests/fuzz/fuzz_tfjs.cpp).
// Usage: node tests/interop/tfjs_import.mjs [CNN_TRAIN]   (default build/native/cnn-train; CTest
// passes it). Data: $CIFAR10_DIR, else ../shared/cifar10 beside the repository; without
// test_batch.bin every check is skipped. Last line: "tfjs_import: N passed, M failed, K skipped";
// exits non-zero on failure.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(path.join(ROOT, "package.json"));
const tf = require("@tensorflow/tfjs");

const N = 500, TOL = 1e-4;
const DATA = process.env.CIFAR10_DIR || path.join(ROOT, "../shared/cifar10");
const TRAIN = path.resolve(process.argv[2] || path.join(ROOT, "build/native/cnn-train"));
let passed = 0, failed = 0, skipped = 0;
const check = (ok, what) => {
  console.log(`${ok ? "PASS" : "FAIL"}  ${what}`);
  ok ? passed++ : failed++;
};

// The first n records of test_batch.bin as NHWC floats scaled to 0..1 (the file holds R, G, B planes).
function cifarNHWC(n) {
  const bytes = fs.readFileSync(path.join(DATA, "test_batch.bin"));
  if (bytes.length < n * 3073) throw new Error(`test_batch.bin holds fewer than ${n} images`);
  const x = new Float32Array(n * 3072);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < 3; c++)
      for (let p = 0; p < 1024; p++) x[(i * 1024 + p) * 3 + c] = bytes[i * 3073 + 1 + c * 1024 + p] / 255;
  return x;
}

const layers = tf.layers;
function tutorial() {
  return tf.sequential({ layers: [
    layers.conv2d({ inputShape: [32, 32, 3], filters: 32, kernelSize: 3, activation: "relu" }),
    layers.maxPooling2d({ poolSize: 2 }),
    layers.conv2d({ filters: 64, kernelSize: 3, activation: "relu" }),
    layers.maxPooling2d({ poolSize: 2 }),
    layers.conv2d({ filters: 64, kernelSize: 3, activation: "relu" }),
    layers.flatten(),
    layers.dense({ units: 64, activation: "relu" }),
    layers.dense({ units: 10, activation: "softmax" }),
  ] });
}
function variant() {
  return tf.sequential({ layers: [
    layers.conv2d({ inputShape: [32, 32, 3], filters: 16, kernelSize: 3, strides: 2, padding: "same", activation: "tanh" }),
    layers.averagePooling2d({ poolSize: 2 }),
    layers.conv2d({ filters: 24, kernelSize: 3, padding: "same", activation: "sigmoid", useBias: false }),
    layers.maxPooling2d({ poolSize: 3, strides: 2 }),
    layers.activation({ activation: "relu" }),
    layers.flatten(),
    layers.dropout({ rate: 0.25 }),
    layers.dense({ units: 32, activation: "tanh" }),
    layers.dense({ units: 10 }),
  ] });
}
function withInputLayer() {
  return tf.sequential({ layers: [
    layers.inputLayer({ inputShape: [32, 32, 3] }),
    layers.conv2d({ filters: 8, kernelSize: 5 }),
    layers.averagePooling2d({ poolSize: 3, strides: 2 }),
    layers.activation({ activation: "sigmoid" }),
    layers.flatten(),
    layers.dense({ units: 10 }),
    layers.activation({ activation: "softmax" }),
  ] });
}

// Biases are zero after tf's init: give them values, so their order is tested too.
function randomBiases(model) {
  model.setWeights(model.getWeights().map((w) => (w.shape.length === 1 ? tf.randomNormal(w.shape, 0, 0.1, "float32", 7) : w)));
}

// model.json + weights.bin in dir, as tf.io's file saves lay them out.
async function save(model, dir) {
  let artifacts;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
  }));
  const data = Array.isArray(artifacts.weightData) ? tf.io.concatenateArrayBuffers(artifacts.weightData) : artifacts.weightData;
  fs.writeFileSync(path.join(dir, "weights.bin"), Buffer.from(data));
  const json = {
    modelTopology: artifacts.modelTopology, format: artifacts.format, generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy, weightsManifest: [{ paths: ["weights.bin"], weights: artifacts.weightSpecs }],
  };
  fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify(json));
}

// The project's outputs (N, classes) through cnn-train, or null (the failure is reported).
function projectOutputs(dir, name) {
  const out = path.join(dir, "outputs.f32");
  const r = spawnSync(TRAIN, ["--load", path.join(dir, "model.json"), "--evaluate", "--test-limit", String(N),
    "--train-limit", "10", "--threads", "1", "--outputs", out, "--data", DATA], { encoding: "utf8" });
  if (r.status !== 0) {
    check(false, `${name}: cnn-train exited ${r.status}: ${(r.stderr || r.error || "").toString().trim()}`);
    return null;
  }
  const b = fs.readFileSync(out);
  return new Float32Array(b.buffer, b.byteOffset, b.length / 4);
}

const argmax = (a, s, k) => { let best = s; for (let i = s; i < s + k; i++) if (a[i] > a[best]) best = i; return best - s; };

function compare(name, want, got, classes) {
  if (got.length !== want.length) return check(false, `${name}: ${got.length} outputs, tfjs has ${want.length}`);
  let worst = 0, top1 = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i] - got[i]));
  for (let n = 0; n < want.length / classes; n++) {
    const t = argmax(want, n * classes, classes), p = argmax(got, n * classes, classes);
    if (t === p || want[n * classes + t] - want[n * classes + p] <= TOL) top1++;
  }
  check(worst <= TOL, `${name}: max |difference| ${worst.toExponential(2)} over ${want.length} outputs (tolerance ${TOL})`);
  check(top1 === N, `${name}: top-1 class the same on ${top1} of ${N} images`);
}

async function main() {
  const x = tf.tensor4d(cifarNHWC(N), [N, 32, 32, 3]);
  const cases = [["tutorial", tutorial], ["same/stride/avgpool/tanh/sigmoid, raw scores", variant], ["InputLayer, 5x5 linear", withInputLayer]];
  for (const [name, build] of cases) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tfjs_import_"));
    try {
      tf.setBackend("cpu");
      const model = build();
      randomBiases(model);
      await save(model, dir);
      const want = model.predict(x, { batchSize: 100 }).dataSync();
      const got = projectOutputs(dir, name);
      if (got) compare(name, want, got, 10);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

if (!fs.existsSync(path.join(DATA, "test_batch.bin"))) {
  skipped++;
  console.log(`SKIP  every check  (no ${path.join(DATA, "test_batch.bin")}: set CIFAR10_DIR)`);
} else {
  try {
    await main();
  } catch (e) {
    check(false, `error: ${e.message}`);
  }
}
console.log(`tfjs_import: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
