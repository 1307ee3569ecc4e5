// `mtl` as a user meets it: the package's installed bin (package.json "bin",
// what `npx mtl` runs) started as its own process, for check, fmt, compile and
// run — exit codes, what goes to stdout and what to stderr, --help, a failing
// spec, an unknown option. The bin runs the compiled CLI in dist/, which
// `npm test` builds first.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResultFile } from '../../src/runtime/io/results.js';
import { tempDir } from '../harness/runtime.js';

const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};
const BIN = path.join(root, pkg.bin.mtl);
const QUICKSTART = path.join(root, 'specs/quickstart.mtl');

interface Outcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the bin file itself, as a shell would (its #! line picks node). */
function mtl(args: readonly string[], cwd: string): Outcome {
  const result = spawnSync(BIN, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function newest(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? newest(full) : statSync(full).mtimeMs;
    }),
  );
}

let dir: string;

beforeAll(() => {
  const built = path.join(root, 'dist/src/cli/main.js');
  if (!existsSync(built) || statSync(built).mtimeMs < newest(path.join(root, 'src'))) {
    throw new Error(
      'dist/ is missing or older than src/: run `npm run build` (npm test does) before this file',
    );
  }
  dir = tempDir('mtl-bin-');
  writeFileSync(path.join(dir, 'good.mtl'), readFileSync(QUICKSTART, 'utf8'));
  writeFileSync(path.join(dir, 'bad.mtl'), 'network n { input 784 dense h1 5 sigmod output y 10 softmax }\n');
  writeFileSync(path.join(dir, 'broken.mtl'), 'network n { input 784\n  dense h1 5 sigmoid\n');
  writeFileSync(path.join(dir, 'ugly.mtl'), 'network n {input 784 dense h1 5 sigmoid output y 10 softmax}\n');
});

describe('the mtl bin', () => {
  it('is the file package.json names, executable, and what `npx mtl` runs', () => {
    expect(pkg.bin.mtl).toBe('bin/mtl.js');
    expect(statSync(BIN).mode & 0o111).not.toBe(0);
    const npx = spawnSync('npx', ['--no-install', 'mtl', '--version'], { cwd: root, encoding: 'utf8' });
    expect(npx.status).toBe(0);
    expect(npx.stdout).toBe(`${pkg.version}\n`);
  });

  it('--help and --version print to stdout and exit 0', () => {
    const help = mtl(['--help'], dir);
    expect(help).toMatchObject({ status: 0, stderr: '' });
    expect(help.stdout).toMatch(/^usage: mtl <command> \[options\]\n/);
    for (const verb of ['check', 'fmt', 'compile', 'run'])
      expect(help.stdout).toMatch(new RegExp(`^  ${verb} `, 'm'));
    // Each verb's help (checked for all four in process by verbs.test.ts); one here as a process.
    const runHelp = mtl(['run', '--help'], dir);
    expect(runHelp).toMatchObject({ status: 0, stderr: '' });
    expect(runHelp.stdout).toMatch(/^Usage: mtl run \[options\] <file>\n/);
    expect(runHelp.stdout).toMatch(/^exit status: 0 /m);
    expect(mtl(['--version'], dir)).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('a reader that stops early (`mtl help run | head -1`): no stack trace, exit 0', async () => {
    // The read end is closed before the process writes (it takes a while to start), so its
    // write fails with EPIPE every time, as it does now and then behind `| head`.
    const child = spawn(BIN, ['run', '--help'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  it('an unknown command or option: exit 2, a message on stderr, nothing on stdout', () => {
    expect(mtl(['chek', 'good.mtl'], dir)).toEqual({
      status: 2,
      stdout: '',
      stderr:
        "mtl: unknown command 'chek'; did you mean 'check'?\nRun 'mtl --help' for the list of commands.\n",
    });
    for (const verb of ['check', 'run']) {
      const outcome = mtl([verb, '--bogus', 'good.mtl'], dir);
      expect(outcome.status, verb).toBe(2);
      expect(outcome.stdout, verb).toBe('');
      expect(outcome.stderr, verb).toBe(
        `mtl ${verb}: unknown option '--bogus'\nRun 'mtl help ${verb}' for usage.\n`,
      );
    }
  });

  it('check: diagnostics (file:line:col) on stdout, the summary on stderr; exit 1 on errors, 0 when clean', () => {
    expect(mtl(['check', 'bad.mtl'], dir)).toEqual({
      status: 1,
      stdout: "bad.mtl:1:34: error MTL020: unknown activation 'sigmod'; did you mean 'sigmoid'?\n",
      stderr: '1 error, 0 warnings in 1 file\n',
    });
    expect(mtl(['check', 'good.mtl'], dir)).toEqual({
      status: 0,
      stdout: '',
      stderr: '0 errors, 0 warnings in 1 file\n',
    });
    const missing = mtl(['check', 'nope.mtl'], dir);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/nope\.mtl/);
  });

  it('fmt: --check lists unformatted files and exits 1; fmt rewrites them; a syntax error is file:line:col on stderr', () => {
    expect(mtl(['fmt', '--check', 'ugly.mtl'], dir)).toEqual({ status: 1, stdout: 'ugly.mtl\n', stderr: '' });
    expect(readFileSync(path.join(dir, 'ugly.mtl'), 'utf8')).toContain('{input');
    expect(mtl(['fmt', 'ugly.mtl'], dir)).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(path.join(dir, 'ugly.mtl'), 'utf8')).toBe(
      'network n {\n  input 784\n  dense h1 5 sigmoid\n  output y 10 softmax\n}\n',
    );
    expect(mtl(['fmt', '--check', 'ugly.mtl'], dir)).toEqual({ status: 0, stdout: '', stderr: '' });
    const broken = mtl(['fmt', 'broken.mtl'], dir);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toMatch(/^broken\.mtl:3:1: error MTL002: /);
    expect(readFileSync(path.join(dir, 'broken.mtl'), 'utf8')).toBe(
      'network n { input 784\n  dense h1 5 sigmoid\n',
    );
  });

  it('compile: writes one trainer per experiment and exits 0; a failing spec is file:line:col on stderr, exit 1', () => {
    const out = path.join(dir, 'gen');
    const ok = mtl(['compile', 'good.mtl', '--out', out], dir);
    expect(ok.status, ok.stderr).toBe(0);
    expect(readdirSync(out)).toEqual(['quickstart.ts']);
    expect(readFileSync(path.join(out, 'quickstart.ts'), 'utf8')).toMatch(/quickstart/);
    const bad = mtl(['compile', 'bad.mtl', '--out', path.join(dir, 'gen-bad')], dir);
    expect(bad).toEqual({
      status: 1,
      stdout: '',
      stderr: "bad.mtl:1:34: error MTL020: unknown activation 'sigmod'; did you mean 'sigmoid'?\n",
    });
    expect(existsSync(path.join(dir, 'gen-bad'))).toBe(false);
  });

  it('run on the default onnx backend: only mtl speaks on stderr, not TensorFlow.js', () => {
    const out = path.join(dir, 'run-onnx');
    const run = mtl(['run', 'good.mtl', '--limit', '200', '--epochs', '1', '--out', out], dir);
    expect(run.status, run.stderr).toBe(0);
    // The quickstart's DAE on the input layer has its loss computed by the native kernel.
    expect(run.stderr).toContain(
      'mtl: quickstart on the onnx backend (the loss in native code), 1 epoch, 30 labeled + 70 unlabeled\n',
    );
    // Its cpu backend, which holds the parameters, told every run to install tfjs-node
    // "to speed things up dramatically", on the backend that needs none.
    expect(run.stderr).not.toContain('TensorFlow.js');
  });

  it('run: trains on real MNIST (--limit 200, 1 epoch, wasm); the summary on stdout, progress on stderr', () => {
    const out = path.join(dir, 'run');
    const run = mtl(
      ['run', 'good.mtl', '--limit', '200', '--epochs', '1', '--backend', 'wasm', '--out', out],
      dir,
    );
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8')) as ResultFile;
    expect(result).toMatchObject({ status: 'completed', backend: 'wasm', epochsCompleted: 1 });
    const percent = (x: number | null | undefined) => `${(x! * 100).toFixed(2)}%`;
    expect(run.stdout).toMatch(/^quickstart: trained 1 epoch in \d+s on the wasm backend\n/);
    expect(run.stdout).toContain(`  validation error  ${percent(result.final?.validationError)}\n`);
    expect(run.stdout).toContain(`  test error        ${percent(result.final?.testError)}\n`);
    expect(run.stderr).toContain('note: --limit 200 leaves 200 training images');
    expect(run.stderr).toContain('mtl: quickstart on the wasm backend, 1 epoch, 30 labeled + 70 unlabeled\n');
    expect(run.stderr).toMatch(/^epoch 1\/1 batch 1\/1 /m);
    expect(run.stderr).not.toContain('test error        ');
    const bad = mtl(['run', 'bad.mtl', '--epochs', '1'], dir);
    expect(bad).toEqual({
      status: 1,
      stdout: '',
      stderr: "bad.mtl:1:34: error MTL020: unknown activation 'sigmod'; did you mean 'sigmoid'?\n",
    });
  });
});
