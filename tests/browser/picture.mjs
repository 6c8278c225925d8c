// picture.mjs — the user's own picture and "Why this class?" in headless Chromium: a PNG
// dropped into the page (a DragEvent carrying a File) is decoded, cropped and classified and
// becomes the chosen image; the crop moves through the API; the four heat maps appear
// (right size, finite, drawn); a drawing made with the mouse on the drawing canvas is
// classified; with Chromium's fake camera a snapshot is classified, and without a camera the
// overlay says so; a filter's top 9 test images appear with their maps and follow training.
// Screenshots: test-output/browser/picture-{window,why}-{en,zh}.png, picture-draw-en.png,
// picture-camera-en.png, picture-camera-none-zh.png, picture-filter-en.png.
// Usage: node tests/browser/picture.mjs [--dist DIR]
import path from "node:path";
import { OUT, check, launch, openPage, runSuite, serve, state, waitFrames, waitState } from "./lib.mjs";

const sum = (a) => a.reduce((x, y) => x + y, 0);
const classified = (p) => p.probs.length === 10 && Math.abs(sum(p.probs) - 1) < 1e-4 && p.probs.every(Number.isFinite);

// A 60×40 PNG made by the page's canvas (sky, a red box, dark wheels), dropped as a user would.
const dropPng = (page) => page.evaluate(async () => {
  const c = new OffscreenCanvas(60, 40), g = c.getContext("2d");
  g.fillStyle = "#7ab8e8"; g.fillRect(0, 0, 60, 40);
  g.fillStyle = "#c0392b"; g.fillRect(12, 14, 36, 14);
  g.fillStyle = "#222"; g.beginPath(); g.arc(20, 30, 5, 0, 7); g.arc(40, 30, 5, 0, 7); g.fill();
  const blob = await c.convertToBlob({ type: "image/png" });
  const dt = new DataTransfer();
  dt.items.add(new File([blob], "car.png", { type: "image/png" }));
  window.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
});

async function shotWindow(page, file) {
  await waitFrames(page, 4);
  const s = await state(page);
  const w = s.layout.windows.find((x) => /Your picture/.test(x.name));
  check(`${file}: the picture window is on screen`, !!w, JSON.stringify(s.layout.windows.map((x) => x.name)));
  if (w) await page.screenshot({ path: path.join(OUT, file), clip: { x: w.rect[0], y: w.rect[1], width: w.rect[2], height: w.rect[3] } });
}

function checkMaps(why, what) {
  for (const k of ["occlusion", "gradient", "smoothgrad", "gradcam"]) {
    const m = why[k];
    check(`${what}: ${k} map is 32x32 and finite, not flat`, m.n === 32 * 32 && m.finite && m.max > m.min, JSON.stringify(m));
  }
}

await runSuite(async () => {
  const srv = await serve();
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, srv.url);
    await page.evaluate(() => window.playground.step(60));
    await waitState(page, (s) => s.training.status === "paused" && s.training.steps === 60, 120000, 250, "60 batches");

    // 1. A PNG dropped in.
    await dropPng(page);
    let s = await waitState(page, (x) => x.picture.version > 0 && classified(x.picture), 30000, 250, "the dropped PNG classified");
    check("dropped PNG: 60x40 decoded, centred square crop", s.picture.w === 60 && s.picture.h === 40 &&
          JSON.stringify(s.picture.crop) === "[10,0,40]", JSON.stringify(s.picture));
    check("dropped PNG: the chosen image everywhere", s.selected_set === "picture" && s.picture.chosen && s.picture.source === "file");
    await waitFrames(page, 4);
    s = await state(page);
    check("the window shows the picture, its 32x32 and ten bars", s.picture.shown.open && s.picture.shown.full &&
          s.picture.shown.sees && s.picture.shown.bars === 10, JSON.stringify(s.picture.shown));
    check("the Inside view shows the picture", s.inside.picture === true && s.inside.bars === 10, JSON.stringify(s.inside));

    // 2. Why this class? The top class, then class 1, each map the right size.
    await page.evaluate(() => window.playground.explain(-1));
    s = await waitState(page, (x) => x.why && x.why.top && x.why.set === 2 && x.why.picture_version === x.picture.version &&
                        x.why.inside_version === x.picture.inside_version, 60000, 250, "the maps of the top class");
    const top = s.picture.probs.indexOf(Math.max(...s.picture.probs));
    check("why: the top class is the picture's top probability", s.why.cls === top && !s.why.error, JSON.stringify(s.why));
    checkMaps(s.why, "top class");
    console.log("why maps ms (occlusion, gradient, SmoothGrad, Grad-CAM): " + s.why.ms.map((v) => v.toFixed(1)).join(", "));
    await page.evaluate(() => window.playground.explain(1));
    s = await waitState(page, (x) => x.why && !x.why.top && x.why.cls === 1 && x.why.set === 2, 60000, 250, "the maps of class 1");
    checkMaps(s.why, "class 1");
    await waitFrames(page, 4);
    s = await state(page);
    check("why: the four heat maps drawn", s.picture.shown.maps === 4, JSON.stringify(s.picture.shown));
    await shotWindow(page, "picture-window-en.png");
    await page.evaluate(() => window.playground.setLanguage("zh"));
    await shotWindow(page, "picture-window-zh.png");
    // Scrolled down to the heat maps (the mouse wheel over the window), in both languages.
    const w = (await state(page)).layout.windows.find((x) => /Your picture/.test(x.name));
    await page.mouse.move(w.rect[0] + w.rect[2] / 2, w.rect[1] + w.rect[3] / 2);
    for (let i = 0; i < 8; i++) { await page.mouse.wheel(0, 300); await waitFrames(page, 2); }
    await shotWindow(page, "picture-why-zh.png");
    await page.evaluate(() => window.playground.setLanguage("en"));
    await shotWindow(page, "picture-why-en.png");
    check("no missing glyphs", (await state(page)).missing_glyphs === 0);

    // 3. The crop moved through the API: scaled again, still chosen.
    const v = s.picture.version;
    await page.evaluate(() => window.playground.setCrop(0, 0, 20));
    s = await waitState(page, (x) => x.picture.version === v + 1 && x.picture.inside_version > 0 && classified(x.picture), 30000, 250, "the new crop classified");
    check("setCrop: the square as asked", JSON.stringify(s.picture.crop) === "[0,0,20]", JSON.stringify(s.picture.crop));
    // The square dragged with the mouse: from inside it moves it, from its corner resizes it.
    const drag = async (x0, y0, dx, dy) => {
      await page.mouse.move(x0, y0);
      await page.mouse.down();
      for (let i = 1; i <= 6; i++) { await page.mouse.move(x0 + dx * i / 6, y0 + dy * i / 6); await waitFrames(page, 1); }
      await page.mouse.up();
    };
    await page.evaluate(() => window.playground.setLanguage("en"));
    const pw = (await state(page)).layout.windows.find((x) => /Your picture/.test(x.name));
    await page.mouse.move(pw.rect[0] + pw.rect[2] / 2, pw.rect[1] + pw.rect[3] / 2);
    for (let i = 0; i < 8; i++) { await page.mouse.wheel(0, -400); await waitFrames(page, 2); }  // back to the top
    await waitFrames(page, 4);
    let q = (await state(page)).picture.shown.crop;
    await drag(q[0] + q[2] / 2, q[1] + q[3] / 2, 60, 20);
    s = await waitState(page, (x) => x.picture.version === v + 2, 30000, 250, "the crop moved by the mouse");
    check("mouse drag: the square moved right and down, same size", s.picture.crop[0] > 5 && s.picture.crop[1] > 0 &&
          s.picture.crop[2] === 20, JSON.stringify(s.picture.crop));
    q = s.picture.shown.crop;
    await drag(q[0] + q[2] - 3, q[1] + q[3] - 3, 40, 40);
    s = await waitState(page, (x) => x.picture.version === v + 3, 30000, 250, "the crop resized by the mouse");
    check("mouse drag at the corner: the square grew", s.picture.crop[2] > 20, JSON.stringify(s.picture.crop));
    // A finger (CDP touch events) drags the square too.
    const cdp = await page.context().newCDPSession(page);
    const touch = (type, pts) => cdp.send("Input.dispatchTouchEvent", { type, touchPoints: pts.map(([x, y]) => ({ x, y })) });
    q = s.picture.shown.crop;
    const before = s.picture.crop;
    const [tx, ty] = [q[0] + q[2] / 2, q[1] + q[3] / 2];
    await touch("touchStart", [[tx, ty]]);
    await waitFrames(page, 2);
    for (let i = 1; i <= 10; i++) { await touch("touchMove", [[tx - i, ty - 4 * i]]); await waitFrames(page, 2); }
    await touch("touchEnd", []);
    s = await waitState(page, (x) => x.picture.version === v + 4, 30000, 250, "the crop moved by a finger");
    check("finger drag: the square moved up", s.picture.crop[1] < before[1] && s.picture.crop[0] <= before[0],
          `${JSON.stringify(before)} -> ${JSON.stringify(s.picture.crop)}`);

    // 4. A drawing with the mouse.
    await page.evaluate(() => window.playground.openDrawing());
    const box = await page.locator("#pg-draw-canvas").boundingBox();
    await page.mouse.move(box.x + 40, box.y + 60);
    await page.mouse.down();
    for (let i = 0; i <= 20; i++) await page.mouse.move(box.x + 40 + i * 8, box.y + 60 + Math.sin(i / 3) * 50);
    await page.mouse.up();
    s = await waitState(page, (x) => x.picture.source === "drawing" && classified(x.picture), 30000, 250, "the drawing classified");
    check("drawing: 128x128, the chosen image", s.picture.w === 128 && s.picture.h === 128 && s.picture.chosen);
    const drawn = await page.evaluate(() => {
      const g = document.getElementById("pg-draw-canvas").getContext("2d").getImageData(0, 0, 128, 128).data;
      let dark = 0;
      for (let i = 0; i < g.length; i += 4) dark += g[i] < 128;
      return dark;
    });
    check("drawing: the stroke is on the canvas", drawn > 100, `${drawn} dark pixels`);
    await page.screenshot({ path: path.join(OUT, "picture-draw-en.png") });
    await page.evaluate(() => document.getElementById("pg-draw-close").click());

    // 5. No camera here: the overlay says so, in the page's language.
    const cam = await page.evaluate(() => window.playground.openCamera());
    const msg = await page.locator("#pg-camera-msg").textContent();
    check("no camera: refused with the table's message", !cam.ok && /camera/i.test(msg), `${JSON.stringify(cam)} '${msg}'`);
    await page.evaluate(() => window.playground.setLanguage("zh"));
    await page.evaluate(() => { document.getElementById("pg-camera-close").click(); return window.playground.openCamera(); });
    const msgZh = await page.locator("#pg-camera-msg").textContent();
    check("no camera: the message in Chinese", /摄像头/.test(msgZh), msgZh);
    await page.screenshot({ path: path.join(OUT, "picture-camera-none-zh.png") });
    await page.evaluate(() => document.getElementById("pg-camera-close").click());
    // 6. What does a filter look for? Filter 3 of the second conv layer: nine test images
    //    with their maps, drawn; two more batches and they are found again.
    await page.evaluate(() => { window.playground.setLanguage("en"); window.playground.showPicture(false); window.playground.filterTop(2, 3); });
    s = await waitState(page, (x) => x.filter_top && x.filter_top.layer === 2 && x.filter_top.filter === 3, 60000, 250, "the filter's top images");
    const ft = s.filter_top;
    check("filter top: 9 distinct test images, scores best first", ft.index.length === 9 && new Set(ft.index).size === 9 &&
          ft.score.every((v, i) => i === 0 || v <= ft.score[i - 1]) && !ft.error, JSON.stringify(ft));
    check("filter top: their maps finite, 9 of the layer's size", ft.maps.n === 9 * ft.h * ft.w && ft.maps.finite && ft.h > 0, JSON.stringify(ft.maps));
    await waitFrames(page, 4);
    s = await state(page);
    check("filter top: the nine tiles drawn", s.filter_top.shown.open && s.filter_top.shown.tiles === 9, JSON.stringify(s.filter_top.shown));
    const r = s.panels.inside;
    await page.mouse.move(r[0] + r[2] / 2, r[1] + r[3] * 0.7);
    for (let i = 0; i < 30; i++) { await page.mouse.wheel(0, 400); await waitFrames(page, 2); }
    await page.mouse.move(2, r[1] + r[3] - 2);  // no tooltip over the tiles
    await waitFrames(page, 4);
    await page.screenshot({ path: path.join(OUT, "picture-filter-en.png"), clip: { x: r[0], y: r[1], width: r[2], height: r[3] } });
    const at = s.filter_top.at_step;
    await page.evaluate(() => window.playground.step(2));
    s = await waitState(page, (x) => x.filter_top && x.filter_top.at_step === at + 2, 60000, 250, "the top images after 2 more batches");
    check("filter top: follows training", s.filter_top.version > ft.version);
    check("no page errors", errors.length === 0, errors.join(" | "));
    await page.context().close();
  } finally {
    await browser.close();
  }

  // 6. The fake camera: a snapshot is classified.
  const camBrowser = await launch({ fakeCamera: true });
  try {
    const { page, errors } = await openPage(camBrowser, srv.url);
    const cam = await page.evaluate(() => window.playground.openCamera());
    check("fake camera: the stream opens", cam.ok, JSON.stringify(cam));
    await page.waitForFunction(() => document.getElementById("pg-camera-video").videoWidth > 0, null, { timeout: 30000 });
    await page.screenshot({ path: path.join(OUT, "picture-camera-en.png") });
    await page.locator("#pg-camera-snap").click();
    const s = await waitState(page, (x) => x.picture.source === "camera" && classified(x.picture), 30000, 250, "the snapshot classified");
    check("fake camera: the snapshot is the chosen image", s.picture.w > 0 && s.picture.chosen, JSON.stringify(s.picture));
    await page.evaluate(() => document.getElementById("pg-camera-close").click());
    check("fake camera: no page errors", errors.length === 0, errors.join(" | "));
  } finally {
    await camBrowser.close();
    srv.proc.kill();
  }
});
