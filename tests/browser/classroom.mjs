// classroom.mjs — browser tests of classroom mode on the bundle (--dist DIR, made by
// scripts/start.sh) in headless Chromium, through window.playground:
//   - a shared link (non-default model, optimizer, lr, batch, epochs, seed, data subset, open
//     panels, language zh, UI scale, classroom mode with hidden groups) restores all of it and
//     does not start training; the page's own link() says the same;
//   - "Copy link" writes the fragment into the address bar; a fragment pasted into the open
//     page's address (hashchange) is applied;
//   - the keyboard drives the page: Space start/pause, S step, R + Enter reset (Esc cancels),
//     Shift+R reset, arrows and N/P the chosen image, F1 the help panel, '.'/',' the
//     Convolution lab's animation;
//   - UI scale 2 and the high-contrast theme (the logical display halves);
//   - bad fragments (malformed numbers, impossible model, unknown keys and names, another
//     version) give a notice listing what was ignored and the defaults, on a live page;
//   - setHyper, a link and the panel's lr field refuse out-of-range settings (the first two
//     with the CLI's message), changing nothing.
// Screenshots: test-output/browser/classroom-link.png, classroom-help.png,
// classroom-scale-contrast.png, classroom-bad-link.png, classroom-lr-refused.png.
// Usage: node tests/browser/classroom.mjs [--dist DIR]
import path from "node:path";
import { OUT, check, launch, openPage, runSuite, serve, state, waitFor, waitFrames, waitState } from "./lib.mjs";

const MODEL = "conv(16,3,relu) maxpool(2) conv(32,3,relu) maxpool(2) flatten dense(10,softmax)";
const LINK = "v=1&model=" + MODEL.replace(/ /g, "+") + "&opt=sgd&lr=0.01&batch=64&epochs=2&seed=42&train=2000&test=500" +
             "&panels=model,train,predictions,inside&lang=zh&scale=1.25&theme=dark&class=1&hide=hyper,seed,files";
const BAD = "v=1&lr=abc&batch=7x&model=conv(64,40)+flatten+dense(10)&lang=fr&bogus=1&hide=seed,nothing&train=5";

// A key press the page sees: press and hold for a moment, so that the frame loop polls SDL
// while the key is down (as a person's press would be), then two frames for the page to act on it.
async function key(page, k) {
  await page.keyboard.press(k, { delay: 60 });
  await waitFrames(page, 2);
}

// The state once the step count holds still over 5 frames (the engine has stopped publishing steps).
const steadySteps = (page) => waitFor(async () => {
  const a = await state(page);
  await waitFrames(page, 5);
  const b = await state(page);
  return a.training.steps === b.training.steps ? b : null;
}, (x) => x !== null, 15000, "the step count to hold still", 0);

async function main() {
  const srv = await serve([]);
  const browser = await launch();
  try {
    // ---------------------------------------------------------------- a shared link
    const A = await openPage(browser, srv.url + "#" + LINK);
    const { page } = A;
    let s = await state(page);
    check("link: model restored", s.model.spec === MODEL && !s.model.error && s.model.layers.length === 6,
          `${s.model.spec} (${s.model.total_params} params)`);
    check("link: optimizer, lr, batch, epochs, seed restored",
          s.hyper.optimizer === "sgd" && Math.abs(s.hyper.lr - 0.01) < 1e-9 && s.hyper.batch === 64 && s.hyper.epochs === 2 && s.hyper.seed === 42,
          JSON.stringify(s.hyper));
    check("link: data subset 2,000 + 500, balanced by class",
          s.data.train === 2000 && s.data.test === 500 && s.subset.train_per_class.every((c) => c === 200) &&
          s.subset.train_loaded === 5000 && s.subset.test_loaded === 1000,
          `${s.data.train} + ${s.data.test} of ${s.subset.train_loaded} + ${s.subset.test_loaded}, per class ${s.subset.train_per_class}`);
    s = await waitState(page, (x) => x.predictions === 500, 20000);
    check("link: predictions on the 500 test images", s.predictions === 500, `${s.predictions}`);
    const p = s.ui.panels;
    check("link: open panels", !p.data && p.model && p.train && p.predictions && p.inside && !p.lab && s.panels.data[2] === 0,
          JSON.stringify(p));
    check("link: language, scale, classroom mode and hidden groups",
          s.ui.lang === "zh" && s.ui.scale === 1.25 && s.ui.theme === "dark" && s.ui.classroom.on &&
          ["files", "hyper", "seed"].every((g) => s.ui.classroom.hidden_now.includes(g)) && s.ui.classroom.hide.length === 3,
          JSON.stringify({ lang: s.ui.lang, scale: s.ui.scale, theme: s.ui.theme, classroom: s.ui.classroom }));
    const docLang = await page.evaluate(() => document.documentElement.lang);
    check("link: the page's own language attribute follows (zh-CN)", docLang === "zh-CN", docLang);
    check("link: no notice, training not started", s.ui.notice.length === 0 && !s.ui.notice_open && s.ui.link_opened &&
          s.training.status === "idle" && s.training.steps === 0, `status ${s.training.status}, steps ${s.training.steps}`);
    const own = new URLSearchParams(s.ui.link.replace(/\+/g, "%2B"));
    check("link(): the page's own link carries the same setup",
          own.get("v") === "1" && own.get("seed") === "42" && own.get("lr") === "0.01" && own.get("batch") === "64" &&
          own.get("opt") === "sgd" && own.get("train") === "2000" && own.get("test") === "500" && own.get("lang") === "zh" &&
          own.get("scale") === "1.25" && own.get("class") === "1" && own.get("hide") === "hyper,files,seed" &&
          own.get("panels") === "model,train,predictions,inside" && own.get("model").replace(/\+/g, " ") === MODEL,
          s.ui.link);
    // The header at scale 1.25 spans 1280 / 1.25 logical pixels.
    check("link: UI scale 1.25 (logical display 1024 wide)", Math.abs(s.panels.header[2] - 1024) < 1, `header ${s.panels.header}`);
    await waitFrames(page, 3);
    await page.screenshot({ path: path.join(OUT, "classroom-link.png") });

    // ---------------------------------------------------------------- Copy link, hashchange
    await page.evaluate(() => window.playground.setHyper({ lr: 0.02 }));
    await page.evaluate(() => window.playground.copyLink());
    const hash = await waitFor(() => page.evaluate(() => location.hash), (h) => h.includes("lr=0.02"), 10000,
                               "Copy link to write the new lr into the address bar");
    const link = await page.evaluate(() => window.playground.link());
    check("Copy link writes the fragment into the address bar", hash === "#" + link && link.includes("lr=0.02"), hash);
    await page.evaluate(() => { location.hash = "#v=1&seed=77&lang=zh&panels=data,model,train,predictions,inside"; });
    s = await waitState(page, (x) => x.hyper.seed === 77, 10000);
    check("a fragment pasted into the open page is applied (hashchange)",
          s.hyper.seed === 77 && s.hyper.optimizer === "adam" && s.model.total_params === 122570 && s.ui.panels.data &&
          !s.ui.classroom.on && s.ui.scale === 1 && s.training.steps === 0,
          `seed ${s.hyper.seed}, ${s.hyper.optimizer}, ${s.model.total_params} params, scale ${s.ui.scale}`);
    await page.evaluate(() => window.playground.setHyper({ batch: 32 }));

    // ---------------------------------------------------------------- keyboard
    await page.mouse.move(5, 790);
    await key(page, "Space");
    s = await waitState(page, (x) => x.training.status === "running", 15000, 100);
    check("Space starts training", s.training.status === "running", s.training.status);
    await waitState(page, (x) => x.training.steps >= 3, 30000, 100, "a few steps of training");
    await key(page, "Space");
    s = await waitState(page, (x) => x.training.status === "paused", 15000, 100);
    const steps0 = s.training.steps;
    check("Space pauses training", s.training.status === "paused" && steps0 > 0, `${s.training.status}, ${steps0} steps`);
    s = await steadySteps(page);
    const steps1 = s.training.steps;
    await key(page, "s");
    s = await waitState(page, (x) => x.training.steps === steps1 + 1, 15000, 100);
    check("S trains one batch", s.training.steps === steps1 + 1 && s.training.status === "paused", `${steps1} -> ${s.training.steps}`);
    const img0 = s.selected_image;
    await key(page, "ArrowRight");
    s = await waitState(page, (x) => x.selected_image === img0 + 1, 5000, 100);
    const r1 = s.selected_image;
    await key(page, "n");
    s = await waitState(page, (x) => x.selected_image === img0 + 2, 5000, 100);
    const r2 = s.selected_image;
    await key(page, "ArrowLeft");
    await key(page, "p");
    s = await waitState(page, (x) => x.selected_image === img0, 5000, 100);
    check("arrows and N/P change the chosen image", r1 === img0 + 1 && r2 === img0 + 2 && s.selected_image === img0,
          `${img0} -> ${r1} -> ${r2} -> ${s.selected_image}`);
    s = await waitState(page, (x) => x.inside.image === img0, 10000);
    check("Inside the network follows the chosen image", s.inside.image === img0, `inside ${s.inside.image}`);
    await key(page, "r");
    s = await state(page);
    const asked = s.ui.confirm_reset;
    await key(page, "Escape");
    s = await state(page);
    check("R asks before resetting, Esc cancels", asked && !s.ui.confirm_reset && s.training.steps > 0,
          `asked ${asked}, steps ${s.training.steps}`);
    await key(page, "r");
    await key(page, "Enter");
    s = await waitState(page, (x) => x.training.steps === 0 && x.history.length === 0, 15000, 100);
    check("R then Enter resets", s.training.steps === 0 && !s.ui.confirm_reset, `steps ${s.training.steps}`);
    await key(page, "s");
    s = await waitState(page, (x) => x.training.steps === 1, 15000, 100);
    await key(page, "Shift+R");
    s = await waitState(page, (x) => x.training.steps === 0, 15000, 100);
    check("Shift+R resets at once", s.training.steps === 0 && !s.ui.confirm_reset, `steps ${s.training.steps}`);
    // Nothing trained: R resets without asking. Trained: S in the question saves, then resets.
    await key(page, "r");
    s = await state(page);
    check("R on an untrained model resets without asking", !s.ui.confirm_reset, `asked ${s.ui.confirm_reset}`);
    await key(page, "s");
    await waitState(page, (x) => x.training.steps === 1, 15000, 100, "one batch trained");
    await key(page, "r");
    s = await waitState(page, (x) => x.ui.confirm_reset, 5000, 50, "Reset's question");
    const [dl] = await Promise.all([page.waitForEvent("download", { timeout: 15000 }), key(page, "s")]);
    s = await waitState(page, (x) => x.training.steps === 0 && !x.ui.confirm_reset, 15000, 100, "the reset after the save");
    check("R then S saves the trained model, then resets", dl.suggestedFilename().endsWith(".model") && s.training.steps === 0,
          `${dl.suggestedFilename()}, steps ${s.training.steps}`);
    // Not while a text field has the keyboard: click into the learning-rate field (first row of
    // the Train panel, after the optimizer), then S and Space go to the field; Esc leaves it.
    s = await state(page);
    const tp = s.panels.train;
    await page.mouse.click(tp[0] + 175, tp[1] + 37);
    await waitFrames(page, 3);
    await key(page, "s");
    await key(page, "Space");
    // Had S or Space reached the shortcuts, the engine would have trained a batch within 30
    // frames (the page's snapshot follows the engine every frame).
    await waitFrames(page, 30);
    s = await state(page);
    const typed = s.training;
    await key(page, "Escape");
    await key(page, "s");
    s = await waitState(page, (x) => x.training.steps === 1, 15000, 100);
    check("no shortcuts while a text field is edited (S, Space typed into the lr field)",
          typed.steps === 0 && typed.status !== "running" && s.training.steps === 1 && Math.abs(s.hyper.lr - 0.001) < 1e-9,
          `while editing: steps ${typed.steps}, ${typed.status}; after Esc, S: steps ${s.training.steps}; lr ${s.hyper.lr}`);
    // Typed into the lr field: 100 is refused (the message shows under the settings) and the
    // rate in use stays; 0.02 is applied. No clamping.
    const typeLr = async (text) => {
      await page.mouse.click(tp[0] + 175, tp[1] + 37);
      await waitFrames(page, 3);
      await page.keyboard.press("Control+A");
      await page.keyboard.type(text, { delay: 60 });
      await key(page, "Enter");
      await waitFrames(page, 5);  // the field's Enter is handled in the next frame
      return (await state(page)).hyper.lr;
    };
    const lrAfter100 = await typeLr("100");
    await page.screenshot({ path: path.join(OUT, "classroom-lr-refused.png"), clip: { x: tp[0], y: tp[1], width: tp[2], height: tp[3] } });
    const lrAfter002 = await typeLr("0.02");
    check("the panel's lr field refuses 100 and keeps the rate in use, then takes 0.02",
          Math.abs(lrAfter100 - 0.001) < 1e-9 && Math.abs(lrAfter002 - 0.02) < 1e-9, `after 100: ${lrAfter100}; after 0.02: ${lrAfter002}`);
    await page.evaluate(() => window.playground.setHyper({ lr: 0.001 }));
    await key(page, "F1");
    s = await state(page);
    check("F1 opens the help panel", s.ui.help === true);
    await waitFrames(page, 3);
    await page.screenshot({ path: path.join(OUT, "classroom-help.png") });
    await key(page, "F1");
    s = await state(page);
    check("F1 closes it again", s.ui.help === false);
    await page.evaluate(() => { const t = window.playground.teach; t.open(); t.setTab("conv"); t.setMode("tutorial"); t.seek(0); });
    await waitFrames(page, 3);
    await key(page, ".");
    await key(page, ".");
    let t = await page.evaluate(() => window.playground.teach.state());
    const tf = t.t;
    await key(page, ",");
    t = await page.evaluate(() => window.playground.teach.state());
    check("'.' and ',' step the Convolution lab's animation", tf === 2 && t.t === 1, `after ..: ${tf}, after ,: ${t.t}`);
    s = await state(page);
    check("the lab counts as an open panel", s.ui.panels.lab === true);
    await page.evaluate(() => window.playground.teach.close());

    // ---------------------------------------------------------------- projector: scale and contrast
    await page.evaluate(() => { window.playground.setLanguage("en"); window.playground.setScale(2); window.playground.setTheme("contrast"); });
    s = await waitState(page, (x) => Math.abs(x.panels.header[2] - 640) < 1, 10000);
    check("scale 2 and high contrast: state and a logical display of 640 px",
          s.ui.scale === 2 && s.ui.theme === "contrast" && Math.abs(s.panels.header[2] - 640) < 1,
          `scale ${s.ui.scale}, theme ${s.ui.theme}, header ${s.panels.header}`);
    check("scale 2: panels laid out again inside the display",
          ["model", "train", "predictions", "inside", "data"].every((n) => s.panels[n][0] + s.panels[n][2] <= 641 && s.panels[n][2] > 50),
          ["model", "train", "predictions", "inside", "data"].map((n) => `${n} ${s.panels[n].map(Math.round)}`).join("; "));
    await waitFrames(page, 3);
    await page.screenshot({ path: path.join(OUT, "classroom-scale-contrast.png") });
    check("no console errors (link page)", A.errors.length === 0, A.errors.slice(0, 3).join(" | "));
    await A.context.close();

    // ---------------------------------------------------------------- bad fragments
    const B = await openPage(browser, srv.url + "#" + BAD);
    s = await state(B.page);
    const keys = s.ui.notice.map((n) => n.key);
    check("bad link: a notice lists what was ignored", s.ui.notice_open &&
          ["lr", "batch", "model", "lang", "bogus", "hide", "train"].every((k) => keys.includes(k)), keys.join(", "));
    check("bad link: defaults for the bad parts, the good part kept",
          Math.abs(s.hyper.lr - 0.001) < 1e-9 && s.hyper.batch === 32 && s.model.total_params === 122570 && s.ui.lang === "en" &&
          s.subset.train === 0 && s.data.train === 5000 && s.ui.classroom.hide.join() === "seed",
          `lr ${s.hyper.lr}, batch ${s.hyper.batch}, ${s.model.total_params} params, lang ${s.ui.lang}, hide ${s.ui.classroom.hide}`);
    await waitFrames(B.page, 3);
    await B.page.screenshot({ path: path.join(OUT, "classroom-bad-link.png") });
    await key(B.page, "s");
    s = await waitState(B.page, (x) => x.training.steps === 1, 15000, 100);
    check("bad link: the page is live (S trains a batch)", s.training.steps === 1 && s.fps > 0, `steps ${s.training.steps}, ${s.fps} fps`);
    const r = await B.page.evaluate(() => window.playground.openLink("v=9&seed=5"));
    s = await state(B.page);
    check("another version: the whole link ignored, with a notice",
          r.rejected && s.hyper.seed === 1 && s.ui.notice_open && s.ui.notice.length === 1 && s.ui.notice[0].key === "v",
          JSON.stringify(r.problems));
    await key(B.page, "Escape");
    s = await state(B.page);
    check("Esc closes the notice", !s.ui.notice_open);

    // ---------------------------------------------------------------- one settings check
    // setHyper and a link refuse with the words of the CLI (tests/cli/settings.sh); nothing changes.
    const before = (await state(B.page)).hyper;
    const refusals = await B.page.evaluate(() => [{ lr: 100 }, { batch: 5000 }, { epochs: 0 }, { lr: 0.02, batch: 0 }].map((h) => {
      try { window.playground.setHyper(h); return ""; } catch (e) { return e.message; }
    }));
    s = await state(B.page);
    check("setHyper refuses out-of-range values with the settings' message, all or nothing",
          refusals[0] === "learning rate must be from 1e-06 to 10, got 100" &&
          refusals[1] === "batch size must be from 1 to 1024, got 5000" &&
          refusals[2] === "epochs must be from 1 to 1000, got 0" &&
          refusals[3] === "batch size must be from 1 to 1024, got 0" &&
          JSON.stringify(s.hyper) === JSON.stringify(before), `${refusals.join(" | ")}; ${JSON.stringify(s.hyper)}`);
    const bad = await B.page.evaluate(() => window.playground.openLink("v=1&lr=100&batch=5000&epochs=0"));
    check("a link with lr=100, batch=5000, epochs=0 lists the same messages",
          bad.problems.map((p) => `${p.key}: ${p.why}`).join(" | ") ===
          `lr: ${refusals[0]} | batch: ${refusals[1]} | epochs: ${refusals[2]}`, JSON.stringify(bad.problems));
    const round = await B.page.evaluate(() => window.playground.openLink(window.playground.link()));
    check("the page's own link reads back with no notice", !round.rejected && round.problems.length === 0, JSON.stringify(round.problems));
    check("no console errors (bad link page)", B.errors.length === 0, B.errors.slice(0, 3).join(" | "));
    await B.context.close();
  } finally {
    await browser.close().catch(() => {});
    srv.proc.kill();
  }
  console.log(`screenshots: ${OUT}/classroom-*.png`);
}

await runSuite(main);
