// Training throughput of the peer workloads (bench/peers/README.md):
// W1 = NN1 + DAE on h1, W4 = NN4 + DAEs on h1…h4, MNIST l = 1000, u = 9000,
// batch 600, alternate steps, λ = 0.5, lr 0.01 (bench/specs/w1.mtl, w4.mtl),
// compiled and run as `mtl run` does. One warm-up epoch, five timed.
// Prints one JSON line per workload and backend (samples/s as a user gets
// them, per-step losses computed for curves.csv, and without those losses),
// then the PyTorch peer's figures side by side when /usr/bin/python3 has torch.
//
//   npx tsx bench/train.ts [--backends wasm,cpu] [--workloads W1,W4] [--no-peer] [--epochs 5]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkFile } from '../src/check/check.js';
import { loadProgram } from '../src/codegen/load-program.js';
import type { Experiment } from '../src/ir/types.js';
import { type BackendName, isBackendName } from '../src/runtime/backend.js';
import { mnistFolder } from '../src/runtime/data/load-data.js';
import { runProgram } from '../src/runtime/index.js';

const root = new URL('..', import.meta.url).pathname;
const SPEC: Record<string, string> = { W1: 'bench/specs/w1.mtl', W4: 'bench/specs/w4.mtl' };
const PEER_NET: Record<string, string> = { W1: 'nn1', W4: 'nn4' };

/** The workload's experiment, checked and lowered from its spec like any user's. */
function workload(name: string): { experiment: Experiment; spec: string } {
  const spec = SPEC[name];
  const result = checkFile(path.join(root, spec));
  const experiment = result.ir?.experiments[0];
  if (!experiment) throw new Error(`${spec} does not check: ${JSON.stringify(result.diagnostics)}`);
  return { experiment, spec };
}

function flag(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

async function measure(name: string, backend: BackendName, timed: number, computeLosses: boolean) {
  const out = mkdtempSync(path.join(tmpdir(), 'mtl-bench-'));
  const trainSeconds: number[] = [];
  const { experiment, spec } = workload(name);
  const data = experiment.data;
  try {
    // The generated trainer, as `mtl run` executes it.
    const program = await loadProgram(experiment, { source: spec });
    await runProgram(program, {
      backend,
      epochs: timed + 1,
      out,
      progress: null,
      handleSignals: false,
      computeLosses,
      onEpoch: (event) => trainSeconds.push(event.trainSeconds),
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const seconds = trainSeconds.slice(1).reduce((a, b) => a + b, 0);
  return Math.round((((data.labeled + data.unlabeled) * timed) / seconds) * 10) / 10;
}

function peer(name: string, timed: number): number | null {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return null;
  const script = path.join(root, 'bench/peers/torch_alg1.py');
  const args = [
    script,
    '--net',
    PEER_NET[name],
    '--threads',
    '1',
    '--epochs',
    String(timed),
    '--mnist',
    mnistFolder(),
  ];
  const run = spawnSync('/usr/bin/python3', args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`peer failed: ${run.stderr}`);
  const line = run.stdout.trim().split('\n').pop() ?? '{}';
  return (JSON.parse(line) as { samples_per_s: number }).samples_per_s;
}

const timed = Number(flag('--epochs', '5'));
const backends = flag('--backends', 'wasm').split(',');
const workloads = flag('--workloads', 'W1,W4').split(',');
const withPeer = !process.argv.includes('--no-peer');
for (const name of workloads) {
  if (!SPEC[name]) throw new Error(`unknown workload ${name} (W1, W4)`);
  const ours: Record<string, number> = {};
  for (const backend of backends) {
    if (!isBackendName(backend)) throw new Error(`unknown backend ${backend}`);
    ours[backend] = await measure(name, backend, timed, true);
    const withoutLosses = await measure(name, backend, timed, false);
    console.log(
      JSON.stringify({
        workload: name,
        system: 'mtl',
        backend,
        epochs_timed: timed,
        samples_per_s: ours[backend],
        samples_per_s_without_losses: withoutLosses,
      }),
    );
  }
  if (!withPeer) continue;
  const theirs = peer(name, timed);
  if (theirs === null) {
    console.log(
      JSON.stringify({
        workload: name,
        system: 'pytorch',
        skipped: 'no torch for /usr/bin/python3 (apt-get install python3-torch)',
      }),
    );
    continue;
  }
  console.log(
    JSON.stringify({
      workload: name,
      system: 'pytorch',
      threads: 1,
      epochs_timed: timed,
      samples_per_s: theirs,
    }),
  );
  for (const [backend, rate] of Object.entries(ours)) {
    console.log(
      JSON.stringify({
        workload: name,
        backend,
        ratio_mtl_over_pytorch: Math.round((rate / theirs) * 1000) / 1000,
      }),
    );
  }
}
