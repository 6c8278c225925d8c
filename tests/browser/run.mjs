// run.mjs — browser tests of the playground bundle (build/web-dist, made by scripts/start.sh)
// in headless Chromium (/usr/bin/chromium) driven by playwright-core through window.playground:
//   - the page loads with no console errors, all panels, the tutorial model and the subset;
//   - the threaded build runs when the page is cross-origin isolated (server headers), the
//     single-thread one when not, and the service worker makes a header-less host isolated;
//   - a few dozen batches lower the loss and fill the predictions; frames keep coming while
//     training; one epoch over the 5,000 images completes and updates curves, predictions
//     and the confusion matrix; a bad data file shows an error and keeps the data;
//   - the last model is restored after a reload (browser storage).
// Screenshots of the page and of each panel go to test-output/browser/. Prints measured
// images/s and fps, and a final line "N passed, M failed, K skipped"; exits non-zero on failure.
// Usage: node tests/browser/run.mjs [--dist DIR] [--quick]   (--quick: skip the full epoch)
import fs from "node:fs";
import path from "node:path";
import { DIST, OUT, check, flag, launch, openPage, serve, skip, state, tally, tallyLine, waitFrames, waitReady, waitState } from "./lib.mjs";

const QUICK = flag("--quick");
const metrics = {};
// Frames per second from the page's own requestAnimationFrame over `ms`.
const rafFps = (page, ms) => page.evaluate((ms) => new Promise((res) => {
  let n = 0; const t0 = performance.now();
  function f(t) { n++; if (t - t0 < ms) requestAnimationFrame(f); else res(n * 1000 / (t - t0)); }
  requestAnimationFrame(f);
}), ms);

async function screenshots(page, prefix) {
  const s = await state(page);
  await page.screenshot({ path: path.join(OUT, `${prefix}page.png`) });
  const files = [`${prefix}page.png`];
  for (const [name, r] of Object.entries(s.panels)) {
    if (name === "header" || !(r[2] > 0 && r[3] > 0)) continue;
    const clip = { x: Math.max(0, r[0]), y: Math.max(0, r[1]), width: Math.min(1280 - r[0], r[2]), height: Math.min(800 - r[1], r[3]) };
    await page.screenshot({ path: path.join(OUT, `${prefix}${name}.png`), clip });
    files.push(`${prefix}${name}.png`);
  }
  return files;
}

async function main() {
  if (!fs.existsSync(path.join(DIST, "index.html"))) {
    check("bundle exists", false, `${DIST}/index.html missing: run bash scripts/start.sh --no-serve`);
    return;
  }
  const iso = await serve([]);
  const plain = await serve(["--no-isolation"]);
  const browser = await launch();  // playwright-core gives every launch a fresh temporary profile
  try {
    // ---------------------------------------------------------------- isolated: threads
    const A = await openPage(browser, iso.url);
    const { page } = A;
    let s = await state(page);
    check("isolated page runs the threaded build", s.flavour === "threads" && s.crossOriginIsolated === true,
          `flavour=${s.flavour}, crossOriginIsolated=${s.crossOriginIsolated}`);
    check("bundled subset loaded (5,000 + 1,000)", s.data.train === 5000 && s.data.test === 1000, `${s.data.train} + ${s.data.test}`);
    check("tutorial model with 122,570 parameters", s.model.total_params === 122570 && s.model.layers.length === 8 && !s.model.error,
          `${s.model.total_params} params, ${s.model.layers.length} layers`);
    const panels = ["data", "model", "train", "predictions", "inside"];
    check("all five panels on screen", panels.every((n) => s.panels[n][2] > 100 && s.panels[n][3] > 100),
          panels.map((n) => `${n} ${s.panels[n].slice(2).map(Math.round).join("x")}`).join(", "));
    await waitFrames(page, 5);
    const idleFps = await rafFps(page, 2000);
    metrics.idle_fps = idleFps;

    // Impossible stack: marked on the offending row, before training starts.
    let r = await page.evaluate(() => window.playground.setModel("conv(32,3,relu) maxpool(2) conv(64,17) flatten dense(10,softmax)"));
    s = await state(page);
    check("impossible model is refused and the row named", !r.ok && s.model.error_row === 2 && s.model.layers[2].error !== "",
          `error_row=${s.model.error_row}: ${s.model.layers[2] && s.model.layers[2].error}`);
    r = await page.evaluate(() => window.playground.setModel("conv(32,3,relu) maxpool(2) conv(64,3,relu) maxpool(2) conv(64,3,relu) flatten dense(64,relu) dense(10,softmax)"));
    check("tutorial model set back", r.ok, r.error);

    // Bad data file: visible error, data kept.
    r = await page.evaluate(() => window.playground.loadData(new Uint8Array(100).buffer, "data_batch_9.bin"));
    s = await state(page);
    check("bad data file rejected, data kept", !r.ok && s.data.train === 5000 && s.data.error.includes("3073"), r.error);

    // A few dozen batches lower the loss and fill the predictions.
    await page.evaluate(() => window.playground.setHyper({ optimizer: "adam", lr: 0.001, batch: 32, epochs: 1, seed: 1 }));
    await page.evaluate(() => window.playground.reset());
    await waitState(page, (x) => x.training.steps === 0 && x.predictions_at_step === 0, 20000);
    const before = await page.evaluate(() => window.playground.predictions());
    await page.evaluate(() => window.playground.step(40));
    s = await waitState(page, (x) => x.training.status === "paused" && x.training.steps === 40 && x.predictions_at_step === 40, 120000);
    const after = await page.evaluate(() => window.playground.predictions());
    check("step(40) trains 40 batches and pauses", s.training.steps === 40 && s.training.status === "paused",
          `steps=${s.training.steps}, status=${s.training.status}`);
    check("40 batches lower the test loss", after.loss < before.loss - 0.02, `${before.loss.toFixed(4)} -> ${after.loss.toFixed(4)}`);
    const cmSum = after.confusion.flat().reduce((x, y) => x + y, 0);
    check("predictions filled (confusion matrix of 1,000)", after.n === 1000 && after.at_step === 40 && cmSum === 1000,
          `n=${after.n}, at_step=${after.at_step}, sum=${cmSum}, acc=${after.accuracy.toFixed(3)}`);
    check("feature maps and kernels of the chosen image", s.inside.layers === 8 && s.inside.kernels === 3,
          `${s.inside.layers} layers, ${s.inside.kernels} conv kernels`);
    await page.evaluate(() => window.playground.selectImage(7));
    s = await waitState(page, (x) => x.inside.image === 7, 10000);
    check("selectImage(7) updates Inside the network", s.inside.image === 7 && s.selected_image === 7);

    // The whole epoch: frames keep coming while training; curves, predictions, matrix update.
    if (!QUICK) {
      await page.evaluate(() => window.playground.reset());
      await waitState(page, (x) => x.training.steps === 0, 20000);
      const t0 = Date.now();
      await page.evaluate(() => window.playground.start());
      await waitState(page, (x) => x.training.status === "running" && x.training.steps > 5, 60000, 100);
      // A 1-second window: with 2 threads one epoch of 5,000 images now takes about 3-4 s, and a
      // 3-second window could outlast it (run "done" at the check).
      const fpsTrain = await rafFps(page, 1000);
      const mid = await state(page);
      metrics.fps_training = fpsTrain;
      metrics.imgui_fps_training = mid.fps;
      // The aim is 50 fps; headless Chromium renders WebGL with SwiftShader on the CPU, which
      // shares the cores with training, so the bar here is that frames keep coming at all.
      check("frames keep rendering while training", fpsTrain >= 2 && mid.training.status === "running",
            `${fpsTrain.toFixed(1)} fps (requestAnimationFrame), ImGui ${mid.fps.toFixed(1)} fps, frame CPU ${JSON.stringify(mid.profile_ms)}, ${mid.training.images_per_s.toFixed(0)} images/s`);
      await screenshots(page, "training-");
      const samples = [];
      s = await waitState(page, (x) => { if (x.training.images_per_s > 0) samples.push(x.training.images_per_s); return x.training.status === "done" || x.training.status === "error"; }, 900000, 1000);
      const secs = (Date.now() - t0) / 1000;
      metrics.epoch_seconds = secs;
      metrics.images_per_s = s.history.length ? s.history[0].images_per_s : 0;
      metrics.images_per_s_wall = samples.length ? samples.reduce((x, y) => x + y, 0) / samples.length : 0;
      check("one epoch over 5,000 images completes", s.training.status === "done" && s.history.length === 1 && s.training.epoch === 1,
            `${secs.toFixed(1)} s, status=${s.training.status} ${s.training.message}`);
      const p = await page.evaluate(() => window.playground.predictions());
      check("epoch updates curves, predictions and confusion matrix",
            s.history.length === 1 && s.batch_losses === 157 && p.at_step === 157 && p.accuracy > 0.2 && s.history[0].val_accuracy > 0.2,
            `loss ${s.history[0] && s.history[0].loss.toFixed(3)}, val_acc ${s.history[0] && s.history[0].val_accuracy.toFixed(3)}, test acc ${p.accuracy.toFixed(3)}`);
    } else {
      for (const name of ["frames keep rendering while training", "one epoch over 5,000 images completes",
                          "epoch updates curves, predictions and confusion matrix"]) skip(name, "--quick");
    }
    // Screenshots once training has stopped and the predictions are those of the last step.
    await waitState(page, (x) => x.training.status !== "running" && x.predictions_at_step === x.training.steps, 30000, 250,
                    "training stopped with predictions at its last step");
    await waitFrames(page, 3);
    const shots = await screenshots(page, "");
    check("screenshots of the page and each panel", shots.length === 6, shots.join(", "));
    check("no console errors (isolated page)", A.errors.length === 0, A.errors.slice(0, 3).join(" | "));

    // The last model survives a reload (IndexedDB).
    const trained = (await state(page)).history.length;
    await page.reload({ waitUntil: "load" });
    await waitReady(page);
    s = await waitState(page, (x) => x.history.length === trained && x.predictions > 0, 30000);
    check("last model restored after reload", s.history.length === trained && s.model_note.includes("browser storage"),
          `history ${s.history.length}/${trained}: ${s.model_note}`);
    await A.context.close();

    // ---------------------------------------------------------------- not isolated: single
    const B = await openPage(browser, plain.url + "?nocoi");
    s = await state(B.page);
    check("non-isolated page runs the single-thread build", s.flavour === "single" && s.crossOriginIsolated === false,
          `flavour=${s.flavour}, crossOriginIsolated=${s.crossOriginIsolated}`);
    await B.page.evaluate(() => window.playground.step(10));
    const fpsSingle = await rafFps(B.page, 2000);
    s = await waitState(B.page, (x) => x.training.steps >= 10 && x.training.status === "paused", 60000);
    metrics.fps_single_training = fpsSingle;
    check("single-thread build trains (step 10)", s.training.steps >= 10, `steps=${s.training.steps}, ${fpsSingle.toFixed(1)} fps while stepping`);
    await B.page.screenshot({ path: path.join(OUT, "single-page.png") });
    check("no console errors (single-thread page)", B.errors.length === 0, B.errors.slice(0, 3).join(" | "));
    await B.context.close();

    // ---------------------------------------------------------------- header-less host + service worker
    // The service worker reloads the page once to make it isolated (openPage waits for it).
    const C = await openPage(browser, plain.url, {}, "threads").catch((e) => ({ err: e }));
    s = C.err ? {} : await state(C.page);
    check("service worker makes a header-less host isolated (threads)", s.flavour === "threads" && s.crossOriginIsolated === true,
          C.err ? String(C.err) : `flavour=${s.flavour}, crossOriginIsolated=${s.crossOriginIsolated}`);
    if (!C.err) await C.context.close();
  } finally {
    await browser.close().catch(() => {});
    iso.proc.kill();
    plain.proc.kill();
  }
}

try {
  await main();
} catch (e) {
  check("browser tests ran to the end", false, e.stack || String(e));
}
if (Object.keys(metrics).length) {
  const m = Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, Math.round(v * 10) / 10]));
  console.log("metrics: " + JSON.stringify(m));
  fs.writeFileSync(path.join(OUT, "metrics.json"), JSON.stringify(m, null, 2));
}
console.log(`screenshots: ${OUT}`);
console.log(tallyLine());
process.exit(tally.failed ? 1 : 0);
