// Step program → ONNX model (opset 17), op by op. Parameters, rows, noise and
// the step's scalar factors are graph inputs (so one graph serves every
// epoch and batch); the few numeric constants are initializers; outputs take
// the names of their roles (`param:h1.W`, `velocity:h1.W`, `check`, `classes`).
import type { Shape, StepOp, StepProgram } from '../../step/program.js';
import { stepKeyName } from '../../step/program.js';
import {
  type AttributeMessage,
  AttributeType,
  DataType,
  encodeModel,
  type NodeMessage,
  type TensorMessage,
} from './onnx-proto.js';

const ONNX_OPSET = 17;

const intAttr = (name: string, i: number): AttributeMessage => ({ name, type: AttributeType.INT, i });
const intsAttr = (name: string, ints: readonly number[]): AttributeMessage => ({
  name,
  type: AttributeType.INTS,
  ints,
});

function floatTensor(name: string, values: readonly number[], dims: readonly number[]): TensorMessage {
  return { name, dims, dataType: DataType.FLOAT, rawData: new Uint8Array(Float32Array.from(values).buffer) };
}

function int64Tensor(name: string, values: readonly number[]): TensorMessage {
  return {
    name,
    dims: [values.length],
    dataType: DataType.INT64,
    rawData: new Uint8Array(BigInt64Array.from(values.map((v) => BigInt(v))).buffer),
  };
}

const dims = (shape: Shape) => shape.map((d) => (typeof d === 'number' ? d : d));

class GraphWriter {
  readonly nodes: NodeMessage[] = [];
  readonly initializers: TensorMessage[] = [];
  private readonly constants = new Map<string, string>();
  private count = 0;

  constructor(
    private readonly rename: (value: string) => string,
    private readonly shapes: StepProgram['shapes'],
  ) {}

  /** The (known) column count of a step value. */
  columns(value: string): number {
    const columns = this.shapes.get(value)?.[1];
    if (typeof columns !== 'number') throw new Error(`internal: ${value} has no known column count`);
    return columns;
  }

  v(value: string): string {
    return this.rename(value);
  }

  temp(hint: string): string {
    return `_${hint}_${this.count++}`;
  }

  node(
    opType: string,
    input: readonly string[],
    output: readonly string[],
    attribute: AttributeMessage[] = [],
  ) {
    this.nodes.push({ opType, name: `${opType}_${this.nodes.length}`, input, output, attribute });
  }

  floatConstant(value: number): string {
    const key = `f:${value}`;
    let name = this.constants.get(key);
    if (!name) {
      name = `_const_${this.constants.size}`;
      this.initializers.push(floatTensor(name, [value], [1]));
      this.constants.set(key, name);
    }
    return name;
  }

  int64Constant(values: readonly number[]): string {
    const key = `i:${values.join(',')}`;
    let name = this.constants.get(key);
    if (!name) {
      name = `_axes_${this.constants.size}`;
      this.initializers.push(int64Tensor(name, values));
      this.constants.set(key, name);
    }
    return name;
  }
}

const ACTIVATION_OP = { sigmoid: 'Sigmoid', tanh: 'Tanh', relu: 'Relu' } as const;

function emitOp(g: GraphWriter, op: StepOp): void {
  const out = g.v(op.out);
  switch (op.op) {
    case 'matmul': {
      const inputs = [g.v(op.a), g.v(op.b), ...(op.bias ? [g.v(op.bias)] : [])];
      g.node(
        'Gemm',
        inputs,
        [out],
        [intAttr('transA', op.transA ? 1 : 0), intAttr('transB', op.transB ? 1 : 0)],
      );
      return;
    }
    case 'activation':
      if (op.fn === 'softmax') g.node('Softmax', [g.v(op.x)], [out], [intAttr('axis', 1)]);
      else if (op.fn === 'linear') g.node('Identity', [g.v(op.x)], [out]);
      else g.node(ACTIVATION_OP[op.fn], [g.v(op.x)], [out]);
      return;
    case 'activationGrad': {
      const y = g.v(op.y);
      const dy = g.v(op.dy);
      switch (op.fn) {
        case 'sigmoid': {
          // dy·y·(1 − y)
          const oneMinus = g.temp('omy');
          const slope = g.temp('slope');
          g.node('Sub', [g.floatConstant(1), y], [oneMinus]);
          g.node('Mul', [y, oneMinus], [slope]);
          g.node('Mul', [dy, slope], [out]);
          return;
        }
        case 'tanh': {
          // dy·(1 − y²)
          const square = g.temp('ysq');
          const slope = g.temp('slope');
          g.node('Mul', [y, y], [square]);
          g.node('Sub', [g.floatConstant(1), square], [slope]);
          g.node('Mul', [dy, slope], [out]);
          return;
        }
        case 'relu': {
          // dy·[y > 0]
          const positive = g.temp('pos');
          const step = g.temp('step');
          g.node('Greater', [y, g.floatConstant(0)], [positive]);
          g.node('Cast', [positive], [step], [intAttr('to', DataType.FLOAT)]);
          g.node('Mul', [dy, step], [out]);
          return;
        }
        case 'softmax': {
          // y·(dy − Σ_j dy_j·y_j)
          const product = g.temp('dyy');
          const rowSum = g.temp('rowsum');
          const centered = g.temp('centered');
          g.node('Mul', [dy, y], [product]);
          g.node('ReduceSum', [product, g.int64Constant([1])], [rowSum], [intAttr('keepdims', 1)]);
          g.node('Sub', [dy, rowSum], [centered]);
          g.node('Mul', [y, centered], [out]);
          return;
        }
        case 'linear':
          g.node('Identity', [dy], [out]);
          return;
      }
      return;
    }
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'max': {
      const type = { add: 'Add', sub: 'Sub', mul: 'Mul', div: 'Div', max: 'Max' }[op.op];
      g.node(type, [g.v(op.a), g.v(op.b)], [out]);
      return;
    }
    case 'unary': {
      const x = g.v(op.x);
      switch (op.fn) {
        case 'square':
          g.node('Mul', [x, x], [out]);
          return;
        case 'logSoftmax':
          g.node('LogSoftmax', [x], [out], [intAttr('axis', 1)]);
          return;
        default: {
          const type = { neg: 'Neg', abs: 'Abs', log: 'Log', softplus: 'Softplus', relu: 'Relu' }[op.fn];
          g.node(type, [x], [out]);
          return;
        }
      }
    }
    case 'sumRows':
      g.node('ReduceSum', [g.v(op.x), g.int64Constant([0])], [out], [intAttr('keepdims', 0)]);
      return;
    case 'sumColumns':
      g.node('ReduceSum', [g.v(op.x), g.int64Constant([1])], [out], [intAttr('keepdims', 1)]);
      return;
    case 'sumAll': {
      const scalar = g.temp('sum');
      g.node('ReduceSum', [g.v(op.x)], [scalar], [intAttr('keepdims', 0)]);
      g.node('Reshape', [scalar, g.int64Constant([1])], [out]);
      return;
    }
    case 'sumAbs': {
      const scalar = g.temp('l1');
      g.node('ReduceL1', [g.v(op.x)], [scalar], [intAttr('keepdims', 0)]);
      g.node('Reshape', [scalar, g.int64Constant([1])], [out]);
      return;
    }
    case 'sumLog': {
      // Σ log x = Σ log ∏ (chunks of x): one log per chunk instead of per entry.
      const chunks = g.temp('chunks');
      const products = g.temp('products');
      const logs = g.temp('logs');
      const scalar = g.temp('sumlog');
      g.node('Reshape', [g.v(op.x), g.int64Constant([-1, op.chunk])], [chunks]);
      // Before opset 18 only ReduceSum takes its axes as an input; ReduceProd has an attribute.
      g.node('ReduceProd', [chunks], [products], [intsAttr('axes', [1]), intAttr('keepdims', 0)]);
      g.node('Log', [products], [logs]);
      g.node('ReduceSum', [logs], [scalar], [intAttr('keepdims', 0)]);
      g.node('Reshape', [scalar, g.int64Constant([1])], [out]);
      return;
    }
    case 'constant': {
      g.node('Identity', [g.floatConstant(op.value)], [out]);
      return;
    }
    case 'clip':
      g.node('Clip', [g.v(op.x), g.floatConstant(op.min), g.floatConstant(op.max)], [out]);
      return;
    case 'inRange': {
      const above = g.temp('above');
      const below = g.temp('below');
      const both = g.temp('inside');
      g.node('GreaterOrEqual', [g.v(op.x), g.floatConstant(op.min)], [above]);
      g.node('LessOrEqual', [g.v(op.x), g.floatConstant(op.max)], [below]);
      g.node('And', [above, below], [both]);
      g.node('Cast', [both], [out], [intAttr('to', DataType.FLOAT)]);
      return;
    }
    case 'concat':
      g.node(
        'Concat',
        op.xs.map((x) => g.v(x)),
        [out],
        [intAttr('axis', 0)],
      );
      return;
    case 'argmax':
      g.node('ArgMax', [g.v(op.x)], [out], [intAttr('axis', 1), intAttr('keepdims', 0)]);
      return;
    case 'gatherRows':
      g.node('Gather', [g.v(op.x), g.v(op.index)], [out], [intAttr('axis', 0)]);
      return;
    case 'scatterRows': {
      const zeros = g.temp('zeros');
      const at = g.temp('at');
      g.node('ConstantOfShape', [g.int64Constant([op.rows, g.columns(op.x)])], [zeros]);
      const index = g.temp('index');
      // The kept columns come as int32 (Gather takes them so); ScatterND wants int64.
      g.node('Cast', [g.v(op.index)], [index], [intAttr('to', DataType.INT64)]);
      g.node('Unsqueeze', [index, g.int64Constant([1])], [at]);
      g.node('ScatterND', [zeros, at, g.v(op.x)], [out]);
      return;
    }
  }
}

/** The ONNX nodes and initializers of a step program, op by op (a graph output takes its output's name). */
function writeGraph(program: StepProgram): GraphWriter {
  const outputName = new Map(program.outputs.map((output) => [output.value, output.name]));
  const g = new GraphWriter((value) => outputName.get(value) ?? value, program.shapes);
  for (const op of program.ops) emitOp(g, op);
  return g;
}

/** Each ONNX node's name and the step value or graph output it writes (for profiles: bench/graph.ts). */
export function onnxNodeOutputs(program: StepProgram): Map<string, string> {
  return new Map(writeGraph(program).nodes.map((node) => [node.name, node.output[0]]));
}

/** The ONNX model of a step program, serialized. Same program, same bytes. */
export function emitOnnx(program: StepProgram): Uint8Array {
  const g = writeGraph(program);
  return encodeModel({
    graphName: stepKeyName(program.key),
    docString: program.doc.join('\n'),
    opset: ONNX_OPSET,
    nodes: g.nodes,
    initializers: g.initializers,
    inputs: program.inputs.map((input) => ({
      name: input.name,
      elemType: input.role.kind === 'columns' ? DataType.INT32 : DataType.FLOAT,
      shape: dims(input.shape),
    })),
    outputs: program.outputs.map((output) => ({
      name: output.name,
      elemType: output.role.kind === 'classes' ? DataType.INT64 : DataType.FLOAT,
      shape: dims(output.shape),
    })),
  });
}
