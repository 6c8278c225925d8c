// lib.mjs — what every browser suite shares (scripts/test.sh does not run lib*.mjs as a
// suite): command-line --dist, the checks' tally (passed, failed, skipped), serving the bundle
// with scripts/serve.py, launching headless Chromium (SwiftShader WebGL, flags from
// TOOLCHAIN.md), opening the page until window.playground is ready with its data, and waiting
// on conditions: state() polled until a predicate holds (throws on timeout), frames drawn.
// Deliberately no fixed sleeps for the suites: every wait names what it waits for.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
export const arg = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
export const flag = (name) => args.includes(name);
// The bundle: --dist, else $CNN_BUILD_ROOT/web-dist (as scripts/start.sh makes it), else build/web-dist.
export const DIST = path.resolve(ROOT, arg("--dist", path.join(process.env.CNN_BUILD_ROOT || "build", "web-dist")));
export const OUT = path.join(ROOT, "test-output/browser");
fs.mkdirSync(OUT, { recursive: true });
// The pause between two polls of a condition (never a wait of its own).
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

export const tally = { passed: 0, failed: 0, skipped: 0 };
export function check(name, ok, detail = "") {
  if (ok) tally.passed++; else tally.failed++;
  console.log(`${ok ? "PASS" : "FAIL"}  ${name}${detail ? "  (" + detail + ")" : ""}`);
  return ok;
}
// A check that cannot run here: counted as skipped (scripts/test.sh adds it to its total).
export function skip(name, reason) {
  tally.skipped++;
  console.log(`SKIP  ${name}  (${reason})`);
}
// The closing line scripts/test.sh reads: "N passed, M failed, K skipped".
export const tallyLine = () => `${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`;

// scripts/serve.py on a free port; extra: ["--no-isolation"] for a header-less host.
export function serve(extra = []) {
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

// options.fakeCamera: Chromium's fake camera (a test pattern) with permission granted.
export function launch(options = {}) {
  const extra = options.fakeCamera ? ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"] : [];
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--no-sandbox", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync", ...extra],
  });
}

// Waits for window.playground.ready and the bundled data's first predictions, retrying while
// the service worker reloads the page once. With `flavour` ("threads" | "single") it also
// waits for that build: on a host without isolation headers the single-thread build comes up
// first, and the service worker then reloads the page into the threaded one (under load, after
// the single-thread build has drawn).
export async function waitReady(page, flavour = "") {
  const t0 = Date.now();
  for (;;) {
    try {
      await page.waitForFunction(async (fl) => {
        if (!window.playground) return false;
        await window.playground.ready;
        // The service worker's reload may replace the page during the await.
        return !!window.playground && (!fl || window.playground.state().flavour === fl);
      }, flavour, { timeout: 120000, polling: 250 });
      await page.waitForFunction(() => { const s = window.playground.state(); return s.data.test > 0 && s.predictions > 0; },
                                 null, { timeout: 60000, polling: 250 });
      return;
    } catch (e) {
      if (Date.now() - t0 > 150000 || !/context was destroyed|navigat/i.test(String(e))) throw e;
      await page.waitForLoadState("load");
    }
  }
}

// A fresh context (own storage) and page at url, ready (waitReady, for `flavour` if given);
// console errors collected in .errors.
export async function openPage(browser, url, contextOptions = {}, flavour = "") {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true, ...contextOptions });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url, { waitUntil: "load" });
  await waitReady(page, flavour);
  return { context, page, errors };
}

export const state = (page) => page.evaluate(() => window.playground.state());

// Polls state() until pred(state) holds and returns that state; after `timeout` ms throws an
// Error naming what it waited for (`what`, else the predicate's source) and the last state's
// training status and steps.
export async function waitState(page, pred, timeout, poll = 250, what = "") {
  const t0 = Date.now();
  for (;;) {
    const s = await state(page);
    if (pred(s)) return s;
    if (Date.now() - t0 > timeout) {
      const t = s.training || {};
      throw new Error(`waitState: timed out after ${timeout} ms waiting for ${what || pred.toString()} ` +
                      `(last state: status ${t.status}, steps ${t.steps}, predictions ${s.predictions})`);
    }
    await pause(poll);
  }
}

// Resolves once the page has drawn n more frames (requestAnimationFrame callbacks: the ImGui
// frame loop runs on them), so input given before has been seen and drawn. Throws after timeout.
export async function waitFrames(page, n = 3, timeout = 30000) {
  const done = page.evaluate((k) => new Promise((resolve) => {
    const tick = () => (--k <= 0 ? resolve(true) : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }), n);
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waitFrames: ${n} frames not drawn within ${timeout} ms`)), timeout);
  });
  try { await Promise.race([done, late]); } finally { clearTimeout(timer); }
}

// Polls fn() (async, any value) until pred(value) holds; returns the value, throws after timeout
// naming `what`. For conditions outside state(): the lab's state, the address bar.
export async function waitFor(fn, pred, timeout, what, poll = 100) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (pred(v)) return v;
    if (Date.now() - t0 > timeout) throw new Error(`waitFor: timed out after ${timeout} ms waiting for ${what} (last: ${JSON.stringify(v)})`);
    await pause(poll);
  }
}

// Runs main(), reports an exception as a failed check, prints "N passed, M failed", exits.
export async function runSuite(main) {
  try {
    if (!fs.existsSync(path.join(DIST, "index.html")))
      check("bundle exists", false, `${DIST}/index.html missing: run bash scripts/start.sh --no-serve`);
    else await main();
  } catch (e) {
    check("suite ran to the end", false, e.stack || String(e));
  }
  console.log(tallyLine());
  process.exit(tally.failed ? 1 : 0);
}
