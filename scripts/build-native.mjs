// Builds mtl's native kernels (native/: the onnx backend's loss, the input
// layer's masking noise) as one Node-API addon, build/native/mtl-kernels.node, with the
// machine's C compiler ($CC, else cc) and the headers of the Node that runs
// this script. Run by `npm run build` (so by `npm install` and `npm test`).
// Never fails the install: without a compiler or headers it says so, removes
// a stale addon, and the onnx backend computes the loss in its graphs
// (src/runtime/native/kernels.ts). target_clones in the source picks
// AVX-512, AVX2 or the baseline when the addon loads, so a build runs on any
// x86-64; on another architecture the build fails and the fallback applies.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..');
const sources = ['addon.c', 'sigmoid-cross-entropy.c', 'mask-noise.c', 'ort-runner.c'].map((file) =>
  path.join(root, 'native', file),
);
// --out <folder>: where to write the addon instead (the tests build into a scratch folder).
const outAt = process.argv.indexOf('--out');
const outDir = outAt > 0 ? path.resolve(process.argv[outAt + 1]) : path.join(root, 'build', 'native');
const out = path.join(outDir, 'mtl-kernels.node');
const headers = path.join(path.dirname(process.execPath), '..', 'include', 'node');

function skip(reason) {
  rmSync(out, { force: true });
  console.log(
    `mtl: native kernels not built (${reason}); the onnx backend computes the loss in its graphs ` +
      'and the noise is drawn in JavaScript',
  );
}

if (process.env.MTL_NATIVE === '0') skip('MTL_NATIVE=0');
else if (!existsSync(path.join(headers, 'node_api.h'))) skip(`no Node-API headers in ${headers}`);
else {
  mkdirSync(outDir, { recursive: true });
  const partial = `${out}.${process.pid}.tmp`;
  try {
    execFileSync(
      process.env.CC || 'cc',
      [
        '-O3',
        '-fPIC',
        '-shared',
        '-Wall',
        '-Wno-psabi',
        `-I${headers}`,
        ...sources,
        '-o',
        partial,
        '-lm',
        '-ldl',
        '-lpthread',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    // Renamed into place: a process loading the addon never sees half a file.
    renameSync(partial, out);
  } catch (error) {
    rmSync(partial, { force: true });
    const stderr = error.stderr ? String(error.stderr).trim().split('\n')[0] : error.message;
    skip(`the C compiler failed: ${stderr}`);
  }
}
