// Training throughput of the peer workloads (bench/peers/README.md):
// W1 = NN1 + DAE on h1, W4 = NN4 + DAEs on h1…h4, MNIST l = 1000, u = 9000,
// batch 600, alternate steps, λ = 0.5, lr 0.01 (bench/specs/w1.mtl, w4.mtl),
// compiled and run as `mtl run` does. One warm-up epoch, five timed.
// Each workload × backend trains in its own process (so its peak RSS is its
// own) and prints one JSON line: samples/s as a user gets them (per-step
// losses computed for curves.csv) and without those losses, peak RSS, and on
// onnx where a batch's time goes (graph run, noise, gather, bookkeeping).
// With prefetch (on by default on two cores; MTL_PREFETCH=0 turns it off),
// the split also shows the main thread's wait for the worker's inputs and
// the worker's own noise and gather time.
// On onnx it also prints the single-core sgemm ceiling of the workload's
// shapes (bench/sgemm-ceiling.ts); then the PyTorch peer's figures, in the
// same run, and the ratios. The peer runs on one thread with the OpenBLAS
// kernels its CPU supports (bench/peer-blas.ts). The machine's load average
// is printed first and last: figures taken on a loaded machine say so.
//
// Each workload runs in rounds (--rounds, default 3): the peer, every backend
// (onnx between two ceilings, then the peer again), and each ratio against the mean
// of the peer's two runs (or the ceiling's), taken seconds before and after mtl's; the last lines give
// the medians over the rounds and the median of the ratios taken within each round,
// since this VM's speed drifts between runs (and within a minute).
//
//   npx tsx bench/train.ts [--backends onnx,wasm] [--workloads W1,W4] [--no-peer] [--epochs 5] [--rounds 3]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { importTrainer } from '../src/driver/import-trainer.js';
import { type BackendName, isBackendName } from '../src/runtime/backend.js';
import { mnistFolder } from '../src/runtime/data/load-data.js';
import { runProgram } from '../src/runtime/index.js';
import { loadNativeKernel } from '../src/runtime/native/kernels.js';
import { loadOrt } from '../src/runtime/onnx/ort.js';
import type { StepTiming } from '../src/runtime/train/step-engine.js';
import { peerBlas, peerEnv } from './peer-blas.js';
import { type Ceiling, sgemmCeiling } from './sgemm-ceiling.js';
import { flag, root, SPEC, workload } from './workloads.js';

const PEER_NET: Record<string, string> = { W1: 'nn1', W4: 'nn4' };

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

interface Measured {
  readonly samplesPerSecond: number;
  /** Per CPU second of this process, epochs 2 … T−1 (no warm-up, no final evaluation): less sensitive to a loaded machine. */
  readonly samplesPerCpuSecond: number;
  /** The fastest timed epoch's samples/s: on a shared machine, the best estimate of the rate alone. */
  readonly bestEpochSamplesPerSecond: number;
  readonly split: Record<string, number> | null;
}

async function measure(
  name: string,
  backend: BackendName,
  timed: number,
  computeLosses: boolean,
): Promise<Measured> {
  const out = mkdtempSync(path.join(tmpdir(), 'mtl-bench-'));
  const trainSeconds: number[] = [];
  const cpuAtEpochEnd: number[] = [];
  const cpuNow = () => {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1e6;
  };
  const { experiment, spec } = workload(name);
  const data = experiment.data;
  let timing: StepTiming | null = null;
  try {
    // The generated trainer, as `mtl run` executes it.
    const program = await importTrainer(experiment, { source: spec });
    const result = await runProgram(program, {
      backend,
      epochs: timed + 1,
      out,
      progress: null,
      handleSignals: false,
      computeLosses,
      onEpoch: (event) => {
        trainSeconds.push(event.trainSeconds);
        cpuAtEpochEnd.push(cpuNow());
      },
    });
    timing = result.stepTiming;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const seconds = trainSeconds.slice(1).reduce((a, b) => a + b, 0);
  const batches = Math.ceil((data.labeled + data.unlabeled) / experiment.train.batch) * (timed + 1);
  const totalMs = trainSeconds.reduce((a, b) => a + b, 0) * 1000;
  const split = timing && batchSplit(timing, totalMs, batches);
  const cpuEpochs = timed - 1;
  const cpuSeconds = cpuAtEpochEnd[timed - 1] - cpuAtEpochEnd[0];
  return {
    samplesPerSecond: round(((data.labeled + data.unlabeled) * timed) / seconds),
    samplesPerCpuSecond: round(((data.labeled + data.unlabeled) * cpuEpochs) / cpuSeconds),
    bestEpochSamplesPerSecond: round((data.labeled + data.unlabeled) / Math.min(...trainSeconds.slice(1))),
    split,
  };
}

/**
 * Where a batch's time went (ms): on the main thread, the graph run, noise
 * drawn and rows gathered inline, the wait for the prefetch worker's inputs
 * (with prefetch: the noise and gathering left on the critical path) and the
 * planning and posting of the next step, bookkeeping and the loop around the
 * steps; then the worker's own noise and gather time and its run of the
 * second part of a step in two parts (step/parts.ts), beside the graph on
 * the other core.
 */
function batchSplit(timing: StepTiming, totalMs: number, batches: number): Record<string, number> {
  const per = (ms: number) => round(ms / batches, 3);
  const wait = timing.prefetch?.waitMs ?? 0;
  const post = timing.prefetch?.postMs ?? 0;
  const main = timing.graphMs + timing.noiseMs + timing.gatherMs + wait + post + timing.bookkeepingMs;
  return {
    // With prefetch, a step in two parts waits here for the worker's part after running its own.
    graph: per(timing.graphMs),
    ...(timing.prefetch ? { of_which_part_wait: per(timing.prefetch.partWaitMs) } : {}),
    noise: per(timing.noiseMs),
    gather: per(timing.gatherMs),
    ...(timing.prefetch ? { prefetch_wait: per(wait), prefetch_post: per(post) } : {}),
    bookkeeping: per(timing.bookkeepingMs),
    loop: per(totalMs - main),
    ...(timing.prefetch
      ? {
          worker_noise: per(timing.prefetch.noiseMs),
          worker_gather: per(timing.prefetch.gatherMs),
          worker_parts: per(timing.prefetch.graphMs),
          prefetched_steps_share: round(timing.prefetch.steps / Math.max(1, timing.steps), 3),
        }
      : {}),
  };
}

/** Child mode: one workload on one backend, one JSON line. */
async function child(name: string, backend: BackendName, timed: number): Promise<void> {
  // Without the losses first: the run with them, the headline, then sits between the
  // peer's two runs of the round (measureRound).
  const without = await measure(name, backend, timed, false);
  const withLosses = await measure(name, backend, timed, true);
  console.log(
    JSON.stringify({
      workload: name,
      system: 'mtl',
      backend,
      epochs_timed: timed,
      samples_per_s: withLosses.samplesPerSecond,
      samples_per_s_without_losses: without.samplesPerSecond,
      samples_per_cpu_s: withLosses.samplesPerCpuSecond,
      best_epoch_samples_per_s: withLosses.bestEpochSamplesPerSecond,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      // Whether a step's loss ran in native code (src/runtime/onnx/fuse-loss.ts; MTL_NATIVE=0 turns it off).
      // And which code drove ONNX Runtime (src/runtime/onnx/ort.ts; MTL_NATIVE_ORT=0 takes onnxruntime-node's binding).
      ...(backend === 'onnx'
        ? { native_loss_kernel: loadNativeKernel() !== null, ort_driver: loadOrt()?.driver ?? null }
        : {}),
      ...(withLosses.split ? { batch_ms: withLosses.split, batch_ms_without_losses: without.split } : {}),
    }),
  );
}

function inChild(name: string, backend: string, timed: number): Record<string, unknown> {
  const file = new URL(import.meta.url).pathname;
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', file, '--child', name, backend, String(timed)],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`bench child ${name} ${backend} failed: ${run.stderr}`);
  const line = run.stdout.trim().split('\n').pop() ?? '{}';
  return JSON.parse(line) as Record<string, unknown>;
}

/**
 * The BLAS thread pool is told to use one thread through the environment: Debian's
 * OpenBLAS is the pthreads build, which ignores torch.set_num_threads(1) and ran the
 * peer's products on both cores until 2026-11-30 (CPU/wall 1.99 on a lone product).
 */
const ONE_THREAD_ENV = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

// Runs the peer script as its own __main__ and prints, after its JSON line, the
// process's CPU seconds per wall second: ~1.0 proves the peer used one core.
const PEER_WRAPPER = [
  'import resource, runpy, sys, time',
  'start = time.time()',
  'sys.argv = sys.argv[1:]',
  "runpy.run_path(sys.argv[0], run_name='__main__')",
  'usage = resource.getrusage(resource.RUSAGE_SELF)',
  'print(\'{"cpu_per_wall": %.3f}\' % ((usage.ru_utime + usage.ru_stime) / (time.time() - start)))',
].join('\n');

function peer(name: string, timed: number): Record<string, unknown> | null {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return null;
  const script = path.join(root, 'bench/peers/torch_alg1.py');
  const args = [
    '-c',
    PEER_WRAPPER,
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
  const env = { ...process.env, ...ONE_THREAD_ENV };
  const run = spawnSync('/usr/bin/python3', args, {
    encoding: 'utf8',
    env: peerEnv(env, peerBlas(process.env)),
  });
  if (run.status !== 0) throw new Error(`peer failed: ${run.stderr}`);
  const lines = run.stdout.trim().split('\n');
  const usage = JSON.parse(lines.pop() ?? '{}') as { cpu_per_wall?: number };
  const result = JSON.parse(lines.pop() ?? '{}') as Record<string, unknown>;
  return { ...result, cpu_per_wall: usage.cpu_per_wall };
}

const load = () => loadavg().map((value) => round(value, 2));

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** One round of a workload: the peer, each backend (onnx between two sgemm ceilings, then the peer again), the means of the peer's and the ceiling's two runs. */
interface Round {
  readonly ours: Record<string, number>;
  readonly bestEpoch: Record<string, number>;
  readonly ceiling: number | null;
  readonly bestCeiling: number | null;
  readonly peer: number | null;
}

async function measureRound(
  name: string,
  backends: readonly BackendName[],
  timed: number,
  withPeer: boolean,
  index: number,
): Promise<Round> {
  // The peer runs just before mtl's onnx run and again just after it (and the
  // ceiling): this VM's speed drifts within a minute, so the ratio takes the mean
  // of the two, measured seconds from mtl's run on either side.
  const peerRates: number[] = [];
  const peerRun = (when: 'before' | 'after') => {
    const rate = withPeer ? peerLine(name, timed, index, when) : null;
    if (rate !== null) peerRates.push(rate);
  };
  peerRun('before');
  // The ceiling brackets mtl's onnx run the same way: from one round to the next it
  // read 103, 72 and 118 GFLOP/s on W4 (2026-11-30 21:27), and a single reading
  // moves the ratio as much.
  const experiment = workload(name).experiment;
  const ceilings: Ceiling[] = [];
  const ceilingRun = async (when: 'before' | 'after') => {
    const measured = await sgemmCeiling(experiment);
    ceilings.push(measured);
    console.log(
      JSON.stringify({
        round: index,
        workload: name,
        backend: 'onnx',
        when,
        sgemm_ceiling: ceilingFigures(measured),
      }),
    );
  };
  const ours: Record<string, number> = {};
  const bestEpoch: Record<string, number> = {};
  let ceiling: number | null = null;
  let bestCeiling: number | null = null;
  for (const backend of backends) {
    if (backend === 'onnx') await ceilingRun('before');
    const line = inChild(name, backend, timed);
    ours[backend] = line.samples_per_s as number;
    bestEpoch[backend] = line.best_epoch_samples_per_s as number;
    console.log(JSON.stringify({ round: index, ...line }));
    if (backend !== 'onnx') continue;
    await ceilingRun('after');
    ceiling = mean(ceilings.map((c) => c.samplesPerSecond));
    bestCeiling = Math.max(...ceilings.map((c) => c.bestSamplesPerSecond));
    console.log(
      JSON.stringify({
        round: index,
        workload: name,
        backend: 'onnx',
        ceiling_samples_per_s: round(ceiling),
        mtl_over_ceiling: round3(ours.onnx / ceiling),
        best_epoch_over_best_ceiling: round3(bestEpoch.onnx / bestCeiling),
      }),
    );
    peerRun('after');
  }
  if (!('onnx' in ours)) peerRun('after');
  if (peerRates.length === 0) return { ours, bestEpoch, ceiling, bestCeiling, peer: null };
  const rate = mean(peerRates);
  for (const [backend, value] of Object.entries(ours)) {
    console.log(
      JSON.stringify({
        round: index,
        workload: name,
        backend,
        peer_samples_per_s: round(rate),
        ratio_mtl_over_pytorch: round3(value / rate),
      }),
    );
  }
  return { ours, bestEpoch, ceiling, bestCeiling, peer: rate };
}

/** The ceiling's figures as printed. */
function ceilingFigures(measured: Ceiling): Record<string, number> {
  return {
    gemms_per_batch: measured.gemms,
    mflop_per_sample: measured.mflopPerSample,
    gemm_ms_per_batch: measured.gemmMsPerBatch,
    gflop_per_s: measured.gflops,
    samples_per_s: measured.samplesPerSecond,
    best_gemm_ms_per_batch: measured.bestGemmMsPerBatch,
    best_samples_per_s: measured.bestSamplesPerSecond,
  };
}

/** Runs the peer once and prints its line; its samples/s, or null when there is no torch. */
function peerLine(name: string, timed: number, index: number, when: 'before' | 'after'): number | null {
  const theirs = peer(name, timed);
  if (theirs === null) {
    console.log(
      JSON.stringify({
        workload: name,
        system: 'pytorch',
        skipped: 'no torch for /usr/bin/python3 (sudo bash scripts/setup-system.sh --bench)',
      }),
    );
    return null;
  }
  const rate = theirs.samples_per_s as number;
  const blas = peerBlas(process.env);
  console.log(
    JSON.stringify({
      round: index,
      workload: name,
      system: 'pytorch',
      when,
      threads: 1,
      blas: blas.libraries,
      ...(blas.detected ? { openblas_core: blas.detected } : {}),
      ...(blas.forced ? { openblas_core_used: blas.forced } : {}),
      ...(blas.libraries.includes('openblas')
        ? {}
        : { warning: 'peer runs on the reference BLAS: sudo bash scripts/setup-system.sh --bench' }),
      epochs_timed: timed,
      samples_per_s: rate,
      // The whole process (data loading included): about 1 when the peer kept to one core.
      cpu_per_wall: theirs.cpu_per_wall,
    }),
  );
  return rate;
}

const round3 = (value: number) => round(value, 3);

/**
 * The medians over the rounds. Ratios are taken within each round (mtl against the
 * peer's runs just before and after it, or against the ceilings measured just before and after it)
 * and their median reported: this VM's speed drifts by 15–30 % between runs; a single
 * ratio spreads too (W1: 1.63–2.46 over six rounds).
 */
function summary(name: string, rounds: readonly Round[]): void {
  for (const backend of Object.keys(rounds[0].ours)) {
    const peerRounds = rounds.filter((r) => r.peer !== null);
    const ceilingRounds = rounds.filter((r) => r.ceiling !== null);
    console.log(
      JSON.stringify({
        summary: name,
        backend,
        rounds: rounds.length,
        samples_per_s: round(median(rounds.map((r) => r.ours[backend]))),
        ...(peerRounds.length > 0
          ? {
              peer_samples_per_s: round(median(peerRounds.map((r) => r.peer as number))),
              ratio_mtl_over_pytorch: round3(
                median(peerRounds.map((r) => r.ours[backend] / (r.peer as number))),
              ),
              ratios_by_round: peerRounds.map((r) => round3(r.ours[backend] / (r.peer as number))),
            }
          : {}),
        ...(backend === 'onnx' && ceilingRounds.length > 0
          ? {
              ceiling_samples_per_s: round(median(ceilingRounds.map((r) => r.ceiling as number))),
              mtl_over_ceiling: round3(median(ceilingRounds.map((r) => r.ours.onnx / (r.ceiling as number)))),
              best_epoch_over_best_ceiling: round3(
                median(ceilingRounds.map((r) => r.bestEpoch.onnx / (r.bestCeiling as number))),
              ),
              ...twicePeerOverCeiling(rounds),
            }
          : {}),
      }),
    );
  }
}

/**
 * The share of the plain-sgemm ceiling the onnx run must reach to be 2× the peer
 * (median over the rounds that measured both). The step graphs alone, with nothing
 * around them, run below the ceiling too (their losses, activations and reductions;
 * bench/graph.ts): docs/benchmarks.md compares the two.
 */
function twicePeerOverCeiling(rounds: readonly Round[]): { twice_peer_over_ceiling?: number } {
  const both = rounds.filter((r) => r.peer !== null && r.ceiling !== null);
  if (both.length === 0) return {};
  return {
    twice_peer_over_ceiling: round3(
      median(both.map((r) => (2 * (r.peer as number)) / (r.ceiling as number))),
    ),
  };
}

async function main(): Promise<void> {
  const childIndex = process.argv.indexOf('--child');
  if (childIndex >= 0) {
    const [name, backend, timed] = process.argv.slice(childIndex + 1);
    if (!isBackendName(backend)) throw new Error(`unknown backend ${backend}`);
    await child(name, backend, Number(timed));
    return;
  }
  const timed = Number(flag('--epochs', '5'));
  const rounds = Number(flag('--rounds', '3'));
  const backends = flag('--backends', 'onnx,wasm').split(',');
  const workloads = flag('--workloads', 'W1,W4').split(',');
  const withPeer = !process.argv.includes('--no-peer');
  for (const backend of backends) if (!isBackendName(backend)) throw new Error(`unknown backend ${backend}`);
  for (const name of workloads) if (!SPEC[name]) throw new Error(`unknown workload ${name} (W1, W4)`);
  console.log(JSON.stringify({ machine: 'load average (1, 5, 15 min) at start', loadavg: load() }));
  for (const name of workloads) {
    const measured: Round[] = [];
    for (let index = 1; index <= rounds; index++) {
      measured.push(await measureRound(name, backends as BackendName[], timed, withPeer, index));
    }
    summary(name, measured);
  }
  console.log(JSON.stringify({ machine: 'load average (1, 5, 15 min) at end', loadavg: load() }));
}

await main();
