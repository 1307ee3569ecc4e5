// Sweep values written as their settings are in their blocks: `mask(0.1)`,
// `sgd(momentum: 0.9)`, `tied sigmoid`, in vary lists and in overrides.
import { describe, expect, it } from 'vitest';
import type { SweepDecl, SweepOverrides, SweepVary } from '../../src/syntax/ast.js';
import { parse } from '../../src/syntax/parse.js';
import { errorsOf, id, name, num, parseOk, withoutSpans } from '../harness/syntax.js';

const sweep = (body: string) => parseOk(`sweep s { ${body} }`).declarations[0] as SweepDecl;
const varied = (list: string) => withoutSpans((sweep(`vary p.q [${list}]`).items[0] as SweepVary).values);
const overrides = (body: string) =>
  (sweep(`baseline { ${body} }`).items[0] as SweepOverrides).overrides.map((o) => [
    o.path.parts.map((p) => p.name).join('.'),
    withoutSpans(o.value),
  ]);

const words = (...ws: string[]) => ({ kind: 'WordList', words: ws.map(id) });
const sgdMomentum = (m: string) => ({
  kind: 'CallLike',
  name: id('sgd'),
  args: [{ label: id('momentum'), value: num(m) }],
  hasParens: true,
});

describe('sweep values', () => {
  it('reads a noise with its argument as a call', () => {
    expect(varied('none, mask(0.1), gaussian(0.3)')).toEqual([
      name('none'),
      { kind: 'Call', callee: id('mask'), args: [num('0.1')] },
      { kind: 'Call', callee: id('gaussian'), args: [num('0.3')] },
    ]);
  });

  it('reads a setting with labeled arguments as a call-like', () => {
    expect(varied('sgd, sgd(momentum: 0.9)')).toEqual([name('sgd'), sgdMomentum('0.9')]);
  });

  it('reads a call-like whose label comes after an unlabeled argument', () => {
    expect(varied('sgd(0.5, momentum: 0.9)')).toEqual([
      {
        kind: 'CallLike',
        name: id('sgd'),
        args: [{ value: num('0.5') }, { label: id('momentum'), value: num('0.9') }],
        hasParens: true,
      },
    ]);
  });

  it('keeps a conditional argument a call expression (its `:` is not a label)', () => {
    expect(varied('f(a ? 1 : 2)')).toEqual([
      {
        kind: 'Call',
        callee: id('f'),
        args: [expect.objectContaining({ kind: 'Conditional', test: name('a'), otherwise: num('2') })],
      },
    ]);
  });

  it('reads several words as a word list', () => {
    expect(varied('sigmoid, tied sigmoid, tied tanh')).toEqual([
      name('sigmoid'),
      words('tied', 'sigmoid'),
      words('tied', 'tanh'),
    ]);
  });

  it('gives a word list and a call-like the span of their text', () => {
    const text = 'sweep s { vary p.q [tied  sigmoid, sgd( momentum : 0.9 )] }';
    const vary = parseOk(text).declarations[0] as SweepDecl;
    const values = (vary.items[0] as SweepVary).values;
    expect(values.map((v) => text.slice(v.span.start, v.span.end))).toEqual([
      'tied  sigmoid',
      'sgd( momentum : 0.9 )',
    ]);
  });
});

describe('override values', () => {
  it('reads each new form as the value of its override', () => {
    expect(
      overrides(
        'train.optimizer sgd(momentum: 0.5) reconstruct.noise mask(0.1) reconstruct.decoder tied sigmoid',
      ),
    ).toEqual([
      ['train.optimizer', sgdMomentum('0.5')],
      ['reconstruct.noise', { kind: 'Call', callee: id('mask'), args: [num('0.1')] }],
      ['reconstruct.decoder', words('tied', 'sigmoid')],
    ]);
  });

  it('ends a word list where the next dotted path begins', () => {
    expect(overrides('reconstruct.decoder tied sigmoid  data.unlabeled 0')).toEqual([
      ['reconstruct.decoder', words('tied', 'sigmoid')],
      ['data.unlabeled', num('0')],
    ]);
    expect(overrides('reconstruct.decoder tied sigmoid  custom.path 1')).toEqual([
      ['reconstruct.decoder', words('tied', 'sigmoid')],
      ['custom.path', num('1')],
    ]);
  });

  it('ends a word list at a keyword path (network, weights)', () => {
    expect(overrides('reconstruct.decoder tied sigmoid network nn2 weights schedule lin')).toEqual([
      ['reconstruct.decoder', words('tied', 'sigmoid')],
      ['network', name('nn2')],
      [
        'weights',
        {
          kind: 'WeightsSchedule',
          schedule: { kind: 'ScheduleRef', name: id('lin'), args: [], hasParens: false },
        },
      ],
    ]);
  });

  it('still reads a single word followed by a path as two overrides', () => {
    expect(overrides('reconstruct.decoder sigmoid data.labeled 10')).toEqual([
      ['reconstruct.decoder', name('sigmoid')],
      ['data.labeled', num('10')],
    ]);
  });
});

describe('recovery in sweep values', () => {
  it('reports a missing labeled argument and keeps the rest of the sweep', () => {
    const text = 'sweep s { vary train.optimizer [sgd(momentum: ), sgd] repeat 2 }';
    expect(errorsOf(text)).toEqual([
      {
        code: 'MTL002',
        message: "expected an expression (a number, a name, a call or a parenthesised expression), found ')'",
        line: 1,
        column: 47,
      },
    ]);
    const items = (parse(text, 't.mtl').ast.declarations[0] as SweepDecl).items;
    expect(withoutSpans(items)).toEqual([
      expect.objectContaining({ kind: 'SweepVary', values: [name('sgd')] }),
      { kind: 'SweepRepeat', count: num('2') },
    ]);
  });

  it('reports an unclosed call-like in an override and reads the next override', () => {
    const text = 'sweep s { baseline { train.optimizer sgd(momentum: 0.9 data.unlabeled 0 } repeat 2 }';
    expect(errorsOf(text)).toEqual([
      { code: 'MTL002', message: "expected ',' or ')', found 'data'", line: 1, column: 56 },
    ]);
    const [baseline, repeat] = (parse(text, 't.mtl').ast.declarations[0] as SweepDecl).items;
    expect(withoutSpans((baseline as SweepOverrides).overrides.at(-1))).toEqual({
      kind: 'SweepOverride',
      path: { kind: 'SettingPath', parts: [id('data'), id('unlabeled')] },
      value: num('0'),
    });
    expect(repeat?.kind).toBe('SweepRepeat');
  });

  it('reports two values without a comma in a vary list', () => {
    expect(errorsOf('sweep s { vary reconstruct.noise [mask(0.1) none] }')).toEqual([
      { code: 'MTL002', message: "expected ',' or ']', found 'none'", line: 1, column: 45 },
    ]);
  });

  it('says what a value may be when it is missing', () => {
    expect(errorsOf('sweep s { baseline { reconstruct.noise } }')[0]?.message).toBe(
      "expected a value (an expression, a name, mask(0.1), sgd(momentum: 0.9), tied sigmoid or schedule NAME(…)), found '}'",
    );
  });
});
