// `vary network [nn2, nn3]` names networks; the sweep IR keeps only the names,
// so the planner asks this lookup, built from the checked program, for each
// one's IR (the shape lowerExperiment gives an experiment's network).
import { constantValue } from '../check/constants.js';
import type { Program } from '../check/program.js';
import type { Activation, Layer } from '../ir/types.js';
import type { LayerDecl } from '../syntax/ast.js';
import type { NetworkLookup } from './apply-value.js';

function layer(decl: LayerDecl): Layer | undefined {
  const units = constantValue(decl.units);
  const activation = decl.activation?.name as Activation | undefined;
  return units === undefined || activation === undefined
    ? undefined
    : { name: decl.name.name, units, activation };
}

/** Networks visible from the root file `root` of a program that checked without errors. */
export function networkLookup(program: Program, root: string): NetworkLookup {
  return (name) => {
    const node = program.symbols.scope(root).get(name)?.node;
    if (node?.kind !== 'Network') return undefined;
    const input = constantValue(node.input?.size);
    const hidden = node.layers.filter((l) => l.role === 'dense').map(layer);
    const output = node.layers.find((l) => l.role === 'output');
    const out = output && layer(output);
    if (input === undefined || !out || hidden.length === 0 || hidden.some((h) => h === undefined))
      return undefined;
    const [first, ...rest] = hidden as Layer[];
    return { name, input, hidden: [first!, ...rest], output: out };
  };
}
