// The BLAS the PyTorch peer runs on, and the OpenBLAS kernel it should use.
//
// Debian's python3-torch is built against the generic BLAS interface, so its speed
// depends on which libblas.so.3 the system's alternatives point at (the reference
// BLAS is ~6x slower than OpenBLAS here). And OpenBLAS picks its kernels from the
// CPU's model number: Debian's 0.3.21 does not know CPUs newer than it (an Intel
// Xeon of family 6, model 207, with AVX-512, on 2026-11-30), falls back to its
// "Prescott" SSE3 kernels, and runs the peer's products 3x slower (a 600×784 by
// 784×50 product: 1.74 ms against 0.53 ms with the SkylakeX kernels; W1 25,000
// against 47,000 samples/s). A peer that slow would make any ratio against it
// flatter mtl, so the peer gets the kernels its CPU's flags support, and the bench
// prints both the core OpenBLAS chose and the one the peer ran with.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface PeerBlas {
  /** The BLAS libraries the peer's torch loads (from its /proc/self/maps). */
  readonly libraries: string;
  /** The core OpenBLAS chose for itself (its OPENBLAS_VERBOSE=2 line), or null when not OpenBLAS. */
  readonly detected: string | null;
  /** The OPENBLAS_CORETYPE the peer runs with, when the detected core is a fallback; else null. */
  readonly forced: string | null;
}

/** OpenBLAS's kernels for CPUs older than SSE4/AVX: what it falls back to on a CPU it does not know. */
const FALLBACK_CORES = new Set([
  'Prescott',
  'Katmai',
  'Coppermine',
  'Northwood',
  'Banias',
  'Core2',
  'Penryn',
  'Dunnington',
  'Nehalem',
  'Atom',
  'Opteron',
  'Barcelona',
  'Unknown',
]);

/**
 * The OpenBLAS core to force, given the core it detected and the CPU's flags
 * (/proc/cpuinfo): the newest kernel family the flags support, when OpenBLAS fell
 * back to an older one. SkylakeX rather than Cooperlake on an AVX-512 CPU: the
 * SkylakeX sgemm ran the product above in 0.53 ms, Cooperlake's in 0.60.
 */
export function coreToForce(detected: string | null, flags: ReadonlySet<string>): string | null {
  if (detected === null || !FALLBACK_CORES.has(detected)) return null;
  const all = (...names: string[]) => names.every((name) => flags.has(name));
  if (all('avx512f', 'avx512dq', 'avx512cd', 'avx512bw', 'avx512vl')) return 'SkylakeX';
  if (all('avx2', 'fma')) return 'Haswell';
  if (all('avx')) return 'Sandybridge';
  return null;
}

function cpuFlags(): Set<string> {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((text) => text.startsWith('flags'));
    return new Set((line?.split(':')[1] ?? '').trim().split(/\s+/));
  } catch {
    return new Set();
  }
}

const PROBE = [
  'import re, torch',
  "maps = open('/proc/self/maps').read()",
  "libs = sorted(set(re.findall(r'lib[a-z0-9_]*blas[a-z0-9_.-]*\\.so[0-9.]*', maps)))",
  "print(' '.join(libs))",
].join('\n');

/** Loads torch as the peer does; its BLAS libraries and OpenBLAS's "Core:" line, if any. */
function probe(env: NodeJS.ProcessEnv): { libraries: string; core: string | null } {
  const run = spawnSync('/usr/bin/python3', ['-c', PROBE], {
    encoding: 'utf8',
    env: { ...env, OPENBLAS_VERBOSE: '2' },
  });
  if (run.status !== 0) return { libraries: 'unknown', core: null };
  const core = /^Core: (\S+)/m.exec(run.stderr)?.[1] ?? null;
  return { libraries: run.stdout.trim(), core };
}

let found: PeerBlas | undefined;

/**
 * Found once per bench (it does not change between rounds). A core the user set in
 * OPENBLAS_CORETYPE is kept as it is.
 */
export function peerBlas(env: NodeJS.ProcessEnv): PeerBlas {
  if (found) return found;
  const { libraries, core } = probe(env);
  const wanted = env.OPENBLAS_CORETYPE ? null : coreToForce(core, cpuFlags());
  // OpenBLAS ignores a core name it does not have: check that it took the one forced.
  const taken = wanted ? probe({ ...env, OPENBLAS_CORETYPE: wanted }).core : null;
  found = { libraries, detected: core, forced: taken === wanted ? wanted : null };
  return found;
}

/** The peer's environment: `base` with the forced OpenBLAS core, if any. */
export function peerEnv(base: NodeJS.ProcessEnv, blas: PeerBlas): NodeJS.ProcessEnv {
  return blas.forced ? { ...base, OPENBLAS_CORETYPE: blas.forced } : base;
}
