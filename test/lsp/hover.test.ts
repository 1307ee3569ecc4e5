import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DocumentFormattingRequest,
  type DocumentSymbol,
  DocumentSymbolRequest,
  HoverRequest,
  type MarkupContent,
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

beforeAll(async () => {
  ws = tempWorkspace({ 'networks.mtl': networksMtl, 'exp.mtl': experimentMtl });
  client = await startLspClient({ rootDir: ws.dir });
  client.open(ws.uri('exp.mtl'), experimentMtl);
  client.open(ws.uri('networks.mtl'), networksMtl);
});
afterAll(async () => {
  await client?.stop();
  ws?.remove();
});

async function hoverText(name: string, text: string, needle: string, occurrence = 0): Promise<string> {
  const result = await client.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri: ws.uri(name) },
    position: positionOfText(text, needle, { occurrence, delta: 1 }),
  });
  return (result?.contents as MarkupContent | undefined)?.value ?? '';
}

describe('hover', () => {
  it('a keyword: what it means, with an example', async () => {
    const text = await hoverText('exp.mtl', experimentMtl, 'reconstruct');
    expect(text).toContain('denoising auto-encoder');
    expect(text).toContain('```mtl\nreconstruct h1');
  });

  it('a cost and its reduction: what each reduction averages, with an example', async () => {
    for (const reduction of ['mean', 'sum']) {
      const text = experimentMtl.replace(
        'decoder sigmoid',
        `decoder sigmoid\n    cost    cross_entropy ${reduction}`,
      );
      const name = `cost-${reduction}.mtl`;
      client.open(ws.uri(name), text);
      const hover = await hoverText(name, text, ` ${reduction}\n`, 0);
      expect(hover).toContain(
        reduction === 'mean'
          ? 'averaging over rows and features'
          : 'summing over features and averaging over rows',
      );
      expect(hover).toContain(`\`\`\`mtl\ncost cross_entropy ${reduction}`);
      expect(await hoverText(name, text, 'cost    cross')).toContain(
        'The reconstruction cost and its reduction',
      );
    }
  });

  it('a layer declaration: its shape, W’s rows being the size of the layer below', async () => {
    expect(await hoverText('networks.mtl', networksMtl, 'h2')).toContain('h2: 60 units, sigmoid, W 70×60');
    expect(await hoverText('networks.mtl', networksMtl, 'h1', 1)).toContain(
      'h1: 70 units, sigmoid, W 784×70',
    );
  });

  it('a layer named in reconstruct: the shape of that layer of the experiment’s network', async () => {
    expect(await hoverText('exp.mtl', experimentMtl, 'h2')).toContain('h2: 60 units, sigmoid, W 70×60');
  });

  it('the weights: λ_s and λ_r at t = 0, T/4, T/2, 3T/4 and T−1', async () => {
    const text = await hoverText('exp.mtl', experimentMtl, 'weights');
    expect(text).toContain('| t | λ_s | λ_r |');
    expect(text).toContain('| 0 | 0 | 1 |');
    // T = 100: t = 25 gives λ_r = exp(-25/40) = 0.5353, λ_s = 0.4647.
    expect(text).toContain('| 25 | 0.4647 | 0.5353 |');
    expect(text).toContain('| 99 |');
    // …and the command that draws every epoch, from the workspace folder.
    expect(text).toContain('`mtl plot weights exp.mtl --experiment e3 -o e3-weights.svg`');
  });

  it('lr: its values at the same epochs', async () => {
    const text = await hoverText('exp.mtl', experimentMtl, 'lr');
    expect(text).toContain('| t | lr |');
    expect(text).toContain('| 0 | 0.01 |');
    expect(text).toContain('| 75 | 0.005 |');
  });

  it('a network reference: a summary of its layers', async () => {
    const text = await hoverText('exp.mtl', experimentMtl, 'nn3');
    expect(text).toContain('network nn3: 784 → h1 70 sigmoid → h2 60 sigmoid → h3 50 sigmoid → y 10 softmax');
    expect(text).toContain('networks.mtl');
  });

  it('an import path: what the file declares; nothing inside a comment', async () => {
    const text = await hoverText('exp.mtl', experimentMtl, 'networks.mtl');
    expect(text).toContain('- network nn1\n- network nn3');
    const commented = `// weights and lr\n${experimentMtl}`;
    client.open(ws.uri('commented.mtl'), commented);
    expect(await hoverText('commented.mtl', commented, 'weights')).toBe('');
  });

  it('an experiment name: its data, network and weights', async () => {
    const text = await hoverText('exp.mtl', experimentMtl, 'e3');
    expect(text).toContain('network: nn3');
    expect(text).toContain('reconstruct: h1, h2');
    expect(text).toContain('100 epochs');
  });
});

describe('document symbols', () => {
  it('networks with their layers, experiments with their blocks', async () => {
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri: ws.uri('exp.mtl') },
    })) as DocumentSymbol[];
    expect(symbols.map((s) => s.name)).toEqual(['e3']);
    expect(symbols[0].children?.map((c) => c.name)).toEqual([
      'data',
      'network',
      'reconstruct',
      'weights',
      'train',
    ]);
    const networks = (await client.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri: ws.uri('networks.mtl') },
    })) as DocumentSymbol[];
    expect(networks.map((s) => [s.name, s.children?.map((c) => c.name)])).toEqual([
      ['nn1', ['h1', 'y']],
      ['nn3', ['h1', 'h2', 'h3', 'y']],
    ]);
    expect(networks[1].selectionRange.start).toEqual(positionOfText(networksMtl, 'nn3'));
  });
});

describe('formatting', () => {
  it('one edit replacing the whole document with what mtl fmt prints', async () => {
    const messy = 'network   n {input 784\n dense h1 50 sigmoid output y 10 softmax}\n';
    client.open(ws.uri('messy.mtl'), messy);
    const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri: ws.uri('messy.mtl') },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(edits).toHaveLength(1);
    expect(edits?.[0].range).toEqual({ start: { line: 0, character: 0 }, end: { line: 2, character: 0 } });
    const { formatText } = await import('../../src/syntax/format.js');
    expect(edits?.[0].newText).toBe(formatText(messy, 'messy.mtl').text);
  });

  it('no edits for a file with syntax errors', async () => {
    client.open(ws.uri('syntax.mtl'), 'network n { input 784 dense }}}\n');
    const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri: ws.uri('syntax.mtl') },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(edits).toEqual([]);
  });
});
