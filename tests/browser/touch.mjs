// touch.mjs — touch input and idle cost of the playground in headless Chromium, with touch
// events (CDP Input.dispatchTouchEvent), never the mouse:
//   - one tap on each Convolution-lab tab opens it; one tap on the lab's close button closes
//     it; one tap on a thumbnail in the Data list selects that image;
//   - a finger dragged up the thumbnail list scrolls it, and selects nothing;
//   - an idle page (threaded build) draws at most 3 frames per second once 5 s pass without
//     input; prints the frames drawn per second and the page's CPU time per second; a quick
//     key press after the idle spell acts and wakes the drawing; training untouched draws one
//     frame per 0.2-1 s.
// Usage: node tests/browser/touch.mjs [--dist DIR] [--idle-only]
//   --idle-only: just the idle measurement (also works on a bundle without frame counters,
//   to measure the page before this change: it then counts requestAnimationFrame frames).
import { check, flag, launch, openPage, runSuite, serve, state, waitFor, waitFrames, waitState } from "./lib.mjs";

const IDLE_ONLY = flag("--idle-only");
const teach = (page) => page.evaluate(() => window.playground.teach.state());

// A finger on the page through CDP: start, moves, end (coordinates in CSS pixels).
function finger(cdp) {
  const send = (type, pts) => cdp.send("Input.dispatchTouchEvent", { type, touchPoints: pts.map(([x, y]) => ({ x, y })) });
  return {
    tap: async (page, x, y) => { await send("touchStart", [[x, y]]); await send("touchEnd", []); await waitFrames(page, 4); },
    drag: async (page, x, y, dx, dy, steps = 12) => {
      await send("touchStart", [[x, y]]);
      await waitFrames(page, 2);
      for (let i = 1; i <= steps; i++) {
        await send("touchMove", [[x + (dx * i) / steps, y + (dy * i) / steps]]);
        await waitFrames(page, 2);
      }
      await send("touchEnd", []);
      await waitFrames(page, 4);
    },
  };
}

// The centre of an ImGui rectangle [x, y, w, h] in CSS pixels (ImGui's units are CSS pixels / UI scale).
const centre = (r, scale) => [(r[0] + r[2] / 2) * scale, (r[1] + r[3] / 2) * scale];

async function tapTabs(page, tap, scale) {
  await page.evaluate(() => { window.playground.teach.open(); window.playground.teach.setTab("conv"); });
  let t = await waitFor(() => teach(page), (v) => v.open && v.tab_rects && v.tab_rects.arch[2] > 0, 10000, "the lab's tabs on screen");
  const ids = Object.keys(t.tab_rects);
  const order = [...ids.slice(1), ids[0]];  // start away from the open tab, end back on it
  const opened = [];
  for (const id of order) {
    const before = (await state(page)).frames;
    await tap(page, ...centre(t.tab_rects[id], scale));
    try {
      t = await waitFor(() => teach(page), (v) => v.tab === id, 5000, `tab ${id} open after one tap`);
      opened.push(id);
    } catch (e) {
      check(`one tap opens the lab tab '${id}'`, false, e.message + (before ? `, frames ${JSON.stringify(before)}` : ""));
    }
  }
  check("one tap on each lab tab opens it", opened.length === ids.length, `opened ${opened.join(", ")} of ${ids.length}`);
  await page.screenshot({ path: "test-output/browser/touch-lab-tabs.png" });
  return t;
}

// The close button at the right of a window's title bar (ImGui 1.86: FontSize square, FramePadding inset).
async function tapClose(page, tap, rect, scale, fontPx) {
  const x = (rect[0] + rect[2] - 4 - fontPx / 2) * scale, y = (rect[1] + 3 + fontPx / 2) * scale;
  await tap(page, x, y);
}

async function touchList(page, f, scale) {
  let s = await state(page);
  const thumbs = () => (s.scrolling || []).find((w) => w.name.includes("/thumbs"));
  if (!thumbs()) s = await waitState(page, (v) => (v.scrolling || []).some((w) => w.name.includes("/thumbs")), 10000, 250, "a scrolling thumbnail list");
  const list = thumbs();
  // Thumbnails: 36-px cells, 2 px apart, inside the child's padding (8, 6): the second cell of the first row.
  const cell = [list.rect[0] + 8 + 38 + 18, list.rect[1] + 6 + 18];
  await f.tap(page, cell[0] * scale, cell[1] * scale);
  s = await waitState(page, (v) => v.selected_image === 1 && v.selected_set === "train", 5000, 250, "thumbnail 1 selected by one tap")
    .catch((e) => ({ err: e.message }));
  check("one tap on a list item (thumbnail 1) selects it", !s.err, s.err || `selected ${s.selected_set} ${s.selected_image}`);
  // From three quarters down the list, 150 px up: the list follows the finger.
  // (The finger may leave the list on the way: the list it started on keeps following it.)
  const y0 = list.scroll[1], r = list.rect, dy = 150;
  await f.drag(page, (r[0] + r[2] / 2) * scale, (r[1] + r[3] * 0.75) * scale, 0, -dy * scale);
  s = await state(page);
  const after = thumbs();
  const moved = after ? after.scroll[1] - y0 : 0;
  check(`a finger dragged ${dy} px up the list scrolls it by about as much`, moved >= dy * 0.7 && moved <= dy * 1.1,
        `list [${r.map(Math.round)}], scroll ${y0} -> ${after && after.scroll[1]}`);
  check("the drag selected nothing", s.selected_image === 1, `selected ${s.selected_image}`);
  await page.screenshot({ path: "test-output/browser/touch-list-scrolled.png" });
}

// Frames drawn per second and the page's CPU time per second over `ms`: the renderer's main
// thread (CDP Performance TaskDuration) and all Chromium processes (CDP SystemInfo cpuTime).
async function measureIdle(page, cdp, bcdp, ms, countRaf = false) {
  // Every Chromium process's CPU seconds so far (renderer, GPU/SwiftShader, browser).
  const procCpu = async () => (await bcdp.send("SystemInfo.getProcessInfo")).processInfo.reduce((t, p) => t + p.cpuTime, 0);
  const task = async () => (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration").value;
  const s0 = await state(page), k0 = await task(), p0 = await procCpu(), t0 = Date.now();
  // The measuring window itself: a page timer when the page counts its frames (a rAF loop of
  // the test's own would keep the compositor busy and be measured too), else rAF callbacks.
  const raf = await page.evaluate(([ms, count]) => new Promise((res) => {
    if (!count) return setTimeout(() => res(null), ms);
    let n = 0; const t0 = performance.now();
    const f = (t) => { n++; if (t - t0 < ms) requestAnimationFrame(f); else res(n * 1000 / (t - t0)); };
    requestAnimationFrame(f);
  }), [ms, countRaf || !s0.frames]);
  const s1 = await state(page), k1 = await task(), p1 = await procCpu(), sec = (Date.now() - t0) / 1000;
  const drawn = s0.frames ? (s1.frames.drawn - s0.frames.drawn) / sec : null;
  return { drawn_fps: drawn === null ? raf : drawn, raf_fps: raf, counted: drawn === null ? "rAF callbacks" : "frames drawn", main_thread_cpu_ms_per_s: ((k1 - k0) * 1000) / sec, chromium_cpu_ms_per_s: ((p1 - p0) * 1000) / sec };
}

async function idle(page, cdp, browser) {
  await cdp.send("Performance.enable");
  const bcdp = await browser.newBrowserCDPSession();
  // 5 s with no input of any kind (the page just loaded: data arrived, nothing since), as the
  // redraw clock counts them; a bundle without the clock: 5 s by the test's own clock.
  const t0 = Date.now();
  await waitFor(() => state(page), (v) => (v.frames ? v.frames.since_wake_s >= 5 : Date.now() - t0 >= 5000), 20000, "5 s without input", 500);
  const m = await measureIdle(page, cdp, bcdp, 4000);
  console.log("idle:", JSON.stringify(m));
  if (m.counted !== "frames drawn") return check("idle page measured (no frame counter in this bundle)", true, JSON.stringify(m));
  check("idle page (threaded) draws at most 3 frames per second after 5 s without input", m.drawn_fps <= 3,
        `${m.drawn_fps.toFixed(2)} frames/s drawn, main thread ${m.main_thread_cpu_ms_per_s.toFixed(1)} ms/s, Chromium ${m.chromium_cpu_ms_per_s.toFixed(0)} ms/s`);
  // One key press, quick (down and up between two frames), after the idle spell: the S key steps one batch.
  const s0 = await state(page), steps = s0.training.steps, drawn0 = s0.frames.drawn;
  await page.keyboard.down("s");
  await page.keyboard.up("s");
  const s = await waitState(page, (v) => v.training.steps === steps + 1, 20000, 250, "S stepped one batch").catch((e) => ({ err: e.message }));
  check("a quick key press on the idle page is not lost (S steps one batch)", !s.err, s.err || `steps ${steps} -> ${s.training.steps}`);
  // The key woke the page: it draws every frame for a while (the settle time), not one a second.
  const woke = await waitFor(() => state(page), (v) => v.frames.drawn - drawn0 >= 5, 2000, "5 frames drawn within 2 s of the key")
    .catch((e) => ({ err: e.message }));
  check("the key press made the page draw at once", !woke.err, woke.err || `${woke.frames.drawn - drawn0} frames drawn`);
  // Training with nobody touching the page: it follows the run at a few frames a second (one
  // per state().frames.follow_s, 0.2-1 s: fewer when frames are dear), and leaves the cores
  // to training. Measured once the settle time after Start has passed.
  await page.evaluate(() => window.playground.start());
  await waitState(page, (v) => v.training.status === "running" && v.frames.since_wake_s >= 1, 20000, 250,
                  "training running, 1 s after Start");
  const t = await measureIdle(page, cdp, bcdp, 4000);
  const fr = (await state(page)).frames;
  await page.evaluate(() => window.playground.pause());
  check("while training untouched the page draws one frame per 0.2-1 s (follow_s), no more", t.drawn_fps >= 0.5 && t.drawn_fps <= 1.5 / fr.follow_s,
        `${t.drawn_fps.toFixed(2)} frames/s drawn, one per ${fr.follow_s.toFixed(2)} s planned (frames cost ${fr.cost_ms.toFixed(0)} ms), ` +
        `main thread ${t.main_thread_cpu_ms_per_s.toFixed(0)} ms/s, Chromium ${t.chromium_cpu_ms_per_s.toFixed(0)} ms/s`);
}

runSuite(async () => {
  const srv = await serve([]);
  const browser = await launch();
  try {
    const { context, page } = await openPage(browser, srv.url, { hasTouch: true });
    const cdp = await context.newCDPSession(page);
    const s = await state(page);
    check("threaded build", s.flavour === "threads", s.flavour);
    await idle(page, cdp, browser);
    if (IDLE_ONLY) return;
    const scale = s.ui && s.ui.scale ? s.ui.scale : 1;
    const f = finger(cdp);
    const t = await tapTabs(page, f.tap, scale);
    await tapClose(page, f.tap, t.rect, scale, s.font_px);
    const closed = await waitFor(() => teach(page), (v) => !v.open, 5000, "the lab closed by one tap on its close button").catch((e) => ({ err: e.message }));
    check("one tap on a button (the lab's close button) acts", !closed.err, closed.err || "closed");
    await touchList(page, f, scale);
  } finally {
    await browser.close();
    srv.proc.kill();
  }
});
