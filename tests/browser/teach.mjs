// teach.mjs — browser tests of the Convolution lab in headless Chromium through
// window.playground.teach: every tab renders (screenshots test-output/browser/teach-*.png), the
// step-by-step animation is driven from JS (mode, geometry, values, step, seek, hover, play) and
// every number it reports — window, products, running partial sums, sums, output map — is
// checked against a convolution computed here in plain JS from the inputs/weights it reports;
// in CIFAR mode also against the live model's own feature map. Pooling likewise.
// Prints "N passed, M failed, K skipped"; exits non-zero on failure.
// Usage: node tests/browser/teach.mjs [--dist DIR] [--url URL] [--model FILE]
//   --dist: bundle made by scripts/start.sh (default build/web-dist); --url: a page already served.
import fs from "node:fs";
import path from "node:path";
import { DIST, OUT, ROOT, arg, check, launch, serve, tally, tallyLine, waitFor, waitFrames, waitState } from "./lib.mjs";

// ---------------------------------------------------------------- the oracle, in plain JS
// y[oc][oh][ow] = act(b[oc] + Σ_c Σ_kh Σ_kw x[c][oh·S + kh − pt][ow·S + kw − pl] · w[oc][c][kh][kw]),
// cells outside the input read 0; 'same' pads TensorFlow's way (extra cell bottom/right).
function pads(i, k, s, padding) {
  if (padding === "same") {
    const o = Math.ceil(i / s), total = Math.max((o - 1) * s + k - i, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  }
  const p = padding === "valid" ? 0 : Number(padding);
  return [p, p];
}
function jsConv(p) {
  const [pt, pb] = pads(p.H, p.K, p.stride, p.padding), [pl, pr] = pads(p.W, p.K, p.stride, p.padding);
  const OH = Math.floor((p.H + pt + pb - p.K) / p.stride) + 1, OW = Math.floor((p.W + pl + pr - p.K) / p.stride) + 1;
  const pre = [], out = [];
  const act = { linear: (v) => v, relu: (v) => Math.max(0, v), sigmoid: (v) => 1 / (1 + Math.exp(-v)), tanh: Math.tanh }[p.act];
  for (let oc = 0; oc < p.OC; oc++)
    for (let oh = 0; oh < OH; oh++)
      for (let ow = 0; ow < OW; ow++) {
        let s = p.bias.length ? p.bias[oc] : 0;
        for (let c = 0; c < p.C; c++)
          for (let kh = 0; kh < p.K; kh++)
            for (let kw = 0; kw < p.K; kw++) {
              const ih = oh * p.stride - pt + kh, iw = ow * p.stride - pl + kw;
              if (ih < 0 || ih >= p.H || iw < 0 || iw >= p.W) continue;
              s += p.input[(c * p.H + ih) * p.W + iw] * p.weights[((oc * p.C + c) * p.K + kh) * p.K + kw];
            }
        pre.push(s);
        out.push(act(s));
      }
  return { OH, OW, pt, pl, pre, out };
}
const close = (a, b, tol = 1e-4) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
const allClose = (a, b, tol) => a.length === b.length && a.every((v, i) => close(v, b[i], tol));
const maxDiff = (a, b) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

// Checks every step of the current problem (or the first `limit`) against the oracle.
async function checkSteps(page, label, limit = Infinity) {
  const s0 = await teach(page, (t) => t.state());
  if (!s0.step) return check(`${label}: has steps`, false, s0.error);
  const p = s0.problem, ref = jsConv(p), K = p.K, n = Math.min(s0.steps, limit);
  let bad = "";
  const stepsToCheck = [];
  for (let t = 0; t < n; t++) stepsToCheck.push(t);
  if (n < s0.steps) stepsToCheck.push(s0.steps - 1);
  const states = await page.evaluate((ts) => ts.map((t) => { window.playground.teach.seek(t); return window.playground.teach.state(); }), stepsToCheck);
  for (const s of states) {
    const st = s.step, t = s.t;
    const oc = Math.floor(t / (ref.OH * ref.OW)), oh = Math.floor(t / ref.OW) % ref.OH, ow = t % ref.OW;
    if (st.oc !== oc || st.oh !== oh || st.ow !== ow) { bad = `step ${t}: cell (${st.oc},${st.oh},${st.ow}) != (${oc},${oh},${ow})`; break; }
    if (st.window.ph0 !== oh * p.stride || st.window.pw0 !== ow * p.stride || st.window.ih0 !== oh * p.stride - ref.pt) {
      bad = `step ${t}: window at (${st.window.ph0},${st.window.pw0})`; break;
    }
    let run = 0;
    for (let c = 0; c < p.C; c++) {
      run = 0;
      for (let kh = 0; kh < K; kh++)
        for (let kw = 0; kw < K; kw++) {
          const i = (c * K + kh) * K + kw;
          const ih = oh * p.stride - ref.pt + kh, iw = ow * p.stride - ref.pl + kw;
          const inside = ih >= 0 && ih < p.H && iw >= 0 && iw < p.W;
          const x = inside ? p.input[(c * p.H + ih) * p.W + iw] : 0;
          const w = p.weights[((oc * p.C + c) * K + kh) * K + kw];
          run += x * w;
          if (!close(st.x[i], x) || !close(st.w[i], w) || !close(st.products[i], x * w, 1e-4) || st.padding[i] !== (inside ? 0 : 1) ||
              !close(st.partial_sums[i], run, 1e-3)) {
            bad = `step ${t} cell ${i}: x ${st.x[i]} vs ${x}, w ${st.w[i]} vs ${w}, partial ${st.partial_sums[i]} vs ${run}`;
          }
        }
      if (!bad && !close(st.channel_sums[c], run, 1e-3)) bad = `step ${t}: channel ${c} sum ${st.channel_sums[c]} vs ${run}`;
    }
    const total = st.channel_sums.reduce((a, b) => a + b, 0);
    if (!bad && !close(st.sum, total, 1e-3)) bad = `step ${t}: sum ${st.sum} vs channel sums ${total}`;
    if (!bad && !close(st.value, ref.pre[t], 1e-3)) bad = `step ${t}: value ${st.value} vs oracle ${ref.pre[t]}`;
    if (!bad && !close(st.out, ref.out[t], 1e-3)) bad = `step ${t}: out ${st.out} vs oracle ${ref.out[t]}`;
    if (!bad && !close(st.value, st.sum + st.bias, 1e-5)) bad = `step ${t}: value != sum + bias`;
    if (!bad) {
      // the output so far: steps 0..t filled with the oracle's values, the rest empty
      for (let j = 0; j < s.filled.length; j++) {
        const f = j <= t ? 1 : 0;
        if (s.filled[j] !== f || (f && !close(s.output_so_far[j], ref.out[j], 1e-3))) { bad = `step ${t}: output_so_far[${j}]`; break; }
      }
    }
    if (bad) break;
  }
  check(`${label}: ${states.length} steps (window, products, partial sums, sum + bias, map so far) match the JS convolution`, !bad, bad);
  check(`${label}: whole output matches (${ref.OH}x${ref.OW}x${p.OC})`, allClose(s0.output, ref.out, 1e-3) &&
        s0.geometry.OH === ref.OH && s0.geometry.OW === ref.OW, `max diff ${maxDiff(s0.output, ref.out)}`);
  return s0;
}

// ---------------------------------------------------------------- page helpers
const teach = (page, fn, a) => page.evaluate(([src, a]) => (0, eval)(src)(window.playground.teach, a), [fn.toString(), a]);
const frames = (page, n = 4) => waitFrames(page, n);
async function shot(page, name) {
  await frames(page, 6);
  const file = path.join(OUT, `teach-${name}.png`);
  await page.screenshot({ path: file });
  console.log(`      screenshot ${path.relative(ROOT, file)}`);
}

async function main() {
  let server = null, url = arg("--url", null);
  if (!url) {
    if (!fs.existsSync(path.join(DIST, "index.html"))) {
      check("bundle exists", false, `${DIST}/index.html missing: run bash scripts/start.sh --no-serve`);
      return;
    }
    // The threaded build when the bundle has it (isolated server), else the single-thread one.
    const threads = fs.existsSync(path.join(DIST, "threads/playground.js"));
    server = await serve(threads ? [] : ["--no-isolation"]);
    url = server.url + (threads ? "" : "?nocoi&flavour=single");
  }
  const browser = await launch();  // a fresh temporary profile every launch
  const errors = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(url, { waitUntil: "load" });
    await page.waitForFunction(async () => { if (!window.playground) return false; await window.playground.ready; return true; },
                               null, { timeout: 120000, polling: 250 });
    await page.waitForFunction(() => window.playground.state().data.test > 0, null, { timeout: 90000, polling: 250 });
    // --model FILE: start from a saved model (e.g. one trained by cnn-train) instead of the page's default.
    const modelFile = arg("--model", null);
    if (modelFile) {
      const bytes = [...fs.readFileSync(modelFile)];
      const r = await page.evaluate((b) => window.playground.loadModel(new Uint8Array(b).buffer, "test.model"), bytes);
      check(`model file ${path.basename(modelFile)} loaded`, r.ok, r.error);
    }
    try {
      await page.waitForFunction(() => window.playground.state().inside.layers > 0, null, { timeout: 60000, polling: 250 });
    } catch (e) {
      const st = await page.evaluate(() => window.playground.state());
      check("the page has a model and a snapshot of the chosen image", false,
            `model applied: '${st.model.applied}', model error: ${st.model.error}; the live-model checks below will fail`);
    }
    check("window.playground.teach exists", await page.evaluate(() => typeof window.playground.teach === "object"));

    // ------------------------------------------------------------ tutorial example
    await teach(page, (t) => { t.open(); t.setTab("conv"); t.setMode("tutorial"); t.seek(0); });
    let s = await teach(page, (t) => t.state());
    check("tutorial: 5x5 input, 3x3 kernel, 9 steps", s.problem.H === 5 && s.problem.K === 3 && s.steps === 9, `steps ${s.steps}`);
    check("tutorial: output is the tutorial's [12,12,17,10,17,19,9,6,14]",
          JSON.stringify(s.output) === JSON.stringify([12, 12, 17, 10, 17, 19, 9, 6, 14]), JSON.stringify(s.output));
    check("tutorial: formula o = floor((5 + 2·0 − 3)/1) + 1 = 3", s.formula_h.includes("5") && s.formula_h.trim().endsWith("= 3"), s.formula_h);
    await teach(page, (t) => t.step(4));
    s = await teach(page, (t) => t.state());
    check("step(4) moves to step 4: window at (1,1), products and partial sum", s.t === 4 && s.step.window.ph0 === 1 && s.step.window.pw0 === 1 &&
          s.step.partial_sums[8] === 17 && s.step.value === 17, `t=${s.t}, partial=${s.step.partial_sums}`);
    await shot(page, "conv-tutorial");
    await checkSteps(page, "tutorial valid s=1");
    const hov = await teach(page, (t) => t.hover(2, 1, 0));
    s = await teach(page, (t) => t.state());
    check("hovering output cell (2,1) jumps to its window", hov === 7 && s.t === 7 && s.step.window.ph0 === 2 && s.step.window.pw0 === 1, `t=${s.t}`);
    await teach(page, (t) => { t.seek(0); t.play(40); });
    // The animation moves with frames: under load the first ones may take a while.
    s = await waitFor(() => teach(page, (t) => t.state()), (x) => x.t > 0, 20000, "play(40) to move the animation past step 0");
    await teach(page, (t) => t.pause());
    check("play advances the animation", s.playing && s.t > 0, `t=${s.t}`);

    // edited values and bias
    await teach(page, (t) => t.setValues({ input: Array.from({ length: 25 }, (_, i) => (i * 7) % 5 - 2), kernel: [1, -1, 0, 2, 0, -2, 0, 1, 1], bias: 0.5 }));
    await checkSteps(page, "tutorial edited values + bias");

    // conv_arithmetic's (i, k, p, s) cases
    for (const [i, k, p, st] of [[4, 3, 0, 1], [5, 4, 2, 1], [5, 3, 1, 1], [5, 3, 2, 1], [5, 3, 0, 2], [5, 3, 1, 2], [6, 3, 1, 2]]) {
      await teach(page, (t, a) => { t.setGeometry({ input: a[0], kernel: a[1], padding: a[2], stride: a[3] }); t.seek(0); }, [i, k, p, st]);
      await teach(page, (t, a) => t.setValues({ input: Array.from({ length: a[0] * a[0] }, (_, j) => ((j * 5) % 7) - 3),
                                                kernel: Array.from({ length: a[1] * a[1] }, (_, j) => ((j * 3) % 5) - 2), bias: 1 }), [i, k]);
      s = await teach(page, (t) => t.state());
      const o = Math.floor((i + 2 * p - k) / st) + 1;
      check(`(i,k,p,s)=(${i},${k},${p},${st}): output ${o}x${o}, formula filled in`, s.geometry && s.geometry.OH === o && s.geometry.OW === o &&
            s.formula_h.trim().endsWith("= " + o), s.formula_h);
      await checkSteps(page, `(i,k,p,s)=(${i},${k},${p},${st})`);
      if (i === 5 && k === 3 && p === 1 && st === 2) await shot(page, "conv-padding-stride");
    }
    await teach(page, (t) => t.setGeometry({ input: 5, kernel: 3, padding: "same", stride: 1 }));
    s = await teach(page, (t) => t.state());
    check("'same' padding keeps 5x5", s.geometry.OH === 5 && s.geometry.OW === 5, JSON.stringify(s.geometry));
    await checkSteps(page, "same padding");

    // impossible settings are explained
    await teach(page, (t) => t.setGeometry({ input: 5, kernel: 7, padding: "valid", stride: 1 }));
    s = await teach(page, (t) => t.state());
    check("kernel 7 on a 5x5 input (valid) is explained, nothing animated", s.steps === 0 && s.error.length > 20, s.error);
    await shot(page, "conv-invalid");
    await teach(page, (t) => t.setGeometry({ input: 5, kernel: 3, padding: "valid", stride: 0 }));
    s = await teach(page, (t) => t.state());
    check("stride 0 is explained", s.steps === 0 && /stride/i.test(s.error), s.error);
    await teach(page, (t) => t.setGeometry({ input: 5, kernel: 3, padding: "valid", stride: 1 }));

    // ------------------------------------------------------------ a layer of the live model on a CIFAR image
    await teach(page, (t) => { t.setMode("cifar"); t.setLayer(0, 3); t.seek(0); });
    s = await teach(page, (t) => t.state());
    check("cifar: first conv layer on the chosen image, 3x32x32, 30x30 output", s.problem.C === 3 && s.problem.H === 32 && s.steps === 900 &&
          s.error === "", `${s.problem.C}x${s.problem.H}x${s.problem.W}, steps ${s.steps}, ${s.error}`);
    await checkSteps(page, "cifar conv2d filter 3", 40);
    const ref = jsConv(s.problem);
    check("cifar: the animation's map equals the network's own feature map (live snapshot)", s.live_map.length === 900 &&
          allClose(ref.out, s.live_map, 1e-3), `max diff ${maxDiff(ref.out, s.live_map).toExponential(2)}`);
    await teach(page, (t) => t.seek(310));
    await shot(page, "conv-cifar");
    await teach(page, (t) => { t.setLayer(1, 5, 4); t.seek(0); });
    s = await teach(page, (t) => t.state());
    check("cifar: second conv layer takes the pooled maps (32 channels)", s.problem.C === 32 && s.steps > 0, `C=${s.problem.C} steps=${s.steps}`);
    await checkSteps(page, "cifar conv2d_1 filter 5", 20);
    const ref2 = jsConv(s.problem);
    check("cifar: layer 2's map equals the network's own", allClose(ref2.out, s.live_map, 1e-3), `max diff ${maxDiff(ref2.out, s.live_map).toExponential(2)}`);
    await teach(page, (t) => t.seek(100));
    await shot(page, "conv-cifar-deep");
    // training changes the weights the view shows
    await teach(page, (t) => t.setLayer(0, 3));
    const w0 = (await teach(page, (t) => t.state())).problem.weights;
    const steps0 = (await page.evaluate(() => window.playground.state())).training.steps;
    await page.evaluate(() => window.playground.step(5));
    const w1 = await waitFor(async () => (await teach(page, (t) => t.state())).problem.weights, (w) => maxDiff(w0, w) > 0,
                             60000, "the lab's kernel to change after step(5)", 500);
    const moved = maxDiff(w0, w1) > 0;
    // The step(5) may still be training when the weights first move: let it end and the view
    // settle on the final weights (two reads alike, 10 frames apart) before the steps are
    // checked against them.
    await waitState(page, (x) => x.training.status !== "running" && x.training.steps >= steps0 + 5, 30000, 250,
                    "step(5) to finish");
    await waitFor(async () => {
      const a = (await teach(page, (t) => t.state())).problem.weights;
      await frames(page, 10);
      return maxDiff(a, (await teach(page, (t) => t.state())).problem.weights);
    }, (d) => d === 0, 24000, "the lab's kernel to stay the same over 10 frames", 0);
    const steps1 = (await page.evaluate(() => window.playground.state())).training.steps;
    check("cifar: the kernel follows training (weights change after 5 batches)", moved, `training steps ${steps0} -> ${steps1}`);
    s = await checkSteps(page, "cifar after training", 10);

    // ------------------------------------------------------------ RGB channels, several kernels
    await teach(page, (t) => { t.setMode("multi"); t.setGeometry({ input: 6, padding: 1, stride: 1 }); t.setMulti({ kernels: 2, cropY: 12, cropX: 12 }); t.seek(0); });
    s = await teach(page, (t) => t.state());
    check("multi: 3 channels, 2 kernels -> 2 maps of 6x6", s.problem.C === 3 && s.problem.OC === 2 && s.steps === 72, `C=${s.problem.C} OC=${s.problem.OC} steps=${s.steps}`);
    await checkSteps(page, "multi-channel");
    await teach(page, (t) => t.seek(45));
    s = await teach(page, (t) => t.state());
    check("multi: step 45 is in the second feature map, three channel sums", s.step.oc === 1 && s.step.channel_sums.length === 3);
    await shot(page, "conv-multi");

    // ------------------------------------------------------------ pooling
    await teach(page, (t) => { t.setTab("pool"); t.setPool({ mode: "max", size: 2, stride: 0, source: 0 }); });
    let pl = await teach(page, (t) => t.pool());
    check("max pooling of the 4x4 example gives [6,8,3,4]", JSON.stringify(pl.output) === "[6,8,3,4]", JSON.stringify(pl.output));
    let poolBad = "";
    for (let t = 0; t < pl.steps; t++) {
      const q = await page.evaluate((t) => { const T = window.playground.teach; T.poolStep(-100); T.poolStep(t); return T.pool(); }, t);
      const oh = Math.floor(t / q.OW), ow = t % q.OW, vals = [];
      for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) vals.push(q.input[(oh * 2 + a) * q.W + ow * 2 + b]);
      const m = Math.max(...vals);
      if (q.step.value !== m || vals[q.step.chosen] !== m || q.step.chosen_h !== oh * 2 + Math.floor(q.step.chosen / 2)) poolBad = `step ${t}`;
    }
    check("max pooling: every step's window, maximum and chosen cell", !poolBad, poolBad);
    await teach(page, (t) => t.poolStep(-100));
    await teach(page, (t) => t.poolStep(1));
    await shot(page, "pool-max");
    await teach(page, (t) => t.setPool({ mode: "avg" }));
    pl = await teach(page, (t) => t.pool());
    check("average pooling of the example gives [3.25,5.25,2,2]", JSON.stringify(pl.output) === "[3.25,5.25,2,2]", JSON.stringify(pl.output));
    await teach(page, (t) => t.setPool({ mode: "max", source: 1 }));
    pl = await teach(page, (t) => t.pool());
    check("pooling a feature map of the model: 30x30 -> 15x15", pl.H === 30 && pl.OH === 15 && pl.steps === 225, `${pl.H} -> ${pl.OH}`);
    await teach(page, (t) => t.poolStep(37));
    await shot(page, "pool-model");

    // ------------------------------------------------------------ the other tabs
    for (const tab of ["filter", "stride", "relu", "dense", "arch"]) {
      await teach(page, (t, tab) => t.setTab(tab), tab);
      await shot(page, tab);
      s = await teach(page, (t) => t.state());
      check(`tab ${tab} is shown`, s.tab === tab && s.open, s.tab);
    }
    const v = await teach(page, (t) => t.views());
    const d0 = v.dense_vs_conv[0];
    check("dense vs conv for conv2d: 896 conv parameters against 3,073 x 28,800 dense ones", d0 && d0.conv_params === 896 &&
          d0.dense_params === 3073 * 28800, JSON.stringify(d0));
    check("architecture rule: the tutorial model matches, with roles", v.architecture && v.architecture.matches &&
          v.architecture.layers[0].role === "feature extraction" && v.architecture.layers[1].role === "down-sampling",
          v.architecture && v.architecture.layers.map((l) => l.role).join(", "));
    await teach(page, (t) => t.close());
    // The window's rectangle is cleared by the next frame the page draws: wait for it.
    s = await waitFor(() => teach(page, (t) => t.state()), (x) => !x.open && x.rect[2] === 0, 10000, "the lab closed")
      .catch(async () => teach(page, (t) => t.state()));
    check("the lab closes", !s.open && s.rect[2] === 0, `open ${s.open}, rect ${s.rect}`);
    check("no console errors", errors.length === 0, errors.slice(0, 3).join(" | "));
    await context.close();
  } finally {
    await browser.close();
    if (server) server.proc.kill();
  }
}

main()
  .catch((e) => { check("teach tests ran", false, String(e && e.stack || e)); })
  .finally(() => {
    console.log(tallyLine());
    process.exit(tally.failed ? 1 : 0);
  });
