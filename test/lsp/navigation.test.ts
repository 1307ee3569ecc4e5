import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DefinitionRequest,
  type Location,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
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

const sweepMtl = 'import "exp.mtl"\n\nsweep s {\n  base e3\n  vary network [nn1, nn3]\n  repeat 1\n}\n';

beforeAll(async () => {
  ws = tempWorkspace({ 'networks.mtl': networksMtl, 'exp.mtl': experimentMtl, 'sweep.mtl': sweepMtl });
  client = await startLspClient({ rootDir: ws.dir });
  client.open(ws.uri('exp.mtl'), experimentMtl);
  client.open(ws.uri('networks.mtl'), networksMtl);
});
afterAll(async () => {
  await client?.stop();
  ws?.remove();
});

const at = (name: string, text: string, needle: string, occurrence = 0) => ({
  textDocument: { uri: ws.uri(name) },
  position: positionOfText(text, needle, { occurrence, delta: 1 }),
});
const sorted = (locations: Location[]) =>
  [...locations].sort((a, b) => a.uri.localeCompare(b.uri) || a.range.start.line - b.range.start.line);

describe('go to definition', () => {
  it('from a network reference to its declaration in the imported file', async () => {
    const result = (await client.connection.sendRequest(
      DefinitionRequest.type,
      at('exp.mtl', experimentMtl, 'nn3'),
    )) as Location;
    expect(result).toEqual({
      uri: ws.uri('networks.mtl'),
      range: {
        start: positionOfText(networksMtl, 'nn3'),
        end: positionOfText(networksMtl, 'nn3', { delta: 3 }),
      },
    });
  });

  it('from a reconstruct layer to the layer of the experiment’s network', async () => {
    const result = (await client.connection.sendRequest(
      DefinitionRequest.type,
      at('exp.mtl', experimentMtl, 'h2'),
    )) as Location;
    expect(result.uri).toBe(ws.uri('networks.mtl'));
    expect(result.range.start).toEqual(positionOfText(networksMtl, 'h2'));
  });

  it('from a sweep base to its experiment (a file that is not open)', async () => {
    const result = (await client.connection.sendRequest(
      DefinitionRequest.type,
      at('sweep.mtl', sweepMtl, 'e3'),
    )) as Location;
    expect(result).toMatchObject({
      uri: ws.uri('exp.mtl'),
      range: { start: positionOfText(experimentMtl, 'e3') },
    });
  });

  it('from an import path to the imported file', async () => {
    const result = await client.connection.sendRequest(
      DefinitionRequest.type,
      at('exp.mtl', experimentMtl, 'networks.mtl'),
    );
    expect(result).toMatchObject({
      uri: ws.uri('networks.mtl'),
      range: { start: { line: 0, character: 0 } },
    });
  });

  it('nothing on a keyword', async () => {
    expect(
      await client.connection.sendRequest(DefinitionRequest.type, at('exp.mtl', experimentMtl, 'train')),
    ).toBeNull();
  });
});

describe('find references', () => {
  it('a network: its declaration and every reference across files, open or not', async () => {
    const refs = await client.connection.sendRequest(ReferencesRequest.type, {
      ...at('networks.mtl', networksMtl, 'nn3'),
      context: { includeDeclaration: true },
    });
    expect(sorted(refs ?? []).map((r) => [r.uri, r.range.start])).toEqual([
      [ws.uri('exp.mtl'), positionOfText(experimentMtl, 'nn3')],
      [ws.uri('networks.mtl'), positionOfText(networksMtl, 'nn3')],
      [ws.uri('sweep.mtl'), positionOfText(sweepMtl, 'nn3')],
    ]);
  });

  it('a layer, without its declaration', async () => {
    const refs = await client.connection.sendRequest(ReferencesRequest.type, {
      ...at('networks.mtl', networksMtl, 'h1', 1),
      context: { includeDeclaration: false },
    });
    expect(refs?.map((r) => [r.uri, r.range.start])).toEqual([
      [ws.uri('exp.mtl'), positionOfText(experimentMtl, 'h1')],
    ]);
  });
});

describe('rename', () => {
  it('renames a network in its file and in every file that refers to it', async () => {
    const edit = (await client.connection.sendRequest(RenameRequest.type, {
      ...at('exp.mtl', experimentMtl, 'nn3'),
      newName: 'deep3',
    })) as WorkspaceEdit;
    const changes = edit.changes ?? {};
    expect(Object.keys(changes).sort()).toEqual(
      [ws.uri('exp.mtl'), ws.uri('networks.mtl'), ws.uri('sweep.mtl')].sort(),
    );
    expect(changes[ws.uri('networks.mtl')]).toEqual([
      {
        range: {
          start: positionOfText(networksMtl, 'nn3'),
          end: positionOfText(networksMtl, 'nn3', { delta: 3 }),
        },
        newText: 'deep3',
      },
    ]);
  });

  it('renames a layer in its network and in the reconstruct lists that name it', async () => {
    const edit = (await client.connection.sendRequest(RenameRequest.type, {
      ...at('networks.mtl', networksMtl, 'h2'),
      newName: 'hidden2',
    })) as WorkspaceEdit;
    expect(edit.changes?.[ws.uri('exp.mtl')]?.map((e) => e.range.start)).toEqual([
      positionOfText(experimentMtl, 'h2'),
    ]);
    expect(edit.changes?.[ws.uri('networks.mtl')]?.map((e) => e.range.start)).toEqual([
      positionOfText(networksMtl, 'h2'),
    ]);
  });

  it('prepareRename gives the name’s range; a keyword is refused with a message', async () => {
    const prepared = await client.connection.sendRequest(
      PrepareRenameRequest.type,
      at('exp.mtl', experimentMtl, 'e3'),
    );
    expect(prepared).toMatchObject({
      placeholder: 'e3',
      range: { start: positionOfText(experimentMtl, 'e3') },
    });
    await expect(
      client.connection.sendRequest(PrepareRenameRequest.type, at('exp.mtl', experimentMtl, 'reconstruct')),
    ).rejects.toThrow(/keyword/);
  });

  it.each([
    ['a keyword', 'train', /keyword/],
    ['an invalid identifier', '3nets', /not a valid name/],
    ['an existing name', 'nn1', /already the name of a network/],
  ])('refuses renaming to %s', async (_what, newName, message) => {
    const request = client.connection.sendRequest(RenameRequest.type, {
      ...at('exp.mtl', experimentMtl, 'nn3'),
      newName,
    });
    await expect(request).rejects.toBeInstanceOf(ResponseError);
    await expect(request).rejects.toThrow(message);
  });

  it('refuses renaming a keyword', async () => {
    await expect(
      client.connection.sendRequest(RenameRequest.type, {
        ...at('exp.mtl', experimentMtl, 'weights'),
        newName: 'w',
      }),
    ).rejects.toThrow(/'weights' is a keyword/);
  });
});
