// What a generated trainer does when run directly (`npx tsx generated/x.ts --epochs 3`).
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isBackendName } from './backend.js';
import { MtlRuntimeError } from './errors.js';
import type { TrainerProgram } from './program.js';
import type { RunOptions } from './run-options.js';
import { runProgram } from './run-program.js';

export const RUN_USAGE = `options:
  --epochs N      train N epochs instead of the spec's train.epochs
  --backend B     onnx | tensorflow | wasm | cpu (default: the fastest that loads)
  --out DIR       run folder (default runs/<experiment>-<hash>-<code>/)
  --resume        continue from the run folder's last checkpoint
  --quiet         no progress output
  --help          this text`;

export type ParsedRunArgs =
  | { readonly options: RunOptions; readonly help: boolean }
  | { readonly error: string };

/** Parses the runtime's flags (shared with `mtl run`); unknown flags are errors. */
export function parseRunArgs(argv: readonly string[]): ParsedRunArgs {
  const options: { -readonly [K in keyof RunOptions]: RunOptions[K] } = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    try {
      if (flag === '--epochs') {
        const text = value();
        const epochs = Number(text);
        if (!Number.isInteger(epochs) || epochs < 1)
          return { error: `--epochs needs a positive integer, got '${text}'` };
        options.epochs = epochs;
      } else if (flag === '--backend') {
        const name = value();
        if (!isBackendName(name))
          return { error: `--backend must be onnx, tensorflow, wasm or cpu, got '${name}'` };
        options.backend = name;
      } else if (flag === '--out') options.out = value();
      else if (flag === '--resume') options.resume = true;
      else if (flag === '--quiet') options.progress = null;
      else if (flag === '--help' || flag === '-h') help = true;
      else return { error: `unknown option '${flag}'` };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }
  return { options, help };
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
  const parsed = parseRunArgs(argv);
  if ('error' in parsed) {
    process.stderr.write(`mtl: ${parsed.error}\n${RUN_USAGE}\n`);
    return exit(2);
  }
  if (parsed.help) {
    process.stdout.write(`train ${program.experiment.name} (${program.source})\n${RUN_USAGE}\n`);
    return exit(0);
  }
  try {
    const result = await runProgram(program, parsed.options);
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
