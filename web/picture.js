// picture.js — the user's own picture into the page: a file (picker, drag and drop: routed
// here by playground.js's loadFiles), a paste (Ctrl+V), a small drawing canvas and the camera
// (getUserMedia), each decoded by the browser into RGBA bytes handed to pg_set_picture (the
// session crops and scales them: src/app/session/picture.h). Adds to window.playground:
// setPicture, loadPicture, setCrop, explain, showPicture, openDrawing, openCamera, snapshot.
// The overlays' words come from the app's string tables (pg_text), in the page's language.
(function () {
  "use strict";
  if (!window.playground) throw new Error("picture.js must be loaded after playground.js");
  let c = null;
  function api() {
    if (c) return c;
    const M = window.Module;
    if (!M || !M.cwrap) throw new Error("the playground is not running yet (await playground.ready)");
    c = window.pgHost.drawAfterCalls({
      setPicture: M.cwrap("pg_set_picture", "string", ["number", "number", "number", "string"]),
      setCrop: M.cwrap("pg_set_crop", "string", ["number", "number", "number"]),
      explain: M.cwrap("pg_explain", null, ["number"]),
      show: M.cwrap("pg_show_picture", null, ["number"]),
      filterTop: M.cwrap("pg_filter_top", null, ["number", "number"]),
      text: M.cwrap("pg_text", "string", ["string"]),
      dataError: M.cwrap("pg_data_error", null, ["string"]),
    }, ["text"]);
    return c;
  }
  const T = (key) => api().text(key) || key;

  // RGBA bytes of w × h into the app; "" or the refusal.
  function setPicture(rgba, w, h, source) {
    const u8 = rgba instanceof Uint8Array ? rgba : new Uint8Array(rgba.buffer || rgba);
    if (u8.length !== w * h * 4) return "picture refused: " + u8.length + " bytes for " + w + "x" + h + " RGBA";
    const M = window.Module, p = M._malloc(Math.max(1, u8.length));
    if (!p) return "out of memory for the picture";
    try {
      M.HEAPU8.set(u8, p);
      return api().setPicture(p, w, h, source || "api");
    } finally {
      M._free(p);
    }
  }
  // Pixels of anything drawable (ImageBitmap, canvas, video) at its size w × h.
  function pixelsOf(src, w, h) {
    const cv = document.createElement("canvas");
    cv.width = w;
    cv.height = h;
    const g = cv.getContext("2d", { willReadFrequently: true });
    g.drawImage(src, 0, 0, w, h);
    return g.getImageData(0, 0, w, h).data;
  }
  // A file or blob the browser can decode (PNG, JPEG, WebP, GIF, BMP…).
  async function loadPicture(file, source) {
    await window.playground.ready;
    let bmp;
    try {
      bmp = await createImageBitmap(file);
    } catch (e) {
      const error = T("S_pic_bad_file").replace("%s", file.name || "picture");
      api().dataError(error);
      return { ok: false, error };
    }
    const err = setPicture(pixelsOf(bmp, bmp.width, bmp.height), bmp.width, bmp.height, source || "file");
    bmp.close();
    return { ok: !err, error: err };
  }

  // ---------------------------------------------------------------- overlays
  function overlay(id, title) {
    let el = document.getElementById(id);
    if (el) el.remove();
    el = document.createElement("div");
    el.id = id;
    el.className = "pg-overlay";
    el.style.cssText = "position:fixed;z-index:20;left:50%;top:50%;transform:translate(-50%,-50%);background:#1e2430;" +
      "color:#eee;border:2px solid #e69f00;border-radius:8px;padding:10px;font:14px sans-serif;display:flex;" +
      "flex-direction:column;gap:8px;align-items:center;max-width:95vw";
    const h = document.createElement("div");
    h.textContent = title;
    h.style.fontWeight = "bold";
    el.appendChild(h);
    document.body.appendChild(el);
    return el;
  }
  function button(parent, text, fn, id) {
    const b = document.createElement("button");
    b.textContent = text;
    if (id) b.id = id;
    b.style.cssText = "font:14px sans-serif;padding:4px 10px;min-height:32px";
    b.addEventListener("click", fn);
    parent.appendChild(b);
    return b;
  }
  function row(parent) {
    const r = document.createElement("div");
    r.style.cssText = "display:flex;gap:6px;flex-wrap:wrap;justify-content:center";
    parent.appendChild(r);
    return r;
  }

  // The drawing canvas: 128×128 on white, a few colours and an eraser; each finished stroke
  // becomes the picture (pointer events: mouse, pen and touch alike).
  function openDrawing() {
    const el = overlay("pg-draw", T("S_draw_title"));
    const cv = document.createElement("canvas");
    cv.id = "pg-draw-canvas";
    cv.width = cv.height = 128;
    cv.style.cssText = "width:256px;height:256px;background:#fff;touch-action:none;cursor:crosshair;image-rendering:pixelated";
    el.appendChild(cv);
    const g = cv.getContext("2d", { willReadFrequently: true });
    const clear = () => { g.fillStyle = "#fff"; g.fillRect(0, 0, 128, 128); };
    clear();
    let colour = "#000000", width = 6, last = null;
    const colours = row(el);
    for (const col of ["#000000", "#d55e00", "#0072b2", "#009e73", "#e69f00", "#8b4513"]) {
      const b = button(colours, "", () => { colour = col; width = 6; });
      b.style.cssText += ";width:32px;background:" + col;
    }
    const tools = row(el);
    button(tools, T("S_draw_eraser"), () => { colour = "#ffffff"; width = 14; });
    button(tools, T("S_draw_clear"), () => { clear(); use(); });
    button(tools, T("S_overlay_close"), () => el.remove(), "pg-draw-close");
    const at = (e) => { const r = cv.getBoundingClientRect(); return [(e.clientX - r.left) * 128 / r.width, (e.clientY - r.top) * 128 / r.height]; };
    const use = () => setPicture(g.getImageData(0, 0, 128, 128).data, 128, 128, "drawing");
    cv.addEventListener("pointerdown", (e) => { cv.setPointerCapture(e.pointerId); last = at(e); line(last, last); });
    cv.addEventListener("pointermove", (e) => { if (!last) return; const p = at(e); line(last, p); last = p; });
    const end = () => { if (last) { last = null; use(); } };
    cv.addEventListener("pointerup", end);
    cv.addEventListener("pointercancel", end);
    function line(a, b) {
      g.strokeStyle = colour;
      g.lineWidth = width;
      g.lineCap = g.lineJoin = "round";
      g.beginPath();
      g.moveTo(a[0], a[1]);
      g.lineTo(b[0] + 0.01, b[1]);
      g.stroke();
    }
    return cv;
  }

  // The camera: its video with a snapshot button; no camera or no permission says so.
  let stream = null;
  function stopCamera() { if (stream) stream.getTracks().forEach((t) => t.stop()); stream = null; }
  async function openCamera() {
    const el = overlay("pg-camera", T("S_cam_title"));
    const msg = document.createElement("div");
    msg.id = "pg-camera-msg";
    msg.textContent = T("S_cam_wait");
    el.appendChild(msg);
    const video = document.createElement("video");
    video.id = "pg-camera-video";
    video.playsInline = true;
    video.muted = true;
    video.style.cssText = "width:320px;max-width:90vw;background:#000;display:none";
    el.appendChild(video);
    const tools = row(el);
    const snap = button(tools, T("S_cam_snap"), () => snapshot(), "pg-camera-snap");
    snap.disabled = true;
    button(tools, T("S_overlay_close"), () => { stopCamera(); el.remove(); }, "pg-camera-close");
    try {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) throw new Error("no getUserMedia");
      stopCamera();
      stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
      video.srcObject = stream;
      await video.play();
      video.style.display = "block";
      msg.textContent = "";
      snap.disabled = false;
      return { ok: true };
    } catch (e) {
      msg.textContent = T("S_cam_none");
      return { ok: false, error: e.name + ": " + e.message };
    }
  }
  // The camera's current frame becomes the picture.
  function snapshot() {
    const v = document.getElementById("pg-camera-video");
    if (!v || !v.videoWidth) return "no camera picture yet";
    return setPicture(pixelsOf(v, v.videoWidth, v.videoHeight), v.videoWidth, v.videoHeight, "camera");
  }

  // ---------------------------------------------------------------- wiring
  const picker = document.createElement("input");
  picker.type = "file";
  picker.id = "picture-input";
  picker.accept = "image/*";
  picker.style.display = "none";
  picker.addEventListener("change", () => { if (picker.files[0]) loadPicture(picker.files[0], "file"); picker.value = ""; });
  const attach = () => document.body.appendChild(picker);
  if (document.body) attach(); else document.addEventListener("DOMContentLoaded", attach);
  window.addEventListener("paste", (e) => {
    const items = e.clipboardData ? Array.from(e.clipboardData.items) : [];
    const it = items.find((i) => i.kind === "file" && /^image\//.test(i.type));
    if (!it) return;
    e.preventDefault();
    loadPicture(it.getAsFile(), "paste");
  });
  window.pgHost.pictureTool = (which) => {
    if (which === 0) picker.click();
    else if (which === 1) openDrawing();
    else openCamera();
  };
  window.pgPicture = { isImage: (f) => /^image\//.test(f.type) || /\.(png|jpe?g|gif|webp|bmp|avif)$/i.test(f.name), loadPicture };
  const throwIf = (err) => { if (err) throw new Error(err); };
  Object.assign(window.playground, {
    // RGBA bytes (Uint8Array or array) of a w × h picture: it becomes the chosen image.
    setPicture: (rgba, w, h) => throwIf(setPicture(rgba, w | 0, h | 0, "api")),
    loadPicture,                                   // a File or Blob; resolves {ok, error}
    setCrop: (x, y, size) => throwIf(api().setCrop(Number(x), Number(y), Number(size))),
    explain: (cls) => api().explain(cls === undefined || cls === null ? -1 : cls | 0),  // -1: the top class
    showPicture: (open) => api().show(open === false ? 0 : 1),
    // What does a filter look for? layer: index in the model's layers (a conv layer), filter;
    // opens that section of the Inside window; state().filter_top. layer -1 stops it.
    filterTop: (layer, filter) => api().filterTop(layer | 0, filter | 0),
    openDrawing: () => { openDrawing(); },
    openCamera,                                    // resolves {ok, error}
    snapshot: () => throwIf(snapshot()),
  });
})();
