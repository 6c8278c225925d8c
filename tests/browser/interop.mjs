// interop.mjs — the model leaves the page and comes back, in headless Chromium: a model
// trained a few batches is exported as ONNX (playground.exportModel, what the Model panel's
// Export... > ONNX does); ONNX Runtime (onnxruntime-node) runs the downloaded file on the
// page's first test images and agrees with the page's predictions; the file dropped into a
// fresh page becomes its model, with the same predictions; the PyTorch and Keras exports
// download as zips holding the code and its weights; a damaged .onnx dropped in is refused
// with the current model kept, and so is one with an operator this program lacks (its note in
// both languages); a Layers model built and saved by
// TensorFlow.js in Node, dropped in as model.json + weights.bin, becomes the model and its
// predictions agree with tfjs's model.predict (test-output/browser/
// interop-refused-{en,zh}.png; the panel with its Export button: interop-model-{en,zh}.png).
// Usage: node tests/browser/interop.mjs [--dist DIR]
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import ort from "onnxruntime-node";
import { DIST, OUT, check, launch, openPage, runSuite, serve, state, waitFor, waitFrames, waitState } from "./lib.mjs";

const tf = createRequire(import.meta.url)("@tensorflow/tfjs");
const preds = (page) => page.evaluate(() => window.playground.predictions());

// Drops files onto the page as a user would: a drop event carrying File objects.
const drop = (page, files) => page.evaluate((list) => {
  const dt = new DataTransfer();
  for (const [name, b64] of list) dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name));
  window.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
}, files.map(([n, b]) => [n, Buffer.from(b).toString("base64")]));

async function download(page, call, arg) {
  const [dl] = await Promise.all([page.waitForEvent("download", { timeout: 30000 }), page.evaluate(call, arg)]);
  const file = path.join(OUT, dl.suggestedFilename());
  await dl.saveAs(file);
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(file) };
}

// The names of the files in a stored ZIP (local headers).
function zipNames(b) {
  const names = [];
  for (let i = 0; i + 30 <= b.length && b.readUInt32LE(i) === 0x04034b50;) {
    const size = b.readUInt32LE(i + 18), n = b.readUInt16LE(i + 26), extra = b.readUInt16LE(i + 28);
    names.push(b.toString("utf8", i + 30, i + 30 + n));
    i += 30 + n + extra + size;
  }
  return names;
}

// The first n images of the bundle's test subset as floats 0..1: NCHW (ONNX) or NHWC (tfjs).
function subset(n, nhwc) {
  const raw = fs.readFileSync(path.join(DIST, "data", "cifar10_test_subset.bin"));
  const x = new Float32Array(n * 3072);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < 3; c++)
      for (let p = 0; p < 1024; p++) x[i * 3072 + (nhwc ? p * 3 + c : c * 1024 + p)] = raw[i * 3073 + 1 + c * 1024 + p] / 255;
  return x;
}

// A tfjs Layers model (Keras's tutorial model with 'same' padding and average pooling) as
// model.json + weights.bin, and its probabilities on the first n test images.
async function tfjsModel(n) {
  tf.setBackend("cpu");
  const L = tf.layers;
  const m = tf.sequential({ layers: [
    L.conv2d({ inputShape: [32, 32, 3], filters: 16, kernelSize: 3, padding: "same", activation: "relu" }),
    L.averagePooling2d({ poolSize: 2 }), L.conv2d({ filters: 16, kernelSize: 3, activation: "relu" }),
    L.maxPooling2d({ poolSize: 2 }), L.flatten(), L.dense({ units: 32, activation: "relu" }),
    L.dense({ units: 10, activation: "softmax" })] });
  let art;
  await m.save(tf.io.withSaveHandler(async (a) => { art = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } }; }));
  const json = JSON.stringify({ modelTopology: art.modelTopology, format: art.format, generatedBy: art.generatedBy,
                                weightsManifest: [{ paths: ["weights.bin"], weights: art.weightSpecs }] });
  const probs = m.predict(tf.tensor4d(subset(n, true), [n, 32, 32, 3])).arraySync();
  return { json: Buffer.from(json), bin: Buffer.from(art.weightData), probs };
}

// ONNX Runtime on the first n images of the bundle's test subset (CIFAR-10 records).
async function ortTop(bytes, n) {
  const x = subset(n, false);
  const s = await ort.InferenceSession.create(bytes);
  const y = (await s.run({ [s.inputNames[0]]: new ort.Tensor("float32", x, [n, 3, 32, 32]) }))[s.outputNames[0]].data;
  return Array.from({ length: n }, (_, i) => Array.from(y.slice(i * 10, i * 10 + 10)));
}

// The page's top-3 against ONNX Runtime's probabilities: the largest difference.
function topDiff(first, probs) {
  let d = 0;
  first.forEach((p, i) => p.top.forEach(([k, v]) => { d = Math.max(d, Math.abs(probs[i][k] - v)); }));
  return d;
}

async function screenshotPanel(page, panel, file) {
  const r = (await state(page)).panels[panel];
  await page.screenshot({ path: path.join(OUT, file), clip: { x: r[0], y: r[1], width: r[2], height: r[3] } });
}

await runSuite(async () => {
  const srv = await serve();
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, srv.url);
    await page.evaluate(() => window.playground.step(120));
    await waitState(page, (s) => s.training.status === "paused" && s.training.steps === 120, 120000, 250, "120 batches trained");
    const before = await waitFor(() => preds(page), (p) => p.at_step === 120, 60000, "predictions after 120 batches");

    const onnx = await download(page, () => window.playground.exportModel("onnx"));
    check("Export > ONNX downloads cnn-playground.onnx", onnx.name === "cnn-playground.onnx" && onnx.bytes.length > 1000,
          `${onnx.name}, ${onnx.bytes.length} bytes`);
    const probs = await ortTop(onnx.bytes, before.first.length);
    const d = topDiff(before.first, probs);
    const top1 = before.first.every((p, i) => probs[i].indexOf(Math.max(...probs[i])) === p.pred);
    check(`ONNX Runtime runs the downloaded file and agrees with the page on ${before.first.length} test images`,
          d < 1e-4 && top1, `max |difference| ${d.toExponential(2)}, top-1 ${top1 ? "the same" : "differs"}`);

    for (const [fmt, zip] of [["pytorch", "cnn-playground-pytorch.zip"], ["keras", "cnn-playground-keras.zip"]]) {
      const f = await download(page, (x) => window.playground.exportModel(x), fmt);
      const names = zipNames(f.bytes);
      check(`Export > ${fmt}: ${zip} with the code and its weights`, f.name === zip &&
            names.join(",") === "cnn-playground.py,cnn-playground.npz", `${f.name}: ${names.join(", ")}`);
    }
    await page.evaluate(() => window.playground.setLanguage("en"));
    await waitFrames(page, 3);
    await screenshotPanel(page, "model", "interop-model-en.png");
    await page.evaluate(() => window.playground.setLanguage("zh"));
    await waitFrames(page, 3);
    await screenshotPanel(page, "model", "interop-model-zh.png");

    // A fresh page: the dropped .onnx becomes its model, with the same predictions.
    const fresh = await openPage(browser, srv.url);
    await drop(fresh.page, [["cnn-playground.onnx", onnx.bytes]]);
    const spec = (await state(page)).model.applied;
    const s2 = await waitState(fresh.page, (s) => s.model.applied === spec, 30000, 250, "the dropped model in use");
    const after = await waitFor(() => preds(fresh.page), (p) => p.n > 0 && Math.abs(p.loss - before.loss) < 1e-5, 60000,
                                `predictions with the loss of the exporting page (${before.loss})`);
    check("the .onnx dropped into a fresh page is its model, with the same predictions",
          after.accuracy === before.accuracy && JSON.stringify(after.first) === JSON.stringify(before.first),
          `loss ${after.loss} vs ${before.loss}, accuracy ${after.accuracy} vs ${before.accuracy}; note: ${s2.model_note}`);

    // A damaged .onnx: refused, the model kept, the note in both languages.
    await drop(fresh.page, [["damaged.onnx", onnx.bytes.subarray(0, onnx.bytes.length >> 1)]]);
    const s3 = await waitState(fresh.page, (s) => /damaged\.onnx/.test(s.model_note), 30000, 250, "the refusal's note");
    check("a damaged .onnx is refused and the model kept", s3.model.applied === spec && /not a valid ONNX file/.test(s3.model_note),
          s3.model_note);
    // An operator this program does not have (Relu renamed Selu: same length, still valid ONNX).
    const selu = Buffer.from(onnx.bytes);
    const at = selu.indexOf(Buffer.from("\x04Relu", "latin1"));  // the first op_type (length 4)
    selu.write("Selu", at + 1, "latin1");
    await drop(fresh.page, [["selu.onnx", selu]]);
    const s5 = await waitState(fresh.page, (s) => /selu\.onnx/.test(s.model_note), 30000, 250, "the unsupported operator's note");
    check("an .onnx with an unsupported operator is refused naming the node and operator; the model kept",
          at > 0 && s5.model.applied === spec && /layer 'conv2d_relu' is a Selu/.test(s5.model_note), s5.model_note);
    for (const lang of ["en", "zh"]) {
      await fresh.page.evaluate((l) => window.playground.setLanguage(l), lang);
      await waitFrames(fresh.page, 3);
      await screenshotPanel(fresh.page, "model", `interop-refused-${lang}.png`);
    }
    // A TensorFlow.js model dropped in with its weights: the page's predictions are tfjs's.
    const t = await tfjsModel(before.first.length);
    await drop(fresh.page, [["model.json", t.json], ["weights.bin", t.bin]]);
    const s4 = await waitState(fresh.page, (s) => /model\.json/.test(s.model_note) && /avgpool\(2\)/.test(s.model.applied),
                               30000, 250, "the TF.js model in use");
    const p4 = await waitFor(() => preds(fresh.page), (p) => p.n > 0 && p.at_step === 0 && p.first.length > 0 &&
                             Math.abs(p.first[0].top[0][1] - Math.max(...t.probs[0])) < 1e-4, 60000, "predictions of the TF.js model");
    const d4 = topDiff(p4.first, t.probs);
    check("model.json + weights.bin from TensorFlow.js dropped in: the page's predictions are tfjs's",
          d4 < 1e-4 && s4.model.applied === "conv(16,3,pad=same,relu) avgpool(2) conv(16,3,relu) maxpool(2) flatten dense(32,relu) dense(10,softmax)",
          `max |difference| ${d4.toExponential(2)}; model ${s4.model.applied}; note: ${s4.model_note}`);
    check("the Chinese notes have every glyph", (await state(fresh.page)).missing_glyphs === 0);
    check("no errors in the consoles", errors.length === 0 && fresh.errors.length === 0,
          [...errors, ...fresh.errors].slice(0, 3).join(" | "));
  } finally {
    await browser.close().catch(() => {});
    srv.proc.kill();
  }
});
