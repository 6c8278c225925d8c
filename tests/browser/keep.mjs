// keep.mjs — "nothing lost, one truth on screen" on the bundle (--dist DIR) in headless
// Chromium, through window.playground, in the threaded build and the single-thread one:
//   - batch curves from the first batch; predictions and Inside refreshed together during a run;
//   - a finished run says done on its last batch, and stays so when threads change;
//   - a preset asks before replacing a trained model, in both languages; cancel keeps it;
//   - a reload mid-run brings back the settings, the history, predictions with the batch
//     count of the stored model, the chosen image and the open panels.
// Not here: layout, fonts, touch (other suites). Screenshots: test-output/browser/keep-*.png.
// Usage: node tests/browser/keep.mjs [--dist DIR]
import path from "node:path";
import { OUT, check, launch, openPage, runSuite, serve, state, waitFor, waitFrames, waitReady, waitState } from "./lib.mjs";

const SMALL = "conv(16,3,relu) maxpool(2) conv(32,3,relu) maxpool(2) flatten dense(10,softmax)";  // a preset
const RUN_EPOCHS = 2;  // the first run's
const shot = (page, name) => page.screenshot({ path: path.join(OUT, `keep-${name}.png`) });

// While a run goes on: the smoothed curves start at the first batch, and every prediction
// grid seen comes with an Inside view of the same batch count.
async function duringRun(page, flavour) {
  let s = await waitState(page, (x) => x.training.steps >= 1, 60000, 100, "the first batch");
  check(`${flavour}: batch accuracy from the first batch`, s.batch_accuracies >= 1 && s.smoothed_accuracy !== null,
        `${s.batch_accuracies} points, history ${s.history.length}`);
  const first = s.predictions_at_step;
  s = await waitState(page, (x) => x.predictions_at_step > Math.max(0, first) && x.training.status === "running",
                      60000, 100, "predictions refreshed during the run");
  check(`${flavour}: predictions refreshed during the run`, s.predictions_at_step > 0,
        `after ${s.predictions_at_step} of ${s.training.steps} batches`);
  check(`${flavour}: Inside made from the same weights`, s.inside.at_step === s.predictions_at_step,
        `inside ${s.inside.at_step}, predictions ${s.predictions_at_step}`);
}

async function finishedRun(page, flavour) {
  let s = await waitState(page, (x) => x.training.status === "done", 180000, 250, "the run to finish");
  const t = s.training;
  check(`${flavour}: a finished run ends on its last batch`,
        t.epoch === RUN_EPOCHS && t.epochs === RUN_EPOCHS && t.batch === t.batches_per_epoch,
        `epoch ${t.epoch}/${t.epochs}, batch ${t.batch}/${t.batches_per_epoch}`);
  await waitFrames(page, 3);
  await shot(page, `${flavour}-done`);
  if (flavour !== "threads") return s;
  page.evaluate(() => window.playground.setHyper({ threads: 1 }));
  s = await waitState(page, (x) => x.threads === 1, 20000, 100, "threads 1 in force");
  check(`${flavour}: changing threads keeps "done"`, s.training.status === "done" && s.training.epoch === RUN_EPOCHS &&
        s.training.epochs === RUN_EPOCHS && s.training.batch === s.training.batches_per_epoch,
        `${s.training.status}, epoch ${s.training.epoch}/${s.training.epochs}`);
  return s;
}

// A preset on a trained model: the question (both languages), then cancel.
async function presetQuestion(page, before) {
  await page.evaluate((m) => window.playground.askModel(m), SMALL);
  let s = await waitState(page, (x) => x.ask.open, 5000, 50, "the question");
  check("a preset on a trained model asks first", s.ask.open && s.model.applied === before.model.applied);
  await waitFrames(page, 3);
  await shot(page, "question-en");
  await page.evaluate(() => window.playground.setLanguage("zh"));
  await waitFrames(page, 3);
  await shot(page, "question-zh");
  s = await state(page);
  check("the question's Chinese text has every glyph", s.missing_glyphs === 0, `${s.missing_glyphs} missing`);
  await page.evaluate(() => window.playground.setLanguage("en"));
  await page.evaluate(() => window.playground.answer("cancel"));
  await waitFrames(page, 3);
  s = await state(page);
  check("cancel keeps the model and its history", !s.ask.open && s.model.applied === before.model.applied &&
        s.history.length === before.history.length && s.training.steps === before.training.steps,
        `${s.history.length} epochs, ${s.training.steps} batches`);
}

// Settings, a chosen image and a closed panel; a new run into its third epoch; a reload. On
// 2,000 training images (one thread: about 4 s an epoch rather than 12 s on all 5,000).
async function reloadMidRun(page) {
  await page.evaluate(() => {
    window.playground.setSubset(2000, 500);
    window.playground.reset();
    window.playground.setHyper({ lr: 0.002, epochs: 3 });
    window.playground.selectImage(42);
    window.playground.setPanel("data", false);
    window.playground.start();
  });
  const mid = await waitState(page, (x) => x.history.length === 2 && x.training.status === "running" && x.training.batch >= 1,
                              240000, 100, "the third epoch under way");
  const bpe = mid.training.batches_per_epoch;
  // The model saved after the second epoch is in browser storage (the write is asynchronous).
  await waitFor(() => page.evaluate(() => window.playground.storedSteps()), (n) => n >= 2 * bpe, 30000,
                "the second epoch's model stored");
  await page.reload({ waitUntil: "load" });
  await waitReady(page);
  // The model stored after the second epoch (saved after each epoch), predicted again.
  const s = await waitState(page, (x) => x.training.steps > 0 && x.predictions_at_step === x.training.steps, 120000, 250,
                            "the restored model's predictions");
  check("reload: the settings are back", Math.abs(s.hyper.lr - 0.002) < 1e-9 && s.hyper.epochs === 3 &&
        s.data.train === mid.data.train, JSON.stringify(s.hyper));
  // Saved right after the second epoch ended (a batch or two of the third may be in it).
  check("reload: the history and the batch count of the stored model",
        s.history.length === 2 && s.training.steps >= 2 * bpe && s.training.steps < 3 * bpe,
        `${s.history.length} epochs, ${s.training.steps} batches, predictions after ${s.predictions_at_step}`);
  check("reload: the chosen image and the open panels", s.selected_image === 42 && s.ui.panels.data === false &&
        s.ui.panels.train === true, `image ${s.selected_image}, panels ${JSON.stringify(s.ui.panels)}`);
  await waitFrames(page, 3);
  await shot(page, "reloaded");
}

async function suite(browser, url, flavour) {
  const { page, context } = await openPage(browser, flavour === "single" ? url + "?nocoi" : url);
  let s = await state(page);
  check(`${flavour}: the build`, s.flavour === flavour, s.flavour);
  // Two epochs, so predictions refresh during the run at least once: when the first ends (the
  // 3-second refreshes may not come within a run of a few seconds: a slow first pass over
  // the test set makes them rarer, views_every). 3,000 training images with two threads,
  // 1,500 with one (about 3-5 s an epoch each).
  const train = flavour === "single" ? 1500 : 3000, test = flavour === "single" ? 200 : 500;
  await page.evaluate(([n, m, e]) => { window.playground.setSubset(n, m); window.playground.setHyper({ epochs: e }); },
                      [train, test, RUN_EPOCHS]);
  await waitState(page, (x) => x.data.train === train && x.data.test === test, 20000, 100, "the subset");
  await page.evaluate(() => window.playground.start());
  await duringRun(page, flavour);
  s = await finishedRun(page, flavour);
  if (flavour === "threads") {
    await presetQuestion(page, s);
    await reloadMidRun(page);
  }
  await context.close();
}

async function main() {
  const browser = await launch();
  for (const [extra, flavour] of [[[], "threads"], [["--no-isolation"], "single"]]) {
    const srv = await serve(extra);
    try {
      await suite(browser, srv.url, flavour);
    } finally {
      srv.proc.kill();
    }
  }
  await browser.close();
}

runSuite(main);
