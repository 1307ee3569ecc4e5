// Two consecutive steps as one program, so a runtime can run them in one go:
// the second step reads the parameters (and velocities) the first one wrote,
// its own inputs (rows, targets, factors) kept apart under new names. Every
// op is the step's own, in the step's own order, so the two steps compute
// the same bits as when run one after the other.
import { mapOpValues, type ProgramInput, type StepOp, type StepProgram } from './program.js';

export interface ChainedSteps {
  readonly program: StepProgram;
  /** The second step's outputs, by their names in the chained program. */
  readonly secondOutputs: ReadonlyMap<string, string>;
  /** The inputs the second step's own data feeds: chained name → the second program's input. */
  readonly secondInputs: ReadonlyMap<string, ProgramInput>;
}

const SECOND = '__2';

export function chainSteps(first: StepProgram, second: StepProgram): ChainedSteps {
  // The first step's writes of each parameter and velocity, and its inputs by role.
  const written = new Map<string, string>();
  for (const output of first.outputs) {
    if (output.role.kind === 'param' || output.role.kind === 'velocity')
      written.set(`${output.role.kind}:${output.role.param}`, output.value);
  }
  const firstInputs = new Map(first.inputs.map((input) => [JSON.stringify(input.role), input.name]));
  const rename = new Map<string, string>();
  const inputs: ProgramInput[] = [...first.inputs];
  const secondInputs = new Map<string, ProgramInput>();
  for (const input of second.inputs) {
    const role = input.role;
    if (role.kind === 'param' || role.kind === 'velocity') {
      const value = written.get(`${role.kind}:${role.param}`) ?? firstInputs.get(JSON.stringify(role));
      if (value) {
        rename.set(input.name, value);
        continue;
      }
      // A parameter the first step neither reads nor writes: the second reads it from the state.
      const name = `${input.name}${SECOND}`;
      rename.set(input.name, name);
      inputs.push({ ...input, name });
      continue;
    }
    const name = `${input.name}${SECOND}`;
    rename.set(input.name, name);
    inputs.push({ ...input, name });
    secondInputs.set(name, input);
  }
  const value = (v: string) => rename.get(v) ?? `${v}${SECOND}`;
  const ops: StepOp[] = [...first.ops, ...second.ops.map((op) => mapOpValues(op, value))];
  const shapes = new Map(first.shapes);
  for (const [v, shape] of second.shapes) if (!shapes.has(value(v))) shapes.set(value(v), shape);
  const secondOutputs = new Map<string, string>();
  const outputs = [...first.outputs];
  for (const output of second.outputs) {
    const name = `${output.name}${SECOND}`;
    outputs.push({ ...output, name, value: value(output.value) });
    secondOutputs.set(name, output.name);
  }
  return {
    program: {
      key: first.key,
      doc: [...first.doc, ...second.doc],
      inputs,
      ops,
      outputs,
      shapes,
      updates: first.updates,
    },
    secondOutputs,
    secondInputs,
  };
}
