import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeActionRequest, type Diagnostic } from 'vscode-languageserver-protocol/node';
import {
  type LspClient,
  positionOfText,
  startLspClient,
  type TempWorkspace,
  tempWorkspace,
} from '../harness/lsp.js';
import { experimentMtl, networksMtl } from './fixtures.js';

let ws: TempWorkspace;
let client: LspClient;

beforeAll(async () => {
  ws = tempWorkspace({ 'networks.mtl': networksMtl, 'exp.mtl': experimentMtl });
  client = await startLspClient({ rootDir: ws.dir });
});
afterAll(async () => {
  await client?.stop();
  ws?.remove();
});

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);
const says = (d: Diagnostic, word: string) =>
  (typeof d.message === 'string' ? d.message : d.message.value).includes(word);

describe('diagnostics', () => {
  it('publishes the checker diagnostics of an opened file, with 0-based ranges, severity, source and code', async () => {
    const uri = ws.uri('broken.mtl');
    const text = 'network n {\n  input 784\n  dense h1 50 sigmodi\n  output y 10 softmax\n}\n';
    client.open(uri, text);
    const ds = await client.diagnostics(uri, (d) => d.length > 0);
    const bad = ds.find((d) => says(d, 'sigmodi'));
    expect(bad).toMatchObject({
      range: { start: positionOfText(text, 'sigmodi'), end: positionOfText(text, 'sigmodi', { delta: 7 }) },
      severity: 1,
      source: 'mtl',
      code: 'MTL020',
      data: { suggestions: expect.arrayContaining(['sigmoid']) },
    });
  });

  it('re-checks on every change: a fix clears the diagnostic, a new error appears where it is', async () => {
    const uri = ws.uri('broken.mtl');
    const fixed = 'network n {\n  input 784\n  dense h1 50 sigmoid\n  output y 10 softmax\n}\n';
    client.change(uri, fixed, 2);
    expect(codes(await client.diagnostics(uri, (d) => !codes(d).includes('MTL020')))).not.toContain('MTL020');

    const broken = 'network n {\n  input 784\n  dense h1 50 sigmoid\n  output y 10 softmaxx\n}\n';
    client.change(uri, broken, 3);
    const ds = await client.diagnostics(uri, (d) => codes(d).includes('MTL020'));
    expect(ds.find((d) => d.code === 'MTL020')?.range.start).toEqual(positionOfText(broken, 'softmaxx'));
  });

  it('offers the suggestions of a diagnostic as quick fixes replacing its range', async () => {
    const uri = ws.uri('broken.mtl');
    const broken = 'network n {\n  input 784\n  dense h1 50 sigmodi\n  output y 10 softmax\n}\n';
    client.change(uri, broken, 4);
    const ds = await client.diagnostics(uri, (d) => d.some((x) => says(x, 'sigmodi')));
    const diagnostic = ds.find((d) => says(d, 'sigmodi'))!;
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const fix = actions?.find((a) => 'title' in a && a.title.includes("'sigmoid'"));
    expect(fix).toMatchObject({
      kind: 'quickfix',
      isPreferred: true,
      edit: { changes: { [uri]: [{ range: diagnostic.range, newText: 'sigmoid' }] } },
    });
  });

  it('a clean experiment importing a clean file has no errors', async () => {
    client.open(ws.uri('exp.mtl'), experimentMtl);
    const ds = await client.diagnostics(ws.uri('exp.mtl'));
    expect(ds.filter((d) => d.severity === 1)).toEqual([]);
  });

  it('editing an imported file re-checks the open files that import it', async () => {
    const networks = ws.uri('networks.mtl');
    client.open(networks, networksMtl);
    await client.diagnostics(networks);
    // nn3 loses its h2: the experiment's `reconstruct h1, h2` now names a layer that is not there.
    const edited = networksMtl.replace('  dense h2 60 sigmoid\n', '');
    client.change(networks, edited, 2);
    const ds = await client.diagnostics(ws.uri('exp.mtl'), (d) => d.some((x) => x.code === 'MTL050'));
    const missing = ds.find((d) => d.code === 'MTL050')!;
    expect(missing.range.start).toEqual(positionOfText(experimentMtl, 'h2'));

    client.change(networks, networksMtl, 3);
    const again = await client.diagnostics(ws.uri('exp.mtl'), (d) => !d.some((x) => x.code === 'MTL050'));
    expect(codes(again)).not.toContain('MTL050');
  });

  it('publishes the problems of an unopened imported file under its own URI, until no open file imports it', async () => {
    ws.write('bad-net.mtl', 'network bad { input 784  dense h1 50 sigmodi  output y 10 softmax }\n');
    const importer = ws.uri('uses-bad.mtl');
    const published = client.diagnostics(ws.uri('bad-net.mtl'), (d) => d.length > 0);
    client.open(importer, 'import "bad-net.mtl"\n');
    expect(codes(await published)).toContain('MTL020');
    const cleared = client.diagnostics(ws.uri('bad-net.mtl'), (d) => d.length === 0);
    client.close(importer);
    expect(await cleared).toEqual([]);
  });

  it('closing a file clears its diagnostics', async () => {
    const uri = ws.uri('broken.mtl');
    const cleared = client.nextDiagnostics(uri);
    client.close(uri);
    expect((await cleared).diagnostics).toEqual([]);
  });
});
