// Step program → a TypeScript function: the step's math as straight-line
// calls to the runtime's kernel layer (src/runtime/kernels/step-kernels.ts),
// one statement per operation, each value named as in the step program and
// its shape in a comment. What a generated trainer runs on the TensorFlow.js
// backends, and what a researcher reads next to the paper.
import type { Experiment } from '../ir/types.js';
import { compiledStepKeys } from '../step/compiled-keys.js';
import { lowerStep } from '../step/lower.js';
import type { Shape, StepKey, StepOp, StepProgram } from '../step/program.js';
import { stepKeyName } from '../step/program.js';
import { stringLiteral } from './literal.js';

const shapeText = (shape: Shape) => `[${shape.join(', ')}]`;

const num = (value: number) => (Object.is(value, -0) ? '-0' : String(value));

function call(op: StepOp): string {
  switch (op.op) {
    case 'matmul': {
      const options = [
        ...(op.transA ? ['transA: true'] : []),
        ...(op.transB ? ['transB: true'] : []),
        ...(op.bias ? [`bias: ${op.bias}`] : []),
      ];
      const rest = options.length > 0 ? `, { ${options.join(', ')} }` : '';
      return `k.matmul(${op.a}, ${op.b}${rest})`;
    }
    case 'activation':
      return op.fn === 'linear' ? op.x : `k.${op.fn}(${op.x})`;
    case 'activationGrad':
      return op.fn === 'linear' ? op.dy : `k.${op.fn}Grad(${op.y}, ${op.dy})`;
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'max':
      return `k.${op.op}(${op.a}, ${op.b})`;
    case 'unary':
      return `k.${op.fn}(${op.x})`;
    case 'sumRows':
    case 'sumColumns':
    case 'sumAll':
    case 'sumAbs':
    case 'argmax':
      return `k.${op.op}(${op.x})`;
    case 'sumLog':
      return `k.sumLog(${op.x}, ${op.chunk})`;
    case 'constant':
      return `k.constant(${num(op.value)})`;
    case 'clip':
    case 'inRange':
      return `k.${op.op}(${op.x}, ${num(op.min)}, ${num(op.max)})`;
    case 'concat':
      return `k.concat([${op.xs.join(', ')}])`;
    case 'gatherRows':
    case 'scatterRows':
      // Generated trainers take the steps as lowered; only the onnx engine compacts input columns.
      throw new Error(`internal: ${op.op} is not emitted as TypeScript (step/input-columns.ts)`);
  }
}

/** The function's name for a step kind: `reconstructionStep`, `supervisedStep`, `jointStep`, `evaluate`. */
function stepFunctionName(key: StepKey): string {
  return key.kind === 'evaluation' ? 'evaluate' : `${key.kind}Step`;
}

/** `export function NAME<T>(k, inputs) { … }` for one step program. */
function stepFunctionSource(program: StepProgram): string {
  const lines: string[] = [];
  lines.push('/**');
  for (const line of program.doc) lines.push(` * ${line}`);
  lines.push(' * Inputs and outputs by name; shapes in comments (rows = the rows of the step).');
  lines.push(' */');
  lines.push(
    `export function ${stepFunctionName(program.key)}<T>(k: StepKernels<T>, inputs: Readonly<Record<string, T>>): Record<string, T> {`,
  );
  for (const input of program.inputs) {
    const role = input.role;
    const what =
      role.kind === 'param' || role.kind === 'velocity'
        ? `${role.kind} ${role.param}`
        : role.kind === 'factor'
          ? `factor ${role.factor.kind}${'slot' in role.factor ? ` (DAE ${role.factor.slot})` : ''}`
          : 'slot' in role
            ? `${role.kind} (DAE ${role.slot})`
            : role.kind;
    lines.push(`  const ${input.name} = inputs.${input.name}; // ${shapeText(input.shape)} ${what}`);
  }
  for (const op of program.ops) {
    const value = call(op);
    if (value === op.out) continue;
    lines.push(`  const ${op.out} = ${value}; // ${shapeText(program.shapes.get(op.out) ?? [])}`);
  }
  const outputs = program.outputs.map((output) => `${stringLiteral(output.name)}: ${output.value}`);
  lines.push(`  return { ${outputs.join(', ')} };`);
  lines.push('}');
  return lines.join('\n');
}

interface StepSources {
  /** Function declarations, one per step key. */
  readonly functions: readonly string[];
  /** `{ 'reconstruction.d0.loss': reconstructionStep, … }` */
  readonly table: string;
}

export function stepSources(experiment: Experiment): StepSources {
  const keys = compiledStepKeys(experiment);
  const functions = keys.map((key) => stepFunctionSource(lowerStep(experiment, key)));
  const entries = keys.map((key) => `${stringLiteral(stepKeyName(key))}: ${stepFunctionName(key)}`);
  return { functions, table: `{ ${entries.join(', ')} }` };
}
