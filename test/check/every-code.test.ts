// Every diagnostic code through the full checker (checkText: parse, imports,
// every rule of allRules in order), one fixture per code. A rule tested alone
// can be dropped from the rule list without a test noticing; here a code that
// no fixture produces — a rule left out, a rule that stopped firing — fails.
import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../src/check/program.js';
import { allRules } from '../../src/check/rules/index.js';
import { runRules } from '../../src/check/run-rules.js';
import { CODES } from '../../src/diagnostics/codes.js';
import { checkText } from '../../src/driver/check.js';
import { idxHeader, MAIN, memoryHost, spec } from '../harness/check.js';

interface Fixture {
  readonly text: string;
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
}

const sweep = (body: string) => spec({ after: `sweep s { base e ${body} }` });
const train = (rest: string) => spec({ train: `train { epochs 300 batch 100 lr = 0.01 ${rest} }` });
const order = (steps: string) => train(`order alternate { ${steps} }`);
const idxData = (tl = 'd/tl', si = 'd/si') =>
  `data idx { labeled 100 validation 100 train_images "d/ti" train_labels "${tl}" test_images "${si}" test_labels "d/sl" }`;
const idxFiles = {
  'd/ti': idxHeader([1000, 28, 28]),
  'd/tl': idxHeader([1000]),
  'd/si': idxHeader([200, 28, 28]),
  'd/sl': idxHeader([200]),
  'd/small': idxHeader([200, 20, 20]),
};

const fixtures: Readonly<Record<string, Fixture>> = {
  MTL001: { text: spec({ train: 'train { epochs 300 batch 100 lr = 0.01 § }' }) },
  MTL002: { text: spec({ data: 'data mnist { labeled 1000 unlabeled }' }) },
  MTL010: { text: `import "nope.mtl"\n${spec()}` },
  MTL011: {
    text: `import "a.mtl"\n${spec()}`,
    files: { 'a.mtl': 'import "b.mtl"', 'b.mtl': 'import "a.mtl"' },
  },
  MTL012: { text: spec({ after: 'network e { input 784 dense h1 5 sigmoid output y 10 softmax }' }) },
  MTL013: { text: spec({ network: 'network nn2' }) },
  MTL014: {
    text: spec({
      networks: 'network nn1 { input 784 dense h1 50 sigmoid dense h1 40 sigmoid output y 10 softmax }',
    }),
  },
  MTL020: {
    text: spec({
      networks: 'network nn1 { input 784 dense h1 50 sigmod dense h2 40 sigmoid output y 10 softmax }',
    }),
  },
  MTL021: { text: spec({ train: 'train { epochs 300 epochs 200 batch 100 lr = 0.01 }' }) },
  MTL022: { text: spec({ train: '' }) },
  MTL023: {
    text: spec({
      reconstruct: 'reconstruct h1 { noise none decoder tied tied sigmoid cost cross_entropy mean sum }',
    }),
  },
  MTL024: { text: spec({ train: 'train { epochs 0.5 batch 100 lr = 0.01 }' }) },
  MTL030: {
    text: spec({ networks: 'network nn1 { dense h1 50 sigmoid dense h2 40 sigmoid output y 10 softmax }' }),
  },
  MTL032: {
    text: spec({
      networks: 'network nn1 { input 784 dense h1 50 softmax dense h2 40 sigmoid output y 10 softmax }',
    }),
  },
  MTL033: {
    text: spec({
      networks: 'network nn1 { input 700 dense h1 50 sigmoid dense h2 40 sigmoid output y 10 softmax }',
    }),
  },
  MTL034: {
    text: spec({
      networks: 'network nn1 { input 784 dense h1 50 sigmoid dense h2 40 sigmoid output y 8 softmax }',
    }),
  },
  MTL040: { text: spec({ data: 'data mnist { labeled 1000 unlabeled 60000 }' }) },
  MTL041: { text: spec({ data: idxData('d/none') }), files: idxFiles },
  MTL042: { text: spec({ data: idxData('d/tl', 'd/small') }), files: idxFiles },
  MTL050: { text: spec({ reconstruct: 'reconstruct h1, y { noise none }' }) },
  MTL051: { text: spec({ reconstruct: 'reconstruct h1 { noise none } reconstruct h2, h1 { noise none }' }) },
  MTL052: { text: spec({ reconstruct: 'reconstruct h1 { noise mask(1.5) }' }) },
  MTL053: { text: spec({ reconstruct: 'reconstruct h1, h2 { noise none decoder tanh }' }) },
  MTL060: { text: spec({ weights: 'weights { supervised = supervised / 2 reconstruction = 0.5 }' }) },
  MTL061: { text: spec({ weights: 'weights schedule exp(-40)' }) },
  MTL070: { text: train('').replace('lr = 0.01', 'lr = 0.01 * foo') },
  MTL071: { text: train('').replace('lr = 0.01', 'lr = expp(t)') },
  MTL072: { text: train('').replace('lr = 0.01', 'lr = clamp(t, 1)') },
  MTL073: { text: train('').replace('lr = 0.01', 'lr = (t < 3) + 1') },
  MTL080: { text: order('step supervised on batch') },
  MTL081: {
    text: spec({
      reconstruct: '',
      weights: '',
      train:
        'train { epochs 300 batch 100 lr = 0.01 order alternate { step reconstruction on batch step supervised on labeled } }',
    }),
  },
  MTL082: { text: train('optimizer sgd(momentum: 1)') },
  MTL083: { text: order('') },
  MTL090: { text: spec({ weights: 'weights { supervised = t / 10 reconstruction = 1 - supervised }' }) },
  MTL091: {
    text: spec({ weights: 'weights { supervised = t < 5 ? 0.5 : 1 reconstruction = t < 3 ? 0.5 : 0 }' }),
  },
  MTL092: { text: spec({ train: 'train { epochs 300 batch 100 lr = 0.01 * (T - 1 - t) }' }) },
  MTL093: { text: spec({ train: 'train { epochs 300 batch 100 lr = 0.01 + sqrt(10 - t) }' }) },
  MTL094: { text: spec({ reconstruct: 'reconstruct h1 { noise none weight 0.5 - t / 100 }' }) },
  MTL100: { text: sweep('vary data.labelled [1, 2]') },
  MTL101: { text: sweep('vary data.unlabeled [50000 - labeled]') },
  MTL102: { text: sweep('vary weights [0.5]') },
  MTL103: { text: sweep('vary data.labeled [100, 1000] vary data.unlabeled [0, 50000]') },
  MTL200: { text: spec({ after: 'network other { input 784 dense h1 5 sigmoid output y 10 softmax }' }) },
  MTL201: { text: spec({ weights: 'weights schedule supervised_only' }) },
  MTL202: { text: spec({ weights: 'weights schedule lin(1000)' }) },
  MTL203: { text: order('step reconstruction on batch') },
  MTL204: { text: train('evaluate every 500') },
  MTL205: { text: order('step supervised on labeled') },
  MTL206: { text: spec({ train: 'train { epochs 5000 batch 100 lr = 0.01 skip below 1e-6 }' }) },
  MTL999: {
    text: Array.from({ length: 120 }, (_, i) => `network n${i} { input 784 output y 10 sigmod }`).join('\n'),
  },
};

/** Codes no spec can produce: each reports a bug in mtl itself. */
const INTERNAL = new Set(['MTL003', 'MTL900', 'MTL901']);

function codesOf(fixture: Fixture): string[] {
  const host = memoryHost({ ...(fixture.files ?? {}), 'main.mtl': fixture.text });
  return checkText(fixture.text, MAIN, { host }).diagnostics.map((d) => d.code);
}

describe('every code through the full checker', () => {
  it('has a fixture for every code but the internal-error ones', () => {
    const codes = Object.keys(CODES).filter((code) => !INTERNAL.has(code));
    expect(Object.keys(fixtures).sort()).toEqual(codes.sort());
  });

  it.each(Object.entries(fixtures))('%s is produced by checkText', (code, fixture) => {
    expect(codesOf(fixture)).toContain(code);
  });

  it('every rule in the list is needed: without it some fixture loses its code', () => {
    const programs = Object.entries(fixtures).map(([code, fixture]) => {
      const host = memoryHost({ ...(fixture.files ?? {}), 'main.mtl': fixture.text });
      return { code, program: parseProgram([{ name: MAIN, text: fixture.text }], host) };
    });
    const withAll = programs.map(({ code, program }) => runRules(program).some((d) => d.code === code));
    const rulesNeeded = allRules.map((rule) => {
      const others = allRules.filter((r) => r !== rule);
      return programs.some(
        ({ code, program }, i) => withAll[i] && !runRules(program, others).some((d) => d.code === code),
      );
    });
    expect(rulesNeeded.map((needed, i) => (needed ? 'needed' : allRules[i].name))).toEqual(
      allRules.map(() => 'needed'),
    );
  });
});
