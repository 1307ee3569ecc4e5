// What a generated trainer does when run directly (`npx tsx generated/x.ts --epochs 3`).
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseVerb } from '../args/verb.js';
import { MtlRuntimeError } from './errors.js';
import type { TrainerProgram } from './program.js';
import { RUN_FLAGS, runOptionsFromFlags } from './run-flags.js';
import { runProgram } from './run-program.js';

/** The command that runs a trainer file, as a user would type it (for usage and resume hints). */
export function trainerCommand(script: string | undefined, cwd: string = process.cwd()): string[] {
  if (script === undefined) return ['npx', 'tsx', 'TRAINER.ts'];
  const shown = path.relative(cwd, script);
  return ['npx', 'tsx', shown.startsWith('..') || path.isAbsolute(shown) ? script : shown];
}

/** Runs the program with flags from process.argv; sets process.exitCode (0 done, 1 failed, 2 bad flags, 130 interrupted). */
export async function runProgramCli(
  program: TrainerProgram,
  argv: readonly string[] = process.argv.slice(2),
): Promise<number> {
  const exit = (code: number) => {
    process.exitCode = code;
    return code;
  };
  const invocation = trainerCommand(process.argv[1]);
  const parsed = parseVerb(
    {
      command: invocation.join(' '),
      summary: `train ${program.experiment.name} (compiled from ${program.source})`,
      flags: RUN_FLAGS,
    },
    argv,
    { stdout: process.stdout, stderr: process.stderr },
  );
  if (!parsed.ok) return exit(parsed.exitCode);
  try {
    const result = await runProgram(program, {
      ...runOptionsFromFlags(parsed.values),
      command: [...invocation, ...argv],
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return exit(result.status === 'interrupted' ? 130 : 0);
  } catch (error) {
    if (error instanceof MtlRuntimeError) {
      process.stderr.write(`mtl: ${error.message}\n`);
      return exit(1);
    }
    throw error;
  }
}

/** True when the module at importMetaUrl is the script Node was started with. */
export function isMainModule(importMetaUrl: string, argv1: string | undefined = process.argv[1]): boolean {
  if (argv1 === undefined) return false;
  try {
    return realpathSync(fileURLToPath(importMetaUrl)) === realpathSync(argv1);
  } catch {
    return false;
  }
}
