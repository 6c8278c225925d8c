// first_load.mjs — a first visit, timed: the threaded page in headless Chromium with an empty
// cache (a fresh browser context each round), served by scripts/serve.py on localhost.
//   first frame: the app's first drawn frame (the loading text is replaced by the canvas: the
//                module has compiled, main() ran and drew);
//   usable:      window.playground.ready has resolved and the bundled data's first predictions
//                are in (what tests/browser/lib.mjs waitReady waits for);
//   bytes:       what the network transferred (CDP Network.loadingFinished encodedDataLength).
// Times are from navigation start (performance.now() in the page). A benchmark, not a test.
//   node bench/first_load.mjs [--dist build/web-dist] [--rounds 3]
import { arg, launch, serve, waitReady } from "../tests/browser/lib.mjs";

const rounds = +arg("--rounds", 3);

// In the page before its scripts: note when #loading is hidden (onReady, right after the first frame).
const probe = () => {
  window.__firstFrame = null;
  new MutationObserver((_, obs) => {
    const el = document.getElementById("loading");
    if (el && el.style.display === "none" && window.__firstFrame === null) {
      window.__firstFrame = performance.now();
      obs.disconnect();
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["style"] });
};

async function round(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  let bytes = 0;
  const byType = {};
  const urls = new Map();
  cdp.on("Network.responseReceived", (e) => urls.set(e.requestId, e.response.url));
  cdp.on("Network.loadingFinished", (e) => {
    bytes += e.encodedDataLength;
    const u = (urls.get(e.requestId) || "?").replace(url, "");
    byType[u] = (byType[u] || 0) + e.encodedDataLength;
  });
  await page.addInitScript(probe);
  await page.goto(url, { waitUntil: "load" });
  await waitReady(page, "threads");
  const t = await page.evaluate(() => ({ first: window.__firstFrame, usable: performance.now() }));
  await context.close();
  return { ...t, bytes, byType };
}

const srv = await serve();
const browser = await launch();
try {
  const res = [];
  for (let i = 0; i < rounds; i++) {
    const r = await round(browser, srv.url);
    res.push(r);
    console.log(`round ${i + 1}: first frame ${(r.first / 1000).toFixed(2)} s, usable ${(r.usable / 1000).toFixed(2)} s, ` +
                `${(r.bytes / 1e6).toFixed(2)} MB transferred`);
  }
  const med = (k) => res.map((r) => r[k]).sort((a, b) => a - b)[res.length >> 1];
  console.log(`median: first frame ${(med("first") / 1000).toFixed(2)} s, usable ${(med("usable") / 1000).toFixed(2)} s, ` +
              `${(med("bytes") / 1e6).toFixed(2)} MB`);
  const big = Object.entries(res[0].byType).sort((a, b) => b[1] - a[1]).slice(0, 6);
  console.log("largest transfers: " + big.map(([u, b]) => `${u} ${(b / 1e6).toFixed(2)} MB`).join(", "));
} finally {
  await browser.close();
  srv.proc.kill();
}
