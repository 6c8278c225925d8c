// i18n.mjs — the page in two languages, in headless Chromium (/usr/bin/chromium) through
// playwright-core and window.playground:
//   - a browser whose language is Chinese (context locale zh-CN) gets the Chinese page on a
//     first visit, an English one the English page;
//   - every character of the string tables has a glyph in the cut font's atlas
//     (state().missing_glyphs == 0), in both languages and after the atlas is rebuilt at
//     another scale (fonts_set_scale through the test-only export pg_set_font_scale);
//   - setLanguage("zh" | "en") switches at run time, window positions stay, and the choice is
//     remembered after a reload (localStorage "cnn-playground-lang") over the browser's own;
//   - screenshots of the whole page in each language and of the Convolution lab in Chinese go
//     to test-output/browser/lang-en.png, lang-zh.png, lang-zh-lab.png (look at them: no
//     missing-glyph boxes, no '?').
// Prints "N passed, M failed, K skipped"; exits non-zero on failure.
// Usage: node tests/browser/i18n.mjs [--dist DIR]   (DIR: the bundle, default build/web-dist)
import fs from "node:fs";
import path from "node:path";
import { DIST, OUT, ROOT, check, launch, openPage as open, serve, state, tally, tallyLine, waitFrames, waitReady } from "./lib.mjs";

// A page whose browser language is `locale` (first visit: a fresh context, empty storage).
const openPage = (browser, url, locale) => open(browser, url, { locale });
// A few frames, so what the API changed is drawn before a screenshot.
const frames = (page, n = 6) => waitFrames(page, n);
async function shot(page, name) {
  await frames(page);
  const file = path.join(OUT, name);
  await page.screenshot({ path: file });
  return file;
}
// Mean brightness (0..255) of a screenshot, decoded by the page itself: a font texture that
// is lost after an atlas rebuild draws every window black.
const brightness = (page, file) => page.evaluate(async (b64) => {
  const img = new Image();
  img.src = "data:image/png;base64," + b64;
  await img.decode();
  const c = document.createElement("canvas");
  c.width = img.width, c.height = img.height;
  const g = c.getContext("2d");
  g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data;
  let sum = 0;
  for (let i = 0; i < d.length; i += 4) sum += d[i] + d[i + 1] + d[i + 2];
  return sum / (d.length / 4) / 3;
}, fs.readFileSync(file).toString("base64"));

async function main() {
  if (!fs.existsSync(path.join(DIST, "index.html"))) {
    check("bundle exists", false, `${DIST}/index.html missing: run bash scripts/start.sh --no-serve`);
    return;
  }
  const srv = await serve([]);
  const browser = await launch();
  const shots = [];
  try {
    // ---------------------------------------------------------------- a Chinese browser
    const Z = await openPage(browser, srv.url, "zh-CN");
    let s = await state(Z.page);
    const navLang = await Z.page.evaluate(() => navigator.language);
    check("first visit with a Chinese browser: Chinese page", s.lang === "zh", `navigator.language=${navLang}, lang=${s.lang}`);
    check("every table character has a glyph in the atlas (zh)", s.missing_glyphs === 0, `missing_glyphs=${s.missing_glyphs}`);
    check("font of about 15 px", s.font_px >= 13 && s.font_px <= 18, `font_px=${s.font_px}`);
    check("JS API values stay English in Chinese (status, kinds)", s.training.status === "idle" && s.model.layers[0].kind === "Conv2D",
          `status=${s.training.status}, kind=${s.model.layers[0].kind}`);
    shots.push(await shot(Z.page, "lang-zh.png"));
    const light1 = await brightness(Z.page, shots[shots.length - 1]);
    // the Convolution lab in Chinese (the step-by-step tab, tutorial numbers)
    await Z.page.evaluate(() => { const t = window.playground.teach; t.open(); t.setTab("conv"); t.setMode("tutorial"); t.step(4); });
    shots.push(await shot(Z.page, "lang-zh-lab.png"));
    await Z.page.evaluate(() => { const t = window.playground.teach; t.setTab("arch"); });
    shots.push(await shot(Z.page, "lang-zh-lab-arch.png"));
    await Z.page.evaluate(() => { const t = window.playground.teach; t.setTab("filter"); });
    shots.push(await shot(Z.page, "lang-zh-lab-filter.png"));
    await Z.page.evaluate(() => window.playground.teach.close());
    // The atlas rebuilt at another scale (a projector): still every glyph, bigger text.
    const f15 = await Z.page.evaluate(() => JSON.parse(window.Module.ccall("pg_set_font_scale", "string", ["number"], [1.5])));
    await frames(Z.page);
    s = await state(Z.page);
    check("font atlas rebuilt at scale 1.5: larger, no glyph missing, frames keep coming",
          f15.font_px >= 21 && f15.missing_glyphs === 0 && s.missing_glyphs === 0 && s.fps > 0, JSON.stringify(f15));
    shots.push(await shot(Z.page, "lang-zh-scale150.png"));
    const light15 = await brightness(Z.page, shots[shots.length - 1]);
    check("the page still draws its windows and text after the rebuild (not black)", light15 > 0.6 * light1,
          `mean brightness ${light15.toFixed(1)} vs ${light1.toFixed(1)} before`);
    const f1 = await Z.page.evaluate(() => JSON.parse(window.Module.ccall("pg_set_font_scale", "string", ["number"], [1])));
    check("and back to scale 1", f1.font_px <= 18 && f1.missing_glyphs === 0, JSON.stringify(f1));
    check("no console errors (zh)", Z.errors.length === 0, Z.errors.slice(0, 3).join(" | "));
    await Z.context.close();

    // ---------------------------------------------------------------- an English browser
    const E = await openPage(browser, srv.url, "en-US");
    s = await state(E.page);
    check("first visit with an English browser: English page", s.lang === "en", `lang=${s.lang}`);
    check("every table character has a glyph in the atlas (en)", s.missing_glyphs === 0, `missing_glyphs=${s.missing_glyphs}`);
    const rectsEn = s.panels;
    shots.push(await shot(E.page, "lang-en.png"));
    let r = await E.page.evaluate(() => window.playground.setLanguage("zh"));
    await frames(E.page);
    s = await state(E.page);
    check("setLanguage('zh') switches at run time", r === "zh" && s.lang === "zh", `returned ${r}, lang=${s.lang}`);
    const same = ["data", "model", "train", "predictions", "inside"].every((n) =>
      rectsEn[n].every((v, i) => Math.abs(v - s.panels[n][i]) < 1));
    check("windows keep their places when the language changes (stable IDs)", same,
          JSON.stringify({ en: rectsEn.train, zh: s.panels.train }));
    const stored = await E.page.evaluate(() => localStorage.getItem("cnn-playground-lang"));
    check("the choice is stored (localStorage cnn-playground-lang)", stored === "zh", `stored=${stored}`);
    await E.page.reload({ waitUntil: "load" });
    await waitReady(E.page);
    s = await state(E.page);
    check("after a reload the English browser still gets the chosen Chinese", s.lang === "zh", `lang=${s.lang}`);
    r = await E.page.evaluate(() => window.playground.setLanguage("en"));
    await E.page.reload({ waitUntil: "load" });
    await waitReady(E.page);
    s = await state(E.page);
    check("setLanguage('en') back, remembered after a reload", r === "en" && s.lang === "en", `lang=${s.lang}`);
    r = await E.page.evaluate(() => window.playground.setLanguage("zh-Hans"));
    check("language codes like zh-Hans map to Chinese", r === "zh", `returned ${r}`);
    await E.page.evaluate(() => window.playground.setLanguage("en"));
    check("no console errors (en)", E.errors.length === 0, E.errors.slice(0, 3).join(" | "));
    await E.context.close();
    check("screenshots written", shots.every((f) => fs.existsSync(f) && fs.statSync(f).size > 10000),
          shots.map((f) => path.relative(ROOT, f)).join(", "));
  } finally {
    await browser.close();
    srv.proc.kill();
  }
}

main()
  .catch((e) => check("i18n suite ran", false, String(e && e.stack || e)))
  .finally(() => {
    console.log(tallyLine());
    process.exit(tally.failed ? 1 : 0);
  });
