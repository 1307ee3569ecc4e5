// The `mtl` command line as a new user meets it: one parser for every verb
// (and for generated trainers), "did you mean", `mtl help VERB`, --version,
// colour by NO_COLOR/FORCE_COLOR, consistent exit codes, a trainer compiled
// anywhere, --limit on the shipped specs, and a backend that will not load.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/check.js';
import { main } from '../../src/cli/main.js';
import { runCommand } from '../../src/cli/run.js';
import { captureIo, smallSpec, tempTree } from '../harness/codegen.js';

const root = path.resolve(import.meta.dirname, '../..');
const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string })
  .version;

async function mtl(argv: readonly string[], cwd = root) {
  const { io, stdout, stderr } = captureIo(cwd);
  const code = await main(argv, io);
  return { code, stdout: stdout(), stderr: stderr() };
}

describe('one parser, one kind of message', () => {
  it('suggests the verb meant', async () => {
    expect(await mtl(['chek', 'specs'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "mtl: unknown command 'chek'; did you mean 'check'?\nRun 'mtl --help' for the list of commands.\n",
    });
  });

  it('suggests the flag meant, and says what a bad value should be', async () => {
    expect((await mtl(['run', 'specs/quickstart.mtl', '--epoch', '3'])).stderr).toBe(
      "mtl run: unknown option '--epoch'; did you mean --epochs?\nRun 'mtl help run' for usage.\n",
    );
    expect(await mtl(['run', 'specs/quickstart.mtl', '--epochs', '-1'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "mtl run: --epochs needs a positive integer, got '-1'\nRun 'mtl help run' for usage.\n",
    });
    expect((await mtl(['check', '--fromat', 'json', 'specs'])).stderr).toMatch(
      /^mtl check: unknown option '--fromat'; did you mean --format\?\n/,
    );
  });

  it('`mtl help VERB` prints the verb usage, the same as VERB --help', async () => {
    for (const verb of ['check', 'fmt', 'compile', 'run', 'lsp']) {
      const help = await mtl(['help', verb]);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: mtl ${verb} \\[options\\]`));
      expect((await mtl([verb, '--help'])).stdout).toBe(help.stdout);
    }
    const run = (await mtl(['help', 'run'])).stdout;
    for (const flag of [
      '--experiment <NAME>',
      '--epochs <N>',
      '--backend <B>',
      '--out <DIR>',
      '--resume',
      '--fresh',
      '--keep-checkpoints <K>',
      '--limit <N>',
      '--quiet',
    ]) {
      expect(run).toContain(flag);
    }
    expect((await mtl(['help', 'rnu'])).stderr).toMatch(/^mtl: unknown command 'rnu'; did you mean 'run'\?/);
  });

  it('sweep and worker take the same parser: did you mean, help, bad values', async () => {
    expect((await mtl(['sweep', 'specs/sweep_quick.mtl', '--epoch', '2'])).stderr).toBe(
      "mtl sweep: unknown option '--epoch'; did you mean --epochs?\nRun 'mtl help sweep' for usage.\n",
    );
    expect(await mtl(['sweep', 'specs/sweep_quick.mtl', '--workers', '0'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "mtl sweep: --workers needs a positive integer, got '0'\nRun 'mtl help sweep' for usage.\n",
    });
    expect((await mtl(['worker', '--concurency', '2'])).stderr).toMatch(
      /^mtl worker: unknown option '--concurency'; did you mean --concurrency\?\nRun 'mtl help worker'/,
    );
    for (const verb of ['sweep', 'worker']) {
      const help = await mtl(['help', verb]);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: mtl ${verb} `));
      expect(help.stdout).toContain('--queue <URL>');
      expect((await mtl([verb, '--help'])).stdout).toBe(help.stdout);
    }
  });

  it('runs, report and each plot chart suggest the flag meant, in the same form', async () => {
    const cases: [string[], string][] = [
      [
        ['runs', '--stauts', 'done'],
        "mtl runs: unknown option '--stauts'; did you mean --status?\nRun 'mtl help runs'",
      ],
      [
        ['report', 'grid', '--fromat', 'csv'],
        "mtl report: unknown option '--fromat'; did you mean --format?\nRun 'mtl help report'",
      ],
      [
        ['plot', 'weights', 'specs/quickstart.mtl', '--experimnt', 'quickstart', '-o', 'x.svg'],
        "mtl plot weights: unknown option '--experimnt'; did you mean --experiment?\nRun 'mtl plot weights --help'",
      ],
      [
        ['plot', 'curves', 'runs/x', '--outt', 'x.svg'],
        "mtl plot curves: unknown option '--outt'; did you mean --out?\n",
      ],
      [
        ['plot', 'sweep', 'grid', '--schedule', '-o', 'x.svg'],
        "mtl plot sweep: unknown option '--schedule'; did you mean --schedules?\n",
      ],
      [
        ['plot', 'wieghts', 'x.mtl'],
        "mtl plot: unknown chart 'wieghts'; did you mean 'weights'?\nRun 'mtl help plot'",
      ],
      [
        ['runs', '--format', 'xml'],
        "mtl runs: --format must be text or json, got 'xml'\nRun 'mtl help runs' for usage.\n",
      ],
      [
        ['plot', 'weights', 'specs/quickstart.mtl', '--until', '0', '-o', 'x.svg'],
        "mtl plot weights: --until needs a positive integer, got '0'\n",
      ],
      [
        ['plot', 'weights', 'specs/quickstart.mtl'],
        'mtl plot weights: expected -o OUT.svg, OUT.png or OUT.html\n',
      ],
    ];
    for (const [argv, message] of cases) {
      const result = await mtl(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.startsWith(message), result.stderr).toBe(true);
    }
  });

  it('`mtl help runs|report|plot` print their usage, the same as --help', async () => {
    for (const [verb, flags] of [
      ['runs', ['--sweep <NAME>', '--status <S>', '--store <PATH>', '--format <F>']],
      ['report', ['--format <F>', '--store <PATH>', '-o, --out <FILE>']],
    ] as const) {
      const help = await mtl(['help', verb]);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: mtl ${verb} \\[options\\]`));
      for (const flag of flags) expect(help.stdout).toContain(flag);
      expect((await mtl([verb, '--help'])).stdout).toBe(help.stdout);
    }
    const plot = await mtl(['help', 'plot']);
    expect(plot.code).toBe(0);
    expect(plot.stdout).toMatch(/^Usage: mtl plot <chart> \[options\]\n/);
    for (const chart of ['weights', 'curves', 'sweep']) {
      expect(plot.stdout).toMatch(new RegExp(`^  ${chart} `, 'm'));
      const usage = (await mtl(['plot', chart, '--help'])).stdout;
      expect(usage).toMatch(new RegExp(`^Usage: mtl plot ${chart} \\[options\\]`));
      expect(plot.stdout).toContain(usage);
    }
    for (const flag of [
      '--experiment <NAME...>',
      '--lr',
      '--until <N>',
      '--store <PATH>',
      '--schedules',
      '-o, --out <FILE>',
    ]) {
      expect(plot.stdout).toContain(flag);
    }
    expect((await mtl(['plot', '--help'])).stdout).toBe(plot.stdout);
  });

  it('lists --version in the help and prints the package version', async () => {
    expect((await mtl(['--help'])).stdout).toContain("-v, --version  print mtl's version");
    expect((await mtl(['--help'])).stdout).toContain("help     show a command's options: mtl help <command>");
    expect(await mtl(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('a generated trainer takes the same flags with the same messages', () => {
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const trainer = spawnSync(process.execPath, [tsx, 'generated/quickstart.ts', '--epoch', '3'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(trainer.status).toBe(2);
    expect(trainer.stderr).toBe(
      "npx tsx generated/quickstart.ts: unknown option '--epoch'; did you mean --epochs?\n" +
        "Run 'npx tsx generated/quickstart.ts --help' for usage.\n",
    );
  });
});

describe('colour', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env.NO_COLOR = saved.NO_COLOR;
    process.env.FORCE_COLOR = saved.FORCE_COLOR;
    if (saved.NO_COLOR === undefined) delete process.env.NO_COLOR;
    if (saved.FORCE_COLOR === undefined) delete process.env.FORCE_COLOR;
  });
  const checkOutput = async (tty: boolean) => {
    const dir = tempTree({ 'bad.mtl': 'network n { input 4 dense h 3 sigmod output y 2 softmax }\n' });
    let out = '';
    const io = {
      cwd: dir,
      stdout: { write: (t: string) => (out += t), isTTY: tty },
      stderr: { write: () => 0 },
    };
    expect(await checkCommand(['bad.mtl'], io)).toBe(1);
    return out;
  };

  it('NO_COLOR turns colour off on a terminal; FORCE_COLOR turns it on in a pipe', async () => {
    delete process.env.NO_COLOR;
    delete process.env.FORCE_COLOR;
    expect(await checkOutput(true)).toContain('\x1b[');
    expect(await checkOutput(false)).not.toContain('\x1b[');
    process.env.NO_COLOR = '1';
    expect(await checkOutput(true)).not.toContain('\x1b[');
    delete process.env.NO_COLOR;
    process.env.FORCE_COLOR = '1';
    expect(await checkOutput(false)).toContain('\x1b[');
  });

  it('vitest honours NO_COLOR in its logs (what CI sets)', () => {
    const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
    const { FORCE_COLOR: _unset, ...env } = process.env;
    // Its own JSON report goes elsewhere, so the report of the run around this one is left alone.
    const report = path.join(tempTree({}), 'report.json');
    const run = spawnSync(
      process.execPath,
      [
        vitest,
        'run',
        'test/runtime/prng.test.ts',
        '--reporter=default',
        '--reporter=json',
        `--outputFile=${report}`,
      ],
      { cwd: root, env: { ...env, NO_COLOR: '1' }, encoding: 'utf8' },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('passed');
    expect(run.stdout + run.stderr).not.toContain('\x1b[');
  });
});

describe('consistent exit codes and messages', () => {
  it('a folder given to run or compile is named as a folder, exit 2', async () => {
    for (const verb of ['run', 'compile']) {
      expect(await mtl([verb, 'specs'])).toEqual({
        code: 2,
        stdout: '',
        stderr: `mtl ${verb}: specs is a folder; name one .mtl file in it\n`,
      });
    }
  });

  it('a file without experiments: run and compile both exit 2 and say so', async () => {
    const dir = tempTree({ 'nets.mtl': 'network n { input 784 dense h1 50 sigmoid output y 10 softmax }\n' });
    for (const [verb, what] of [
      ['run', 'train'],
      ['compile', 'compile'],
    ]) {
      expect(await mtl([verb!, 'nets.mtl'], dir)).toEqual({
        code: 2,
        stdout: '',
        stderr: `mtl ${verb}: nets.mtl declares no experiment; nothing to ${what}\n`,
      });
    }
  });
});

describe('a trainer compiled outside the repository', () => {
  it('is written beside its spec and runs with `npx tsx FILE.ts` in a CommonJS project', async () => {
    const project = tempTree({
      'package.json': '{ "name": "user-project", "private": true }\n',
      'experiments/small.mtl': smallSpec('small'),
    });
    mkdirSync(path.join(project, 'node_modules'));
    symlinkSync(root, path.join(project, 'node_modules', 'mtlc'), 'dir');
    const compiled = await mtl(['compile', 'experiments/small.mtl'], project);
    expect(compiled).toEqual({ code: 0, stdout: 'wrote experiments/small.ts\n', stderr: '' });
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const help = spawnSync(process.execPath, [tsx, 'experiments/small.ts', '--help'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(help.stderr).toBe('');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npx tsx experiments\/small\.ts \[options\]\n/);
  });
});

describe('--limit on the shipped specs', () => {
  it('scales the split to the images read, and says so', async () => {
    const out = tempTree({});
    const { io, stderr } = captureIo(root);
    const argv = [
      'specs/quickstart.mtl',
      '--limit',
      '500',
      '--epochs',
      '1',
      '--backend',
      'cpu',
      '--out',
      out,
    ];
    expect(await runCommand(argv, io)).toBe(0);
    expect(stderr()).toContain(
      "note: --limit 500 leaves 500 training images, fewer than the split's 20000; scaled by 0.025 to labeled 75, " +
        'unlabeled 175, validation 250 (the spec says 3000, 7000, 10000)\n',
    );
    expect(stderr()).toContain('mtl: quickstart on the cpu backend, 1 epoch, 75 labeled + 175 unlabeled');
  });
});

const hasTfjsNode = (() => {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
})();

describe('a backend that cannot load', () => {
  it.runIf(!hasTfjsNode)('--backend tensorflow gives the reason and how to install it', async () => {
    const dir = tempTree({ 's.mtl': smallSpec('s') });
    const run = await mtl(['run', 's.mtl', '--backend', 'tensorflow', '--quiet', '--out', 'r'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^mtl run: the 'tensorflow' backend could not be loaded \(Cannot find (package|module) '@tensorflow\/tfjs-node'.*\); it comes from @tensorflow\/tfjs-node, an optional dependency .* `npm install @tensorflow\/tfjs-node@4\.22\.0` .* \(--backend wasm\)\n$/,
    );
  });
});
