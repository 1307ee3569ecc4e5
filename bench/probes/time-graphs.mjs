// Times graphs written by graphs.py on ONNX Runtime (one thread, as training
// runs), the graphs taking turns run by run: median and 10th percentile, ms.
// Inputs named x or x0, x1, … hold MNIST-like rows (80 % zeros), A holds x̃
// (85 % zeros), z logits in [−8, 8), the rest values in [0, 1).
//
//   node bench/probes/time-graphs.mjs DIR NAME… [--runs 300]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(new URL('../../package.json', import.meta.url));
const { binding, initOrt } = require('onnxruntime-node/dist/binding.js');
const { Tensor } = require('onnxruntime-node');
initOrt();

const args = process.argv.slice(2);
const at = args.indexOf('--runs');
const runs = at >= 0 ? Number(args.splice(at, 2)[1]) : 300;
const [dir, ...names] = args;
const shapes = JSON.parse(readFileSync(path.join(dir, 'shapes.json'), 'utf8'));
let state = 1;
const random = () => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648;
};
const values = (name, size) => {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    if (/^x\d*$/.test(name)) out[i] = random() < 0.8 ? 0 : random();
    else if (name === 'A') out[i] = random() < 0.85 ? 0 : random();
    else if (name === 'z') out[i] = (random() - 0.5) * 16;
    else out[i] = random();
  }
  return out;
};
const graphs = names.map((name) => {
  const model = readFileSync(path.join(dir, `${name}.onnx`));
  const session = new binding.InferenceSession();
  session.loadModel(model.buffer, model.byteOffset, model.byteLength, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const fetches = Object.fromEntries(session.outputMetadata.map((o) => [o.name, null]));
  const feeds = Object.fromEntries(
    Object.entries(shapes[name]).map(([input, dims]) => [
      input,
      new Tensor(
        'float32',
        values(
          input,
          dims.reduce((a, b) => a * b, 1),
        ),
        dims,
      ),
    ]),
  );
  return { name, session, fetches, feeds, times: [] };
});
for (let i = 0; i < 20 + runs; i++) {
  for (const g of graphs) {
    const started = performance.now();
    g.session.run(g.feeds, g.fetches, {});
    if (i >= 20) g.times.push(performance.now() - started);
  }
}
for (const g of graphs) {
  const sorted = g.times.sort((a, b) => a - b);
  const ms = (q) => Math.round(sorted[Math.floor(q * sorted.length)] * 1000) / 1000;
  console.log(JSON.stringify({ graph: g.name, runs, median_ms: ms(0.5), p10_ms: ms(0.1) }));
}
