import { isAbsolute, resolve } from 'node:path';
import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic.js';
import { checkText } from '../driver/check.js';
import type { LineIndex } from '../syntax/location.js';
import { parse } from '../syntax/parse.js';
import type { Workspace } from './workspace.js';

interface CheckOutcome {
  /** The diagnostics of the checked file and of the files it imports, by (absolute) file. */
  readonly diagnostics: ReadonlyMap<string, readonly Diagnostic[]>;
  /** The files the check read: the file and its imports (for the reverse-import map). */
  readonly files: readonly string[];
  /** The line index of every file the check read, for related information. */
  readonly lines: ReadonlyMap<string, LineIndex>;
}

/**
 * Checks one open file exactly as `mtl check` would, reading imports through
 * the workspace (open buffers first). A checker bug must not leave the editor
 * silent or kill the server: it becomes one internal-error diagnostic (MTL900)
 * plus whatever the parser found.
 */
export function runCheck(workspace: Workspace, path: string): CheckOutcome {
  const text = workspace.readFile(path) ?? '';
  try {
    const result = checkText(text, path, { host: workspace.host });
    workspace.programs.remember(path, result.program);
    const files = result.program.files.map((f) => f.name);
    const lines = new Map(result.program.files.map((f) => [f.name, f.lines]));
    const byFile = new Map<string, Diagnostic[]>(files.map((f) => [f, []]));
    for (const d of result.diagnostics) {
      // A non-file document is named by its URI (see documentKey), kept as is.
      const file = isAbsolute(d.file) ? resolve(d.file) : d.file;
      byFile.set(file, [...(byFile.get(file) ?? []), d]);
    }
    return { diagnostics: byFile, files, lines };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const internal = diagnostic('MTL900', {
      file: path,
      message: `internal error in the checker (a bug in mtl): ${message}`,
    });
    let syntax: readonly Diagnostic[] = [];
    try {
      syntax = parse(text, path).diagnostics;
    } catch {
      // The parser failed too; the internal error says enough.
    }
    return { diagnostics: new Map([[path, [internal, ...syntax]]]), files: [path], lines: new Map() };
  }
}
