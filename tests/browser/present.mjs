// present.mjs — presentation mode in headless Chromium, through window.playground.state():
// at 1280x800 @100% and 1920x1080 @200% (the browser's device pixel ratio, as layout.mjs sets
// it), in English and Chinese: enter (the F key in English, playground.present("") in
// Chinese), step through every target with next (Page Down; once a tap on the bar's Next with
// touch events, once Page Up back), and for each target check that exactly its window is
// shown, inside the display, covering >= 85% of the area under the bar, with no text cut and
// the UI scale above the user's; Esc restores the open panels, their places and the scale.
// Screenshots: test-output/browser/present-<screen>-<lang>-<target>.png for a few targets.
// Usage: node tests/browser/present.mjs [--dist DIR]
import path from "node:path";
import { OUT, check, launch, openPage, runSuite, serve, state, waitFrames, waitState } from "./lib.mjs";

const SCREENS = [
  { name: "1280x800-100", w: 1280, h: 800, dpr: 1 },
  { name: "1920x1080-200", w: 1920, h: 1080, dpr: 2 },
];
const SHOTS = ["lab-conv", "lab-arch", "model", "predictions", "inside"];
const MENU_BAR = "##MainMenuBar";

// The page's windows this frame, but the bar (ImGui's main menu bar).
const windows = (s) => s.layout.windows.filter((w) => w.name !== MENU_BAR);
const windowId = (name) => name.split("###").pop();
// A key as a person presses it (down, a moment, up).
const key = (page, k) => page.keyboard.press(k, { delay: 60 });

// Waits until target index k is drawn at the presentation scale: its window laid out on the
// display that scale gives, a few frames settled.
async function settleOn(page, k, css) {
  const ready = (s) => {
    const p = s.present;
    if (!p.on || p.index !== k || p.applied_scale !== p.scale) return false;
    const [dw, dh] = [css[0] / p.applied_scale, css[1] / p.applied_scale];
    return Math.abs(s.layout.display[0] - dw) < 1 && Math.abs(s.layout.display[1] - dh) < 1 &&
           windows(s).some((w) => windowId(w.name) === p.window);
  };
  await waitState(page, ready, 20000, 100, `presentation target ${k} drawn at its scale`);
  await waitFrames(page, 4);
  return waitState(page, ready, 5000, 100, `presentation target ${k} still shown after 4 frames`);
}

// One target's checks; what: "<screen> <lang> <target>".
function checkTarget(s, what) {
  const p = s.present, L = s.layout, [dw, dh] = L.display;
  const bar = L.windows.find((w) => w.name === MENU_BAR);
  const barH = bar ? bar.rect[3] : 0;
  const ws = windows(s);
  check(`${what}: exactly its window (${p.window}) is shown`, ws.length === 1 && windowId(ws[0].name) === p.window,
        ws.map((w) => w.name).join(", "));
  const [x, y, w, h] = ws.length ? ws[0].rect : [0, 0, 0, 0];
  check(`${what}: its window lies inside the display`, x >= -0.5 && y >= -0.5 && x + w <= dw + 0.5 && y + h <= dh + 0.5,
        `[${[x, y, w, h].map(Math.round)}] in ${dw.toFixed(0)}x${dh.toFixed(0)}`);
  const cover = (w * h) / (dw * (dh - barH));
  check(`${what}: it covers >= 85% of the area under the bar`, barH > 0 && cover >= 0.85, `${(cover * 100).toFixed(1)}%, bar ${barH} px`);
  check(`${what}: no text cut`, L.truncated.length === 0, L.truncated.slice(0, 4).join(" | "));
  check(`${what}: UI scale ${p.applied_scale} above the user's ${p.user_scale}`, p.applied_scale > p.user_scale);
}

// A finger's tap on the bar's Next button (CDP touch events, CSS pixels).
async function tapNext(page, cdp, s) {
  const r = s.present.bar.next, sc = s.present.applied_scale;
  const pt = { x: (r[0] + r[2] / 2) * sc, y: (r[1] + r[3] / 2) * sc };
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [pt] });
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
}

async function stepAll(page, cdp, sc, lang, css) {
  let s = await settleOn(page, 0, css);
  const n = s.present.count;
  check(`${sc.name} ${lang}: ${n} targets, lab tabs first`, n === 14 && s.present.targets[0] === "lab-conv" &&
        s.present.targets[9] === "model", s.present.targets.join(" "));
  for (let k = 0; k < n; k++) {
    const what = `${sc.name} ${lang} ${k + 1}/${n} ${s.present.target}`;
    checkTarget(s, what);
    if (SHOTS.includes(s.present.target)) await page.screenshot({ path: path.join(OUT, `present-${sc.name}-${lang}-${s.present.target}.png`) });
    if (k === 1) {  // once back with Page Up, and forward again
      await key(page, "PageUp");
      const back = await settleOn(page, 0, css).then(() => true, () => false);
      check(`${sc.name} ${lang}: Page Up goes back to target 1`, back);
      await key(page, "PageDown");
      await settleOn(page, 1, css);
    }
    // The first step by a finger on Next (once per screen and language), the others by the key.
    if (k === 0) await tapNext(page, cdp, s); else await key(page, "PageDown");
    const next = (k + 1) % n;
    s = await settleOn(page, next, css).catch((e) => ({ err: e.message }));
    if (k === 0) check(`${sc.name} ${lang}: one tap (touch) on Next shows target 2`, !s.err, s.err || "");
    if (s.err) return check(`${what}: next reaches target ${next + 1}`, false, s.err);
  }
  check(`${sc.name} ${lang}: next after the last target comes back to the first`, s.present.index === 0);
}

async function screen(page, cdp, sc) {
  const css = [Math.round(sc.w / sc.dpr), Math.round(sc.h / sc.dpr)];
  await page.setViewportSize({ width: css[0], height: css[1] });
  for (const lang of ["en", "zh"]) {
    await page.evaluate((l) => window.playground.setLanguage(l), lang);
    await waitState(page, (s) => Math.abs(s.layout.display[0] - css[0]) < 1 && !s.present.on &&
                                   windows(s).length >= 5, 20000, 100, "the five panels at the user's scale");
    await waitFrames(page, 4);
    const s0 = await state(page);
    if (lang === "en") await key(page, "f");
    else await page.evaluate(() => window.playground.present(""));
    await stepAll(page, cdp, sc, lang, css);
    await key(page, "Escape");
    const s1 = await waitState(page, (s) => !s.present.on && s.present.applied_scale === s0.ui.scale &&
                               Math.abs(s.layout.display[0] - css[0] / s0.ui.scale) < 1, 20000, 100, "Esc: out of presentation")
      .catch((e) => ({ err: e.message }));
    if (s1.err) { check(`${sc.name} ${lang}: Esc leaves the presentation`, false, s1.err); continue; }
    await waitFrames(page, 4);
    const s2 = await state(page);
    check(`${sc.name} ${lang}: Esc restores the open panels`, JSON.stringify(s2.ui.panels) === JSON.stringify(s0.ui.panels),
          JSON.stringify(s2.ui.panels));
    check(`${sc.name} ${lang}: Esc restores the UI scale ${s0.ui.scale}`, s2.ui.scale === s0.ui.scale && s2.present.applied_scale === s0.ui.scale);
    const moved = windows(s0).filter((w) => {
      const v = windows(s2).find((u) => u.name === w.name);
      return !v || v.rect.some((c, i) => Math.abs(c - w.rect[i]) > 1);
    });
    check(`${sc.name} ${lang}: Esc puts the ${windows(s0).length} windows back where they were`, moved.length === 0 &&
          windows(s2).length === windows(s0).length, moved.map((w) => w.name).join(", "));
  }
}

await runSuite(async () => {
  const srv = await serve([]);
  const browser = await launch();
  try {
    for (const sc of SCREENS) {
      const P = await openPage(browser, srv.url, {
        viewport: { width: Math.round(sc.w / sc.dpr), height: Math.round(sc.h / sc.dpr) }, deviceScaleFactor: sc.dpr, hasTouch: true });
      const cdp = await P.context.newCDPSession(P.page);
      await screen(P.page, cdp, sc);
      check(`${sc.name}: no console errors`, P.errors.length === 0, P.errors.slice(0, 3).join(" | "));
      await P.context.close();
    }
  } finally {
    await browser.close();
    srv.proc.kill();
  }
});
