// tfjs_bench.js — the WebAssembly inference baseline of bench/run.sh: TensorFlow.js's WASM
// backend (XNNPACK, SIMD, one thread) inferring the tutorial's model in Node on the same
// CIFAR-10 images, batches and windows as cnn-bench. Prints one RESULT line like cnn-bench.
// Not here: training (tfjs's WASM backend has no convolution gradients).
// Run: node bench/tfjs_bench.js --data DIR [--infer-batch 100] [--infer-windows 5]
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');

function arg(name, def) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : def;
}
const dataDir = arg('--data', process.env.CIFAR10_DIR || '');
const nImages = +arg('--images', 2048);
const ib = +arg('--infer-batch', 100);
const iwindows = +arg('--infer-windows', 5);
const label = arg('--label', 'tfjs-wasm');

// First nImages training images as NHWC floats in [0,1] (tfjs layers are channels-last).
function load() {
  const x = new Float32Array(nImages * 3072);
  let got = 0;
  for (let f = 1; f <= 5 && got < nImages; f++) {
    const buf = fs.readFileSync(path.join(dataDir, `data_batch_${f}.bin`));
    for (let r = 0; r * 3073 < buf.length && got < nImages; r++, got++) {
      const rec = r * 3073 + 1;
      for (let c = 0; c < 3; c++)
        for (let p = 0; p < 1024; p++) x[got * 3072 + p * 3 + c] = buf[rec + c * 1024 + p] / 255;
    }
  }
  return { x, n: got };
}

function median(v) {
  const s = [...v].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

async function main() {
  // One thread, as the target compares against cnn-bench's single-thread WASM build.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  wasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const { x, n } = load();
  const m = tf.sequential();
  const init = { kernelInitializer: 'glorotUniform', biasInitializer: 'zeros' };
  m.add(tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 32, kernelSize: 3, activation: 'relu', ...init }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', ...init }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', ...init }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 64, activation: 'relu', ...init }));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax', ...init }));
  console.log(`tfjs-bench ${label}: tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}, SIMD ${simd}, ` +
              `${wasm.getThreadsCount()} thread, ${n} images`);
  let cursor = 0;
  const batch = () => {
    const b = new Float32Array(ib * 3072);
    for (let i = 0; i < ib; i++) {
      const k = (cursor + i) % n;
      b.set(x.subarray(k * 3072, (k + 1) * 3072), i * 3072);
    }
    cursor = (cursor + ib) % n;
    return tf.tensor4d(b, [ib, 32, 32, 3]);
  };
  const nb = Math.max(1, Math.floor(3200 / ib));
  for (let i = 0; i < 3; i++) { const t = batch(); const y = m.predict(t); y.dataSync(); tf.dispose([t, y]); }
  const ips = [];
  for (let w = 0; w < iwindows; w++) {
    let secs = 0;
    for (let i = 0; i < nb; i++) {
      const t = batch();  // the batch upload is not timed: only predict + reading the result
      const t0 = process.hrtime.bigint();
      const y = m.predict(t);
      y.dataSync();
      secs += Number(process.hrtime.bigint() - t0) / 1e9;
      tf.dispose([t, y]);
    }
    ips.push(nb * ib / secs);
  }
  const med = median(ips), lo = Math.min(...ips), hi = Math.max(...ips);
  console.log(`  infer  ${med.toFixed(0).padStart(8)} images/s (median of ${iwindows} windows of ${nb} batches of ${ib}; ` +
              `min ${lo.toFixed(0)}, max ${hi.toFixed(0)})`);
  console.log(`RESULT ${label} threads=1 train=- infer=${ips.map((v) => v.toFixed(1)).join(',')} rss_kb=0`);
}
main().catch((e) => { console.error(e); process.exit(2); });
