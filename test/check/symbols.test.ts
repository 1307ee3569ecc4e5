import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../src/check/program.js';
import { findDefinition, findReferences, symbolsInFile } from '../../src/check/symbols.js';
import { MAIN, memoryHost } from '../harness/check.js';

const NETS = 'network nn1 { input 784 dense h1 50 sigmoid dense h2 40 sigmoid output y 10 softmax }';
const LIB = '/virtual/nets.mtl';

/** Loads a main file whose cursor is marked `<|>`; returns the program and the cursor's offset. */
function at(marked: string) {
  const offset = marked.indexOf('<|>');
  const text = marked.replace('<|>', '');
  const program = parseProgram([{ name: MAIN, text }], memoryHost({ 'nets.mtl': NETS }));
  return { program, offset, text };
}

const body = (cursor: Partial<Record<'net' | 'layer' | 'base', string>>) => `import "nets.mtl"
experiment e {
  data mnist { labeled 100 }
  network ${cursor.net ?? 'nn1'}
  reconstruct ${cursor.layer ?? 'h1'}, h2 { noise none }
  weights schedule exp(40)
  train { epochs 300 batch 10 lr = 0.1 }
}
experiment f {
  data mnist { labeled 100 }
  network nn1
  reconstruct h1 { noise none }
  weights schedule exp(40)
  train { epochs 300 batch 10 lr = 0.1 }
}
sweep s { base ${cursor.base ?? 'e'} vary network [nn1] }`;

describe('findDefinition', () => {
  it('goes from a network reference to the network in the imported file', () => {
    const { program, offset } = at(body({ net: 'n<|>n1' }));
    const found = findDefinition(program, MAIN, offset);
    expect(found).toMatchObject({
      isDeclaration: false,
      symbol: { kind: 'network', name: 'nn1', file: LIB, nameSpan: { start: 8, end: 11 } },
    });
  });

  it('goes from a reconstruct layer to the layer of the experiment’s network', () => {
    const { program, offset } = at(body({ layer: 'h1<|>' }));
    expect(findDefinition(program, MAIN, offset)?.symbol).toMatchObject({
      kind: 'layer',
      name: 'h1',
      file: LIB,
      nameSpan: { start: 30, end: 32 },
      container: { name: 'nn1' },
    });
  });

  it('goes from a sweep base to the experiment', () => {
    const { program, offset, text } = at(body({ base: '<|>e' }));
    expect(findDefinition(program, MAIN, offset)?.symbol).toMatchObject({
      kind: 'experiment',
      name: 'e',
      file: MAIN,
    });
    expect(text.slice(findDefinition(program, MAIN, offset)!.span.start, offset + 1)).toBe('e');
  });

  it('finds a declaration under the cursor, and nothing between names', () => {
    const { program } = at(body({}));
    expect(findDefinition(program, LIB, 9)).toMatchObject({ isDeclaration: true, symbol: { name: 'nn1' } });
    expect(findDefinition(program, MAIN, 0)).toBeUndefined();
  });
});

describe('findReferences', () => {
  it('lists every place a network is named, across files', () => {
    const { program, offset } = at(body({ net: 'nn1<|>' }));
    const symbol = findDefinition(program, MAIN, offset)!.symbol;
    const places = findReferences(program, symbol);
    expect(places.map((p) => p.file)).toEqual([MAIN, MAIN, MAIN, LIB]);
    expect(findReferences(program, symbol, { includeDeclaration: false })).toHaveLength(3);
  });

  it('lists a layer’s uses in every experiment that trains its network (for rename)', () => {
    const { program, offset, text } = at(body({ layer: '<|>h1' }));
    const symbol = findDefinition(program, MAIN, offset)!.symbol;
    const places = findReferences(program, symbol);
    expect(places.filter((p) => p.file === MAIN).map((p) => text.slice(p.span.start, p.span.end))).toEqual([
      'h1',
      'h1',
    ]);
    expect(places.filter((p) => p.file === LIB)).toEqual([{ file: LIB, span: { start: 30, end: 32 } }]);
  });
});

describe('symbolsInFile', () => {
  it('lists the declarations of one file, layers included', () => {
    const { program } = at(body({}));
    expect(symbolsInFile(program, LIB).map((s) => `${s.kind} ${s.name}`)).toEqual([
      'network nn1',
      'layer h1',
      'layer h2',
      'layer y',
    ]);
  });
});
