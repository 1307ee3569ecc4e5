// Run identity covers what actually runs: the step code hash is the same for a
// generated trainer however it is loaded, changes when a trainer function is
// edited, names the run folder, and an edited trainer does not resume the
// checkpoint of the unedited one.
import { describe, expect, it } from 'vitest';
import { checkFile } from '../../src/driver/check.js';
import { importTrainer } from '../../src/driver/import-trainer.js';
import { RunOptionsError } from '../../src/runtime/errors.js';
import { stepCodeHash } from '../../src/runtime/run-identity.js';
import { runProgram } from '../../src/runtime/run-program.js';
import { makeExperiment, readCheckpoint, tempDir, writeTinyIdx } from '../harness/runtime.js';

const root = new URL('../..', import.meta.url).pathname;

describe('step code hash', () => {
  it('is the same for the committed generated trainer and the one `mtl run` compiles', async () => {
    const experiment = checkFile(`${root}specs/quickstart.mtl`).ir!.experiments[0];
    const compiled = await importTrainer(experiment, { source: 'specs/quickstart.mtl' });
    const committed = (await import('../../generated/quickstart.js')).program;
    expect(stepCodeHash(committed)).toBe(stepCodeHash(compiled));
    expect(stepCodeHash(compiled)).toMatch(/^[0-9a-f]{8}$/);
  });

  it('changes when a trainer function or the step math changes', async () => {
    const experiment = makeExperiment({ reconstruct: [{}] });
    const program = await importTrainer(experiment, { source: 'x.mtl' });
    const edited = { ...program, learningRate: (t: number, T: number) => 0.1 + 0 * t * T };
    expect(stepCodeHash(edited)).not.toBe(stepCodeHash(program));
    const tied = makeExperiment({ reconstruct: [{ decoder: { tied: true, activation: 'sigmoid' } }] });
    // Same functions, other math (the IR hash is the harness's constant in both).
    expect(stepCodeHash(await importTrainer(tied, { source: 'x.mtl' }))).not.toBe(stepCodeHash(program));
  });

  it('names the run folder, and an edited trainer does not resume the unedited run', async () => {
    const data = writeTinyIdx({ train: 24, test: 6 });
    const experiment = makeExperiment({ reconstruct: [{}], epochs: 2, checkpointEvery: 1 });
    const program = await importTrainer(experiment, { source: data.source });
    const cwd = data.dir;
    const first = await runProgram(program, { cwd, progress: null, handleSignals: false, backend: 'cpu' });
    expect(first.runDir).toBe(`${cwd}/runs/tiny-${experiment.hash}-${stepCodeHash(program)}`);
    const checkpoint = readCheckpoint(first.runDir);
    expect(checkpoint.code).toBe(stepCodeHash(program));
    const edited = { ...program, supervisedWeight: (t: number) => (t < 1 ? 0.5 : 0.25) };
    const out = first.runDir;
    await expect(
      runProgram(edited, { out, resume: true, progress: null, handleSignals: false, backend: 'cpu' }),
    ).rejects.toThrow(RunOptionsError);
    const again = await runProgram(program, {
      out: tempDir(),
      progress: null,
      handleSignals: false,
      backend: 'cpu',
    });
    expect(again.status).toBe('completed');
  });
});
