// page_full_run.mjs — the tutorial's full run in the page, timed: the six official CIFAR-10
// files loaded into the threaded playground in headless Chromium (as a user's picker or drop
// would: window.playground.loadData), all 50,000 + 10,000 images, the tutorial's model, batch
// 32, Adam, 5 epochs, 2 threads (--threads), trained from Start with nobody touching the page.
// Prints each epoch as it ends and, at the end, the wall time from Start to done, the epochs'
// own time (training plus their validation) and the final validation accuracy: what the wall
// time spends beyond the epochs is the page's (prediction refreshes, drawing, saving).
//   CIFAR10_DIR=/path node bench/page_full_run.mjs [--dist build/web-dist] [--epochs 5] [--threads 2]
import fs from "node:fs";
import path from "node:path";
import { arg, launch, openPage, serve, state, waitState } from "../tests/browser/lib.mjs";

const dir = process.env.CIFAR10_DIR || "/work/shared/cifar10";
const epochs = +arg("--epochs", 5), threads = +arg("--threads", 2);
const files = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"];
for (const f of files)
  if (!fs.existsSync(path.join(dir, f))) {
    console.error(`page_full_run: ${path.join(dir, f)} is missing (set CIFAR10_DIR to the CIFAR-10 binary folder)`);
    process.exit(2);
  }

const sleepInPage = (page, ms) => page.evaluate((t) => new Promise((r) => setTimeout(r, t)), ms);

const srv = await serve([]);
const browser = await launch();
try {
  const { page } = await openPage(browser, srv.url, {}, "threads");
  // The files reach the page over HTTP from this process (as a fetch of its own would).
  await page.route("**/__cifar/*", (r) => r.fulfill({ path: path.join(dir, path.basename(new URL(r.request().url()).pathname)) }));
  for (const f of files) {
    const r = await page.evaluate(async (n) => {
      const b = await (await fetch("/__cifar/" + n)).arrayBuffer();
      return window.playground.loadData(b, n);
    }, f);
    if (!r.ok) throw new Error(`loading ${f}: ${r.error}`);
  }
  await page.evaluate(() => window.playground.setSubset(0, 0));  // all loaded images
  await page.evaluate(([e, t]) => window.playground.setHyper({ epochs: e, threads: t }), [epochs, threads]);
  await waitState(page, (s) => s.data.train === 50000 && s.data.test === 10000 && s.hyper.epochs === epochs && s.threads === threads,
                  60000, 200, "all 60,000 images and the settings in force");
  const s0 = await state(page);
  console.log(`page: ${s0.model.applied}, batch ${s0.hyper.batch}, ${s0.hyper.optimizer}, ${threads} threads, ` +
              `${s0.data.train} + ${s0.data.test} images, ${epochs} epochs`);
  const t0 = Date.now();
  await page.evaluate(() => window.playground.start());
  let seen = 0, s;
  for (;;) {
    s = await state(page);
    for (; seen < s.history.length; seen++) {
      const e = s.history[seen];
      console.log(`  epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, accuracy ${e.accuracy.toFixed(4)}, ` +
                  `val_accuracy ${e.val_accuracy.toFixed(4)}, ${e.seconds.toFixed(1)} s (${e.images_per_s.toFixed(0)} images/s); ` +
                  `wall ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
    if (s.training.status === "done" && seen >= epochs) break;
    if (!["running", "idle"].includes(s.training.status)) throw new Error(`training stopped: ${s.training.status} ${s.training.message}`);
    await sleepInPage(page, 2000);
  }
  const wall = (Date.now() - t0) / 1000, ep = s.history.reduce((t, e) => t + e.seconds, 0);
  console.log(`RESULT full-run wall_s=${wall.toFixed(1)} epochs_s=${ep.toFixed(1)} outside_s=${(wall - ep).toFixed(1)} ` +
              `val_accuracy=${s.history[s.history.length - 1].val_accuracy.toFixed(4)} threads=${s.threads}`);
} finally {
  await browser.close();
  srv.proc.kill();
}
