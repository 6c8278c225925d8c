// reliability.mjs — the page under bad input, in headless Chromium: a model too big
// for the WebAssembly heap is refused with the estimate and the page keeps running; bad data
// files (truncated, labels above 9, not CIFAR at all, a corrupt .tar.gz, an empty selection)
// show an error and keep the data; a learning rate of 10 stops training with a message naming
// epoch and batch, keeps the last good (finite) weights, and training goes on from them at a
// lower rate; saved model files that are truncated, corrupted or foreign are refused with
// the model kept; the same seed gives the same losses with 1 or 2 threads; 20,000 images loaded through the file picker all get thumbnails (more than one
// 4096² atlas page); a host without one of the bundled data files still gives a ready page that
// names the file. Screenshots: test-output/browser/diverged-train.png, data-20000.png,
// data-missing-{en,zh}.png.
// Usage: node tests/browser/reliability.mjs [--dist DIR]
import fs from "node:fs";
import path from "node:path";
import { OUT, check, launch, openPage, runSuite, serve, state, waitFrames, waitState } from "./lib.mjs";

// Hands the page a model file's bytes as base64 (as a JSON array of 1.4 million numbers, each
// call took 13 s).
const loadModel = (page, bytes, name) => page.evaluate(async ([b64, n]) => {
  const u = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return window.playground.loadModel(u.buffer, n);
}, [Buffer.from(bytes).toString("base64"), name]);

// A host that lacks one bundled data file (HTTP 404): the page still becomes ready, with the
// training images it did get, and the data panel names the file that could not be fetched.
async function missingBundledFile(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.route("**/data/cifar10_test_subset.bin", (r) => r.fulfill({ status: 404, body: "not here" }));
  await page.goto(url + "?nocoi", { waitUntil: "load" });
  await page.waitForFunction(async () => { if (!window.playground) return false; await window.playground.ready; return true; },
                             null, { timeout: 120000, polling: 250 });
  const s = await state(page);
  check("a bundled data file the host lacks: the page is ready and says which file",
        s.data.train > 0 && s.data.test === 0 && /could not fetch cifar10_test_subset\.bin \(HTTP 404\)/.test(s.data.error),
        `train ${s.data.train}, test ${s.data.test}, error: ${s.data.error}`);
  // The Data panel says it in both languages (looked at: data-missing-{en,zh}.png).
  for (const lang of ["en", "zh"]) {
    await page.evaluate((l) => window.playground.setLanguage(l), lang);
    await waitFrames(page, 3);
    const d = (await state(page)).panels.data;
    await page.screenshot({ path: path.join(OUT, `data-missing-${lang}.png`), clip: { x: d[0], y: d[1], width: d[2], height: d[3] } });
  }
  check("a bundled data file the host lacks: its Chinese notice has every glyph", (await state(page)).missing_glyphs === 0);
  await context.close();
}

const TUTORIAL = "conv(32,3,relu) maxpool(2) conv(64,3,relu) maxpool(2) conv(64,3,relu) flatten dense(64,relu) dense(10,softmax)";

await runSuite(async () => {
  const srv = await serve();
  const browser = await launch();
  try {
    const { page, errors, context } = await openPage(browser, srv.url);
    let s = await state(page);
    const train0 = s.data.train, test0 = s.data.test, applied0 = s.model.applied;

    // ---- memory: thousands of filters are refused before anything is allocated
    const huge = "conv(3000,3,relu) conv(3000,3,relu) maxpool(28) flatten dense(10,softmax)";
    let r = await page.evaluate((m) => window.playground.setModel(m), huge);
    s = await state(page);
    check("a model too big for the heap is refused with the estimate",
          !r.ok && /needs (about|more than) [\d,.]+ MB/.test(s.model.error) && /WebAssembly heap/.test(s.model.error) && s.model.error_row >= 0,
          `limit ${s.model.memory_limit_mb} MB; row ${s.model.error_row}: ${s.model.error.slice(0, 160)}`);
    await waitFrames(page, 10);  // frames keep coming after the refusal
    s = await state(page);
    check("after the refusal the page runs on with the model it had (no weights made for the huge one)",
          s.model.applied === applied0 && s.training.status !== "error" && s.fps > 0,
          `applied ${s.model.applied}; status ${s.training.status}; ${s.fps.toFixed(1)} fps`);
    r = await page.evaluate((m) => window.playground.setModel(m), TUTORIAL);
    check("the tutorial model fits and is set back", r.ok, r.error);

    // ---- bad data: an error shown, the data as it was
    const records = (n, label) => { const u = new Uint8Array(n * 3073); for (let i = 0; i < n; i++) u[i * 3073] = label; return u; };
    const bad = [
      ["truncated file", records(3, 1).slice(0, 3073 * 3 - 100), "data_batch_1.bin", /3073/],
      ["oversized by a partial record", new Uint8Array(3073 * 2 + 5), "data_batch_2.bin", /3073/],
      ["label byte above 9", records(4, 11), "data_batch_3.bin", /label 11/],
      ["not CIFAR at all (a PNG)", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(200).fill(7)]), "picture.png", /./],
      ["a text file", new TextEncoder().encode("hello, this is not CIFAR-10\n".repeat(10)), "notes.txt", /./],
      ["a corrupt .tar.gz", new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), "cifar-10-binary.tar.gz", /\.gz|gzip|readable/],
    ];
    for (const [what, bytes, name, re] of bad) {
      r = await page.evaluate(async ([b, n]) => window.playground.loadData(new Uint8Array(b).buffer, n), [Array.from(bytes), name]);
      s = await state(page);
      check(`bad data (${what}) rejected, data kept`, !r.ok && re.test(r.error) && s.data.train === train0 && s.data.test === test0 && s.data.error !== "",
            r.error.slice(0, 140));
    }
    r = await page.evaluate(async () => window.playground.loadFiles([]));
    s = await state(page);
    check("an empty selection says so, data kept", !r[0].ok && /no files/.test(s.data.error) && s.data.train === train0, s.data.error);

    // ---- divergence: lr 10 stops with epoch and batch, weights stay finite, training goes on
    // Seed 1 diverges within a few batches; not every seed does at lr 10 (seed 3 trains on, its
    // loss stuck near 7, as cnn-train shows with the same shuffle rule).
    await page.evaluate(() => window.playground.setHyper({ optimizer: "sgd", lr: 10, batch: 32, epochs: 2, seed: 1 }));
    await page.evaluate(() => window.playground.reset());
    await waitState(page, (x) => x.training.steps === 0, 20000);
    await page.evaluate(() => window.playground.start());
    s = await waitState(page, (x) => x.training.status === "diverged" || x.training.status === "done" || x.training.status === "error", 300000, 200);
    check("lr 10 stops training as diverged, naming epoch and batch",
          s.training.status === "diverged" && s.training.diverged_epoch >= 1 && s.training.diverged_batch >= 1 &&
          /epoch \d+, batch \d+/.test(s.training.message),
          `${s.training.status} at epoch ${s.training.diverged_epoch}, batch ${s.training.diverged_batch}: ${s.training.message}`);
    const stoppedAt = s.training.steps;
    // Time for a few batches, counted in frames (the page's snapshot follows the engine each frame).
    await waitFrames(page, 30);
    s = await state(page);
    check("nothing trains on after the stop", s.training.steps === stoppedAt && s.training.status === "diverged", `steps ${stoppedAt} -> ${s.training.steps}`);
    const p = await page.evaluate(() => window.playground.predictions());
    check("the weights kept are the last good ones (finite test loss)", Number.isFinite(p.loss) && p.n > 0, `test loss ${p.loss}`);
    await waitFrames(page, 3);
    const rect = s.panels.train;
    await page.screenshot({ path: path.join(OUT, "diverged-train.png"), clip: { x: rect[0], y: rect[1], width: rect[2], height: rect[3] } });
    await page.evaluate(() => window.playground.setHyper({ lr: 0.001, optimizer: "adam" }));
    await page.evaluate(() => window.playground.step(5));
    s = await waitState(page, (x) => x.training.status === "paused" && x.training.steps >= stoppedAt + 5, 60000);
    check("training goes on from the last good weights at a lower rate",
          s.training.status === "paused" && s.training.steps === stoppedAt + 5 && Number.isFinite(s.training.last_loss),
          `status ${s.training.status}, steps ${stoppedAt} -> ${s.training.steps}, loss ${s.training.last_loss}`);
    // ---- model files: a truncated, a corrupted and a foreign file are refused, model kept
    await page.evaluate(() => window.playground.setHyper({ optimizer: "adam", lr: 0.001, batch: 32, epochs: 1, seed: 1 }));
    await page.evaluate(() => window.playground.reset());
    await waitState(page, (x) => x.training.steps === 0, 20000);
    await page.evaluate(() => window.playground.step(3));
    s = await waitState(page, (x) => x.training.status === "paused" && x.training.steps === 3, 60000);
    const [dl] = await Promise.all([page.waitForEvent("download"), page.evaluate(() => window.playground.saveModel())]);
    const good = fs.readFileSync(await dl.path());
    check("the page saves a model file", good.length > 122570 * 4, `${dl.suggestedFilename()}: ${good.length} bytes`);
    const flipped = Buffer.from(good); flipped[Math.floor(flipped.length / 2)] ^= 0x55;
    const badModels = [
      ["truncated", good.subarray(0, good.length - 1000)],
      ["one byte changed", flipped],
      ["not a model file", Buffer.from("this is a text file, not a model\n")],
    ];
    const before = await state(page);
    const predBefore = await page.evaluate(() => window.playground.predictions());
    for (const [what, bytes] of badModels) {
      r = await loadModel(page, bytes, "bad.model");
      s = await state(page);
      await waitFrames(page, 3);  // a model taken by mistake would show in the next frames' predictions
      const pr = await page.evaluate(() => window.playground.predictions());
      check(`model file (${what}) refused, model kept`, !r.ok && r.error.length > 10 && s.training.steps === before.training.steps &&
            s.model.applied === before.model.applied && pr.loss === predBefore.loss && pr.at_step === predBefore.at_step,
            r.error.slice(0, 140));
    }
    r = await loadModel(page, good, "good.model");
    check("the saved file loads back", r.ok, r.error);

    // ---- reproducibility: the same seed gives the same losses, with 1 or 2 threads
    const run = async (threads) => {
      await page.evaluate((t) => window.playground.setHyper({ optimizer: "adam", lr: 0.001, batch: 32, epochs: 1, seed: 7, threads: t }), threads);
      await page.evaluate(() => window.playground.reset());
      await waitState(page, (x) => x.training.steps === 0, 20000);
      await page.evaluate(() => window.playground.step(6));
      const x = await waitState(page, (y) => y.training.status === "paused" && y.training.steps === 6, 60000);
      return [x.training.last_loss, x.training.loss, x.training.accuracy];
    };
    const a1 = await run(1), a2 = await run(1);
    check("seed 7 twice: identical losses", JSON.stringify(a1) === JSON.stringify(a2), `${a1} vs ${a2}`);
    if (s.flavour === "threads") {
      const b2 = await run(2);
      check("seed 7 with 2 threads: identical to 1 thread", JSON.stringify(a1) === JSON.stringify(b2), `${a1} vs ${b2}`);
    }

    // ---- more than 16,384 images: every one gets a thumbnail (atlas pages)
    const dataDir = process.env.CIFAR10_DIR || "/work/shared/cifar10";
    const files = ["data_batch_1.bin", "data_batch_2.bin"].map((f) => path.join(dataDir, f));
    if (check("CIFAR-10 files for the big-data check", files.every((f) => fs.existsSync(f)), `CIFAR10_DIR=${dataDir}`)) {
      await page.setInputFiles("#data-input", files);
      // The thumbnails are made over the frames after the images arrive: wait for both.
      s = await waitState(page, (x) => x.data.train === 20000 && x.data.thumbnails.train === 20000, 120000);
      check("20,000 training images loaded from the file picker, each with a thumbnail",
            s.data.train === 20000 && s.data.thumbnails.train === 20000 && s.data.thumbnails.pages >= 3,
            `train ${s.data.train}, thumbnails ${JSON.stringify(s.data.thumbnails)}`);
      const d = s.panels.data;
      await page.screenshot({ path: path.join(OUT, "data-20000.png"), clip: { x: d[0], y: d[1], width: d[2], height: d[3] } });
    }
    check("no console errors", errors.length === 0, errors.slice(0, 3).join(" | "));
    await context.close();
    await missingBundledFile(browser, srv.url);
  } finally {
    await browser.close().catch(() => {});
    srv.proc.kill();
  }
});
