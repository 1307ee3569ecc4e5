import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/check.js';
import type { CliIo } from '../../src/cli/io.js';
import { spec } from '../harness/check.js';

function fakeIo(cwd: string, isTTY = false) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    cwd,
    stdout: { write: (s: string) => (out.stdout += s), isTTY },
    stderr: { write: (s: string) => (out.stderr += s) },
  };
  return { io, out };
}

async function run(argv: string[], options: { isTTY?: boolean } = {}) {
  const { io, out } = fakeIo(dir, options.isTTY);
  const code = await checkCommand(argv, io);
  return { code, ...out };
}

const NETS = 'network nn1 { input 784 dense h1 50 sigmoid dense h2 40 sigmoid output y 10 softmax }';
const dir = mkdtempSync(join(tmpdir(), 'mtl-cli-check-'));
mkdirSync(join(dir, 'specs/lib'), { recursive: true });
writeFileSync(join(dir, 'specs/good.mtl'), spec());
writeFileSync(join(dir, 'specs/warn.mtl'), spec({ weights: 'weights schedule lin(1000)' }));
writeFileSync(join(dir, 'specs/bad.mtl'), spec({ train: 'train { epochs 300 batch 100 lr = 0.01 * foo }' }));
writeFileSync(join(dir, 'specs/lib/nets.mtl'), NETS.replace('sigmoid', 'sigmod'));
writeFileSync(join(dir, 'specs/uses-lib.mtl'), `import "lib/nets.mtl"\n${spec({ networks: '' })}`);

describe('mtl check', () => {
  it('prints nothing for a clean file, a summary to stderr, and exits 0', async () => {
    expect(await run(['specs/good.mtl'])).toEqual({
      code: 0,
      stdout: '',
      stderr: '0 errors, 0 warnings in 1 file\n',
    });
  });

  it('prints FILE:LINE:COL: error CODE: message and exits 1', async () => {
    const { code, stdout, stderr } = await run(['specs/bad.mtl', 'specs/warn.mtl']);
    expect(code).toBe(1);
    expect(stdout).toBe(
      "specs/bad.mtl:7:44: error MTL070: unknown name 'foo' in lr\n" +
        'specs/warn.mtl:6:20: warning MTL202: λ_s never reaches 1: λ_s(t) = 0.299 at t = 299 (epoch 300), the last epoch\n',
    );
    expect(stderr).toBe('1 error, 1 warning in 2 files\n');
  });

  it('exits 0 with warnings only', async () => {
    expect((await run(['specs/warn.mtl'])).code).toBe(0);
  });

  it('names imported files in their diagnostics', async () => {
    const { code, stdout } = await run(['specs/uses-lib.mtl']);
    expect(code).toBe(1);
    expect(stdout).toBe(
      "specs/lib/nets.mtl:1:37: error MTL020: unknown activation 'sigmod'; did you mean 'sigmoid'?\n",
    );
  });

  it('checks every .mtl file under a directory', async () => {
    const { stderr } = await run(['specs']);
    expect(stderr).toBe('2 errors, 1 warning in 5 files\n');
  });

  it('shows a code frame under each problem on a terminal or with --frame', async () => {
    const frame =
      "specs/bad.mtl:7:44: error MTL070: unknown name 'foo' in lr\n7 |   train { epochs 300 batch 100 lr = 0.01 * foo }\n  |                                            ~~~\n";
    expect((await run(['specs/bad.mtl', '--frame'])).stdout).toBe(frame);
    const tty = (await run(['specs/bad.mtl'], { isTTY: true })).stdout;
    expect(tty).toContain('\u001b[31merror\u001b[0m');
    expect(tty).toContain('~~~');
    expect((await run(['specs/bad.mtl', '--no-frame', '--no-color'], { isTTY: true })).stdout).toBe(
      frame.split('\n')[0] + '\n',
    );
  });

  it('prints LSP-shaped JSON grouped by file with --format json', async () => {
    const { code, stdout } = await run(['--format', 'json', 'specs/bad.mtl']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual({
      files: [
        {
          file: 'specs/bad.mtl',
          uri: pathToFileURL(join(dir, 'specs/bad.mtl')).href,
          diagnostics: [
            {
              range: { start: { line: 6, character: 43 }, end: { line: 6, character: 46 } },
              severity: 1,
              code: 'MTL070',
              source: 'mtl',
              message: "unknown name 'foo' in lr",
            },
          ],
        },
      ],
    });
  });

  it('includes related information in JSON', async () => {
    writeFileSync(join(dir, 'dup.mtl'), `${NETS}\n${NETS}`);
    const { stdout } = await run(['--format=json', 'dup.mtl']);
    const [d] = JSON.parse(stdout).files[0].diagnostics;
    expect(d.relatedInformation).toEqual([
      {
        location: {
          uri: pathToFileURL(join(dir, 'dup.mtl')).href,
          range: { start: { line: 0, character: 8 }, end: { line: 0, character: 11 } },
        },
        message: "'nn1' is first declared here",
      },
    ]);
  });

  it('prints SARIF 2.1.0 with --format sarif', async () => {
    const { code, stdout } = await run(['--format', 'sarif', 'specs/bad.mtl', 'specs/warn.mtl']);
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout);
    expect(sarif.version).toBe('2.1.0');
    const [run0] = sarif.runs;
    expect(run0.tool.driver.name).toBe('mtl');
    const ids = run0.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ids).toContain('MTL070');
    expect(run0.results).toEqual([
      {
        ruleId: 'MTL070',
        ruleIndex: ids.indexOf('MTL070'),
        level: 'error',
        message: { text: "unknown name 'foo' in lr" },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'specs/bad.mtl' },
              region: { startLine: 7, startColumn: 44, endLine: 7, endColumn: 47 },
            },
          },
        ],
      },
      expect.objectContaining({ ruleId: 'MTL202', level: 'warning' }),
    ]);
  });

  it('exits 2 when it cannot run', async () => {
    expect(await run([])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: "mtl check: missing required argument 'paths'\nRun 'mtl help check' for usage.\n",
    });
    expect(await run(['specs/none.mtl'])).toMatchObject({
      code: 2,
      stderr: 'mtl check: no such file or directory: specs/none.mtl\n',
    });
    expect(await run(['--frobnicate', 'specs/good.mtl'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^mtl check: unknown option '--frobnicate'/),
    });
    expect(await run(['--format', 'xml', 'specs/good.mtl'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^mtl check: --format must be text, json or sarif, got 'xml'\n/),
    });
    mkdirSync(join(dir, 'empty'), { recursive: true });
    expect(await run(['empty'])).toMatchObject({ code: 2, stderr: 'mtl check: no .mtl files in empty\n' });
  });

  it('prints its usage with --help', async () => {
    expect(await run(['--help'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Usage: mtl check \[options\] <paths\.\.\.>\n/),
    });
  });
});
