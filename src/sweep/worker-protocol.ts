// Messages between the local pool and its child processes (IPC, JSON).
import type { ExecuteOptions } from './execute-run.js';
import type { RunPayload, RunRecord } from './run-payload.js';

export type ChildOptions = Pick<ExecuteOptions, 'cwd' | 'runsDir' | 'dataRoot' | 'prefetch'>;

export type ToChild =
  | { readonly type: 'run'; readonly payload: RunPayload; readonly options: ChildOptions }
  | { readonly type: 'stop' };

export type FromChild =
  | { readonly type: 'ready' }
  | { readonly type: 'epoch'; readonly runId: string; readonly epoch: number; readonly epochs: number }
  | { readonly type: 'record'; readonly record: RunRecord };
