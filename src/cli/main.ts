import { closestWords } from '../syntax/did-you-mean.js';
import { type CliIo, type Command, EXIT_OK, EXIT_USAGE, processIo } from './io.js';

// Commands are loaded on demand so `mtl check` never pays for ts-morph or TensorFlow.js.
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  check: {
    summary: 'check specs, print diagnostics',
    load: async () => (await import('./check.js')).checkCommand,
  },
  fmt: {
    summary: 'format specs in place (or --check)',
    load: async () => (await import('./fmt.js')).fmtCommand,
  },
  compile: {
    summary: 'compile specs into TypeScript trainers (or --emit ir)',
    load: async () => (await import('./compile.js')).compileCommand,
  },
  run: {
    summary: 'check, compile and train an experiment',
    load: async () => (await import('./run.js')).runCommand,
  },
  plot: {
    summary: 'draw charts: weights over the epochs (Fig. 1), learning curves, a sweep against its baselines',
    load: async () => (await import('./plot.js')).plotCommand,
  },
  sweep: {
    summary: 'train a sweep grid on a local pool, into the result store',
    load: async () => (await import('./sweep.js')).sweepCommand,
  },
  worker: {
    summary: 'train runs from a queued sweep (mtl sweep --queue)',
    load: async () => (await import('./worker.js')).workerCommand,
  },
  runs: {
    summary: 'list the runs in the result store',
    load: async () => (await import('./runs.js')).runsCommand,
  },
  report: {
    summary: 'a sweep as the paper prints Table 1 (md, csv, json or a self-contained html page)',
    load: async () => (await import('./report.js')).reportCommand,
  },
  lsp: { summary: 'language server over stdio', load: async () => (await import('./lsp.js')).lspCommand },
};

const usage = `usage: mtl <command> [options]

commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(9)}${c.summary}`)
  .join('\n')}
  help     show a command's options: mtl help <command>

options:
  -h, --help     this text
  -v, --version  print mtl's version

Run \`mtl help <command>\` (or \`mtl <command> --help\`) for a command's options.
`;

/** "unknown command 'chek'; did you mean 'check'?" */
function unknownCommand(io: CliIo, name: string): number {
  const near = closestWords(name, Object.keys(commands), 1)[0];
  const hint = near ? `; did you mean '${near}'?` : '';
  io.stderr.write(`mtl: unknown command '${name}'${hint}\nRun 'mtl --help' for the list of commands.\n`);
  return EXIT_USAGE;
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io[name === undefined ? 'stderr' : 'stdout'].write(usage);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === 'help') {
    if (rest.length === 0) {
      io.stdout.write(usage);
      return EXIT_OK;
    }
    const verb = rest[0]!;
    if (!Object.hasOwn(commands, verb)) return unknownCommand(io, verb);
    return (await commands[verb]!.load())(['--help'], io);
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${await packageVersion()}\n`);
    return EXIT_OK;
  }
  if (name.startsWith('-')) {
    const near = closestWords(name, ['--help', '--version'], 1)[0];
    io.stderr.write(
      `mtl: unknown option '${name}'${near ? `; did you mean ${near}?` : ''}\nRun 'mtl --help' for usage.\n`,
    );
    return EXIT_USAGE;
  }
  if (!Object.hasOwn(commands, name)) return unknownCommand(io, name);
  return (await commands[name]!.load())(rest, io);
}

/** The package's version, from the nearest package.json above this module (src/ or dist/src/). */
async function packageVersion(): Promise<string> {
  const { readFileSync } = await import('node:fs');
  for (let up = '../../'; up.length < 20; up += '../') {
    try {
      return (
        JSON.parse(readFileSync(new URL(`${up}package.json`, import.meta.url), 'utf8')) as { version: string }
      ).version;
    } catch {
      // not at this level; look one folder higher
    }
  }
  return 'unknown';
}
