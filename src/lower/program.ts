// A checked program → the IR of one root file (grammar/ir.schema.json): the
// root's experiments and sweeps, plus the experiments its sweeps take as base
// from imported files, so the IR is self-contained.
import { experimentView } from '../check/experiment-view.js';
import type { Program, SourceFile } from '../check/program.js';
import type { MtlIr } from '../ir/types.js';
import type { ExperimentDecl } from '../syntax/ast.js';
import { lowerExperiment } from './experiment.js';
import { lowerSweep } from './sweep.js';

/** Lowers a root file of a program that checked without errors; throws a LoweringError on a bug. */
export function lowerProgram(program: Program, root: SourceFile): MtlIr {
  const experiments: ExperimentDecl[] = [];
  const fileOf = new Map<ExperimentDecl, SourceFile>();
  for (const file of program.files) {
    for (const d of file.ast.declarations) if (d.kind === 'Experiment') fileOf.set(d, file);
  }
  for (const d of root.ast.declarations) if (d.kind === 'Experiment') experiments.push(d);
  const sweeps = root.ast.declarations.filter((d) => d.kind === 'Sweep');
  const lowered = sweeps.map((s) => lowerSweep(s, program.symbols));
  for (const s of lowered) {
    const symbol = program.symbols.scope(root.name).get(s.base);
    const node = symbol?.node;
    if (node?.kind === 'Experiment' && !experiments.includes(node)) experiments.push(node);
  }
  return {
    irVersion: 1,
    source: root.name.replaceAll('\\', '/'),
    experiments: experiments.map((d) =>
      lowerExperiment(experimentView(d, fileOf.get(d) ?? root, program.symbols)),
    ),
    sweeps: lowered,
  };
}
