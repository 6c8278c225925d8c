// inside.mjs — the "Inside the network" window and the page's glyphs, in headless Chromium:
//   - the chosen image is shown as its colour picture, with one probability bar per class (10);
//   - hovering the first layer's feature maps and kernels (the real mouse) enlarges the tile
//     under it, with its value range and colour scale (state().inside.hover says which);
//   - the same in Chinese, and the Convolution lab's note for odd 'same' padding drawn with
//     ⌈ ⌉ (no glyph missing: state().missing_glyphs counts the tables' and sources' characters).
// Screenshots: test-output/browser/inside-{map,kernel}-{en,zh}.png, inside-lab-same-zh.png.
// Usage: node tests/browser/inside.mjs [--dist DIR]   (DIR: the bundle, default build/web-dist)
import path from "node:path";
import { OUT, check, launch, openPage, runSuite, serve, state, waitFrames, waitFor, waitState } from "./lib.mjs";

async function shot(page, name) {
  await waitFrames(page, 4);
  const file = path.join(OUT, name);
  await page.screenshot({ path: file });
  return path.relative(process.cwd(), file);
}

// Moves the mouse into tile 0 of rect [x, y, w, h] and waits until the window enlarges it.
async function hover(page, rect, kind) {
  await page.mouse.move(0, 0);
  await waitState(page, (s) => s.inside.hover.kind === "", 10000, 100, "no tile hovered");
  await page.mouse.move(rect[0] + 3, rect[1] + 3);
  return waitState(page, (s) => s.inside.hover.kind === kind && s.inside.hover.tile === 0 && s.inside.hover.layer === 0,
                   10000, 100, `a ${kind} tile enlarged`);
}

// Scrolls the Inside window's layer list (mouse wheel over it) until rectangle `which` is inside
// the window on screen, below the picture and bars (the lower 40% holds the list); returns that state.
async function scrollTo(page, which) {
  for (let i = 0; i < 40; i++) {
    const s = await state(page);
    const r = s.inside[which], w = s.panels.inside;
    if (r[1] >= w[1] + w[3] * 0.6 && r[1] + r[3] <= w[1] + w[3] && r[1] + r[3] <= page.viewportSize().height) return s;
    await page.mouse.move(w[0] + w[2] / 2, Math.min(w[1] + w[3], page.viewportSize().height) - 20);
    await page.mouse.wheel(0, r[1] < w[1] + w[3] * 0.6 ? -120 : 120);
    await waitFrames(page, 3);
  }
  throw new Error(`${which} never scrolled into the Inside window`);
}

async function checkInside(page, lang) {
  let s = await waitState(page, (t) => t.inside.image === 7 && t.inside.bars > 0, 30000, 250, "image 7 inside");
  check(`${lang}: all 10 class probabilities as bars`, s.inside.bars === 10, `bars=${s.inside.bars}`);
  check(`${lang}: the input shown as its colour picture`, s.inside.picture === true, `picture=${s.inside.picture}`);
  check(`${lang}: no glyph missing`, s.missing_glyphs === 0, `missing_glyphs=${s.missing_glyphs}`);
  const map = s.inside.first_map, ker = s.inside.first_kernels;
  check(`${lang}: the first maps and kernels are drawn`, map[2] > 8 && ker[2] > 8, JSON.stringify({ map, ker }));
  s = await scrollTo(page, "first_map");
  s = await hover(page, s.inside.first_map, "map");
  check(`${lang}: hovering a feature map enlarges it with its range (lo < hi)`, s.inside.hover.hi > s.inside.hover.lo,
        JSON.stringify(s.inside.hover));
  const mapShot = await shot(page, `inside-map-${lang}.png`);
  s = await scrollTo(page, "first_kernels");
  s = await hover(page, s.inside.first_kernels, "kernel");
  const h = s.inside.hover;
  check(`${lang}: hovering a kernel enlarges it with a scale symmetric around 0`, h.lo < 0 && h.hi > 0 && Math.abs(h.lo + h.hi) < 1e-6,
        JSON.stringify(h));
  const kerShot = await shot(page, `inside-kernel-${lang}.png`);
  await page.mouse.move(0, 0);
  s = await waitState(page, (t) => t.inside.hover.kind === "", 10000, 100, "the enlargement gone");
  check(`${lang}: moving away closes the enlargement`, s.inside.hover.tile === -1, JSON.stringify(s.inside.hover));
  return [mapShot, kerShot];
}

async function main() {
  const srv = await serve([]);
  const browser = await launch();
  const shots = [];
  try {
    const { page, context, errors } = await openPage(browser, srv.url, { locale: "en-US", viewport: { width: 1600, height: 1000 } });
    await page.evaluate(() => window.playground.selectImage(7));
    shots.push(...await checkInside(page, "en"));
    await page.evaluate(() => window.playground.setLanguage("zh"));
    await waitState(page, (s) => s.lang === "zh", 10000, 100, "Chinese");
    shots.push(...await checkInside(page, "zh"));
    // The lab's note for odd 'same' padding (6x6 input, 3x3 kernel, stride 2) with ⌈ ⌉.
    await page.evaluate(() => { const t = window.playground.teach; t.open(); t.setTab("conv"); t.setMode("tutorial");
                                t.setGeometry({ input: 6, kernel: 3, stride: 2, padding: "same" }); });
    const t = await waitFor(() => page.evaluate(() => window.playground.teach.state()), (v) => /⌈input\/stride⌉/.test(v.notes),
                            10000, "the odd 'same' note");
    check("lab note for odd 'same' padding writes ⌈input/stride⌉", /⌈input\/stride⌉ \(rounded up\) = 3×3/.test(t.notes), t.notes);
    const s = await state(page);
    check("zh lab: no glyph missing", s.missing_glyphs === 0, `missing_glyphs=${s.missing_glyphs}`);
    shots.push(await shot(page, "inside-lab-same-zh.png"));
    check("no console errors", errors.length === 0, errors.slice(0, 3).join(" | "));
    console.log("screenshots: " + shots.join(", "));
    await context.close();
  } finally {
    await browser.close();
    srv.proc.kill();
  }
}

runSuite(main);
