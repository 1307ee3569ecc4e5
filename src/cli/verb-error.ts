// A mistake in a verb's arguments found after parsing (a missing -o, a name
// the store lacks is not one): said in parseVerb's one form, `mtl VERB:
// message` and a pointer to the verb's usage, with exit code 2.
import { EXIT_BAD_ARGS } from '../args/verb.js';
import type { CliIo } from './io.js';

/** Writes `COMMAND: message` and `Run 'mtl help VERB' for usage.`; returns 2. */
export function verbError(io: CliIo, command: string, message: string): number {
  io.stderr.write(`${command}: ${message}\nRun '${helpCommand(command)}' for usage.\n`);
  return EXIT_BAD_ARGS;
}

/** `mtl runs` → `mtl help runs`; a sub-verb such as `mtl plot weights` → `mtl plot weights --help` (as parseVerb says it). */
function helpCommand(command: string): string {
  const verb = /^mtl (\S+)$/.exec(command);
  return verb ? `mtl help ${verb[1]}` : `${command} --help`;
}
