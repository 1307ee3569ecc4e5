// Language server latency against the real `mtl lsp` process (stdio JSON-RPC):
// (a) from a didChange of a 300-line spec to its publishDiagnostics, with the
// debounce as shipped (adaptive) and with none (the work alone); (b) completion
// round trips. One JSON line per figure. Run: npx tsx bench/lsp.ts
import { performance } from 'node:perf_hooks';
import { CompletionRequest } from 'vscode-languageserver-protocol/node';
import {
  type LspClient,
  positionOfText,
  serverCommand,
  startLspClient,
  tempWorkspace,
} from '../test/harness/lsp.js';
import { median, percentile, printFigure } from './figures.js';

const iterations = 50;

/** About `lines` lines of networks and experiments, checking clean. */
function spec(lines: number): string {
  const parts: string[] = [];
  let count = 0;
  for (let i = 0; count < lines; i++) {
    const block = `network net${i} {
  input 784
  dense h1 ${50 + i} sigmoid
  dense h2 50 sigmoid
  output y 10 softmax
}

experiment exp${i} {
  data mnist {
    labeled    1000
    unlabeled  ${1000 * (i % 40)}
    seed       ${i}
  }
  network net${i}
  reconstruct h1, h2 {
    noise    mask(0.25)
    decoder  sigmoid
  }
  weights {
    reconstruction = exp(-t / 40)
    supervised     = 1 - reconstruction
  }
  train {
    epochs     500
    batch      600
    optimizer  sgd(momentum: 0.9)
    lr         = t < T - 50 ? 0.01 : 0.01 * (T - t) / 50
    seed       7
    order alternate {
      step reconstruction on batch
      step supervised     on labeled
    }
  }
}
`;
    parts.push(block);
    count += block.split('\n').length;
  }
  return parts.join('\n');
}

/** Change → publishDiagnostics; `pauseMs` between changes (100 ≈ typing, 0 = back to back). */
async function diagnosticsLatency(
  client: LspClient,
  uri: string,
  text: string,
  pauseMs: number,
): Promise<number[]> {
  client.open(uri, text, 1);
  await client.diagnostics(uri);
  const times: number[] = [];
  for (let v = 2; v < iterations + 12; v++) {
    // Alternate between two texts so that every change is a real one.
    const changed = v % 2 === 0 ? text.replace('seed       7', 'seed       8') : text;
    const published = client.nextDiagnostics(uri);
    const start = performance.now();
    client.change(uri, changed, v);
    const params = await published.catch((error: unknown) => {
      throw new Error(`${error}\nserver stderr:\n${client.stderr()}\nserver log:\n${client.logs.join('\n')}`);
    });
    const elapsed = performance.now() - start;
    if (params.version !== v) throw new Error(`diagnostics for version ${params.version}, expected ${v}`);
    if (v >= 12) times.push(elapsed); // the first ten warm the process up
    if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
  }
  return times;
}

/** Completion round trips; with `typing`, each right after a change (the text differs from the last check). */
async function completionLatency(
  client: LspClient,
  uri: string,
  text: string,
  typing: boolean,
): Promise<number[]> {
  const at = [
    positionOfText(text, 'network net3\n  reconstruct', { delta: 8 }), // network names in scope
    positionOfText(text, 'order alternate', { delta: 0 }), // train settings
    positionOfText(text, 'noise    mask', { delta: 9 }), // noise kinds
    positionOfText(text, 'reconstruct h1', { delta: 12 }), // hidden layers
  ];
  const times: number[] = [];
  let version = 1000;
  for (let i = 0; i < iterations + 10; i++) {
    if (typing)
      client.change(uri, i % 2 === 0 ? text.replace('seed       7', 'seed       9') : text, version++);
    const start = performance.now();
    await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: at[i % at.length],
    });
    if (i >= 10) times.push(performance.now() - start);
  }
  return times;
}

process.stderr.write(`server: node ${serverCommand().join(' ').slice(0, 60)}…\n`);
const text = spec(300);
const lines = text.split('\n').length;
const ws = tempWorkspace({ 'bench.mtl': text });
const uri = ws.uri('bench.mtl');
try {
  const scenarios = [
    { server: 'default throttle', options: {}, pauseMs: 100, pace: 'typing (a change every ~100 ms)' },
    {
      server: 'default throttle',
      options: {},
      pauseMs: 0,
      pace: 'back to back (next change as soon as published)',
    },
    {
      server: 'fixed 0 ms delay (the work alone)',
      options: { diagnosticsDelayMs: 0 },
      pauseMs: 0,
      pace: 'back to back',
    },
  ];
  for (const { server, options, pauseMs, pace } of scenarios) {
    const client = await startLspClient({ rootDir: ws.dir, initializationOptions: options });
    try {
      const times = await diagnosticsLatency(client, uri, text, pauseMs);
      printFigure({
        bench: 'lsp-change-to-diagnostics',
        lines,
        server,
        pace,
        unit: 'ms',
        median: median(times),
        p95: percentile(times, 95),
        target: 50,
      });
      if (pauseMs > 0) {
        for (const typing of [false, true]) {
          const completion = await completionLatency(client, uri, text, typing);
          printFigure({
            bench: typing ? 'lsp-completion-after-change' : 'lsp-completion',
            lines,
            unit: 'ms',
            median: median(completion),
            p95: percentile(completion, 95),
            target: 20,
          });
        }
      }
    } finally {
      await client.stop();
    }
  }
} finally {
  ws.remove();
}
