// Which experiments of a checked file a command compiles or runs.
import type { Experiment, MtlIr } from '../ir/types.js';
import type { MtlFile } from '../syntax/ast.js';

/** Names of the experiments a file declares itself (not those it imports). */
export function declaredExperimentNames(ast: MtlFile): string[] {
  const names: string[] = [];
  for (const decl of ast.declarations) {
    if (decl.kind === 'Experiment') names.push(decl.name.name);
  }
  return names;
}

type Selection =
  | { readonly ok: true; readonly experiments: readonly Experiment[] }
  | { readonly ok: false; readonly message: string };

function list(names: readonly string[]): string {
  return names.length === 0 ? 'none' : names.join(', ');
}

/**
 * The named experiment (any in the IR, imported ones included), or else the
 * experiments the file declares itself. A file that declares none (a networks
 * or sweep file) selects nothing; the message says what --experiment could name.
 */
export function selectExperiments(
  ir: MtlIr,
  options: {
    readonly declared: readonly string[];
    readonly wanted: string | undefined;
    readonly source: string;
  },
): Selection {
  const { declared, wanted, source } = options;
  const all = ir.experiments.map((e) => e.name);
  if (wanted !== undefined) {
    const found = ir.experiments.find((e) => e.name === wanted);
    if (found) return { ok: true, experiments: [found] };
    return { ok: false, message: `no experiment named '${wanted}' in ${source} (experiments: ${list(all)})` };
  }
  const own = ir.experiments.filter((e) => declared.includes(e.name));
  if (own.length > 0) return { ok: true, experiments: own };
  const imported = all.length > 0 ? `; it imports ${list(all)}, name one with --experiment NAME` : '';
  return { ok: false, message: `${source} declares no experiment${imported}` };
}
