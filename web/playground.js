// playground.js — the page side of the app: window.playground (a small JS API over the
// exported pg_* C functions, for tests and people's own scripts) and window.pgHost (what the
// app calls back: downloads, browser storage of the last model, file pickers), plus loading
// the bundled CIFAR-10 subset, drag-and-drop, and .tar.gz unpacking (DecompressionStream + tar).
(function () {
  "use strict";
  const SUBSET = ["data/cifar10_train_subset.bin", "data/cifar10_test_subset.bin"];
  let readyResolve, readyReject;
  const ready = new Promise((res, rej) => { readyResolve = res; readyReject = rej; });
  let api = null;  // cwrapped functions, once the module runs

  // ---------------------------------------------------------------- heap helpers
  function withBytes(u8, fn) {
    const p = Module._malloc(Math.max(1, u8.length));
    if (!p) throw new Error("out of memory for " + u8.length + " bytes");
    try {
      Module.HEAPU8.set(u8, p);  // read HEAPU8 after malloc: memory may have grown
      return fn(p, u8.length);
    } finally {
      Module._free(p);
    }
  }
  const toU8 = (buf) => (buf instanceof Uint8Array ? buf : new Uint8Array(buf));

  // ---------------------------------------------------------------- .tar.gz
  async function gunzip(u8) {
    if (typeof DecompressionStream === "undefined") throw new Error("this browser cannot decompress .gz files");
    const stream = new Blob([u8]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }
  // POSIX ustar: 512-byte headers (name 0..100, size octal 124..136, type 156, prefix 345..500).
  function* untar(u8) {
    const dec = new TextDecoder();
    const str = (a, b) => dec.decode(u8.subarray(a, b)).replace(/\0.*$/s, "");
    let off = 0;
    while (off + 512 <= u8.length) {
      const name = str(off, off + 100);
      if (!name) break;
      const size = parseInt(str(off + 124, off + 136).trim() || "0", 8);
      const type = String.fromCharCode(u8[off + 156] || 48);
      const prefix = str(off + 345, off + 500);
      const full = prefix ? prefix + "/" + name : name;
      off += 512;
      if (type === "0" || type === "\0") yield { name: full, data: u8.subarray(off, off + size) };
      off += Math.ceil(size / 512) * 512;
    }
  }
  const isGzip = (name, u8) => /\.(tar\.gz|tgz|gz)$/i.test(name) || (u8.length > 2 && u8[0] === 0x1f && u8[1] === 0x8b);

  // ---------------------------------------------------------------- the session (localStorage)
  // What a reload brings back besides the stored model: the page's link (settings, subset
  // sizes, open panels) and the chosen image. Written synchronously, so a reload keeps it.
  const kSession = "cnn-playground-session";
  let storedSteps = -1;  // the batch count of the model last written to IndexedDB (-1: none yet)
  function writeSession() {
    if (!api) return;
    try {
      const s = JSON.parse(api.state());
      localStorage.setItem(kSession, JSON.stringify({ link: api.link(), set: s.selected_set === "train" ? 0 : 1,
                                                      image: s.selected_image }));
    } catch (e) {}
  }
  function readSession() {
    try { return JSON.parse(localStorage.getItem(kSession) || "null"); } catch (e) { return null; }
  }

  // ---------------------------------------------------------------- browser storage (IndexedDB)
  function idb() {
    return new Promise((res, rej) => {
      const r = indexedDB.open("cnn-playground", 1);
      r.onupgradeneeded = () => r.result.createObjectStore("models");
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
  }
  async function idbPut(key, value) {
    const db = await idb();
    await new Promise((res, rej) => {
      const t = db.transaction("models", "readwrite");
      t.objectStore("models").put(value, key);
      t.oncomplete = res;
      t.onerror = () => rej(t.error);
    });
    db.close();
  }
  // The values stored under keys, in one transaction (undefined where none).
  async function idbGet(keys) {
    const db = await idb();
    try {
      return await new Promise((res, rej) => {
        const t = db.transaction("models"), store = t.objectStore("models");
        const reqs = keys.map((k) => store.get(k));
        t.oncomplete = () => res(reqs.map((r) => r.result));
        t.onerror = () => rej(t.error);
      });
    } finally {
      db.close();
    }
  }

  // ---------------------------------------------------------------- early reads
  // The bundled subset and the stored model are asked for while the module downloads and
  // compiles (loader.js calls prefetch() as it starts the build); onReady takes the results.
  // Read one after another once the module ran, they made the page ready about 1.2 s later.
  // Each promise settles to {value} or {error}: a failure is reported by onReady, not lost.
  let early = null;
  const settled = (p) => p.then((value) => ({ value }), (error) => ({ error }));
  // A failure carries .status: the HTTP status, 0 when the server did not answer.
  function fetchBytes(url) {
    return fetch(url).then((r) => {
      if (!r.ok) throw Object.assign(new Error("could not fetch " + url + " (HTTP " + r.status + ")"), { status: r.status });
      return r.arrayBuffer();
    });
  }
  function prefetch() {
    if (!early) early = { subset: SUBSET.map((url) => settled(fetchBytes(url))), stored: settled(idbGet(["last", "last_steps"])) };
    return early;
  }
  // onReady's share: what prefetch() asked for (asked now if the loader did not), then let go.
  function takeEarly() {
    const e = prefetch();
    early = { subset: [], stored: null };
    return e;
  }

  // ---------------------------------------------------------------- the API
  async function loadData(buffer, name) {
    await ready;
    let u8 = toU8(buffer);
    const results = [];
    if (isGzip(name, u8)) {
      let raw;
      try { raw = await gunzip(u8); } catch (e) {
        // DecompressionStream's own messages say little ("Failed to fetch"): name the cause.
        const error = name + ": not a readable .gz file (the compressed data is corrupt or truncated)";
        api.dataError(error);
        return { ok: false, error, loaded: [] };
      }
      let found = 0;
      for (const f of untar(raw)) {
        if (!/\.bin$/.test(f.name)) continue;
        found++;
        const err = withBytes(f.data, (p, n) => api.loadData(p, n, f.name));
        results.push({ name: f.name, error: err });
      }
      if (!found) {
        const error = name + ": no CIFAR-10 .bin files inside";
        api.dataError(error);
        return { ok: false, error, loaded: [] };
      }
    } else {
      const err = withBytes(u8, (p, n) => api.loadData(p, n, name));
      results.push({ name, error: err });
    }
    const errors = results.filter((r) => r.error).map((r) => r.error);
    return { ok: errors.length === 0, error: errors.join("; "), loaded: results.filter((r) => !r.error).map((r) => r.name) };
  }

  async function loadFiles(files) {
    const out = [];
    if (!files || !files.length) {
      await ready;
      const error = "no files selected (choose data_batch_N.bin / test_batch.bin files, the .tar.gz, a .model or .onnx file, or a TensorFlow.js model.json with its .bin files)";
      api.dataError(error);
      return [{ ok: false, error, loaded: [] }];
    }
    // model.json with its weight files (.bin) is a TensorFlow.js model; other .bin files are data.
    const json = files.find((f) => /\.json$/i.test(f.name));
    if (json) return [await importTfjs(json, files.filter((f) => /\.bin$/i.test(f.name)))];
    for (const f of files) {
      // A picture (PNG, JPEG, any image the browser decodes): the user's own (picture.js).
      if (window.pgPicture && window.pgPicture.isImage(f)) { out.push(await window.pgPicture.loadPicture(f, "file")); continue; }
      const buf = new Uint8Array(await f.arrayBuffer());
      if (/\.(model|onnx)$/i.test(f.name)) out.push(await loadModel(buf, f.name));
      else out.push(await loadData(buf, f.name));
    }
    return out;
  }

  async function importTfjs(json, shards) {
    await ready;
    for (const f of shards) withBytes(new Uint8Array(await f.arrayBuffer()), (p, n) => api.tfjsShard(p, n, f.name));
    const text = new Uint8Array(await json.arrayBuffer());
    const err = withBytes(text, (p, n) => api.importTfjs(p, n, json.name));
    return { ok: !err, error: err };
  }

  async function loadModel(buffer, name) {
    await ready;
    const err = withBytes(toU8(buffer), (p, n) => api.loadModel(p, n, name || "model file"));
    return { ok: !err, error: err };
  }

  // Changes the given training settings, all or none: a value out of its range (the same
  // ranges and message as the CLI and the link) throws and changes nothing.
  const kSettings = ["optimizer", "lr", "batch", "epochs", "seed", "threads"];  // bit i: cnn::Setting i
  function setHyper(h) {
    h = h || {};
    const unknown = Object.keys(h).filter((k) => !kSettings.includes(k));
    if (unknown.length) throw new Error(`unknown setting '${unknown[0]}' (${kSettings.join(", ")})`);
    let given = 0;
    kSettings.forEach((k, i) => { if (h[k] !== undefined && h[k] !== null) given |= 1 << i; });
    const n = (k) => (h[k] === undefined || h[k] === null ? 0 : Number(h[k]));
    const err = api.setHyper(given & 1 ? String(h.optimizer) : "", n("lr"), n("batch"), n("epochs"), n("seed"),
                             n("threads"), given);
    if (err) throw new Error(err);
    return state().hyper;
  }

  // The app's state plus the page's settings (language, scale, theme, classroom mode, open
  // panels, the link and its notice, data subset sizes: pg_ui_state in api_classroom.cpp).
  function state() {
    return Object.assign(JSON.parse(api.state()), JSON.parse(api.uiState()), JSON.parse(api.presentState()));
  }
  const throwIf = (err) => { if (err) throw new Error(err); };

  window.playground = {
    ready,
    state,
    predictions: () => JSON.parse(api.predictions()),
    setModel: (spec) => { const e = api.setModel(String(spec)); return { ok: !e, error: e }; },
    loadData,
    loadFiles,
    loadModel,
    saveModel: () => api.saveModel(),
    // Downloads the model for other programs: "onnx" | "pytorch" | "keras" (throws on another name).
    exportModel: (format) => throwIf(api.exportModel(String(format))),
    start: () => api.start(),
    pause: () => api.pause(),
    step: (n) => api.step(n === undefined ? 1 : n | 0),
    reset: () => api.reset(),
    selectImage: (i) => api.selectImage(i | 0),
    // What the Model panel's presets and Apply do (spec "" = the rows as edited): with a
    // trained model in use, state().ask.open until answer("cancel" | "replace" | "save").
    askModel: (spec) => api.askModel(String(spec || "")),
    answer: (a) => api.answer({ cancel: 0, replace: 1, save: 2 }[a] ?? 0),
    // The batches the model last stored for a reload was trained for, once the write is done.
    storedSteps: () => storedSteps,
    setHyper,
    // Classroom. link(): the fragment (no '#') that restores the page as it is;
    // openLink(fragment): applies one as if the page had been opened with it (never starts
    // training) and returns {empty, rejected, problems: [{key, value, why}]}; copyLink(): what
    // the header's "Copy link" does (address bar + clipboard).
    link: () => api.link(),
    openLink: (fragment) => JSON.parse(api.openLink(String(fragment || ""))),
    copyLink: () => api.copyLink(),
    setScale: (s) => throwIf(api.setScale(Number(s))),              // 0.5 .. 3 (menu: 1, 1.25, 1.5, 2)
    setTheme: (t) => throwIf(api.setTheme(String(t))),              // "dark" | "contrast"
    // {on: bool, hide: ["model", "hyper", "data", "files", "seed"]} (either may be left out)
    setClassroom: (c) => throwIf(api.setClassroom(c && c.on !== undefined ? (c.on ? 1 : 0) : -1,
                                                c && c.hide ? c.hide.join(",") : null)),
    setPanel: (id, open) => throwIf(api.setPanel(String(id), open ? 1 : 0)),  // data model train predictions inside lab
    setSubset: (train, test) => api.setSubset(train | 0, test | 0),        // 0 = all loaded images
    // "en" | "zh": switches the page's language now and remembers it (localStorage).
    setLanguage: (code) => api.setLang(String(code || "")),
    // Presentation mode: present("lab-conv" | ... | "model" | "data" | "train" | "predictions" |
    // "inside") shows that one target full screen, big ("" the first); present(null) leaves.
    // state().present says which (target, index, count).
    present: (target) => throwIf(api.present(target === null || target === undefined ? null : String(target))),
    // The lab's "Keras code" tab: the tutorial-style script of the rows as edited ("" while they
    // have an error). concepts(): every number its "Picture to answer" tab shows for the chosen
    // image ({ready, label, logits, exps, sum, probs, model_probs, onehot, p_true, loss,
    // pixels: {bytes, scaled}, flatten: {from: [C, H, W], block: [c][h][w], vector}, shown});
    // showConcept("pixels" | "flatten" | "softmax" | "loss") picks the part the tab shows.
    kerasCode: () => api.kerasCode(),
    concepts: () => JSON.parse(api.concepts()),
    showConcept: (id) => throwIf(api.setConcept(String(id))),
  };

  // An idle page draws only now and then (src/app/session/redraw.h): every export that may
  // change what it shows asks for frames; the read-only ones (`reads`) do not.
  function drawAfterCalls(fns, reads) {
    const wake = Module.cwrap("pg_wake", null, []);
    for (const k of Object.keys(fns)) {
      if (reads.includes(k)) continue;
      const f = fns[k];
      fns[k] = (...args) => { try { return f(...args); } finally { wake(); } };
    }
    return fns;
  }

  // The model browser storage kept ([bytes, batch count]), then the session's batches and image.
  function restoreStored([last, steps], session) {
    try {
      if (last && last.byteLength) {
        // Opened with a link: only if it is the link's model (pg_restore_model).
        const err = withBytes(new Uint8Array(last), (p, n) => api.restoreModel(p, n, "the last model (browser storage)"));
        if (err && err !== "skipped") console.warn("[playground] stored model not restored: " + err);
        if (!err && session) api.resume(Number(steps) || 0, session.set | 0, session.image | 0);
      } else if (session) {
        api.resume(0, session.set | 0, session.image | 0);
      }
    } catch (e) {
      console.warn("[playground] stored model not restored: " + e.message);
    }
  }

  // ---------------------------------------------------------------- host (called by the app)
  window.pgHost = {
    flavour: "?",
    prefetch,
    drawAfterCalls,
    fail(msg) {
      const el = document.getElementById("loading");
      el.style.display = "block";
      el.className = "error";
      el.textContent = msg;
      readyReject(new Error(msg));
    },
    // main() has set up the app: wrap the exports, load the bundled data, restore the last model.
    async onReady() {
      api = {
        state: Module.cwrap("pg_state", "string", []),
        predictions: Module.cwrap("pg_predictions", "string", []),
        setModel: Module.cwrap("pg_set_model", "string", ["string"]),
        loadData: Module.cwrap("pg_load_data", "string", ["number", "number", "string"]),
        loadModel: Module.cwrap("pg_load_model", "string", ["number", "number", "string"]),
        dataError: Module.cwrap("pg_data_error", null, ["string"]),
        bundledDataError: Module.cwrap("pg_bundled_data_error", null, ["string", "number"]),
        saveModel: Module.cwrap("pg_save_model", null, []),
        exportModel: Module.cwrap("pg_export_model", "string", ["string"]),
        tfjsShard: Module.cwrap("pg_tfjs_shard", null, ["number", "number", "string"]),
        importTfjs: Module.cwrap("pg_import_tfjs", "string", ["number", "number", "string"]),
        start: Module.cwrap("pg_start", null, []),
        pause: Module.cwrap("pg_pause", null, []),
        step: Module.cwrap("pg_step", null, ["number"]),
        reset: Module.cwrap("pg_reset", null, []),
        selectImage: Module.cwrap("pg_select_image", null, ["number"]),
        setHyper: Module.cwrap("pg_set_hyper", "string", ["string", "number", "number", "number", "number", "number", "number"]),
        uiState: Module.cwrap("pg_ui_state", "string", []),
        link: Module.cwrap("pg_link", "string", []),
        openLink: Module.cwrap("pg_open_link", "string", ["string"]),
        copyLink: Module.cwrap("pg_copy_link", null, []),
        linkCopyResult: Module.cwrap("pg_link_copy_result", null, ["number"]),
        setScale: Module.cwrap("pg_set_scale", "string", ["number"]),
        setTheme: Module.cwrap("pg_set_theme", "string", ["string"]),
        setClassroom: Module.cwrap("pg_set_classroom", "string", ["number", "string"]),
        setPanel: Module.cwrap("pg_set_panel", "string", ["string", "number"]),
        setSubset: Module.cwrap("pg_set_subset", null, ["number", "number"]),
        restoreModel: Module.cwrap("pg_restore_model", "string", ["number", "number", "string"]),
        setLang: Module.cwrap("pg_set_lang", "string", ["string"]),
        askModel: Module.cwrap("pg_ask_model", null, ["string"]),
        answer: Module.cwrap("pg_answer", null, ["number"]),
        resumeSettings: Module.cwrap("pg_resume_settings", null, ["string"]),
        resume: Module.cwrap("pg_resume", null, ["number", "number", "number"]),
        present: Module.cwrap("pg_present", "string", ["string"]),
        presentState: Module.cwrap("pg_present_state", "string", []),
        kerasCode: Module.cwrap("pg_keras_code", "string", []),
        concepts: Module.cwrap("pg_concepts", "string", []),
        setConcept: Module.cwrap("pg_set_concept", "string", ["string"]),
        textCopyResult: Module.cwrap("pg_text_copy_result", null, ["number"]),
      };
      drawAfterCalls(api, ["state", "uiState", "presentState", "predictions", "link", "kerasCode", "concepts"]);
      document.getElementById("loading").style.display = "none";
      const { subset, stored } = takeEarly();
      // The first file that fails stops here (its error stays in the Data panel): one the host
      // did not serve, one the app refused (already said by pg_load_data), or a JS failure.
      try {
        for (let i = 0; i < SUBSET.length; i++) {
          const got = await subset[i], name = SUBSET[i].split("/").pop();
          if (got.error) {
            console.warn("[playground] bundled data: " + got.error.message);
            api.bundledDataError(name, got.error.status | 0);
            break;
          }
          const err = withBytes(new Uint8Array(got.value), (p, n) => api.loadData(p, n, name));
          if (err) { console.warn("[playground] bundled data: " + err); break; }
        }
      } catch (e) {
        console.warn("[playground] bundled data: " + e.message);
        api.dataError("bundled data: " + e.message + " - load CIFAR-10 files instead");
      }
      // A reload (no link) resumes the last session: its settings, then the stored model,
      // then the batches that model was trained for and the chosen image.
      const session = location.hash.length > 1 ? null : readSession();
      if (session && session.link) api.resumeSettings(session.link);
      const got = await stored;
      if (got.error) {
        console.warn("[playground] browser storage unavailable: " + got.error.message);
      } else {
        restoreStored(got.value, session);
      }
      addEventListener("pagehide", writeSession);
      readyResolve(window.playground);
    },
    download(name, bytes) {
      const url = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    },
    storeModel(bytes, steps) {
      idbPut("last", bytes.buffer)
        .then(() => idbPut("last_steps", steps))
        .then(() => { storedSteps = steps; })
        .catch((e) => console.warn("[playground] could not store the model: " + e.message));
      writeSession();
    },
    // "Copy link": the fragment into the address bar (no reload, no history entry) and the
    // page's address to the clipboard; the app says so in the header, or where to copy it from.
    copyLink(fragment) {
      history.replaceState(null, "", "#" + fragment);
      lastHash = location.hash;
      const ok = () => {}, no = () => api.linkCopyResult(0);
      try {
        if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(location.href).then(ok, no);
        else no();
      } catch (e) { no(); }
    },
    // The lab's Keras tab "Copy": the code to the clipboard; a refusal is said in the tab.
    copyText(text) {
      const no = () => api.textCopyResult(0);
      try {
        if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(() => {}, no);
        else no();
      } catch (e) { no(); }
    },
    openPicker(kind) {
      document.getElementById(kind === 1 ? "model-input" : "data-input").click();
    },
  };

  // ---------------------------------------------------------------- file inputs, drag and drop
  function wire() {
    const data = document.getElementById("data-input"), model = document.getElementById("model-input");
    data.addEventListener("change", () => { loadFiles(Array.from(data.files)); data.value = ""; });
    model.addEventListener("change", () => { loadFiles(Array.from(model.files)); model.value = ""; });
    const drop = document.getElementById("drop");
    let depth = 0;
    window.addEventListener("dragenter", (e) => { e.preventDefault(); depth++; drop.classList.add("on"); });
    window.addEventListener("dragleave", () => { if (--depth <= 0) { depth = 0; drop.classList.remove("on"); } });
    window.addEventListener("dragover", (e) => e.preventDefault());
    window.addEventListener("drop", (e) => {
      e.preventDefault();
      depth = 0;
      drop.classList.remove("on");
      if (e.dataTransfer && e.dataTransfer.files.length) loadFiles(Array.from(e.dataTransfer.files));
    });
  }
  // A link pasted into the address bar of the open page changes only the fragment (no reload):
  // apply it like a fresh load would.
  let lastHash = location.hash;
  window.addEventListener("hashchange", () => {
    if (!api || location.hash === lastHash) return;
    lastHash = location.hash;
    api.openLink(location.hash);
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
