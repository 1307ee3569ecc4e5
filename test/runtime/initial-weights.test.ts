// "A baseline and every MTL variant of one seed start from the very same w_sh
// and w_s", checked on real runs: `mtl run` on real MNIST (--limit 300, one
// epoch), once as the supervised-only baseline and once as MTL with a DAE on
// h1, then their checkpoints compared. `skip below 2` drops every step (every
// weight is at most 1), so each run's checkpoint holds the weights it started
// from — written by the real run, through the real checkpoint code.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/run.js';
import { captureIo } from '../harness/codegen.js';
import { readCheckpoint, tempDir } from '../harness/runtime.js';

function experiment(
  name: string,
  parts: { reconstruct: string; weights: string; seed: number; skip: boolean },
) {
  return `experiment ${name} {
  data mnist { labeled 100 unlabeled 100 validation 100 seed 1 }
  network small
  ${parts.reconstruct}
  weights ${parts.weights}
  train {
    epochs 1
    batch 50
    optimizer sgd(momentum: 0.9)
    lr = 0.1
    seed ${parts.seed}
    ${parts.skip ? 'skip below 2' : ''}
  }
}
`;
}

const SPEC = [
  'network small { input 784 dense h1 20 sigmoid dense h2 12 sigmoid output y 10 softmax }',
  experiment('baseline', { reconstruct: '', weights: 'schedule supervised_only', seed: 7, skip: true }),
  experiment('mtl', {
    reconstruct: 'reconstruct h1, h2 { noise mask(0.25) }',
    weights: 'schedule lin(10)',
    seed: 7,
    skip: true,
  }),
  experiment('mtl_seed8', {
    reconstruct: 'reconstruct h1, h2 { noise mask(0.25) }',
    weights: 'schedule lin(10)',
    seed: 8,
    skip: true,
  }),
  experiment('mtl_trained', {
    reconstruct: 'reconstruct h1, h2 { noise mask(0.25) }',
    weights: 'schedule lin(10)',
    seed: 7,
    skip: false,
  }),
].join('\n');

const SHARED = ['h1.W', 'h1.b', 'h2.W', 'h2.b', 'y.W', 'y.b'];
let dir: string;

async function run(name: string, folder = name): Promise<Record<string, string>> {
  const out = path.join(dir, folder);
  const { io, stderr } = captureIo(dir);
  const code = await runCommand(
    ['spec.mtl', '--experiment', name, '--limit', '300', '--backend', 'wasm', '--out', out],
    io,
  );
  expect(code, stderr()).toBe(0);
  const checkpoint = readCheckpoint(out);
  expect(checkpoint.position).toEqual({ epoch: 1, batch: 0 });
  return Object.fromEntries(Object.entries(checkpoint.params).map(([name, t]) => [name, t.float32]));
}

beforeAll(() => {
  dir = tempDir('mtl-initial-');
  writeFileSync(path.join(dir, 'spec.mtl'), SPEC);
});

describe('initial weights of real runs', () => {
  it('are the same, bit for bit, for the baseline and the MTL run of one seed', async () => {
    const baseline = await run('baseline');
    const mtl = await run('mtl');
    expect(Object.keys(baseline).sort()).toEqual([...SHARED].sort());
    // The MTL run also has its decoders; the shared and supervised layers are the baseline's.
    expect(Object.keys(mtl)).toEqual(expect.arrayContaining([...SHARED, 'h1.decoder.b', 'h2.decoder.b']));
    for (const name of SHARED) expect(mtl[name], name).toBe(baseline[name]);
  });

  it('differ with train.seed, and training moves them (the comparison is not vacuous)', async () => {
    const mtl = await run('mtl', 'mtl-again');
    const seed8 = await run('mtl_seed8');
    const trained = await run('mtl_trained');
    for (const name of ['h1.W', 'h2.W', 'y.W']) expect(seed8[name], name).not.toBe(mtl[name]);
    // Epoch 1 of lin(10) has λ_s = 0: the DAEs move h1 and h2, the output layer stays.
    for (const name of ['h1.W', 'h2.W']) expect(trained[name], name).not.toBe(mtl[name]);
    expect(trained['y.W']).toBe(mtl['y.W']);
  });
});
