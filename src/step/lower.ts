// IR experiment + step key → step program. Each function below writes one
// piece of the paper's math (Belharbi et al. 2016): the network's forward
// pass, the supervised cost J_s (Eq. 1) and its gradient, each DAE's
// reconstruction cost J_dae,k (Eq. 5) with its noise, coder, decoder and
// gradient mode, the SGD update with momentum, and the check vector the
// runtime reads to stop a diverged run. The backward pass is derived by
// hand, operand transposes explicit in each product.
import type { Activation, Dae, Experiment } from '../ir/types.js';
import { StepBuilder } from './builder.js';
import { type DenseLayer, decoderParams, denseLayers, featureDivisor } from './network.js';
import type { StepKey, StepProgram } from './program.js';

const EPSILON = 1e-7;

/** Parameter names as step values: `h1.W` → `W_h1`, `h1.decoder.b` → `bd_h1`. */
function paramValueHint(param: string): string {
  const [layer, ...rest] = param.split('.');
  const kind = rest.join('.');
  const prefix = kind === 'W' ? 'W' : kind === 'b' ? 'b' : kind === 'decoder.W' ? 'Wd' : 'bd';
  return `${prefix}_${layer}`;
}

function param(b: StepBuilder, name: string, shape: readonly number[]): string {
  return b.input(paramValueHint(name), shape, { kind: 'param', param: name });
}

function weight(b: StepBuilder, layer: DenseLayer): string {
  return param(b, layer.weight, [layer.inputs, layer.units]);
}

function bias(b: StepBuilder, layer: DenseLayer): string {
  return param(b, layer.bias, [layer.units]);
}

/** y = f(x·W + b) */
function dense(b: StepBuilder, layer: DenseLayer, x: string, hint: string): string {
  const a = b.matmul(`a_${hint}`, x, weight(b, layer), { bias: bias(b, layer) });
  return b.activation(hint, layer.activation, a);
}

/** A cost on the output pre-activation z against target x: dL/dz up to a factor, and Σ of the per-entry cost. */
interface CostTerms {
  readonly dz: string;
  readonly sum: string | null;
}

function cost(
  b: StepBuilder,
  kind: 'cross_entropy' | 'squared_error',
  activation: Activation,
  z: string,
  x: string,
  wantLoss: boolean,
  hint: string,
): CostTerms {
  const one = () => b.constant(1);
  if (kind === 'squared_error') {
    // J = Σ (f(z) − x)²; dJ/dz = 2·f'(z)·(f(z) − x), the 2 rides on the factor.
    const y = b.activation(`y_${hint}`, activation, z);
    const diff = b.binary(`diff_${hint}`, 'sub', y, x);
    const dz = b.activationGrad(`dz_${hint}`, activation, y, diff);
    return { dz, sum: wantLoss ? b.sumAll(`J_${hint}`, b.unary(`sq_${hint}`, 'square', diff)) : null };
  }
  if (activation === 'sigmoid') {
    // J = Σ softplus(z) − x·z, from logits: dJ/dz = σ(z) − x.
    const s = b.activation(`y_${hint}`, 'sigmoid', z);
    const dz = b.binary(`dz_${hint}`, 'sub', s, x);
    if (!wantLoss) return { dz, sum: null };
    // softplus(z) = relu(z) + softplus(−|z|), stable for large |z|, with
    //   Σ relu(z) = ½(Σ z + Σ |z|): two reads of z and no [rows, n] temporary,
    //   softplus(−|z|) = −log σ(|z|), σ(|z|) = max(σ(z), 1 − σ(z)) ∈ [0.5, 1].
    // Each [rows, n] temporary costs a pass over memory as long as a small GEMM
    // (docs/benchmarks.md), so the loss is written with as few as it takes.
    const sumRelu = b.binary(
      `srelu_${hint}`,
      'mul',
      b.binary(`sz_${hint}`, 'add', b.sumAll(`sumz_${hint}`, z), b.sumAbs(`sabs_${hint}`, z)),
      b.constant(0.5),
    );
    const sumXz = b.sumAll(`sxz_${hint}`, b.binary(`xz_${hint}`, 'mul', x, z));
    const sAbs = b.binary(`sigabs_${hint}`, 'max', s, b.binary(`oms_${hint}`, 'sub', one(), s));
    const tail = b.sumLog(`logs_${hint}`, sAbs);
    return { dz, sum: b.binary(`J_${hint}`, 'sub', b.binary(`slin_${hint}`, 'sub', sumRelu, sumXz), tail) };
  }
  if (activation === 'softmax') {
    // J = −Σ x·log softmax(z); dJ/dz = softmax(z)·Σ_j x_j − x.
    const p = b.activation(`p_${hint}`, 'softmax', z);
    const dz = b.binary(
      `dz_${hint}`,
      'sub',
      b.binary(`px_${hint}`, 'mul', p, b.sumColumns(`xsum_${hint}`, x)),
      x,
    );
    if (!wantLoss) return { dz, sum: null };
    const logP = b.unary(`logp_${hint}`, 'logSoftmax', z);
    return {
      dz,
      sum: b.unary(`J_${hint}`, 'neg', b.sumAll(`xlogp_${hint}`, b.binary(`xl_${hint}`, 'mul', x, logP))),
    };
  }
  // Binary cross-entropy on a decoder that is not a sigmoid: its output clipped into (0, 1).
  const y = b.activation(`y_${hint}`, activation, z);
  const yc = b.clip(`yc_${hint}`, y, EPSILON, 1 - EPSILON);
  const inside = b.inRange(`in_${hint}`, y, EPSILON, 1 - EPSILON);
  const oneMinus = b.binary(`omy_${hint}`, 'sub', one(), yc);
  const dy = b.binary(
    `dy_${hint}`,
    'mul',
    b.binary(
      `r_${hint}`,
      'div',
      b.binary(`e_${hint}`, 'sub', yc, x),
      b.binary(`v_${hint}`, 'mul', yc, oneMinus),
    ),
    inside,
  );
  const dz = b.activationGrad(`dz_${hint}`, activation, y, dy);
  if (!wantLoss) return { dz, sum: null };
  const entry = b.binary(
    `ll_${hint}`,
    'add',
    b.binary(`xly_${hint}`, 'mul', x, b.unary(`ly_${hint}`, 'log', yc)),
    b.binary(
      `xl1_${hint}`,
      'mul',
      b.binary(`omx_${hint}`, 'sub', one(), x),
      b.unary(`l1y_${hint}`, 'log', oneMinus),
    ),
  );
  return { dz, sum: b.unary(`J_${hint}`, 'neg', b.sumAll(`sll_${hint}`, entry)) };
}

/**
 * Supervised term: −lr·λ_s·J_s on the labeled rows, J_s (Eq. 1) the softmax
 * cross-entropy for a softmax output, else the squared error, summed over
 * classes and averaged over rows. Backward through every layer.
 */
function supervised(b: StepBuilder, layers: readonly DenseLayer[], wantLoss: boolean): string | null {
  const input = layers[0].inputs;
  const classes = layers[layers.length - 1].units;
  const x = b.input('x_labeled', ['labeled', input], { kind: 'labeledRows' });
  const targets = b.input('targets', ['labeled', classes], { kind: 'targets' });
  const hs = [x];
  for (const layer of layers.slice(0, -1)) hs.push(dense(b, layer, hs[hs.length - 1], `${layer.name}_s`));
  const output = layers[layers.length - 1];
  const z = b.matmul('z_s', hs[hs.length - 1], weight(b, output), { bias: bias(b, output) });
  const kind = output.activation === 'softmax' ? 'cross_entropy' : 'squared_error';
  const terms = cost(b, kind, output.activation, z, targets, wantLoss, 's');
  const factor = b.input('f_s', [1], {
    kind: 'factor',
    factor: { kind: 'supervised', costMultiplier: kind === 'squared_error' ? 2 : 1 },
  });
  let da = b.binary('da_s', 'mul', terms.dz, factor);
  for (let k = layers.length - 1; k >= 0; k--) {
    const layer = layers[k];
    b.addGradient(layer.weight, b.matmul(`gW_${layer.name}`, hs[k], da, { transA: true }));
    b.addGradient(layer.bias, b.sumRows(`gb_${layer.name}`, da));
    if (k > 0) {
      const dx = b.matmul(`dx_${layers[k - 1].name}`, da, weight(b, layer), { transB: true });
      da = b.activationGrad(`da_${layers[k - 1].name}`, layers[k - 1].activation, hs[k], dx);
    }
  }
  if (!terms.sum) return null;
  const perRow = b.input('per_labeled_row', [1], { kind: 'factor', factor: { kind: 'perLabeledRow' } });
  return b.binary('J_s', 'mul', terms.sum, perRow);
}

/**
 * The corrupted input of DAE `slot` on representation `clean` (Eq. 5's x̃):
 * on the input layer the runtime draws it directly; on a hidden layer the
 * runtime draws the keep mask and additive part and the step applies them.
 */
function corrupted(
  b: StepBuilder,
  dae: Dae,
  slot: number,
  clean: string,
  shape: readonly ['rows', number],
): { noisy: string; keep: string | null } {
  const noise = dae.noise;
  if (noise.kind === 'none') return { noisy: clean, keep: null };
  if (dae.layerIndex === 0) {
    return { noisy: b.input(`noisy_${slot}`, shape, { kind: 'noisyInput', slot }), keep: null };
  }
  if (noise.kind === 'gaussian') {
    const add = b.input(`noise_${slot}`, shape, { kind: 'add', slot });
    return { noisy: b.binary(`noisy_${slot}`, 'add', clean, add), keep: null };
  }
  const keep = b.input(`keep_${slot}`, shape, { kind: 'keep', slot });
  const masked = b.binary(`masked_${slot}`, 'mul', clean, keep);
  if (noise.kind === 'mask') return { noisy: masked, keep };
  const salt = b.input(`salt_${slot}`, shape, { kind: 'add', slot });
  return { noisy: b.binary(`noisy_${slot}`, 'add', masked, salt), keep };
}

/**
 * Reconstruction term: Σ_k −lr·λ_r·w_k·J_dae,k over the step's DAEs. DAE k's
 * coder is hidden layer k; its input is the clean representation x_k below,
 * corrupted; its target is x_k (a constant). `through` DAEs also send their
 * gradient down the layers below x_k.
 */
function reconstruction(
  b: StepBuilder,
  experiment: Experiment,
  layers: readonly DenseLayer[],
  slots: readonly number[],
  wantLoss: boolean,
): string | null {
  const daes = slots.map((slot) => ({ slot, dae: experiment.reconstruct[slot] }));
  const top = Math.max(...daes.map(({ dae }) => dae.layerIndex));
  const xs = [b.input('x', ['rows', layers[0].inputs], { kind: 'rows' })];
  for (let k = 0; k < top; k++) xs.push(dense(b, layers[k], xs[k], layers[k].name));
  const upstream = new Map<number, string>();
  const losses: string[] = [];

  for (const { slot, dae } of daes) {
    const k = dae.layerIndex;
    const layer = layers[k];
    const d = layer.inputs;
    const tag = `${layer.name}_r`;
    const clean = xs[k];
    const { noisy, keep } = corrupted(b, dae, slot, clean, ['rows', d]);
    const W = weight(b, layer);
    const code = dense(b, layer, noisy, `code_${layer.name}`);
    const params = decoderParams(layer, dae);
    const Wd = params.weight ? param(b, params.weight, [layer.units, d]) : null;
    const bd = param(b, params.bias, [d]);
    const z = Wd
      ? b.matmul(`z_${layer.name}`, code, Wd, { bias: bd })
      : b.matmul(`z_${layer.name}`, code, W, { transB: true, bias: bd });
    const terms = cost(b, dae.cost, dae.decoder.activation, z, clean, wantLoss, tag);
    const divisor = featureDivisor(dae, layer);
    const f = b.input(`f_${slot}`, [1], {
      kind: 'factor',
      factor: {
        kind: 'dae',
        slot,
        costMultiplier: dae.cost === 'squared_error' ? 2 : 1,
        featureDivisor: divisor,
      },
    });
    // Decoder gradients; the factor rides on the small operand (code), not on dz.
    b.addGradient(
      params.bias,
      b.binary(`gbd_${layer.name}`, 'mul', b.sumRows(`sdz_${layer.name}`, terms.dz), f),
    );
    const codeF = b.binary(`codef_${layer.name}`, 'mul', code, f);
    if (params.weight)
      b.addGradient(params.weight, b.matmul(`gWd_${layer.name}`, codeF, terms.dz, { transA: true }));
    else b.addGradient(layer.weight, b.matmul(`gWt_${layer.name}`, terms.dz, codeF, { transA: true }));
    // Back into the coder: dL/dcode = dz·W_dᵀ (W_dᵀ = W when tied).
    const dCode = Wd
      ? b.matmul(`dcode_${layer.name}`, terms.dz, Wd, { transB: true })
      : b.matmul(`dcode_${layer.name}`, terms.dz, W);
    const da = b.activationGrad(
      `dacode_${layer.name}`,
      layer.activation,
      code,
      b.binary(`dcodef_${layer.name}`, 'mul', dCode, f),
    );
    b.addGradient(layer.weight, b.matmul(`gWc_${layer.name}`, noisy, da, { transA: true }));
    b.addGradient(layer.bias, b.sumRows(`gbc_${layer.name}`, da));
    if (dae.gradient === 'through' && k > 0) {
      const dNoisy = b.matmul(`dnoisy_${layer.name}`, da, W, { transB: true });
      const dx = keep ? b.binary(`dxk_${layer.name}`, 'mul', dNoisy, keep) : dNoisy;
      const previous = upstream.get(k);
      upstream.set(k, previous ? b.binary(`up_${k}`, 'add', previous, dx) : dx);
    }
    if (terms.sum) {
      const lf = b.input(`lf_${slot}`, [1], {
        kind: 'factor',
        factor: { kind: 'daeLoss', slot, featureDivisor: divisor },
      });
      losses.push(b.binary(`Jw_${slot}`, 'mul', terms.sum, lf));
    }
  }

  // `through`: the DAEs' gradient continues down the layers below their input.
  for (let j = top - 1; j >= 0; j--) {
    const dy = upstream.get(j + 1);
    if (!dy) continue;
    const layer = layers[j];
    const da = b.activationGrad(`daup_${layer.name}`, layer.activation, xs[j + 1], dy);
    b.addGradient(layer.weight, b.matmul(`gWu_${layer.name}`, xs[j], da, { transA: true }));
    b.addGradient(layer.bias, b.sumRows(`gbu_${layer.name}`, da));
    if (j > 0) {
      const dx = b.matmul(`dxu_${layers[j - 1].name}`, da, weight(b, layer), { transB: true });
      const previous = upstream.get(j);
      upstream.set(j, previous ? b.binary(`up_${j}`, 'add', previous, dx) : dx);
    }
  }
  if (losses.length === 0) return null;
  return losses.reduce((sum, term) => b.binary('J_r', 'add', sum, term));
}

/** SGD with momentum μ (the gradients are already −lr·g): v ← μv + g, w ← w + v; plain w ← w + g when μ = 0. */
function update(
  b: StepBuilder,
  experiment: Experiment,
  shapes: ReadonlyMap<string, readonly number[]>,
): string[] {
  const momentum = experiment.train.optimizer.momentum;
  const updated = [...b.gradients.keys()];
  const sums: string[] = [];
  for (const name of updated) {
    const shape = shapes.get(name)!;
    const hint = paramValueHint(name);
    const g = b.gradient(name, `g_${hint}`);
    const w = param(b, name, shape);
    let step = g;
    if (momentum !== 0) {
      const v = b.input(`v_${hint}`, shape, { kind: 'velocity', param: name });
      step = b.binary(`vnew_${hint}`, 'add', b.binary(`mv_${hint}`, 'mul', v, b.constant(momentum)), g);
      b.output(step, `velocity:${name}`, { kind: 'velocity', param: name });
    }
    const next = b.binary(`new_${hint}`, 'add', w, step);
    b.output(next, `param:${name}`, { kind: 'param', param: name });
    sums.push(b.sumAll(`sum_${hint}`, next));
  }
  return sums;
}

/** Every parameter's shape, by checkpoint name. */
function paramShapes(experiment: Experiment, layers: readonly DenseLayer[]): Map<string, readonly number[]> {
  const shapes = new Map<string, readonly number[]>();
  for (const layer of layers) {
    shapes.set(layer.weight, [layer.inputs, layer.units]);
    shapes.set(layer.bias, [layer.units]);
  }
  for (const dae of experiment.reconstruct) {
    const layer = layers[dae.layerIndex];
    const params = decoderParams(layer, dae);
    if (params.weight) shapes.set(params.weight, [layer.units, layer.inputs]);
    shapes.set(params.bias, [layer.inputs]);
  }
  return shapes;
}

function docFor(key: StepKey, experiment: Experiment): string[] {
  const daes = key.daes.map((slot) => experiment.reconstruct[slot].layer).join(', ');
  switch (key.kind) {
    case 'supervised':
      return ['Supervised step: w ← w − lr·λ_s(t)·∇J_s on the labeled rows (Eq. 1, Algorithm 1 line 5).'];
    case 'reconstruction':
      return [
        `Reconstruction step: w ← w − lr·λ_r(t)·∇J_r, J_r = Σ_k w_k(t)·J_dae,k over the DAEs on ${daes} (Eq. 5, Algorithm 1 line 4).`,
      ];
    case 'joint':
      return [
        `Joint step: w ← w − lr·∇(λ_s(t)·J_s + λ_r(t)·J_r) (Eq. 4), J_s on the labeled rows, J_r on all rows (DAEs on ${daes}).`,
      ];
    case 'evaluation':
      return ['Evaluation: the class with the largest output for each row.'];
  }
}

export function lowerStep(experiment: Experiment, key: StepKey): StepProgram {
  const b = new StepBuilder();
  const layers = denseLayers(experiment);
  const doc = docFor(key, experiment);
  if (key.kind === 'evaluation') {
    const x = b.input('x', ['rows', layers[0].inputs], { kind: 'rows' });
    let h = x;
    for (const layer of layers.slice(0, -1)) h = dense(b, layer, h, layer.name);
    const output = layers[layers.length - 1];
    const z = b.matmul('z', h, weight(b, output), { bias: bias(b, output) });
    b.output(b.argmax('classes', z), 'classes', { kind: 'classes' });
    return { key, doc, inputs: b.inputs, ops: b.ops, outputs: b.outputs, shapes: b.shapes, updates: [] };
  }
  if (
    (key.kind === 'reconstruction' || key.kind === 'joint') &&
    key.daes.length === 0 &&
    key.kind !== 'joint'
  ) {
    throw new Error('internal: a reconstruction step needs at least one DAE');
  }
  const lossS = key.kind === 'supervised' || key.kind === 'joint' ? supervised(b, layers, key.losses) : null;
  const lossR =
    key.kind !== 'supervised' && key.daes.length > 0
      ? reconstruction(b, experiment, layers, key.daes, key.losses)
      : null;
  const sums = update(b, experiment, paramShapes(experiment, layers));
  const zero = () => b.constant(0);
  b.output(b.concat('check', [lossS ?? zero(), lossR ?? zero(), ...sums]), 'check', { kind: 'check' });
  return {
    key,
    doc,
    inputs: b.inputs,
    ops: b.ops,
    outputs: b.outputs,
    shapes: b.shapes,
    updates: [...b.gradients.keys()],
  };
}
