// layout.mjs — the page fits the screens a class meets, in headless Chromium through
// window.playground.state().layout (panels/layout.h): for each screen, in English and in
// Chinese, with the five panels and then with the Convolution lab open (each of its tabs),
//   - every window lies inside the display;
//   - no widget reports text cut to fit (nor a window whose content runs past its edge);
//   - every item of the header (title, language, view, classroom, copy link, help, build,
//     status, the lab's button) is reachable: on the bar inside the display, or in its menu;
//   - each lab tab with grids draws its whole canvas without scrolling (teach.state().fit), at
//     cells no smaller than their minimum (the convolution tab in its three sources of numbers:
//     the tutorial's example, a layer of the model, RGB channels), and the cells grow with the
//     lab window (the 1280x800 window against the 960x540 one of 1920x1080 at 200%).
// Screens: 1024x700 and 1280x800 at 100%; 1280x800 at 125% and 150% and 1920x1080 at 150% and
// 200% as an operating system's display scaling gives them (the browser's device pixel ratio: a
// CSS viewport of size/scale); and 1920x1080 with the page's own UI scale at 200% (View menu).
// 1280x800 at 150% (853x533) is the narrowest: its header folds its menus into "Menu".
// Screenshots: test-output/browser/layout-<screen>-<lang>[-lab-<tab>[-<mode>]].png, for the panels and the
// conv, filter and arch tabs (every tab and mode with --all-shots). Look at them.
// Prints "N passed, M failed, K skipped"; exits non-zero on failure.
// Usage: node tests/browser/layout.mjs [--dist DIR] [--only NAME] [--all-shots]
import path from "node:path";
import { OUT, arg, check, flag, launch, openPage, runSuite, serve, state, waitState } from "./lib.mjs";

const SCREENS = [
  { name: "1024x700-100", w: 1024, h: 700, dpr: 1, ui: 1 },
  { name: "1280x800-100", w: 1280, h: 800, dpr: 1, ui: 1 },
  { name: "1920x1080-ui200", w: 1920, h: 1080, dpr: 1, ui: 2 },
  { name: "1280x800-125", w: 1280, h: 800, dpr: 1.25, ui: 1 },
  { name: "1920x1080-150", w: 1920, h: 1080, dpr: 1.5, ui: 1 },
  { name: "1920x1080-200", w: 1920, h: 1080, dpr: 2, ui: 1 },
  { name: "1280x800-150", w: 1280, h: 800, dpr: 1.5, ui: 1 },
];
const HEADER = ["title", "language", "view", "classroom", "copy_link", "help", "build", "status", "lab"];
const TABS = ["conv", "filter", "pool", "stride", "relu", "dense", "arch", "keras", "concepts"];
const GRID_TABS = ["conv", "filter", "pool", "stride", "relu"];  // tabs whose canvas is sized by fit_cell
const cellsSeen = {};  // "<screen> <lang> <tab>" -> {grid id: cell}

// The logical display the page lays out on: CSS pixels (physical / dpr) over the UI scale.
const logical = (sc) => [Math.round(sc.w / sc.dpr) / sc.ui, Math.round(sc.h / sc.dpr) / sc.ui];

// One frame's layout checked; `what` names the case in each check.
function checkLayout(L, sc, what) {
  const [dw, dh] = logical(sc);
  check(`${what}: display ${dw}x${dh}`, Math.abs(L.display[0] - dw) < 1 && Math.abs(L.display[1] - dh) < 1, JSON.stringify(L.display));
  const out = L.windows.filter((w) => { const [x, y, ww, hh] = w.rect; return x < -0.5 || y < -0.5 || x + ww > dw + 0.5 || y + hh > dh + 0.5; });
  check(`${what}: all ${L.windows.length} windows inside the display`, L.windows.length >= 1 && out.length === 0,
        out.map((w) => `${w.name} ${w.rect.map(Math.round)}`).join("; "));
  check(`${what}: no text cut`, L.truncated.length === 0, L.truncated.slice(0, 6).join(" | "));
  const missing = HEADER.filter((id) => !L.header.some((h) => h.id === id && h.reachable));
  check(`${what}: header items reachable${L.header_folded ? " (menus folded)" : ""}`, missing.length === 0,
        `unreachable: ${missing.join(", ")}; ` + L.header.filter((h) => !h.reachable).map((h) => `${h.id}@${h.x.map(Math.round)}`).join(" "));
}

// A lab tab's canvas (teach.state().fit): the whole drawing inside its room, every grid's cells
// at least their minimum. Records the cells for the growth check.
function checkCanvas(f, sc, lang, tab, variant = "") {
  const what = `${sc.name} ${lang} lab ${tab}${variant}`;
  check(`${what}: canvas measured`, f.tab === tab, `fit.tab = ${f.tab}`);
  check(`${what}: whole drawing visible without scrolling`, f.fits,
        `drawing reaches ${f.extent.map(Math.round)} in a room of ${f.room.map(Math.round)}`);
  const small = f.cells.filter((c) => !(c.cell >= c.min && c.min > 0));
  check(`${what}: ${f.cells.length} grid(s), cells at least their minimum`, small.length === 0,
        small.map((c) => `${c.id} ${c.cell} < ${c.min}`).join(", "));
  cellsSeen[`${sc.name} ${lang} ${tab}${variant}`] = Object.fromEntries(f.cells.map((c) => [c.id, c.cell]));
}

// The convolution tab's two other sources (a layer of the model: colour maps over rows of
// numbers; three colour channels with two kernels) fit too; back to the tutorial's example.
async function otherConvModes(page, sc, lang) {
  for (const mode of ["cifar", "multi"]) {
    await page.evaluate((m) => window.playground.teach.setMode(m), mode);
    await settle(page, sc);
    const t = await page.evaluate(() => window.playground.teach.state());
    check(`${sc.name} ${lang} lab conv ${mode}: shows a step`, t.mode === mode && t.steps > 0, `mode ${t.mode}, error: ${t.error}`);
    checkCanvas(t.fit, sc, lang, "conv", ` ${mode}`);
    if (ALL_SHOTS) await shot(page, `${sc.name}-${lang}-lab-conv-${mode}`);
  }
  await page.evaluate(() => window.playground.teach.setMode("tutorial"));
}

// The same tab in a bigger lab window draws bigger cells (every grid of it).
function checkGrowth(small, big) {
  for (const lang of ["en", "zh"])
    for (const tab of [...GRID_TABS, "conv cifar", "conv multi"]) {
      const a = cellsSeen[`${small} ${lang} ${tab}`], b = cellsSeen[`${big} ${lang} ${tab}`];
      if (!a || !b) continue;
      const ids = Object.keys(a).filter((id) => id in b);
      const notBigger = ids.filter((id) => !(b[id] > a[id]));
      check(`lab ${tab} ${lang}: cells grow from ${small} to ${big} (${ids.map((id) => `${id} ${a[id]}->${b[id]}`).join(", ")})`,
            ids.length >= 1 && notBigger.length === 0, `not bigger: ${notBigger.join(", ")}`);
    }
}

// Waits until the page lays out on the screen's logical display and has drawn 3 frames of its
// own (state().frames, not the browser's display frames: the page may skip those) since the
// call: ImGui's scroll range lags a frame behind the content (what a switched tab measures).
// The action before woke the page, which then draws for at least its settle time and 6 frames.
async function settle(page, sc) {
  const [dw, dh] = logical(sc);
  const drawn = (await state(page)).frames.drawn;
  await waitState(page, (s) => Math.abs(s.layout.display[0] - dw) < 1 && Math.abs(s.layout.display[1] - dh) < 1 &&
                  s.frames.drawn >= drawn + 3, 20000, 50, `display ${dw}x${dh} and 3 frames drawn`);
}

// Screenshots cost CI time (140 of them took about 30 s): by default the panels and three lab
// tabs per screen and language; --all-shots takes every tab and the conv tab's other sources.
const ALL_SHOTS = flag("--all-shots");
const SHOT_TABS = ["conv", "filter", "arch"];

async function shot(page, name) {
  await page.screenshot({ path: path.join(OUT, `layout-${name}.png`) });
}

async function screen(page, sc) {
  await page.setViewportSize({ width: Math.round(sc.w / sc.dpr), height: Math.round(sc.h / sc.dpr) });
  await page.evaluate((s) => window.playground.setScale(s), sc.ui);
  for (const lang of ["en", "zh"]) {
    await page.evaluate((l) => window.playground.setLanguage(l), lang);
    await settle(page, sc);
    checkLayout((await state(page)).layout, sc, `${sc.name} ${lang}`);
    await shot(page, `${sc.name}-${lang}`);
    await page.evaluate(() => window.playground.teach.open());
    for (const tab of TABS) {
      await page.evaluate((t) => window.playground.teach.setTab(t), tab);
      await settle(page, sc);
      const s = await state(page);
      checkLayout(s.layout, sc, `${sc.name} ${lang} lab ${tab}`);
      if (GRID_TABS.includes(tab)) checkCanvas((await page.evaluate(() => window.playground.teach.state())).fit, sc, lang, tab);
      if (ALL_SHOTS || SHOT_TABS.includes(tab)) await shot(page, `${sc.name}-${lang}-lab-${tab}`);
      if (tab === "conv") await otherConvModes(page, sc, lang);
    }
    await page.evaluate(() => window.playground.teach.close());
  }
  await page.evaluate(() => window.playground.setScale(1));
}

await runSuite(async () => {
  const only = arg("--only", "");
  const srv = await serve([]);
  const browser = await launch();
  try {
    // One page per device pixel ratio (a context's own); screens of that ratio by resizing it.
    for (const dpr of [...new Set(SCREENS.map((s) => s.dpr))]) {
      const screens = SCREENS.filter((s) => s.dpr === dpr && (!only || s.name === only));
      if (!screens.length) continue;
      const first = screens[0];
      const P = await openPage(browser, srv.url, {
        viewport: { width: Math.round(first.w / dpr), height: Math.round(first.h / dpr) }, deviceScaleFactor: dpr });
      for (const sc of screens) await screen(P.page, sc);
      if (dpr === 1) checkGrowth("1920x1080-ui200", "1280x800-100");
      check(`dpr ${dpr}: no console errors`, P.errors.length === 0, P.errors.slice(0, 3).join(" | "));
      await P.context.close();
    }
  } finally {
    await browser.close();
    srv.proc.kill();
  }
});
