// Documents that are not files (an unsaved `untitled:` buffer in VS Code) get
// every feature that needs no disk: they are checked under their URI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompletionRequest,
  DefinitionRequest,
  type Diagnostic,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  HoverRequest,
  type Location,
  type MarkupContent,
  ReferencesRequest,
} from 'vscode-languageserver-protocol/node';
import {
  type LspClient,
  positionOfText,
  startLspClient,
  type TempWorkspace,
  tempWorkspace,
  withCursor,
} from '../harness/lsp.js';
import { networksMtl } from './fixtures.js';

let ws: TempWorkspace;
let client: LspClient;

beforeAll(async () => {
  ws = tempWorkspace({ 'networks.mtl': networksMtl });
  client = await startLspClient({ rootDir: ws.dir });
});
afterAll(async () => {
  await client?.stop();
  ws?.remove();
});

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

describe('an untitled document', () => {
  const uri = 'untitled:Untitled-1';
  const broken = 'network n {\n  input 784\n  dense h1 50 sigmodi\n  output y 10 softmax\n}\n';

  it('is checked: its diagnostics are published under its URI, with the right code and range', async () => {
    client.open(uri, broken);
    const ds = await client.diagnostics(uri, (d) => d.length > 0);
    expect(ds.find((d) => d.code === 'MTL020')).toMatchObject({
      range: {
        start: positionOfText(broken, 'sigmodi'),
        end: positionOfText(broken, 'sigmodi', { delta: 7 }),
      },
      severity: 1,
      source: 'mtl',
    });
  });

  it('answers completion and hover', async () => {
    const { text, position } = withCursor('network n {\n  input 784\n  dense h1 50 <|>\n}\n');
    client.change(uri, text, 2);
    const result = await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position,
    });
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['sigmoid', 'relu']));

    client.change(uri, networksMtl, 3);
    const hover = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: positionOfText(networksMtl, 'h2', { delta: 1 }),
    });
    expect((hover?.contents as MarkupContent | undefined)?.value).toContain('h2: 60 units, sigmoid, W 70×60');
  });

  it('lists its symbols and goes to definitions and references within itself', async () => {
    const text = `${networksMtl}\nexperiment e {\n  network nn3\n}\n`;
    client.change(uri, text, 4);
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri },
    })) as { name: string }[];
    expect(symbols.map((s) => s.name)).toEqual(['nn1', 'nn3', 'e']);

    const use = { textDocument: { uri }, position: positionOfText(text, 'nn3', { occurrence: 1, delta: 1 }) };
    const declaration = {
      uri,
      range: { start: positionOfText(text, 'nn3'), end: positionOfText(text, 'nn3', { delta: 3 }) },
    };
    expect(await client.connection.sendRequest(DefinitionRequest.type, use)).toEqual(declaration);
    const refs = (await client.connection.sendRequest(ReferencesRequest.type, {
      ...use,
      context: { includeDeclaration: true },
    })) as Location[];
    expect(refs.map((r) => r.uri)).toEqual([uri, uri]);
  });

  it('is formatted', async () => {
    const messy = 'network   n {input 784\n dense h1 50 sigmoid output y 10 softmax}\n';
    client.change(uri, messy, 5);
    const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(edits).toHaveLength(1);
    const { formatText } = await import('../../src/syntax/format.js');
    expect(edits?.[0].newText).toBe(formatText(messy, 'x.mtl').text);
  });

  it('a relative import cannot be resolved: MTL010 on its path, nothing read from the server’s folder', async () => {
    // The server runs in the repository, where package.json exists: it must not be read as an import.
    const text =
      'import "x.mtl"\nimport "package.json"\nnetwork n { input 784  dense h1 50 sigmoid  output y 10 softmax }\n';
    client.change(uri, text, 6);
    const ds = await client.diagnostics(uri, (d) => codes(d).includes('MTL010'));
    const missing = ds.filter((d) => d.code === 'MTL010');
    expect(missing.map((d) => d.range)).toEqual([
      { start: positionOfText(text, '"x.mtl"'), end: positionOfText(text, '"x.mtl"', { delta: 7 }) },
      {
        start: positionOfText(text, '"package.json"'),
        end: positionOfText(text, '"package.json"', { delta: 14 }),
      },
    ]);
    expect(codes(ds).every((c) => c === 'MTL010')).toBe(true);
    // Completion of import paths lists nothing (an unsaved buffer has no folder).
    const result = await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: positionOfText(text, 'x.mtl'),
    });
    expect(Array.isArray(result) ? result : (result?.items ?? [])).toEqual([]);
    expect(client.stderr()).not.toMatch(/error/i);
  });

  it('closing it clears its diagnostics', async () => {
    client.change(uri, broken, 7);
    await client.diagnostics(uri, (d) => codes(d).includes('MTL020'));
    const cleared = client.nextDiagnostics(uri);
    client.close(uri);
    expect((await cleared).diagnostics).toEqual([]);
  });

  it('leaves file documents as they were: a file importing networks.mtl is checked clean', async () => {
    const text = 'import "networks.mtl"\nexperiment e {\n  network nn3\n}\n';
    client.open(ws.uri('exp.mtl'), text);
    const ds = await client.diagnostics(ws.uri('exp.mtl'));
    expect(codes(ds)).not.toContain('MTL010');
  });
});
