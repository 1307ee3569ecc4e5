import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentSymbolRequest,
  HoverRequest,
  ReferencesRequest,
  RenameRequest,
} from 'vscode-languageserver-protocol/node';
import { type LspClient, startLspClient, type TempWorkspace, tempWorkspace } from '../harness/lsp.js';
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

/** The server still answers a real request. */
async function stillAlive(): Promise<void> {
  const uri = ws.uri('alive.mtl');
  client.open(uri, 'network n { input 1 output y 2 softmax }\n');
  const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
  expect(symbols).toHaveLength(1);
  client.close(uri);
}

describe('robustness', () => {
  it('answers malformed requests without dying', async () => {
    const bad: [string, unknown][] = [
      ['textDocument/hover', {}],
      ['textDocument/hover', { textDocument: { uri: 42 }, position: { line: 'x' } }],
      ['textDocument/completion', null],
      ['textDocument/definition', { textDocument: {}, position: { line: -5, character: -1 } }],
      [
        'textDocument/references',
        { textDocument: { uri: 'untitled:x' }, position: { line: 0, character: 0 } },
      ],
      ['textDocument/documentSymbol', { textDocument: { uri: 'not a uri' } }],
      ['textDocument/formatting', { textDocument: { uri: ws.uri('nope.mtl') } }],
      [
        'textDocument/codeAction',
        { textDocument: { uri: ws.uri('exp.mtl') }, context: { diagnostics: [{ data: 7 }] } },
      ],
      [
        'textDocument/rename',
        { textDocument: { uri: ws.uri('exp.mtl') }, position: { line: 0, character: 0 } },
      ],
    ];
    for (const [method, params] of bad) {
      await client.connection.sendRequest(method, params).catch(() => undefined);
    }
    // Notifications about documents the server never saw, or with missing fields.
    client.change(ws.uri('never-opened.mtl'), 'network', 3);
    client.close(ws.uri('never-opened.mtl'));
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: ws.uri('x.mtl') },
    });
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: 7, type: 2 }],
    });
    await stillAlive();
  });

  it('unknown documents and positions past the end', async () => {
    const unknown = {
      textDocument: { uri: ws.uri('missing/never.mtl') },
      position: { line: 3, character: 4 },
    };
    expect(await client.connection.sendRequest(HoverRequest.type, unknown)).toBeNull();
    expect(await client.connection.sendRequest(DefinitionRequest.type, unknown)).toBeNull();
    const uri = ws.uri('exp.mtl');
    client.open(uri, experimentMtl);
    const past = { textDocument: { uri }, position: { line: 9999, character: 9999 } };
    await client.connection.sendRequest(HoverRequest.type, past);
    await client.connection.sendRequest(CompletionRequest.type, past);
    await client.connection.sendRequest(ReferencesRequest.type, {
      ...past,
      context: { includeDeclaration: true },
    });
    const longLine = { textDocument: { uri }, position: { line: 0, character: 500 } };
    await client.connection.sendRequest(DefinitionRequest.type, longLine);
    await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    });
    await stillAlive();
  });

  it('half-typed documents: every prefix of a spec gets diagnostics, completion and hover', async () => {
    const uri = ws.uri('typing.mtl');
    client.open(uri, '', 1);
    let version = 2;
    // Every 7th prefix of the experiment, as if typed: the server must answer each request
    // and publish diagnostics for each version, each inside the text of that version.
    const prefixes: { version: number; text: string }[] = [];
    for (let end = 1; end <= experimentMtl.length; end += 7) {
      const text = experimentMtl.slice(0, end);
      const current = version++;
      prefixes.push({ version: current, text });
      client.change(uri, text, current);
      const lines = text.split('\n');
      const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
      const items = await client.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri },
        position,
      });
      expect(items).not.toBeNull();
      await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      while (!client.published(uri).some((p) => p.version === current)) await client.nextDiagnostics(uri);
    }
    for (const { version: v, text } of prefixes) {
      const publication = client.published(uri).find((p) => p.version === v)!;
      const lines = text.split('\n');
      for (const d of publication.diagnostics) {
        expect(d.range.end.line, `version ${v}: ${d.message}`).toBeLessThan(lines.length);
        expect(d.range.start.character).toBeLessThanOrEqual(lines[d.range.start.line].length);
      }
      // Cut inside the experiment's braces, a prefix cannot be a whole spec: it has an error.
      const open = text.split('{').length - text.split('}').length;
      if (text.includes('experiment') && open > 0) {
        expect(
          publication.diagnostics.some((d) => d.severity === 1),
          `version ${v} ends in '${text.slice(-20)}'`,
        ).toBe(true);
      }
    }
    // The whole text, typed to the end, checks without errors.
    client.change(uri, experimentMtl, version);
    while (!client.published(uri).some((p) => p.version === version)) await client.nextDiagnostics(uri);
    const whole = client.published(uri).find((p) => p.version === version)!;
    expect(whole.diagnostics.filter((d) => d.severity === 1)).toEqual([]);
    version++;
    await client.connection
      .sendRequest(RenameRequest.type, {
        textDocument: { uri },
        position: { line: 2, character: 12 },
        newName: 'x',
      })
      .catch(() => undefined);
    await stillAlive();
    expect(client.process.exitCode).toBeNull();
    // No feature threw on any prefix (a caught throw is logged as "… failed: …").
    expect(client.logs.filter((line) => line.includes('failed'))).toEqual([]);
  });
});
