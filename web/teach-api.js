// teach-api.js — window.playground.teach: drives the Convolution lab from scripts and
// tests, over the exported teach_* C functions (src/app/web/api_teach.cpp). Load it after
// playground.js; the functions work once playground.ready has resolved. Texts (error, notes,
// source, formulas, explanations, roles) are English whatever the page's language.
//   await playground.ready;
//   const t = playground.teach;
//   t.open(); t.setTab("conv"); t.setMode("tutorial");
//   t.step(3); const s = t.state();  // s.step.window, s.step.products, s.step.partial_sums, ...
(function () {
  "use strict";
  if (!window.playground) throw new Error("teach-api.js must be loaded after playground.js");
  let c = null;  // cwrapped exports, made on first use (the module is running by then)
  function api() {
    if (c) return c;
    const M = window.Module;
    if (!M || !M.cwrap) throw new Error("the playground is not running yet (await playground.ready)");
    c = {
      open: M.cwrap("teach_open", null, ["number"]),
      setTab: M.cwrap("teach_set_tab", "string", ["string"]),
      setMode: M.cwrap("teach_set_mode", "string", ["string"]),
      setGeometry: M.cwrap("teach_set_geometry", "string", ["number", "number", "number", "string"]),
      setValues: M.cwrap("teach_set_values", "string", ["number", "number", "number", "number", "number"]),
      setLayer: M.cwrap("teach_set_layer", null, ["number", "number", "number"]),
      setMulti: M.cwrap("teach_set_multi", null, ["number", "number", "number"]),
      step: M.cwrap("teach_step", "number", ["number"]),
      seek: M.cwrap("teach_seek", "number", ["number"]),
      play: M.cwrap("teach_play", null, ["number", "number"]),
      hover: M.cwrap("teach_hover", "number", ["number", "number", "number"]),
      state: M.cwrap("teach_state_json", "string", []),
      setPool: M.cwrap("teach_set_pool", "string", ["string", "number", "number", "number"]),
      poolStep: M.cwrap("teach_pool_step", "number", ["number"]),
      pool: M.cwrap("teach_pool_json", "string", []),
      views: M.cwrap("teach_views_json", "string", []),
    };
    window.pgHost.drawAfterCalls(c, ["state", "pool", "views"]);
    return c;
  }
  const check = (err) => { if (err) throw new Error(err); };
  const KEEP = -100000;
  const opt = (v) => (v === undefined || v === null ? KEEP : v | 0);
  // Floats onto the heap for the duration of fn(pointer).
  function withFloats(arr, fn) {
    if (!arr || !arr.length) return fn(0, 0);
    const M = window.Module;
    const p = M._malloc(arr.length * 4);
    try {
      M.HEAPF32.set(Float32Array.from(arr), p >> 2);
      return fn(p, arr.length);
    } finally {
      M._free(p);
    }
  }

  window.playground.teach = {
    // The lab window: open() / close(); setTab("conv" | "filter" | "pool" | "stride" | "relu" | "dense" | "arch" | "keras" | "concepts").
    open: () => api().open(1),
    close: () => api().open(0),
    setTab: (tab) => check(api().setTab(String(tab))),
    // Step-by-step convolution: "tutorial" (5x5, 3x3, editable), "cifar" (a layer of the live model on
    // the chosen image), "multi" (RGB crop, several kernels).
    setMode: (mode) => check(api().setMode(String(mode))),
    // {input, kernel, stride, padding: "valid" | "same" | n}; impossible ones show up in state().error.
    setGeometry: (g) => {
      g = g || {};
      check(api().setGeometry(opt(g.input), opt(g.kernel), opt(g.stride), g.padding === undefined ? "" : String(g.padding)));
    },
    // Tutorial values, row-major: {input: [...], kernel: [...], bias}.
    setValues: (v) => {
      v = v || {};
      withFloats(v.input, (pi, ni) => withFloats(v.kernel, (pk, nk) =>
        check(api().setValues(pi, ni, pk, nk, v.bias === undefined ? NaN : Number(v.bias)))));
    },
    setLayer: (layer, filter, channel) => api().setLayer(opt(layer) < 0 ? -1 : layer | 0, filter === undefined ? -1 : filter | 0,
                                                         channel === undefined ? -1 : channel | 0),
    setMulti: (m) => { m = m || {}; api().setMulti(m.kernels || -1, m.cropY ?? -1, m.cropX ?? -1); },
    step: (n) => api().step(n === undefined ? 1 : n | 0),
    seek: (t) => api().seek(t | 0),
    play: (speed) => api().play(1, speed || 0),
    pause: () => api().play(0, 0),
    hover: (oh, ow, oc) => api().hover(oh | 0, ow | 0, oc | 0),
    // {mode, problem: {C,H,W,K,OC,stride,padding,act,input,weights,bias}, geometry, formula_h, error,
    //  notes, t, steps, step: {window, x, w, products, partial_sums, channel_sums, sum, bias, value, out},
    //  output_so_far, filled, output, live_map, rect}
    state: () => JSON.parse(api().state()),
    // Pooling: setPool({mode: "max" | "avg", size, stride, source: 0 example | 1 model map}).
    setPool: (p) => {
      p = p || {};
      check(api().setPool(p.mode || "", p.size ?? -1, p.stride ?? -1, p.source ?? -1));
    },
    poolStep: (n) => api().poolStep(n === undefined ? 1 : n | 0),
    pool: () => JSON.parse(api().pool()),
    // Dense-vs-conv counts of the model's conv layers and the architecture-rule check.
    views: () => JSON.parse(api().views()),
  };
})();
