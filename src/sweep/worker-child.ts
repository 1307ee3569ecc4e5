// A local pool's worker process: trains the runs its parent sends, one at a
// time, and sends back each record. SIGINT (Ctrl-C reaches the whole process
// group) or a `stop` message stops the current run after its batch, with a
// checkpoint; the process ends when its parent disconnects.
import { executeRun } from './execute-run.js';
import type { FromChild, ToChild } from './worker-protocol.js';

let current: AbortController | null = null;

function send(message: FromChild): void {
  process.send?.(message);
}

const stop = () => current?.abort();
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('disconnect', () => process.exit(0));

process.on('message', (message: ToChild) => {
  if (message.type === 'stop') {
    stop();
    return;
  }
  const controller = new AbortController();
  current = controller;
  const { payload, options } = message;
  void executeRun(payload, {
    ...options,
    signal: controller.signal,
    onEpoch: (event) => send({ type: 'epoch', runId: payload.runId, ...event }),
  }).then((record) => {
    if (current === controller) current = null;
    send({ type: 'record', record });
  });
});

send({ type: 'ready' });
