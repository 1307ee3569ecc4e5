// Completion of sweep values written as their settings: `mask(…)`, `tied sigmoid`,
// `sgd(momentum: …)`, in vary lists and overrides.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompletionItem, CompletionRequest } from 'vscode-languageserver-protocol/node';
import {
  type LspClient,
  startLspClient,
  type TempWorkspace,
  tempWorkspace,
  withCursor,
} from '../harness/lsp.js';
import { experimentMtl, networksMtl } from './fixtures.js';

let ws: TempWorkspace;
let client: LspClient;
let version = 1;

beforeAll(async () => {
  ws = tempWorkspace({ 'networks.mtl': networksMtl, 'exp.mtl': experimentMtl });
  client = await startLspClient({ rootDir: ws.dir });
});
afterAll(async () => {
  await client?.stop();
  ws?.remove();
});

async function completeAt(marked: string): Promise<CompletionItem[]> {
  const { text, position } = withCursor(marked);
  const uri = ws.uri('edit.mtl');
  if (version === 1) client.open(uri, text, version++);
  else client.change(uri, text, version++);
  const result = await client.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri },
    position,
  });
  return Array.isArray(result) ? result : (result?.items ?? []);
}

const inSweep = (line: string) => `import "exp.mtl"\nsweep s {\n  base e3\n  ${line}\n}`;
const labels = (items: CompletionItem[]) => items.map((i) => i.label);

describe('completion of sweep values', () => {
  it('offers the noises with their arguments as snippets', async () => {
    const items = await completeAt(inSweep('vary reconstruct.noise [none, <|>]'));
    expect(labels(items)).toEqual(['none', 'mask(p)', 'gaussian(sigma)', 'salt_pepper(p)']);
    const mask = items.find((i) => i.label === 'mask(p)');
    expect(mask?.insertText).toMatch(/^mask\((\$\{1:0\.25\}|0\.25)\)$/);
    expect(mask?.detail).toBe('Binomial masking noise: each input zeroed with probability p.');
  });

  it('offers decoders with and without tied, and activations after tied', async () => {
    const decoders = labels(await completeAt(inSweep('vary reconstruct.decoder [<|>]')));
    expect(decoders).toEqual(expect.arrayContaining(['sigmoid', 'tanh', 'tied sigmoid', 'tied relu']));
    expect(decoders).not.toContain('softmax');
    const afterTied = labels(await completeAt(inSweep('baseline { reconstruct.decoder tied <|> }')));
    expect(afterTied).toEqual(['sigmoid', 'tanh', 'relu', 'linear']);
  });

  it('offers sgd and sgd(momentum: …), and momentum inside the parentheses', async () => {
    const items = await completeAt(inSweep('baseline { train.optimizer <|> }'));
    expect(labels(items)).toEqual(['sgd', 'sgd(momentum: …)']);
    expect(items[1].insertText).toMatch(/^sgd\(momentum: (\$\{1:0\.9\}|0\.9)\)$/);
    expect(labels(await completeAt(inSweep('vary train.optimizer [sgd(<|>]')))).toEqual(['momentum']);
    expect(labels(await completeAt(inSweep('vary reconstruct.noise [mask(<|>]')))).toEqual([]);
  });

  it('offers costs with and without a reduction, and the reductions after a cost', async () => {
    expect(labels(await completeAt(inSweep('vary reconstruct.cost [<|>]')))).toEqual([
      'cross_entropy',
      'cross_entropy mean',
      'cross_entropy sum',
      'squared_error',
      'squared_error mean',
      'squared_error sum',
    ]);
    expect(
      labels(await completeAt(inSweep('vary reconstruct.cost [cross_entropy sum, squared_error <|>]'))),
    ).toEqual(['mean', 'sum']);
    expect(labels(await completeAt(inSweep('baseline { reconstruct.cost cross_entropy <|> }')))).toEqual([
      'mean',
      'sum',
    ]);
  });

  it('still offers the words of gradient', async () => {
    expect(labels(await completeAt(inSweep('vary reconstruct.gradient [<|>]')))).toEqual([
      'local',
      'through',
    ]);
  });
});
