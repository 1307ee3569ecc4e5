// `mtl check FILES…`: checks specs (a directory means every .mtl under it) and
// prints every diagnostic as `FILE:LINE:COL: severity CODE: message`, or as
// LSP-shaped JSON, or SARIF. Exit 0 clean or warnings only, 1 errors, 2 could
// not run. Imports nothing heavy: no ts-morph, no TensorFlow.js.
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { flag, parseVerb } from '../args/verb.js';
import { toLspDiagnostic } from '../check/output/lsp-json.js';
import { toSarif } from '../check/output/sarif.js';
import { formatDiagnostic, summaryLine } from '../check/output/text.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { checkFiles } from '../driver/check.js';
import type { LineIndex } from '../syntax/location.js';
import { colorFromEnvironment } from './color.js';
import { type CliIo, type Command, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from './io.js';

const checkVerb = {
  command: 'mtl check',
  summary:
    'Checks .mtl specs (a folder: every .mtl file under it) and prints every problem as\n' +
    'FILE:LINE:COL: error|warning MTLnnn: message.',
  arguments: [{ syntax: '<paths...>', description: '.mtl files or folders' }],
  flags: {
    format: flag.choice('--format <FORMAT>', 'output format (default text; json is LSP-shaped)', [
      'text',
      'json',
      'sarif',
    ] as const),
    color: flag.boolean(
      '--color',
      'color the output (default: when stdout is a terminal and NO_COLOR is unset)',
    ),
    // Stored under `color` (false); commander pairs --no-X with --X.
    noColor: flag.boolean('--no-color', 'never color the output'),
    frame: flag.boolean(
      '--frame',
      'show the source line under each problem (default: when stdout is a terminal)',
    ),
    noFrame: flag.boolean('--no-frame', 'never show source lines'),
  },
  epilog: 'exit status: 0 no errors (warnings allowed), 1 errors, 2 could not run',
} as const;

interface Flags {
  format: 'text' | 'json' | 'sarif';
  color?: boolean;
  frame?: boolean;
  paths: readonly string[];
}

/** Every .mtl file under a directory, sorted; dot folders and node_modules are skipped. */
function mtlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.mtl')) out.push(full);
    }
  };
  walk(dir);
  return out;
}

export const checkCommand: Command = async (argv, io) => {
  const parsed = parseVerb(checkVerb, argv, io);
  if (!parsed.ok) return parsed.exitCode;
  const flags: Flags = {
    format: parsed.values.format ?? 'text',
    color: parsed.values.color ?? colorFromEnvironment(),
    frame: parsed.values.frame,
    paths: parsed.positionals,
  };
  const files: string[] = [];
  for (const path of flags.paths) {
    const full = resolve(io.cwd, path);
    let stat: ReturnType<typeof statSync> | undefined;
    try {
      stat = statSync(full);
    } catch {
      io.stderr.write(`mtl check: no such file or directory: ${path}\n`);
      return EXIT_USAGE;
    }
    if (stat.isDirectory()) files.push(...mtlFilesUnder(full));
    else files.push(full);
  }
  if (files.length === 0) {
    io.stderr.write(`mtl check: no .mtl files in ${flags.paths.join(', ')}\n`);
    return EXIT_USAGE;
  }
  const result = checkFiles(files);
  const lineIndexes = new Map(result.program.files.map((f) => [f.name, f.lines]));
  const lines = (file: string): LineIndex | undefined => lineIndexes.get(file);
  const display = (file: string) => {
    const rel = relative(io.cwd, file);
    return rel === '' || isAbsolute(rel) ? file : rel;
  };
  const diagnostics = result.diagnostics;
  io.stdout.write(
    render(flags, diagnostics, { lines, display, io, files: result.program.files.map((f) => f.name) }),
  );
  const checked = Math.max(result.program.files.length, files.length);
  io.stderr.write(`${summaryLine(diagnostics, checked)}\n`);
  return diagnostics.some((d) => d.severity === 'error') ? EXIT_PROBLEMS : EXIT_OK;
};

interface RenderContext {
  readonly lines: (file: string) => LineIndex | undefined;
  readonly display: (file: string) => string;
  readonly io: CliIo;
  /** Every checked file, so JSON lists clean files too (a client clears their problems). */
  readonly files: readonly string[];
}

function render(flags: Flags, diagnostics: readonly Diagnostic[], ctx: RenderContext): string {
  if (flags.format === 'json') {
    const uri = (file: string) => pathToFileURL(file).href;
    const names = [...new Set([...ctx.files, ...diagnostics.map((d) => d.file)])].sort();
    const files = names.map((file) => ({
      file: ctx.display(file),
      uri: uri(file),
      diagnostics: diagnostics.filter((d) => d.file === file).map((d) => toLspDiagnostic(d, ctx.lines, uri)),
    }));
    return `${JSON.stringify({ files }, null, 2)}\n`;
  }
  if (flags.format === 'sarif') {
    const sarif = toSarif(diagnostics, { lines: ctx.lines, uri: (file) => ctx.display(file) });
    return `${JSON.stringify(sarif, null, 2)}\n`;
  }
  const tty = ctx.io.stdout.isTTY === true;
  const color = flags.color ?? tty;
  const frame = flags.frame ?? (tty || flags.color === true);
  return diagnostics
    .map((d) => formatDiagnostic(d, { lines: ctx.lines, displayName: ctx.display, frame, color }))
    .join('');
}
