// The exact command that continues (or restarts) a run: the command line that
// started it, with the run folder made explicit, so following the hint can
// never resume a different run (another --out, another --epochs).
import path from 'node:path';

/** Quotes a word for a POSIX shell when it needs it. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** How the run folder reads best on a command line: relative to cwd when inside it. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/**
 * `command` (e.g. ['mtl', 'run', 'spec.mtl', '--epochs', '3']) without its own
 * --resume/--fresh/--out, plus `--out DIR` and `flag`, quoted for a shell.
 */
export function rerunCommand(
  command: readonly string[],
  options: { readonly runDir: string; readonly cwd: string; readonly flag: '--resume' | '--fresh' },
): string {
  const kept: string[] = [];
  for (let i = 0; i < command.length; i++) {
    const word = command[i]!;
    if (word === '--resume' || word === '--fresh' || word.startsWith('--out=')) continue;
    if (word === '--out') {
      i++;
      continue;
    }
    kept.push(word);
  }
  return [...kept, '--out', displayPath(options.runDir, options.cwd), options.flag].map(shellWord).join(' ');
}
