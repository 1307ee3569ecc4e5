import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/sweep/run-payload.js';
import { ResultStore, StoreError } from '../../src/sweep/store/result-store.js';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from '../../src/sweep/store/schema.js';
import { tempDir } from '../harness/runtime.js';
import { gridSweep, planOf, tinySweepFolder } from '../harness/sweep.js';

const owner = (pid: number, host = 'here') => ({ id: `${host}:${pid}:x`, host, pid });

function record(runId: string, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    runId,
    status: 'done',
    message: null,
    backend: 'cpu',
    epochs: 3,
    epochsCompleted: 3,
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:00:01.000Z',
    seconds: 1,
    samplesPerSecond: 240,
    validationError: 0.2,
    testError: 0.25,
    evaluations: [{ epoch: 3, validationError: 0.2, testError: 0.25 }],
    supervisedSteps: 12,
    reconstructionSteps: 8,
    runDir: '/runs/x',
    worker: 'here:1',
    ...overrides,
  };
}

describe('the result store', () => {
  const plan = planOf(tinySweepFolder(gridSweep()), 'tiny.mtl');

  it('creates a WAL SQLite file with the mtl application id and the current schema', () => {
    const file = join(tempDir(), 'sub', 'mtl.sqlite');
    ResultStore.open(file).close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('registers a plan once: its runs queued, one row per (cell, role, repeat)', () => {
    const store = ResultStore.open(join(tempDir(), 'mtl.sqlite'));
    const first = store.registerPlan(plan);
    const again = store.registerPlan(plan);
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({
      name: 'grid',
      source: 'tiny.mtl',
      repeat: 2,
      hasControl: true,
      epochs: null,
      shortened: false,
    });
    expect(store.listRuns()).toHaveLength(12);
    expect(store.listRuns({ status: 'queued' })).toHaveLength(12);
    const uses = store.sweepUses(first.id);
    expect(uses).toHaveLength(24);
    expect(uses.map((u) => [u.cell, u.role, u.repeat, u.runId])).toEqual(
      plan.uses.map((u) => [u.cell, u.role, u.repeat, u.runId]),
    );
    expect(store.latestSweep('grid')?.id).toBe(first.id);
    store.close();
  });

  it('lets one owner claim a run; others wait until it ends or its owner is gone', () => {
    const store = ResultStore.open(join(tempDir(), 'mtl.sqlite'));
    store.registerPlan(plan);
    const id = plan.runs[0]!.runId;
    const alive = () => true;
    expect(store.claimRun(id, owner(1), { alive })).toBe('claimed');
    expect(store.claimRun(id, owner(2), { alive })).toBe('busy');
    expect(store.claimRun(id, owner(2), { alive: (pid) => pid !== 1 })).toBe('claimed');
    // A process on another host: abandoned only after its heartbeat is stale.
    expect(store.claimRun(id, owner(3, 'elsewhere'), { alive })).toBe('busy');
    expect(store.claimRun(id, owner(3, 'elsewhere'), { alive, staleAfterMs: -1 })).toBe('claimed');
    expect(store.listRuns()[0]?.attempts).toBeGreaterThanOrEqual(1);
    expect(store.recordRun(record(id))).toBe(true);
    expect(store.claimRun(id, owner(4), { alive })).toBe('done');
    store.close();
  });

  it('records a run idempotently by id: the first finished result stays', () => {
    const store = ResultStore.open(join(tempDir(), 'mtl.sqlite'));
    store.registerPlan(plan);
    const id = plan.runs[1]!.runId;
    expect(store.recordRun(record(id, { status: 'interrupted', testError: null }))).toBe(true);
    expect(store.runStatus(id)).toBe('interrupted');
    expect(store.recordRun(record(id))).toBe(true);
    expect(store.recordRun(record(id, { testError: 0.9 }))).toBe(false);
    const run = store.listRuns().find((r) => r.id === id)!;
    expect(run).toMatchObject({
      status: 'done',
      testError: 0.25,
      supervisedSteps: 12,
      reconstructionSteps: 8,
      samplesPerSecond: 240,
      backend: 'cpu',
      sweeps: ['grid'],
    });
    expect(run.evaluations).toEqual([{ epoch: 3, validationError: 0.2, testError: 0.25 }]);
    expect(() => store.recordRun(record('nope'))).toThrow(StoreError);
    store.close();
  });

  it('keeps a failed run finished unless asked to retry it', () => {
    const store = ResultStore.open(join(tempDir(), 'mtl.sqlite'));
    store.registerPlan(plan);
    const id = plan.runs[2]!.runId;
    store.recordRun(record(id, { status: 'failed', message: 'diverged' }));
    expect(store.claimRun(id, owner(1))).toBe('failed');
    expect(store.claimRun(id, owner(1), { retryFailed: true })).toBe('claimed');
    store.close();
  });

  it('migrates a version 1 store, keeping its rows', () => {
    const file = join(tempDir(), 'old.sqlite');
    const db = new Database(file);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.exec(MIGRATIONS[0]!);
    db.pragma('user_version = 1');
    db.prepare(
      `INSERT INTO runs (id, hash, experiment, ir, source, labeled, unlabeled, train_seed, data_seed, epochs,
         spec_epochs, shortened, status, test_error) VALUES ('r1', 'h', 'e', '{}', 's', 1, 0, 7, 1, 3, 3, 0, 'done', 0.5)`,
    ).run();
    db.close();
    const store = ResultStore.open(file);
    expect(store.listRuns()).toMatchObject([{ id: 'r1', status: 'done', testError: 0.5, attempts: 0 }]);
    store.close();
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(2);
    expect(after.prepare('SELECT count(*) AS n FROM run_rows').get()).toEqual({ n: 0 });
    after.close();
  });

  const refused = (file: string, message: RegExp) => {
    const before = readFileSync(file);
    expect(() => ResultStore.open(file)).toThrow(message);
    expect(readFileSync(file).equals(before)).toBe(true);
  };

  it('refuses a file that is not SQLite, and leaves it untouched', () => {
    const file = join(tempDir(), 'notes.txt');
    writeFileSync(file, 'my notes, not a database\n');
    refused(file, /is not an mtl store \(not an SQLite database\); it was left untouched/);
  });

  it("refuses another program's SQLite database", () => {
    const file = join(tempDir(), 'other.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE things (x)');
    db.close();
    refused(file, /is an SQLite database of another program, not an mtl store/);
  });

  it('refuses a store written by a newer mtl', () => {
    const file = join(tempDir(), 'newer.sqlite');
    ResultStore.open(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    refused(
      file,
      new RegExp(
        `has store schema version ${SCHEMA_VERSION + 1}; this mtl knows versions up to ${SCHEMA_VERSION}`,
      ),
    );
  });

  it('refuses a damaged store', () => {
    const file = join(tempDir(), 'damaged.sqlite');
    const store = ResultStore.open(file);
    store.registerPlan(plan);
    store.close();
    const bytes = readFileSync(file);
    // Scribble over every page after the first (the header stays valid).
    for (let i = 4096; i < bytes.length; i++) bytes[i] = (i * 37) & 0xff;
    writeFileSync(file, bytes);
    refused(file, /damaged|corrupt/);
  });
});
