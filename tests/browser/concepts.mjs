// concepts.mjs — browser tests of the lab's "Keras code" and "Picture to answer" tabs in headless
// Chromium. Keras: the code is the tutorial's layer list for the tutorial's model, follows the
// model rows and the training settings as they change, and the Copy button puts it on the
// clipboard. Picture to answer: every number the tab shows for the chosen image (pixels, flatten,
// softmax, one-hot and cross-entropy; playground.concepts()) is recomputed here in plain JS from
// the model's own output, before and after some training. Screenshots of each part in English and
// Chinese: test-output/browser/concepts-*.png.
// Usage: node tests/browser/concepts.mjs [--dist DIR]
import path from "node:path";
import { OUT, check, launch, openPage, runSuite, serve, state, waitFor, waitFrames, waitState } from "./lib.mjs";

const TUTORIAL_LINES = [
  "model.add(layers.Conv2D(32, (3, 3), activation='relu', input_shape=(32, 32, 3)))",
  "model.add(layers.MaxPooling2D((2, 2)))",
  "model.add(layers.Conv2D(64, (3, 3), activation='relu'))",
  "model.add(layers.MaxPooling2D((2, 2)))",
  "model.add(layers.Conv2D(64, (3, 3), activation='relu'))",
  "model.add(layers.Flatten())",
  "model.add(layers.Dense(64, activation='relu'))",
  "model.add(layers.Dense(10, activation='softmax'))",
];
const OTHER = "conv(16,5,stride=2,pad=same,tanh) avgpool(2) flatten dense(10)";

const concepts = (page) => page.evaluate(() => window.playground.concepts());
const teachState = (page) => page.evaluate(() => window.playground.teach.state());
const kerasCode = (page) => page.evaluate(() => window.playground.kerasCode());
const close = (a, b, tol) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
const addLines = (code) => code.split("\n").filter((l) => l.startsWith("model.add("));

async function checkKeras(page, context) {
  await page.evaluate(() => { window.playground.teach.open(); window.playground.teach.setTab("keras"); });
  await waitFor(() => teachState(page), (t) => t.open && t.tab === "keras", 10000, "the Keras tab open");
  let code = await kerasCode(page);
  check("keras: the tutorial's model is the tutorial's layer list", JSON.stringify(addLines(code)) === JSON.stringify(TUTORIAL_LINES),
        addLines(code).join(" | "));
  check("keras: compile and fit as the tutorial", /model\.compile\(optimizer='adam',\n\s+loss='sparse_categorical_crossentropy'/.test(code) &&
        /model\.fit\(train_images, train_labels, epochs=\d+,\n\s+validation_data=\(test_images, test_labels\)\)/.test(code), code.slice(-300));

  await page.evaluate((spec) => window.playground.setModel(spec), OTHER);
  await page.evaluate(() => window.playground.setHyper({ epochs: 3, lr: 0.002 }));
  code = await kerasCode(page);
  check("keras: follows the model rows", addLines(code)[0] === "model.add(layers.Conv2D(16, (5, 5), strides=(2, 2), padding='same', activation='tanh', input_shape=(32, 32, 3)))" &&
        addLines(code).length === 4 && addLines(code)[1] === "model.add(layers.AveragePooling2D((2, 2)))", addLines(code).join(" | "));
  check("keras: follows the settings; a model without softmax is trained from logits",
        code.includes("epochs=3") && code.includes("optimizers.Adam(learning_rate=0.002)") && code.includes("from_logits=True"), code.slice(-400));

  // The Copy button, clicked as a person would: the code lands on the clipboard.
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const c0 = await waitFor(() => concepts(page), (c) => c.copy_button[2] > 0, 10000, "the Copy button on screen");
  const r = c0.copy_button;
  await page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2);
  const c1 = await waitFor(() => concepts(page), (c) => c.keras_copies === c0.keras_copies + 1, 10000, "the Copy press seen");
  const clip = await waitFor(() => page.evaluate(() => navigator.clipboard.readText()), (t) => t.length > 0, 5000, "the clipboard filled");
  check("keras: Copy puts the code on the clipboard", clip === code && c1.keras_copies === c0.keras_copies + 1, clip.slice(0, 80));
  for (const lang of ["en", "zh"]) {
    await page.evaluate((l) => window.playground.setLanguage(l), lang);
    await waitFrames(page, 3);
    await page.screenshot({ path: path.join(OUT, `concepts-keras-${lang}.png`) });
  }
  await page.evaluate(() => window.playground.setLanguage("en"));
}

// Every number of the "Picture to answer" tab, recomputed from the model's own output.
function checkNumbers(c, s, what) {
  const K = c.logits.length;
  const m = Math.max(...c.logits);
  const e = c.logits.map((z) => Math.exp(z - m));
  const sum = e.reduce((a, b) => a + b, 0);
  check(`${what}: softmax of the scores is the model's own output`,
        K === 10 && c.probs.every((p, k) => close(p, e[k] / sum, 1e-5) && close(p, c.model_probs[k], 1e-5)),
        `probs ${c.probs.map((p) => p.toFixed(4))} model ${c.model_probs.map((p) => p.toFixed(4))}`);
  check(`${what}: the powers and their sum`, c.exps.every((x, k) => close(x, e[k], 1e-5)) && close(c.sum, sum, 1e-5) && close(c.max, m, 1e-6),
        `sum ${c.sum} vs ${sum}`);
  const p = Math.min(Math.max(c.model_probs[c.label], 1e-7), 1 - 1e-7);
  check(`${what}: one-hot label and loss = -log p(true class)`,
        c.onehot.every((v, k) => v === (k === c.label ? 1 : 0)) && close(c.loss, -Math.log(p), 1e-5) && close(c.p_true, c.model_probs[c.label], 1e-5),
        `label ${c.label}, p ${c.p_true}, loss ${c.loss}`);
  const px = c.pixels;
  check(`${what}: pixels scaled by 1/255`, px.bytes.length === 3072 && px.scaled.every((v, i) => close(v, px.bytes[i] / 255, 1e-6)),
        `${px.bytes.slice(0, 3)} -> ${px.scaled.slice(0, 3)}`);
  const f = c.flatten, [C, H, W] = f.from;
  let bad = -1;
  for (let ch = 0; ch < C && bad < 0; ch++)
    for (let h = 0; h < H && bad < 0; h++)
      for (let w = 0; w < W && bad < 0; w++) if (f.vector[(ch * H + h) * W + w] !== f.block[ch][h][w]) bad = (ch * H + h) * W + w;
  check(`${what}: flatten lays the block out map by map, row by row`,
        f.vector.length === C * H * W && bad < 0 && s.model.layers[f.layer].kind === "Flatten", `from ${f.from}, first bad ${bad}`);
}

async function checkConcepts(page) {
  await page.evaluate(() => { window.playground.teach.setTab("concepts"); window.playground.selectImage(7); });
  await waitState(page, (s) => s.inside.image === 7, 20000, 250, "the Inside view on image 7");
  let c = await waitFor(() => concepts(page), (x) => x.ready && x.image === 7, 20000, "the concepts of image 7");
  let s = await state(page);
  checkNumbers(c, s, "image 7, untrained");
  const step0 = c.at_step;
  await page.evaluate(() => window.playground.step(30));
  await waitState(page, (x) => x.training.steps >= step0 + 30 && x.training.status !== "running", 60000, 250, "30 batches trained");
  c = await waitFor(() => concepts(page), (x) => x.ready && x.at_step >= step0 + 30, 30000, "the concepts after training");
  s = await state(page);
  checkNumbers(c, s, "image 7, after 30 batches");
  for (const part of ["pixels", "flatten", "softmax", "loss"]) {
    await page.evaluate((p) => window.playground.showConcept(p), part);
    await waitFor(() => concepts(page), (x) => x.shown === part, 5000, `part ${part} shown`);
    for (const lang of ["en", "zh"]) {
      await page.evaluate((l) => window.playground.setLanguage(l), lang);
      await waitFrames(page, 3);
      const t = await teachState(page);
      check(`concepts ${part} ${lang}: the canvas fits`, t.fit && t.fit.tab === "concepts" && t.fit.fits, JSON.stringify(t.fit));
      await page.screenshot({ path: path.join(OUT, `concepts-${part}-${lang}.png`) });
    }
    await page.evaluate(() => window.playground.setLanguage("en"));
  }
  let threw = false;
  try { await page.evaluate(() => window.playground.showConcept("nope")); } catch (e) { threw = true; }
  check("concepts: an unknown part is refused", threw);
  s = await state(page);
  check("concepts: no glyph missing from the cut font", s.missing_glyphs === 0, `${s.missing_glyphs}`);
}

async function main() {
  const srv = await serve([]);
  const browser = await launch();
  try {
    const { context, page, errors } = await openPage(browser, srv.url);
    await checkConcepts(page);  // the tutorial's model, with its Flatten after conv 3
    await checkKeras(page, context);
    check("no console errors", errors.length === 0, errors.join(" | "));
  } finally {
    await browser.close();
    srv.proc.kill();
  }
}

await runSuite(main);
