// `mtl compile --emit onnx`: the step graphs a run builds, written as files.
// The README's example writes them; ONNX Runtime opens each with the step
// program's inputs and outputs; the ONNX project's own checker (Debian's
// python3-onnx, full check with shape inference) passes every graph of the
// paper's specs and of every combination the step matrix takes
// (test/runtime/step-matrix.ts);
// and bad input exits 1 with a message, writing nothing.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { checkFile } from '../../src/driver/check.js';
import { writeStepGraphs } from '../../src/driver/write-onnx.js';
import type { Experiment } from '../../src/ir/types.js';
import { emitOnnx } from '../../src/runtime/onnx/emit-onnx.js';
import { onnxStepProgram, stepGraphs } from '../../src/runtime/onnx/step-graphs.js';
import { experimentStepKeys } from '../../src/step/compiled-keys.js';
import { captureIo, smallSpec, tempTree } from '../harness/codegen.js';
import { makeExperiment, tempDir } from '../harness/runtime.js';
import { experimentOf, matrixCases } from '../runtime/step-matrix.js';

const root = new URL('../..', import.meta.url).pathname;
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The README's command line that exports the quickstart's graphs. */
function readmeCommand(): string[] {
  const line = readme
    .split('\n')
    .find((l) => l.startsWith('npx mtl compile specs/quickstart.mtl --emit onnx'));
  expect(line, 'README shows `npx mtl compile specs/quickstart.mtl --emit onnx …`').toBeDefined();
  return line!
    .replace(/^npx mtl /, '')
    .trim()
    .split(/\s+/);
}

/** Runs the ONNX project's checker (full check: types and shapes inferred) on each file; its report lines. */
function onnxChecker(files: readonly string[]): string[] {
  const script = [
    'import sys, onnx',
    'for path in sys.argv[1:]:',
    '    try:',
    '        onnx.checker.check_model(onnx.load(path), full_check=True)',
    "        print('ok', path)",
    '    except Exception as error:',
    "        print('FAILED', path, str(error).replace(chr(10), ' '))",
  ].join('\n');
  const result = spawnSync('/usr/bin/python3', ['-c', script, ...files], { encoding: 'utf8' });
  expect(result.status, `python3-onnx runs (scripts/setup-system.sh installs it): ${result.stderr}`).toBe(0);
  return result.stdout.trim().split('\n');
}

describe('mtl compile --emit onnx', () => {
  it("writes the quickstart's step graphs as the README shows, the bytes a run builds", async () => {
    const dir = tempTree({});
    mkdirSync(join(dir, 'specs'));
    copyFileSync(join(root, 'specs/quickstart.mtl'), join(dir, 'specs/quickstart.mtl'));
    const argv = readmeCommand();
    const out = argv[argv.indexOf('--out') + 1]!;
    const { io, stdout, stderr } = captureIo(dir);
    expect(await main(argv, io)).toBe(0);
    expect(stderr()).toBe('');
    const experiment = checkFile(join(root, 'specs/quickstart.mtl')).ir!.experiments[0]!;
    const names = [
      'quickstart.reconstruction.d0.loss.onnx',
      'quickstart.supervised.loss.onnx',
      'quickstart.evaluation.onnx',
    ];
    expect(stdout()).toBe(names.map((name) => `wrote ${out}/${name}\n`).join(''));
    expect(readdirSync(join(dir, out)).sort()).toEqual([...names].sort());
    for (const [index, key] of experimentStepKeys(experiment).entries()) {
      const bytes = readFileSync(join(dir, out, names[index]!));
      const program = onnxStepProgram(experiment, key);
      // What the onnx backend builds when a run starts (the input layer's products
      // over the kept columns), and what the run's identity hashes.
      expect(bytes.equals(Buffer.from(emitOnnx(program)))).toBe(true);
      const session = await ort.InferenceSession.create(bytes);
      expect(session.inputNames).toEqual(program.inputs.map((input) => input.name));
      expect(session.outputNames).toEqual(program.outputs.map((output) => output.name));
      await session.release();
    }
  });

  it('classifies with the written evaluation graph like a hand-computed forward pass', async () => {
    const experiment = makeExperiment({ input: 4, hidden: [{ name: 'h1', units: 3, activation: 'relu' }] });
    const dir = tempDir();
    writeStepGraphs(dir, experiment);
    const session = await ort.InferenceSession.create(join(dir, `${experiment.name}.evaluation.onnx`));
    // Two rows; h = relu(x·W1 + b1), scores = h·W2 + b2 (argmax is the class).
    const x = Float32Array.from([1, 0, 2, 0, 0, 1, 0, 3]);
    const w1 = Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, -1, 0]);
    const b1 = Float32Array.from([0, 0, -1]);
    const classes = experiment.network.output.units;
    const w2 = new Float32Array(3 * classes);
    w2[0 * classes + 2] = 1; // h[0] votes for class 2
    w2[1 * classes + 1] = 1; // h[1] votes for class 1
    const feeds: Record<string, ort.Tensor> = {
      x: new ort.Tensor('float32', x, [2, 4]),
      W_h1: new ort.Tensor('float32', w1, [4, 3]),
      b_h1: new ort.Tensor('float32', b1, [3]),
      W_y: new ort.Tensor('float32', w2, [3, classes]),
      b_y: new ort.Tensor('float32', new Float32Array(classes), [classes]),
    };
    expect([...session.inputNames].sort()).toEqual(Object.keys(feeds).sort());
    const result = await session.run(feeds);
    const forward = (row: number) => {
      const h = [0, 1, 2].map((j) => {
        let a = b1[j]!;
        for (let i = 0; i < 4; i++) a += x[row * 4 + i]! * w1[i * 3 + j]!;
        return Math.max(0, a);
      });
      const scores = Array.from({ length: classes }, (_, c) =>
        h.reduce((s, hj, j) => s + hj * w2[j * classes + c]!, 0),
      );
      return scores.indexOf(Math.max(...scores));
    };
    expect(Array.from(result.classes!.data as BigInt64Array, Number)).toEqual([forward(0), forward(1)]);
    await session.release();
  });

  it("passes the ONNX checker on every graph of the paper's specs and of every step combination", () => {
    const experiments: Experiment[] = [];
    for (const file of readdirSync(join(root, 'specs/paper')).filter((name) => name.endsWith('.mtl'))) {
      experiments.push(...(checkFile(join(root, 'specs/paper', file)).ir?.experiments ?? []));
    }
    // Every combination of the step matrix (test/runtime/step-matrix.ts): each decoder, cost,
    // reduction, gradient mode, layer, activation, noise, supervised and joint step, momentum.
    const cases = matrixCases();
    [...cases.daes, ...cases.noises, ...cases.supervised].forEach(([, c], index) => {
      experiments.push({ ...experimentOf(c), name: `case${index}` });
    });
    const dir = tempDir();
    const files = experiments.flatMap((experiment) => writeStepGraphs(dir, experiment));
    // Every step kind shows up: reconstruction, supervised, joint and evaluation graphs.
    for (const kind of ['reconstruction', 'supervised', 'joint', 'evaluation'])
      expect(
        files.some((file) => file.includes(`.${kind}`)),
        kind,
      ).toBe(true);
    // A reconstruction step in two parts (step/parts.ts): NN4's input-layer DAE, and its DAEs on h2…h4.
    expect(files.some((file) => file.endsWith('.reconstruction.d0.loss.onnx'))).toBe(true);
    expect(files.some((file) => file.endsWith('.reconstruction.d1-2-3.loss.onnx'))).toBe(true);
    const report = onnxChecker(files);
    expect(report.filter((line) => !line.startsWith('ok '))).toEqual([]);
    expect(report).toHaveLength(files.length);
  });

  it('writes the same bytes every time', () => {
    const experiment = checkFile(join(root, 'specs/paper/nn4_exp40.mtl')).ir!.experiments[0]!;
    expect(stepGraphs(experiment)).toEqual(stepGraphs(experiment));
  });

  it('writes nothing for a spec with errors, and says which file it cannot write', async () => {
    const dir = tempTree({
      'bad.mtl': smallSpec('bad').replace('dense h1 20 sigmoid', 'dense h1 20 sigmod'),
      'good.mtl': smallSpec('good'),
      blocked: 'a file where a folder should be',
    });
    const bad = captureIo(dir);
    expect(await main(['compile', 'bad.mtl', '--emit', 'onnx', '--out', 'graphs'], bad.io)).toBe(1);
    expect(bad.stderr()).toMatch(/bad\.mtl:\d+:\d+/);
    expect(existsSync(join(dir, 'graphs'))).toBe(false);

    const blocked = captureIo(dir);
    expect(await main(['compile', 'good.mtl', '--emit', 'onnx', '--out', 'blocked'], blocked.io)).toBe(1);
    expect(blocked.stderr()).toMatch(/^mtl compile: .*blocked/);
    expect(readFileSync(join(dir, 'blocked'), 'utf8')).toBe('a file where a folder should be');
  });
});
