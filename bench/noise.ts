// Noise for a 600 × 784 MNIST batch (masking noise, p = 0.25): the ways of
// drawing it that were measured for the onnx backend, each deterministic and
// keyed by position (so --resume stays exact). Prints one JSON line per way:
// median wall and CPU milliseconds per batch over 100 draws, interleaved.
//   hash_dense:       the keyed element hash (src/runtime/noise), every element
//   hash_sparse:      the same hash at the batch's non-zero pixels only (what the onnx backend does on the input
//                     layer), in native code when it is built (native/mask-noise.c)
//   hash_sparse_js:   the same in JavaScript (MTL_NATIVE=0)
//   aes_ctr_keystream: 16 bits per element from AES-128-CTR (node:crypto), before any thresholding
//   ort_threshold:    thresholding that keystream inside an ONNX graph (Cast, GreaterOrEqual, Where), one thread
import { createCipheriv } from 'node:crypto';
import * as ort from 'onnxruntime-node';
import { nonZeros } from '../src/runtime/data/columns.js';
import { gatherPixels } from '../src/runtime/data/gather.js';
import { loadData } from '../src/runtime/data/load-data.js';
import { corruptRows, fillKeep, noiseKey } from '../src/runtime/noise/element-noise.js';
import { AttributeType, DataType, encodeModel } from '../src/runtime/onnx/onnx-proto.js';

const ROWS = 600;
const DIM = 784;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)] * 1000) / 1000;
}

type Draw = (i: number) => unknown | Promise<unknown>;
const ways: [string, Draw][] = [];

/**
 * Rounds of 20 draws of each way in turn, medians over all rounds: on a shared
 * machine the load drifts, and interleaving spreads it over every way alike.
 */
async function timeAll(rounds = 5, perRound = 20): Promise<void> {
  const samples = new Map<string, { wall: number[]; cpu: number[] }>(
    ways.map(([name]) => [name, { wall: [], cpu: [] }]),
  );
  for (const [, draw] of ways) for (let i = 0; i < 10; i++) await draw(i);
  let i = 0;
  for (let round = 0; round < rounds; round++) {
    for (const [name, draw] of ways) {
      const sample = samples.get(name)!;
      for (let k = 0; k < perRound; k++) {
        const w = performance.now();
        const c = process.cpuUsage();
        await draw(i++);
        const used = process.cpuUsage(c);
        sample.wall.push(performance.now() - w);
        sample.cpu.push((used.user + used.system) / 1000);
      }
    }
  }
  for (const [name, sample] of samples) {
    console.log(
      JSON.stringify({
        noise: name,
        batch: [ROWS, DIM],
        wall_ms: median(sample.wall),
        cpu_ms: median(sample.cpu),
      }),
    );
  }
}

function time(name: string, draw: Draw): void {
  ways.push([name, draw]);
}

const data = loadData(
  { source: 'mnist', labeled: 1000, unlabeled: 9000, validation: 0, seed: 1 },
  { source: 'bench', inputs: DIM, classes: 10, limit: 10000 },
);
const pool = gatherPixels(
  data.train,
  Array.from({ length: 10000 }, (_, i) => i),
);
const sparse = nonZeros(pool, DIM);
const rows = Int32Array.from({ length: ROWS }, (_, i) => (i * 7919) % 10000);
const out = new Float32Array(ROWS * DIM);

time('hash_dense', (i) => fillKeep(out, noiseKey(7, 0, i, 0, 0), 0.25));
time('hash_sparse', (i) =>
  corruptRows({ kind: 'mask', p: 0.25 }, noiseKey(7, 0, i, 0, 0), pool, DIM, rows, out, sparse),
);
// The same in JavaScript: MTL_NATIVE=0 keeps the native kernels from loading.
time('hash_sparse_js', (i) => {
  process.env.MTL_NATIVE = '0';
  corruptRows({ kind: 'mask', p: 0.25 }, noiseKey(7, 0, i, 0, 0), pool, DIM, rows, out, sparse);
  delete process.env.MTL_NATIVE;
});
const zeros = Buffer.alloc(ROWS * DIM * 2);
let keystream = createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), Buffer.alloc(16)).update(zeros);
time('aes_ctr_keystream', (i) => {
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(i, 0);
  keystream = createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), iv).update(zeros);
});
const model = encodeModel({
  graphName: 'threshold',
  docString: '',
  opset: 17,
  nodes: [
    {
      opType: 'Cast',
      name: 'c',
      input: ['u'],
      output: ['uf'],
      attribute: [{ name: 'to', type: AttributeType.INT, i: DataType.FLOAT }],
    },
    { opType: 'GreaterOrEqual', name: 'g', input: ['uf', 'limit'], output: ['keep'], attribute: [] },
    { opType: 'Where', name: 'w', input: ['keep', 'x', 'zero'], output: ['noisy'], attribute: [] },
    {
      opType: 'ReduceSum',
      name: 'r',
      input: ['noisy'],
      output: ['sum'],
      attribute: [{ name: 'keepdims', type: AttributeType.INT, i: 0 }],
    },
  ],
  initializers: [
    {
      name: 'limit',
      dims: [1],
      dataType: DataType.FLOAT,
      rawData: new Uint8Array(Float32Array.of(16384).buffer),
    },
    { name: 'zero', dims: [1], dataType: DataType.FLOAT, rawData: new Uint8Array(Float32Array.of(0).buffer) },
  ],
  inputs: [
    { name: 'u', elemType: DataType.UINT16, shape: [ROWS, DIM] },
    { name: 'x', elemType: DataType.FLOAT, shape: [ROWS, DIM] },
  ],
  outputs: [{ name: 'sum', elemType: DataType.FLOAT, shape: [] }],
});
const session = await ort.InferenceSession.create(model, {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
});
const u = new Uint16Array(keystream.buffer, keystream.byteOffset, ROWS * DIM);
const feeds = { u: new ort.Tensor('uint16', u, [ROWS, DIM]), x: new ort.Tensor('float32', out, [ROWS, DIM]) };
time('ort_threshold', () => session.run(feeds));
await timeAll();
await session.release();
