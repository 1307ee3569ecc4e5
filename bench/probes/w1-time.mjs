// W1's reconstruction graph as emitted, against the variants w1-variants.py
// writes, on ONNX Runtime (one thread, as training runs), on one batch of
// random values shaped as W1's (600 rows, 592 kept columns; 80 % zero
// pixels). First the three graphs alone, taking turns run by run; then, in
// blocks taking turns, the whole graph against the graph without its loss
// while a worker thread computes J_r from the z it hands over (the previous
// step's J_r is collected before the next run, as a step would need it).
// Median and 10th percentile, ms.
//
//   node bench/probes/w1-time.mjs DIR [--runs 400]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

const base = new URL('../../package.json', import.meta.url);
const require = createRequire(base);
const { binding, initOrt } = require('onnxruntime-node/dist/binding.js');
const { Tensor } = require('onnxruntime-node');
initOrt();
const OPTIONS = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
};
const [dir] = process.argv.slice(2);
const at = process.argv.indexOf('--runs');
const runs = at >= 0 ? Number(process.argv[at + 1]) : 400;

const open = (file) => {
  const model = readFileSync(path.join(dir, file));
  const session = new binding.InferenceSession();
  session.loadModel(model.buffer, model.byteOffset, model.byteLength, OPTIONS);
  return { session, fetches: Object.fromEntries(session.outputMetadata.map((o) => [o.name, null])) };
};
const R = 600;
const K = 592;
let state = 1;
const random = () => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648;
};
const fill = (size, value) => Float32Array.from({ length: size }, value);
const x = fill(R * 784, () => (random() < 0.8 ? 0 : random()));
const feeds = {
  x: new Tensor('float32', x, [R, 784]),
  columns: new Tensor(
    'int32',
    Int32Array.from({ length: K }, (_, i) => i),
    [K],
  ),
  noisy_0: new Tensor(
    'float32',
    fill(R * K, () => (random() < 0.85 ? 0 : random())),
    [R, K],
  ),
  W_h1: new Tensor(
    'float32',
    fill(784 * 50, () => (random() - 0.5) * 0.2),
    [784, 50],
  ),
  b_h1: new Tensor('float32', new Float32Array(50), [50]),
  Wd_h1: new Tensor(
    'float32',
    fill(50 * 784, () => (random() - 0.5) * 0.2),
    [50, 784],
  ),
  bd_h1: new Tensor('float32', new Float32Array(784), [784]),
  f_0: new Tensor('float32', new Float32Array([-1e-5]), [1]),
  lf_0: new Tensor('float32', new Float32Array([1 / 600 / 784]), [1]),
};
const stats = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  const ms = (q) => Math.round(sorted[Math.floor(q * sorted.length)] * 1000) / 1000;
  return { median_ms: ms(0.5), p10_ms: ms(0.1) };
};

const graphs = ['w1.reconstruction.d0.loss.onnx', 'w1.no-decoder-update.onnx', 'w1.no-loss.onnx'].map(open);
const alone = graphs.map(() => []);
for (let i = 0; i < 20 + runs; i++) {
  graphs.forEach((g, k) => {
    const started = performance.now();
    g.session.run(feeds, g.fetches, {});
    if (i >= 20) alone[k].push(performance.now() - started);
  });
}
console.log(JSON.stringify({ alone: 'whole', ...stats(alone[0]) }));
console.log(JSON.stringify({ alone: 'without the decoder update (dz, code out)', ...stats(alone[1]) }));
console.log(JSON.stringify({ alone: 'without the loss (z out)', ...stats(alone[2]) }));

// The loss on a worker thread: it keeps x, takes each step's z, returns J_r.
const port = new MessageChannel();
const worker = new Worker(
  `const { workerData } = require('node:worker_threads');
  const load = require('node:module').createRequire(workerData.base);
  const { binding, initOrt } = load('onnxruntime-node/dist/binding.js');
  const { Tensor } = load('onnxruntime-node');
  initOrt();
  const session = new binding.InferenceSession();
  const model = workerData.model;
  session.loadModel(model.buffer, model.byteOffset, model.byteLength, workerData.options);
  const x = new Tensor('float32', workerData.x, [600, 784]);
  const lf = new Tensor('float32', new Float32Array([1 / 600 / 784]), [1]);
  workerData.port.on('message', (z) => {
    const J = session.run({ z: new Tensor('float32', z, [600, 784]), x, lf }, { J: null }, {}).J.data[0];
    workerData.port.postMessage(J);
  });
  workerData.port.postMessage('ready');`,
  {
    eval: true,
    workerData: {
      base: base.href,
      model: readFileSync(path.join(dir, 'loss-only.onnx')),
      x,
      options: OPTIONS,
      port: port.port2,
    },
    transferList: [port.port2],
  },
);
await new Promise((resolve) => port.port1.once('message', resolve));
const take = () => {
  for (;;) {
    const got = receiveMessageOnPort(port.port1);
    if (got) return got.message;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 0.05);
  }
};
const [whole, , noLoss] = graphs;
const split = { whole: [], handed: [] };
for (let block = 0; block <= runs / 20; block++) {
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    whole.session.run(feeds, whole.fetches, {});
    if (block > 0) split.whole.push(performance.now() - started);
  }
  let pending = false;
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    const z = noLoss.session.run(feeds, noLoss.fetches, {}).z_h1.data;
    if (pending) take();
    port.port1.postMessage(z, [z.buffer]);
    pending = true;
    if (block > 0) split.handed.push(performance.now() - started);
  }
  take();
}
console.log(JSON.stringify({ blocks: 'whole, taking turns with the next', ...stats(split.whole) }));
console.log(
  JSON.stringify({ blocks: 'without the loss, J_r on a worker thread from z', ...stats(split.handed) }),
);
await worker.terminate();
