import { describe, expect, it } from 'vitest';
import type { ExperimentDecl, SweepDecl, TrainBlock } from '../../src/syntax/ast.js';
import { id, name, num, parseOk, withoutSpans } from '../harness/syntax.js';

function experiment(body: string): ExperimentDecl {
  const [decl] = parseOk(`experiment e { ${body} }`).declarations;
  return decl as ExperimentDecl;
}

function firstItem(body: string): unknown {
  return withoutSpans(experiment(body).items[0]);
}

function trainItems(body: string): unknown {
  return withoutSpans((experiment(`train { ${body} }`).items[0] as TrainBlock).items);
}

function sweep(body: string): SweepDecl {
  return parseOk(`sweep s { ${body} }`).declarations[0] as SweepDecl;
}

describe('top level', () => {
  it('reads imports and declarations', () => {
    const ast = parseOk('import "networks.mtl"\nimport "a/b.mtl"; network n {} experiment e {} sweep s {}');
    expect(ast.imports.map((i) => i.path)).toEqual(['networks.mtl', 'a/b.mtl']);
    expect(ast.declarations.map((d) => [d.kind, d.name.name])).toEqual([
      ['Network', 'n'],
      ['Experiment', 'e'],
      ['Sweep', 's'],
    ]);
  });

  it('resolves escapes in import paths', () => {
    expect(parseOk('import "a\\"b\\\\c.mtl"').imports[0].path).toBe('a"b\\c.mtl');
  });

  it('keeps comments, line and block, in order', () => {
    const ast = parseOk('// one\nnetwork n { /* two\n lines */ }');
    expect(ast.comments.map((c) => [c.text, c.block])).toEqual([
      ['// one', false],
      ['/* two\n lines */', true],
    ]);
  });

  it('accepts keyword-looking names where a name goes', () => {
    const ast = parseOk('network data { input 1 dense weights 5 relu output train 2 softmax }');
    const net = ast.declarations[0];
    expect(net.name.name).toBe('data');
    expect(net.kind === 'Network' && net.layers.map((l) => l.name.name)).toEqual(['weights', 'train']);
  });
});

describe('networks', () => {
  it('reads input, dense and output layers', () => {
    const [net] = parseOk('network nn1 { input 784  dense h1 50 sigmoid  output y 10 softmax }').declarations;
    expect(withoutSpans(net)).toEqual({
      kind: 'Network',
      name: id('nn1'),
      input: { kind: 'Input', size: num('784') },
      layers: [
        { kind: 'Layer', role: 'dense', name: id('h1'), units: num('50'), activation: id('sigmoid') },
        { kind: 'Layer', role: 'output', name: id('y'), units: num('10'), activation: id('softmax') },
      ],
    });
  });

  it('takes an unknown activation as a name (the checker rejects it)', () => {
    const [net] = parseOk('network n { input 1 dense h 2 sigmoud }').declarations;
    expect(net.kind === 'Network' && net.layers[0].activation?.name).toBe('sigmoud');
  });

  it('reads a network reference and an inline network in an experiment', () => {
    expect(firstItem('network nn3')).toEqual({ kind: 'NetworkRef', name: id('nn3') });
    expect(firstItem('network { input 4; output y 2 softmax; }')).toEqual({
      kind: 'InlineNetwork',
      input: { kind: 'Input', size: num('4') },
      layers: [{ kind: 'Layer', role: 'output', name: id('y'), units: num('2'), activation: id('softmax') }],
    });
  });
});

describe('data', () => {
  it('reads mnist settings as expressions', () => {
    expect(firstItem('data mnist { labeled 1000 unlabeled 50000 - 1000 validation 10000; seed 1 }')).toEqual({
      kind: 'Data',
      source: id('mnist'),
      settings: [
        { kind: 'Setting', key: id('labeled'), value: num('1000') },
        {
          kind: 'Setting',
          key: id('unlabeled'),
          value: { kind: 'Binary', operator: '-', left: num('50000'), right: num('1000') },
        },
        { kind: 'Setting', key: id('validation'), value: num('10000') },
        { kind: 'Setting', key: id('seed'), value: num('1') },
      ],
    });
  });

  it('reads idx file paths as strings', () => {
    const item = firstItem(
      'data idx { train_images "a" train_labels "b" test_images "c" test_labels "d" labeled 10 }',
    ) as { settings: { key: { name: string }; value: unknown }[] };
    expect(item.settings.map((s) => [s.key.name, s.value])).toEqual([
      ['train_images', { kind: 'String', value: 'a' }],
      ['train_labels', { kind: 'String', value: 'b' }],
      ['test_images', { kind: 'String', value: 'c' }],
      ['test_labels', { kind: 'String', value: 'd' }],
      ['labeled', num('10')],
    ]);
  });
});

describe('reconstruct', () => {
  it('reads layers and every setting', () => {
    const item = firstItem(
      'reconstruct h1, h2 { noise mask(0.25) decoder tied sigmoid cost squared_error sum gradient through weight 0.5 }',
    );
    expect(item).toEqual({
      kind: 'Reconstruct',
      layers: [id('h1'), id('h2')],
      settings: [
        {
          kind: 'Setting',
          key: id('noise'),
          value: { kind: 'CallLike', name: id('mask'), args: [{ value: num('0.25') }], hasParens: true },
        },
        {
          kind: 'Setting',
          key: id('decoder'),
          value: { kind: 'WordList', words: [id('tied'), id('sigmoid')] },
        },
        {
          kind: 'Setting',
          key: id('cost'),
          value: { kind: 'WordList', words: [id('squared_error'), id('sum')] },
        },
        {
          kind: 'Setting',
          key: id('gradient'),
          value: { kind: 'CallLike', name: id('through'), args: [], hasParens: false },
        },
        { kind: 'Setting', key: id('weight'), value: num('0.5') },
      ],
    });
  });

  it('reads each noise form', () => {
    const noise = (text: string) =>
      (firstItem(`reconstruct h { noise ${text} }`) as { settings: { value: unknown }[] }).settings[0].value;
    expect(noise('gaussian(0.1)')).toMatchObject({ name: id('gaussian'), args: [{ value: num('0.1') }] });
    expect(noise('salt_pepper(0.2)')).toMatchObject({ name: id('salt_pepper'), hasParens: true });
    expect(noise('none')).toMatchObject({ name: id('none'), hasParens: false });
  });
});

describe('weights', () => {
  it('reads equations that refer to each other', () => {
    expect(firstItem('weights { reconstruction = exp(-t / 40) supervised = 1 - reconstruction }')).toEqual({
      kind: 'WeightsEquations',
      equations: [
        {
          kind: 'WeightEquation',
          target: id('reconstruction'),
          value: {
            kind: 'Call',
            callee: id('exp'),
            args: [
              {
                kind: 'Binary',
                operator: '/',
                left: { kind: 'Unary', operator: '-', operand: name('t') },
                right: num('40'),
              },
            ],
          },
        },
        {
          kind: 'WeightEquation',
          target: id('supervised'),
          value: { kind: 'Binary', operator: '-', left: num('1'), right: name('reconstruction') },
        },
      ],
    });
  });

  it('reads named schedules with and without arguments', () => {
    expect(firstItem('weights schedule stairs(100)')).toEqual({
      kind: 'WeightsSchedule',
      schedule: { kind: 'ScheduleRef', name: id('stairs'), args: [num('100')], hasParens: true },
    });
    expect(firstItem('weights schedule supervised_only')).toEqual({
      kind: 'WeightsSchedule',
      schedule: { kind: 'ScheduleRef', name: id('supervised_only'), args: [], hasParens: false },
    });
  });
});

describe('train', () => {
  it('reads numbers, optimizer, lr, every settings and a joint order', () => {
    expect(
      trainItems(
        'epochs 10 batch 600 optimizer sgd(momentum: 0.9) lr = 0.1 seed 7 evaluate every 5 checkpoint every 50 order joint',
      ),
    ).toEqual([
      { kind: 'Setting', key: id('epochs'), value: num('10') },
      { kind: 'Setting', key: id('batch'), value: num('600') },
      {
        kind: 'Setting',
        key: id('optimizer'),
        value: {
          kind: 'CallLike',
          name: id('sgd'),
          args: [{ label: id('momentum'), value: num('0.9') }],
          hasParens: true,
        },
      },
      { kind: 'Lr', value: num('0.1') },
      { kind: 'Setting', key: id('seed'), value: num('7') },
      { kind: 'Every', what: 'evaluate', every: num('5') },
      { kind: 'Every', what: 'checkpoint', every: num('50') },
      { kind: 'Order', mode: id('joint'), steps: [] },
    ]);
  });

  it('reads an alternate order with steps and a per-step lr', () => {
    expect(
      trainItems('order alternate { step reconstruction on batch; step supervised on labeled lr = 0.5 }'),
    ).toEqual([
      {
        kind: 'Order',
        mode: id('alternate'),
        steps: [
          { kind: 'Step', objective: id('reconstruction'), rows: id('batch') },
          { kind: 'Step', objective: id('supervised'), rows: id('labeled'), lr: num('0.5') },
        ],
      },
    ]);
  });

  it('gives the lr keyword its own span', () => {
    const text = 'experiment e { train { lr = 1 } }';
    const train = parseOk(text).declarations[0] as ExperimentDecl;
    const lr = (train.items[0] as TrainBlock).items[0];
    expect(lr.kind === 'Lr' && text.slice(lr.keyword.start, lr.keyword.end)).toBe('lr');
  });
});

describe('sweeps', () => {
  it('reads base, vary, overrides and repeat', () => {
    const s = sweep(`base nn1_exp40
      vary data.labeled [100, 1000]
      vary weights [schedule stairs(100), schedule lin]
      vary network [nn1, nn2]
      baseline { weights schedule supervised_only  data.unlabeled 0 }
      control { weights schedule supervised_only }
      repeat 3`);
    expect(withoutSpans(s.items)).toEqual([
      { kind: 'SweepBase', experiment: id('nn1_exp40') },
      {
        kind: 'SweepVary',
        path: { kind: 'SettingPath', parts: [id('data'), id('labeled')] },
        values: [num('100'), num('1000')],
      },
      {
        kind: 'SweepVary',
        path: { kind: 'SettingPath', parts: [id('weights')] },
        values: [
          {
            kind: 'WeightsSchedule',
            schedule: { kind: 'ScheduleRef', name: id('stairs'), args: [num('100')], hasParens: true },
          },
          {
            kind: 'WeightsSchedule',
            schedule: { kind: 'ScheduleRef', name: id('lin'), args: [], hasParens: false },
          },
        ],
      },
      {
        kind: 'SweepVary',
        path: { kind: 'SettingPath', parts: [id('network')] },
        values: [name('nn1'), name('nn2')],
      },
      {
        kind: 'SweepOverrides',
        which: 'baseline',
        overrides: [
          {
            kind: 'SweepOverride',
            path: { kind: 'SettingPath', parts: [id('weights')] },
            value: {
              kind: 'WeightsSchedule',
              schedule: { kind: 'ScheduleRef', name: id('supervised_only'), args: [], hasParens: false },
            },
          },
          {
            kind: 'SweepOverride',
            path: { kind: 'SettingPath', parts: [id('data'), id('unlabeled')] },
            value: num('0'),
          },
        ],
      },
      {
        kind: 'SweepOverrides',
        which: 'control',
        overrides: [expect.objectContaining({ kind: 'SweepOverride' })],
      },
      { kind: 'SweepRepeat', count: num('3') },
    ]);
  });

  it('reads a vary value that is an expression over another varied name', () => {
    const vary = sweep('vary data.unlabeled [0, 50000 - labeled]').items[0];
    expect(vary.kind === 'SweepVary' && withoutSpans(vary.values[1])).toEqual({
      kind: 'Binary',
      operator: '-',
      left: num('50000'),
      right: name('labeled'),
    });
  });
});
