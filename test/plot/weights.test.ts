import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSpec } from '../../src/cli/compile.js';
import { plotCommand } from '../../src/cli/plot.js';
import { renderSvg } from '../../src/plot/render.js';
import { weightsChart } from '../../src/plot/weights-chart.js';
import { weightsSeries } from '../../src/plot/weights-source.js';
import { captureIo, tempTree } from '../harness/codegen.js';
import { linePaths, pointCount, texts } from '../harness/plot.js';

const root = new URL('../..', import.meta.url).pathname;

function spec(name: string, weights: string, epochs = 6): string {
  return `experiment ${name} {
  data mnist { labeled 100 unlabeled 100 validation 100 seed 1 }
  network { input 784 dense h1 20 sigmoid output y 10 softmax }
  reconstruct h1 { noise mask(0.25) }
  ${weights}
  train { epochs ${epochs} batch 50 optimizer sgd lr = t < 4 ? 0.1 : 0.05 seed 7 order alternate { step reconstruction on batch step supervised on labeled } }
}
`;
}

describe('weightsChart', () => {
  it('draws λ_s and λ_r panels with one line per schedule, straight stretches reduced to their ends', async () => {
    const svg = await renderSvg(
      weightsChart([
        { label: 'ramp', lambdaS: [0, 0.5, 1], lambdaR: [1, 0.5, 0] },
        { label: 'step', lambdaS: [0, 0, 1, 1], lambdaR: [1, 1, 0, 0] },
      ]),
    );
    const words = texts(svg);
    expect(words).toEqual(
      expect.arrayContaining(['λ_s(t)', 'λ_r(t)', 'epoch t', 'schedule', 'ramp', 'step']),
    );
    expect(words).not.toContain('lr(t)');
    // Two panels × two schedules; a ramp needs its 2 ends, a step 4 corners.
    expect(linePaths(svg).map(pointCount)).toEqual([2, 4, 2, 4]);
  });

  it('adds an lr(t) panel on request and draws only the first epochs with until', async () => {
    const svg = await renderSvg(
      weightsChart([{ label: 'a', lambdaS: [0, 0.2, 0.9, 1], lambdaR: [1, 0.8, 0.1, 0], lr: [1, 1, 1, 0] }], {
        lr: true,
        until: 3,
      }),
    );
    expect(texts(svg)).toContain('lr(t)');
    expect(linePaths(svg).map(pointCount)).toEqual([3, 3, 2]);
  });
});

describe('weightsSeries', () => {
  it("takes a sweep's vary weights schedules with its base's T", () => {
    const checked = checkSpec('specs/paper/table1a.mtl', captureIo(root).io, 'plot');
    if (!checked.ok) throw new Error('table1a does not check');
    const selection = weightsSeries(checked.ir, {
      declared: checked.declared,
      wanted: [],
      source: checked.source,
    });
    if (!selection.ok) throw new Error(selection.message);
    expect(selection.series.map((s) => s.label)).toEqual(['stairs(100)', 'lin(100)', 'lin', 'exp(40)']);
    const [stairs, , lin, exp] = selection.series;
    expect(stairs!.lambdaS.length).toBe(5000);
    expect([stairs!.lambdaS[99], stairs!.lambdaS[100], stairs!.lambdaR[99]]).toEqual([0, 1, 1]);
    expect(lin!.lambdaS[2500]).toBe(0.5);
    expect(exp!.lambdaR[40]).toBeCloseTo(Math.exp(-1), 12);
    expect(exp!.lr![4600]).toBeCloseTo(0.008, 12);
  });
});

describe('mtl plot weights', () => {
  const dir = tempTree({
    'two.mtl':
      spec('stairs_run', 'weights schedule stairs(2)') +
      spec('eq_run', 'weights { supervised = t / T reconstruction = 1 - supervised }'),
  });

  it('plots every experiment of the file, labelled by name and schedule', async () => {
    const { io, stdout, stderr } = captureIo(dir);
    expect(await plotCommand(['weights', 'two.mtl', '-o', 'fig.svg'], io)).toBe(0);
    expect(stderr()).toBe('');
    expect(stdout()).toBe('fig.svg: λ_s, λ_r of 2 schedules\n');
    const svg = readFileSync(join(dir, 'fig.svg'), 'utf8');
    expect(texts(svg)).toEqual(expect.arrayContaining(['stairs_run: stairs(2)', 'eq_run']));
    // stairs(2) over 6 epochs: 4 corners; t/T: a straight line.
    expect(linePaths(svg).map(pointCount)).toEqual([4, 2, 4, 2]);
  });

  it('selects experiments, adds lr, writes PNG, and gives the same bytes every time', async () => {
    const { io, stdout } = captureIo(dir);
    const argv = ['weights', 'two.mtl', '--experiment', 'eq_run', '--lr', '-o', 'out/fig.png'];
    expect(await plotCommand(argv, io)).toBe(0);
    expect(stdout()).toBe('out/fig.png: λ_s, λ_r, lr of 1 schedule\n');
    const png = readFileSync(join(dir, 'out/fig.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(await plotCommand(argv, captureIo(dir).io)).toBe(0);
    expect(readFileSync(join(dir, 'out/fig.png')).equals(png)).toBe(true);

    expect(
      await plotCommand(['weights', 'two.mtl', '--experiment', 'eq_run', '--lr', '-o', 'a.svg'], io),
    ).toBe(0);
    const svg = readFileSync(join(dir, 'a.svg'), 'utf8');
    expect(texts(svg)).toContain('lr(t)');
    // lr = t < 4 ? 0.1 : 0.05 over 6 epochs: 4 corners.
    expect(linePaths(svg).map(pointCount)).toEqual([2, 2, 4]);

    // --experiment repeats, one value each time, before or after FILE.
    const both = captureIo(dir);
    const argvBoth = [
      'weights',
      '--experiment',
      'eq_run',
      'two.mtl',
      '--experiment',
      'stairs_run',
      '-o',
      'b.svg',
    ];
    expect(await plotCommand(argvBoth, both.io)).toBe(0);
    expect(both.stdout()).toBe('b.svg: λ_s, λ_r of 2 schedules\n');
  });

  it('reports usage mistakes with exit 2 and spec errors with exit 1', async () => {
    const cases: [string[], number, RegExp][] = [
      [['weights', 'two.mtl'], 2, /expected -o OUT\.svg, OUT\.png or OUT\.html/],
      [['weights', 'two.mtl', '-o', 'x.pdf'], 2, /must end in \.svg, \.png or \.html/],
      [
        ['weights', 'two.mtl', '--experiment', 'nope', '-o', 'x.svg'],
        2,
        /no experiment or sweep named 'nope'/,
      ],
      [['weights', 'two.mtl', '--until', '0', '-o', 'x.svg'], 2, /--until needs a positive integer/],
      [['weights', 'missing.mtl', '-o', 'x.svg'], 2, /cannot read missing\.mtl/],
      [['bars', '-o', 'x.svg'], 2, /unknown chart 'bars'/],
    ];
    for (const [argv, code, message] of cases) {
      const { io, stderr } = captureIo(dir);
      expect(await plotCommand(argv, io), argv.join(' ')).toBe(code);
      expect(stderr()).toMatch(message);
    }
    const broken = tempTree({ 'bad.mtl': spec('bad', 'weights schedule stairs(-1)') });
    const { io, stderr } = captureIo(broken);
    expect(await plotCommand(['weights', 'bad.mtl', '-o', 'x.svg'], io)).toBe(1);
    expect(stderr()).toMatch(/^bad\.mtl:\d+:\d+: error MTL061/m);
  });
});
