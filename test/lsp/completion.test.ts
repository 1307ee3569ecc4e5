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

/** Completion items at the `<|>` of a text opened as `name`. */
async function completeAt(marked: string, name = 'edit.mtl'): Promise<CompletionItem[]> {
  const { text, position } = withCursor(marked);
  const uri = ws.uri(name);
  if (version === 1) client.open(uri, text, version++);
  else client.change(uri, text, version++);
  const result = await client.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri },
    position,
  });
  return Array.isArray(result) ? result : (result?.items ?? []);
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const experiment = (body: string) => `import "networks.mtl"\nexperiment e {\n  network nn3\n${body}\n}\n`;

describe('completion', () => {
  it.each([
    ['top level', '<|>', ['import', 'network', 'experiment', 'sweep'], ['dense']],
    [
      'after a declaration',
      'network n { input 1 output y 2 softmax }\n<|>',
      ['network', 'experiment'],
      ['input'],
    ],
    [
      'inside a network',
      'network n {\n  input 784\n  <|>\n}',
      ['dense', 'output'],
      ['experiment', 'sigmoid'],
    ],
    [
      'after a dense layer’s units',
      'network n { input 784  dense h1 50 <|> }',
      ['sigmoid', 'tanh', 'relu', 'linear'],
      ['softmax', 'dense'],
    ],
    ['a half-typed activation', 'network n { input 784  dense h1 50 sig<|> }', ['sigmoid'], []],
    [
      'after the output layer’s units',
      'network n { input 784  output y 10 <|> }',
      ['softmax', 'sigmoid'],
      [],
    ],
    [
      'inside an experiment',
      'experiment e {\n  <|>\n}',
      ['data', 'network', 'reconstruct', 'weights', 'train'],
      ['input'],
    ],
    ['after data', 'experiment e {\n  data <|>\n}', ['mnist', 'idx'], ['network']],
    [
      'inside data',
      'experiment e {\n  data mnist {\n    labeled 10\n    <|>\n  }\n}',
      ['unlabeled', 'validation', 'seed'],
      ['train_images'],
    ],
    [
      'inside reconstruct',
      experiment('  reconstruct h1 {\n    <|>\n  }'),
      ['noise', 'decoder', 'cost', 'gradient', 'weight'],
      ['epochs'],
    ],
    [
      'after noise',
      experiment('  reconstruct h1 { noise <|> }'),
      ['mask', 'gaussian', 'salt_pepper', 'none'],
      ['sigmoid'],
    ],
    [
      'after decoder',
      experiment('  reconstruct h1 { decoder <|> }'),
      ['tied', 'sigmoid', 'relu'],
      ['softmax'],
    ],
    ['after cost', experiment('  reconstruct h1 { cost <|> }'), ['cross_entropy', 'squared_error'], ['mean']],
    [
      'after a cost: its reduction or the next setting',
      experiment('  reconstruct h1 {\n    cost cross_entropy <|>\n  }'),
      ['mean', 'sum', 'gradient', 'noise'],
      ['cross_entropy'],
    ],
    [
      'after a cost and its reduction: the next setting',
      experiment('  reconstruct h1 {\n    cost squared_error sum <|>\n  }'),
      ['gradient', 'noise'],
      ['mean', 'sum'],
    ],
    ['after gradient', experiment('  reconstruct h1 { gradient <|> }'), ['local', 'through'], []],
    [
      'inside train',
      experiment('  train {\n    <|>\n  }'),
      ['epochs', 'batch', 'optimizer', 'lr', 'seed', 'evaluate', 'checkpoint', 'order'],
      ['noise'],
    ],
    ['after order', experiment('  train {\n    order <|>\n  }'), ['alternate', 'joint'], []],
    [
      'after step',
      experiment('  train { order alternate {\n    step <|>\n  } }'),
      ['reconstruction', 'supervised'],
      [],
    ],
    [
      'after a step’s objective',
      experiment('  train { order alternate { step supervised <|> } }'),
      ['on'],
      [],
    ],
    [
      'after on, in a supervised step: labeled only (batch and unlabeled are MTL080)',
      experiment('  train { order alternate { step supervised on <|> } }'),
      ['labeled'],
      ['batch', 'unlabeled'],
    ],
    [
      'after on, in a reconstruction step',
      experiment('  train { order alternate { step reconstruction on <|> } }'),
      ['batch', 'labeled', 'unlabeled'],
      [],
    ],
    ['after evaluate', experiment('  train { evaluate <|> }'), ['every'], []],
    ['after optimizer', experiment('  train { optimizer <|> }'), ['sgd'], []],
  ])('%s', async (_name, marked, expected, unexpected) => {
    const got = labels(await completeAt(marked));
    expect(got).toEqual(expect.arrayContaining(expected));
    for (const word of unexpected) expect(got).not.toContain(word);
  });

  it('after `network` in an experiment: the networks of this file and its imports', async () => {
    const got = labels(
      await completeAt(
        'import "networks.mtl"\nnetwork local { input 1 output y 2 softmax }\nexperiment e {\n  network <|>\n}',
      ),
    );
    expect(got).toEqual(expect.arrayContaining(['nn1', 'nn3', 'local']));
    expect(got).not.toContain('e');
  });

  it('in a reconstruct header: the hidden layers of the experiment’s network not listed yet', async () => {
    const got = labels(await completeAt(experiment('  reconstruct h1, <|>')));
    expect(got).toEqual(expect.arrayContaining(['h2', 'h3']));
    expect(got).not.toContain('h1');
    expect(got).not.toContain('y');
  });

  it('after `weights schedule`: the schedules as snippets', async () => {
    const items = await completeAt(experiment('  weights schedule <|>'));
    const stairs = items.find((i) => i.label.startsWith('stairs'));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: LSP snippet syntax.
    expect(stairs).toMatchObject({ insertText: 'stairs(${1:100})', insertTextFormat: 2 });
    expect(labels(items)).toEqual(
      expect.arrayContaining(['supervised_only', 'lin', 'exp(sigma)', 'constant(a)']),
    );
  });

  it('in a weights equation: functions with signatures, t, T and the other weight', async () => {
    const items = await completeAt(
      experiment('  weights {\n    reconstruction = exp(-t / 40)\n    supervised = 1 - <|>\n  }'),
    );
    expect(labels(items)).toEqual(
      expect.arrayContaining(['t', 'T', 'reconstruction', 'supervised', 'exp', 'clamp']),
    );
    expect(items.find((i) => i.label === 'clamp')?.detail).toBe('clamp(x, lo, hi)');
  });

  it('in an lr expression: functions, t and T but not the weight names', async () => {
    const got = labels(await completeAt(experiment('  train {\n    lr = 0.1 * <|>\n  }')));
    expect(got).toEqual(expect.arrayContaining(['t', 'T', 'exp', 'min']));
    expect(got).not.toContain('supervised');
  });

  it('after `base` in a sweep: the experiments in scope', async () => {
    const got = labels(await completeAt('import "exp.mtl"\nsweep s {\n  base <|>\n}'));
    expect(got).toContain('e3');
    expect(got).not.toContain('nn3');
  });

  it('after `vary`: the setting paths, replacing the path typed so far', async () => {
    const got = labels(await completeAt('import "exp.mtl"\nsweep s {\n  base e3\n  vary <|>\n}'));
    expect(got).toEqual(
      expect.arrayContaining([
        'data.labeled',
        'data.unlabeled',
        'train.lr',
        'network',
        'weights',
        'reconstruct.noise',
      ]),
    );
    const marked = 'import "exp.mtl"\nsweep s {\n  base e3\n  vary data.un<|>\n}';
    const item = (await completeAt(marked)).find((i) => i.label === 'data.unlabeled');
    const { position } = withCursor(marked);
    expect(item?.textEdit).toEqual({
      range: { start: { line: 3, character: 7 }, end: position },
      newText: 'data.unlabeled',
    });
  });

  it('in a vary list of weights: schedules; of network: the networks', async () => {
    const weights = labels(
      await completeAt('import "exp.mtl"\nsweep s {\n  base e3\n  vary weights [schedule lin, <|>]\n}'),
    );
    expect(weights).toEqual(expect.arrayContaining(['stairs(t1)', 'supervised_only']));
    const networks = labels(
      await completeAt('import "exp.mtl"\nsweep s {\n  base e3\n  vary network [nn1, <|>]\n}'),
    );
    expect(networks).toEqual(expect.arrayContaining(['nn1', 'nn3']));
  });

  it('items carry what the word means where it is written', async () => {
    const rows = await completeAt(experiment('  train { order alternate { step reconstruction on <|> } }'));
    expect(rows.find((i) => i.label === 'batch')?.detail).toBe('All rows of the mini-batch.');
    const settings = await completeAt(experiment('  train {\n    <|>\n  }'));
    expect(settings.find((i) => i.label === 'batch')?.detail).toBe('The mini-batch size.');
  });

  it('nothing inside a comment', async () => {
    expect(await completeAt('// network <|>')).toEqual([]);
  });
});
