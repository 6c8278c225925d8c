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
// Prints "N passed, M failed"; exits non-zero on failure.
// Usage: node tests/browser/i18n.mjs [--dist DIR]   (DIR: the bundle, default build/web-dist)
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const DIST = path.resolve(args.includes("--dist") ? args[args.indexOf("--dist") + 1] : path.join(ROOT, "build/web-dist"));
const OUT = path.join(ROOT, "test-output/browser");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
fs.mkdirSync(OUT, { recursive: true });

let passed = 0, failed = 0;
function check(name, ok, detail = "") {
  if (ok) passed++; else failed++;
  console.log(`${ok ? "PASS" : "FAIL"}  ${name}${detail ? "  (" + detail + ")" : ""}`);
  return ok;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function serve(extra) {
  return new Promise((resolve, reject) => {
    const p = spawn("python3", [path.join(ROOT, "scripts/serve.py"), DIST, "--port", "0", ...extra], { stdio: ["ignore", "pipe", "pipe"] });
    let buf = "";
    const t = setTimeout(() => reject(new Error("server did not start: " + buf)), 15000);
    p.stdout.on("data", (d) => {
      buf += d;
      const m = buf.match(/at (http:\/\/\S+?\/) /);
      if (m) { clearTimeout(t); resolve({ proc: p, url: m[1] }); }
    });
    p.stderr.on("data", (d) => { buf += d; });
    p.on("exit", (c) => { clearTimeout(t); reject(new Error("server exited " + c + ": " + buf)); });
  });
}

// Waits for the app, the bundled data and the first predictions (the page then looks complete).
async function waitReady(page) {
  const t0 = Date.now();
  for (;;) {
    try {
      await page.waitForFunction(async () => { if (!window.playground) return false; await window.playground.ready; return true; },
                                 null, { timeout: 120000, polling: 250 });
      await page.waitForFunction(() => { const s = window.playground.state(); return s.data.test > 0 && s.predictions > 0; },
                                 null, { timeout: 60000, polling: 250 });
      return;
    } catch (e) {
      // The service worker may reload the page once: retry when the document goes away.
      if (Date.now() - t0 > 150000 || !/context was destroyed|navigat/i.test(String(e))) throw e;
      await sleep(500);
    }
  }
}

async function openPage(browser, url, locale) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url, { waitUntil: "load" });
  await waitReady(page);
  return { context, page, errors };
}

const state = (page) => page.evaluate(() => window.playground.state());
// A few frames, so what the API changed is drawn before a screenshot.
const frames = (page, n = 6) => page.evaluate((n) => new Promise((res) => {
  let k = 0; const f = () => (++k >= n ? res() : requestAnimationFrame(f)); requestAnimationFrame(f);
}), n);
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
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--no-sandbox", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
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
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  });
