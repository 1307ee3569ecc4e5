// The language server against what a real editor (or a hostile file) sends:
// device files in imports, CR-only line ends, floods of diagnostics, a
// malformed didOpen, and formatting a file without a final newline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  type Range,
} from 'vscode-languageserver-protocol/node';
import { fmtCommand } from '../../src/cli/fmt.js';
import { captureIo } from '../harness/codegen.js';
import { type LspClient, startLspClient, type TempWorkspace, tempWorkspace } from '../harness/lsp.js';

let ws: TempWorkspace;
let client: LspClient;

beforeAll(async () => {
  ws = tempWorkspace({});
  client = await startLspClient({ rootDir: ws.dir });
});
afterAll(async () => {
  await client?.stop();
  ws?.remove();
});

const isValidRange = (r: Range) =>
  [r.start.line, r.start.character, r.end.line, r.end.character].every((n) => Number.isInteger(n) && n >= 0);

describe('reading files', () => {
  it('refuses a device file in an import at once, with a diagnostic', async () => {
    const uri = ws.uri('zero.mtl');
    const depth = ws.dir.split('/').length;
    client.open(uri, `import "${'../'.repeat(depth)}dev/zero"\n`);
    const diagnostics = await client.diagnostics(uri, (d) => d.length > 0, 10_000);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        'MTL010',
        `cannot read imported file '${'../'.repeat(depth)}dev/zero' (resolved to /dev/zero): it is not a regular file`,
      ],
    ]);
  });

  it('resolves an absolute import as written', async () => {
    ws.write('nets/shared.mtl', 'network shared { input 784 dense h1 50 sigmoid output y 10 softmax }\n');
    const uri = ws.uri('abs.mtl');
    client.open(
      uri,
      `import "${ws.path('nets/shared.mtl')}"\nexperiment e { data mnist { labeled 100 unlabeled 100 } network shared weights schedule supervised_only train { epochs 2 batch 10 lr = 0.1 order alternate { step supervised on labeled } } }\n`,
    );
    const diagnostics = await client.diagnostics(uri, () => true, 10_000);
    expect(diagnostics.filter((d) => d.severity === 1)).toEqual([]);
  });
});

describe('positions and floods', () => {
  it('places diagnostics right in a file with CR-only line ends', async () => {
    const uri = ws.uri('cr.mtl');
    client.open(uri, 'network n {\r  input 784\r  dense h1 50 sigmod\r  output y 10 softmax\r}\r');
    const [first] = await client.diagnostics(uri, (d) => d.length > 0, 10_000);
    expect(first!.code).toBe('MTL020');
    expect(first!.range.start).toEqual({ line: 2, character: 14 });
  });

  it('publishes at most 100 diagnostics per file and one that says how many more', async () => {
    const uri = ws.uri('flood.mtl');
    client.open(uri, `${Array.from({ length: 300 }, (_, i) => `\u0001bad${i}`).join('\n')}\n`);
    const diagnostics = await client.diagnostics(uri, (d) => d.length > 0, 20_000);
    expect(diagnostics).toHaveLength(101);
    expect(diagnostics[100]!.message).toMatch(
      /^\d+ more problems in this file not shown \(the first 100 are\)/,
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking that none is left is the point.
    expect(diagnostics.every((d) => !/[\u0000-\u001f]/.test(String(d.message)))).toBe(true);
  });

  it('never publishes an invalid range, even for a didOpen whose text is not a string', async () => {
    const uri = ws.uri('not-text.mtl');
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'mtl', version: 1, text: 42 as unknown as string },
    });
    const diagnostics = await client.diagnostics(uri, () => true, 10_000);
    for (const d of diagnostics) expect(isValidRange(d.range), JSON.stringify(d.range)).toBe(true);
  });
});

/** Applies LSP text edits as a client does: lines end at \r\n, \r or \n (LSP 3.17), positions past a line clamp to its end. */
function applyEdits(text: string, edits: readonly { range: Range; newText: string }[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
  }
  const offset = (p: Range['start']) => {
    if (p.line >= starts.length) return text.length;
    const lineEnd = p.line + 1 < starts.length ? starts[p.line + 1]! : text.length;
    const content = text.slice(starts[p.line], lineEnd).replace(/\r?\n$|\r$/, '').length;
    return starts[p.line]! + Math.min(p.character, content);
  };
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  }
  return out;
}

describe('formatting a file without a final newline', () => {
  for (const [name, text] of [
    ['LF', 'network n {\n  input 784\n  dense h1 50 sigmoid\n  output y 10 softmax\n}'],
    ['CR-only', 'network n {\r  input 784\r  dense h1 50 sigmoid\r  output y 10 softmax\r}'],
  ] as const) {
    it(`${name}: the editor edit gives what \`mtl fmt\` writes, and --check agrees`, async () => {
      const file = `nofinal-${name}.mtl`;
      ws.write(file, text);
      const check = captureIo(ws.dir);
      expect(await fmtCommand(['--check', file], check.io)).toBe(1);
      expect(check.stdout()).toBe(`${file}\n`);
      const uri = ws.uri(file);
      client.open(uri, text);
      const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, {
        textDocument: { uri },
        options: { tabSize: 2, insertSpaces: true },
      });
      expect(edits).toHaveLength(1);
      const formatted = applyEdits(text, edits ?? []);
      expect(formatted).toBe('network n {\n  input 784\n  dense h1 50 sigmoid\n  output y 10 softmax\n}\n');
      ws.write(file, formatted);
      const again = captureIo(ws.dir);
      expect(await fmtCommand(['--check', file], again.io)).toBe(0);
    });
  }
});
