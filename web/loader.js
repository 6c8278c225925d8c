// loader.js — picks the build: SIMD + threads when the page is cross-origin isolated
// (SharedArrayBuffer available), else SIMD single-thread; says which one runs; then loads
// that build's Emscripten glue with window.Module pointing at the canvas.
(function () {
  "use strict";
  const params = new URLSearchParams(location.search);
  const isolated = self.crossOriginIsolated === true && typeof SharedArrayBuffer !== "undefined";
  let flavour = isolated ? "threads" : "single";
  if (params.get("flavour") === "single") flavour = "single";  // force the fallback (tests, comparisons)
  const note = document.getElementById("flavour-note");
  const dir = flavour + "/";

  // coi-serviceworker may be about to reload the page to make it isolated: give it a moment
  // before starting the single-thread build (it reloads at once on a first visit).
  const swWillReload = !isolated && !params.has("nocoi") && window.isSecureContext && "serviceWorker" in navigator;
  const delay = swWillReload ? 1500 : 0;

  note.textContent = flavour === "threads"
    ? "cross-origin isolated: SIMD + threads build"
    : "not cross-origin isolated: SIMD single-thread build";
  console.log("[playground] crossOriginIsolated=" + isolated + ", loading the " + flavour + " build");

  window.Module = {
    canvas: document.getElementById("canvas"),
    locateFile: (path) => dir + path,
    // Absolute: pthread workers resolve it from their own URL (threads/playground.worker.js).
    mainScriptUrlOrBlob: new URL(dir + "playground.js", location.href).href,
    print: (t) => console.log(t),
    printErr: (t) => console.warn(t),
    onAbort: (what) => window.pgHost.fail("The app stopped: " + what),
  };
  window.pgHost.flavour = flavour;
  setTimeout(() => {
    window.pgHost.prefetch();  // the data and the stored model, while the build downloads
    const s = document.createElement("script");
    s.src = dir + "playground.js";
    s.onerror = () => window.pgHost.fail("Could not load " + s.src);
    document.body.appendChild(s);
  }, delay);
})();
