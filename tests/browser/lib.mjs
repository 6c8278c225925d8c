// lib.mjs — what every browser suite shares (scripts/test.sh does not run lib*.mjs as a
// suite): command-line --dist, the checks' tally, serving the bundle with scripts/serve.py,
// launching headless Chromium (SwiftShader WebGL, flags from TOOLCHAIN.md), opening the page
// until window.playground is ready with its data, and polling state().
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
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const tally = { passed: 0, failed: 0 };
export function check(name, ok, detail = "") {
  if (ok) tally.passed++; else tally.failed++;
  console.log(`${ok ? "PASS" : "FAIL"}  ${name}${detail ? "  (" + detail + ")" : ""}`);
  return ok;
}

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

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--no-sandbox", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

// Waits for window.playground.ready and the bundled data's first predictions, retrying while
// the service worker reloads the page once.
export async function waitReady(page) {
  const t0 = Date.now();
  for (;;) {
    try {
      await page.waitForFunction(async () => { if (!window.playground) return false; await window.playground.ready; return true; },
                                 null, { timeout: 120000, polling: 250 });
      await page.waitForFunction(() => { const s = window.playground.state(); return s.data.test > 0 && s.predictions > 0; },
                                 null, { timeout: 60000, polling: 250 });
      return;
    } catch (e) {
      if (Date.now() - t0 > 150000 || !/context was destroyed|navigat/i.test(String(e))) throw e;
      await sleep(500);
    }
  }
}

// A fresh context (own storage) and page at url; console errors collected in .errors.
export async function openPage(browser, url, contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true, ...contextOptions });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url, { waitUntil: "load" });
  await waitReady(page);
  return { context, page, errors };
}

export const state = (page) => page.evaluate(() => window.playground.state());
export async function waitState(page, pred, timeout, poll = 250) {
  const t0 = Date.now();
  for (;;) {
    const s = await state(page);
    if (pred(s)) return s;
    if (Date.now() - t0 > timeout) return s;
    await sleep(poll);
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
  console.log(`${tally.passed} passed, ${tally.failed} failed`);
  process.exit(tally.failed ? 1 : 0);
}
