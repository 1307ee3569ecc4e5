// One command-line parser for every verb of `mtl` and for generated trainers,
// on commander: a verb is declared as data (arguments, flags with their
// parsers), and parseVerb gives typed values or prints one kind of error —
// `mtl VERB: message` with "did you mean" for a misspelt flag, then a pointer
// to the verb's usage — and the exit code 2. This module imports nothing from
// the project, so the CLI and the runtime can both use it.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';

interface ArgsOutput {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** One flag: commander's flag syntax (`--epochs <N>`, `--resume`, `--color, --no-color`) and how to read its value. */
export interface FlagSpec<V> {
  readonly flags: string;
  readonly description: string;
  /** Turns the text into a value or throws a FlagError; absent for booleans and plain strings. */
  readonly parse?: (text: string) => V;
  /** A marker only typed code reads (the value type); never set. */
  readonly type?: V;
}

export type Flags = Readonly<Record<string, FlagSpec<unknown>>>;
export type FlagValues<F extends Flags> = {
  readonly [K in keyof F]?: F[K] extends FlagSpec<infer V> ? V : never;
};

export interface VerbSpec<F extends Flags> {
  /** How the command is invoked: `mtl run`, or `npx tsx generated/x.ts`. */
  readonly command: string;
  /** One line, shown under the usage line. */
  readonly summary: string;
  /** Commander argument syntax: `<file>`, `<paths...>`, `[file]`; none when absent. */
  readonly arguments?: readonly { readonly syntax: string; readonly description: string }[];
  readonly flags: F;
  /** Paragraphs after the options (exit status, examples). */
  readonly epilog?: string;
}

export type Parsed<F extends Flags> =
  | { readonly ok: true; readonly values: FlagValues<F>; readonly positionals: readonly string[] }
  | { readonly ok: false; readonly exitCode: number };

/** A bad flag value; the message is shown as is (`--epochs needs a positive integer, got '-1'`). */
class FlagError extends InvalidArgumentError {}

const EXIT_HELP = 0;
export const EXIT_BAD_ARGS = 2;

/** Flag builders for the usual kinds of value. */
export const flag = {
  boolean: (flags: string, description: string): FlagSpec<boolean> => ({ flags, description }),
  string: (flags: string, description: string): FlagSpec<string> => ({
    flags,
    description,
    parse: (text) => text,
  }),
  positiveInt: (flags: string, description: string): FlagSpec<number> => ({
    flags,
    description,
    parse: (text) => {
      const value = Number(text);
      if (!/^\+?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1)
        throw new FlagError(`${longName(flags)} needs a positive integer, got '${text}'`);
      return value;
    },
  }),
  choice: <C extends string>(flags: string, description: string, choices: readonly C[]): FlagSpec<C> => ({
    flags,
    description: `${description} (${choices.join(' | ')})`,
    parse: (text) => {
      if ((choices as readonly string[]).includes(text)) return text as C;
      throw new FlagError(`${longName(flags)} must be ${orList(choices)}, got '${text}'`);
    },
  }),
};

function longName(flags: string): string {
  return /--[\w-]+/.exec(flags)?.[0] ?? flags;
}

function orList(words: readonly string[]): string {
  return words.length < 2
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function build<F extends Flags>(spec: VerbSpec<F>, out: ArgsOutput, errors: string[]): Command {
  const command = new Command(spec.command)
    .description(spec.summary)
    .exitOverride()
    .allowExcessArguments(false)
    .showSuggestionAfterError(true)
    .helpOption('-h, --help', 'show this help')
    .configureOutput({
      writeOut: (text) => out.stdout.write(text),
      writeErr: (text) => out.stderr.write(text),
      outputError: (text) => errors.push(text),
    });
  for (const argument of spec.arguments ?? []) command.argument(argument.syntax, argument.description);
  for (const [key, value] of Object.entries(spec.flags)) {
    const option = new Option(value.flags, value.description);
    if (value.parse) {
      const parse = value.parse;
      option.argParser((text: string) => parse(text));
    }
    if (option.attributeName() !== key && !option.negate) {
      throw new Error(`flag ${value.flags} is stored as '${option.attributeName()}', not '${key}'`);
    }
    command.addOption(option);
  }
  if (spec.epilog) command.addHelpText('after', `\n${spec.epilog.trimEnd()}`);
  return command;
}

/** Commander's wording, made ours: no "error:" prefix, a bad value said once. */
function message(text: string): string {
  return text
    .trim()
    .replace(/^error: /, '')
    .replace(/^option '[^']*' argument '[^']*' is invalid\. /s, '')
    .replace(/\n\(Did you mean ([^)]*)\)/, '; did you mean $1')
    .replace(/^unknown command /, 'unexpected argument ');
}

/** Parses argv for a verb; prints help (exit 0) or an error and a usage pointer (exit 2) when it must. */
export function parseVerb<F extends Flags>(
  spec: VerbSpec<F>,
  argv: readonly string[],
  out: ArgsOutput,
): Parsed<F> {
  const errors: string[] = [];
  const command = build(spec, out, errors);
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help') {
      return { ok: false, exitCode: EXIT_HELP };
    }
    const text = message(errors[0] ?? error.message);
    out.stderr.write(`${spec.command}: ${text}\nRun '${helpCommand(spec.command)}' for usage.\n`);
    return { ok: false, exitCode: EXIT_BAD_ARGS };
  }
  return { ok: true, values: command.opts() as FlagValues<F>, positionals: command.args };
}

/** `mtl run` → `mtl help run`; anything else → `<command> --help`. */
function helpCommand(command: string): string {
  const verb = /^mtl (\S+)$/.exec(command);
  return verb ? `mtl help ${verb[1]}` : `${command} --help`;
}

/** The verb's usage text (what --help prints). */
export function verbUsage<F extends Flags>(spec: VerbSpec<F>): string {
  const command = build(spec, { stdout: { write: () => 0 }, stderr: { write: () => 0 } }, []);
  return command.helpInformation() + (spec.epilog ? `\n${spec.epilog.trimEnd()}\n` : '');
}
