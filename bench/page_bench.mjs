// page_bench.mjs — the playground itself as a benchmark row (bench/run.py runs it beside the
// Node rows): the threaded page in headless Chromium (SwiftShader, 1280x800), its bundled
// subset and its default settings (the tutorial's model, batch 32, Adam, the default thread
// count) unless --threads says otherwise, trained from Start with nobody touching the page.
// Training images/s is counted from the page's own state(): batches trained times the batch
// size, over windows of --seconds of the page's wall time, after --warmup batches. The
// windows include what the page does beside training (prediction refreshes, drawing), since
// that is what a user gets. No inference row.
//   node bench/page_bench.mjs [--dist build/web-dist] [--threads N] [--windows 3]
//                             [--seconds 5] [--warmup 20] [--label page] [--single]
// Prints the same RESULT line as cnn-bench: RESULT <label> threads=N train=a,b,c infer=- rss_kb=0
import { arg, launch, openPage, serve, state, waitState } from "../tests/browser/lib.mjs";

const windows = +arg("--windows", 3), seconds = +arg("--seconds", 5), warmup = +arg("--warmup", 20);
const label = arg("--label", "page"), threads = arg("--threads", "");
// --single: the single-thread build instead (a host without cross-origin isolation).
const single = process.argv.includes("--single");

// Steps and the page's clock, read together inside the page.
const sample = (page) => page.evaluate(() => ({ steps: window.playground.state().training.steps, t: performance.now() }));

const srv = await serve(single ? ["--no-isolation"] : []);
const browser = await launch();
try {
  const { page } = await openPage(browser, single ? srv.url + "?nocoi" : srv.url, {}, single ? "single" : "threads");
  if (threads) await page.evaluate((n) => window.playground.setHyper({ threads: n }), +threads);
  const s0 = await state(page);
  const batch = s0.hyper.batch, nthreads = s0.hyper.threads;
  console.log(`page: ${s0.model.spec || ""} batch ${batch}, ${s0.hyper.optimizer}, threads ${nthreads}, ` +
              `${s0.data.train} training images`);
  await page.evaluate(() => window.playground.start());
  await waitState(page, (s) => s.training.steps >= warmup, 120000, 200, `${warmup} warm-up batches`);
  const rates = [];
  for (let w = 0; w < windows; w++) {
    const a = await sample(page);
    await page.evaluate((ms) => new Promise((r) => setTimeout(r, ms)), seconds * 1000);
    const b = await sample(page);
    rates.push(((b.steps - a.steps) * batch * 1000) / (b.t - a.t));
    console.log(`  window ${w + 1}: ${b.steps - a.steps} batches in ${((b.t - a.t) / 1000).toFixed(2)} s: ` +
                `${rates[w].toFixed(0)} images/s`);
  }
  const f = (await state(page)).frames;
  if (f) console.log(`  frames: ${f.drawn} drawn, ${f.skipped} skipped, ${(f.cost_ms ?? 0).toFixed(1)} ms each, ` +
                     `one per ${(f.follow_s ?? 0).toFixed(2)} s while training`);
  await page.evaluate(() => window.playground.pause());
  console.log(`RESULT ${label} threads=${nthreads} train=${rates.map((r) => r.toFixed(1)).join(",")} infer=- rss_kb=0`);
} finally {
  await browser.close();
  srv.proc.kill();
}
