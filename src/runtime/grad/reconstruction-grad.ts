// Gradient of Σ_k factor_k · J_dae,k (Eq. 5) for the DAEs of one step. DAE k's
// coder IS hidden layer k (W_k, b_k); its input is the clean representation
// x_k below it, corrupted; its target is x_k itself (a constant). `local`
// DAEs update their coder and decoder only; `through` DAEs also send
// their gradient into the layers below, through x_k.
import * as tf from '@tensorflow/tfjs-core';
import type { Dae } from '../../ir/types.js';
import { cost } from '../model/cost.js';
import { affine, denseOutput, hiddenOutputs } from '../model/forward.js';
import type { ModelSpec, ParamValues } from '../model/model.js';
import { param1d, param2d } from '../model/model.js';
import { colSum, matMulTA, matMulTB, scaledProductAndRowSums } from '../model/ops.js';
import { denseBackward } from './dense-backward.js';
import type { Gradients } from './gradients.js';
import type { Corruption } from './noise.js';

export interface DaeTerm {
  readonly dae: Dae;
  /** Position of the DAE in experiment.reconstruct (keys its noise stream). */
  readonly slot: number;
  /** The factor on this DAE's cost in the differentiated objective (in training −lr·λ_r(t)·daeWeight_k(t), so the gradient is the SGD step). */
  readonly factor: number;
  /** Its factor in the reported J_r: daeWeight_k(t). */
  readonly lossFactor: number;
}

interface ReconstructionInput {
  readonly x: tf.Tensor2D;
  readonly terms: readonly DaeTerm[];
  readonly corrupt: (slot: number, clean: tf.Tensor2D) => Corruption;
  readonly wantLoss: boolean;
}

/** Adds the gradients to grads; returns J_r = Σ_k daeWeight_k · J_dae,k when asked. */
export function reconstructionGradients(
  model: ModelSpec,
  values: ParamValues,
  input: ReconstructionInput,
  grads: Gradients,
): tf.Scalar | null {
  const top = Math.max(...input.terms.map((term) => term.dae.layerIndex));
  const xs = hiddenOutputs(model, values, input.x, top);
  // dL/dx_k sent down by `through` DAEs, by representation index k.
  const upstream: (tf.Tensor2D | undefined)[] = [];
  let loss: tf.Scalar | null = null;

  for (const term of input.terms) {
    const k = term.dae.layerIndex;
    const layer = model.layers[k];
    const decoder = model.decoders[k];
    if (!decoder) throw new Error(`internal: no decoder for layer ${layer.name}`);
    const clean = xs[k];
    const { noisy, keep } = input.corrupt(term.slot, clean);
    const W = param2d(values, layer.weight);
    const code = denseOutput(layer, values, noisy);
    const decoderW = decoder.weight ? param2d(values, decoder.weight) : tf.transpose(W);
    const z = affine(code, decoderW, param1d(values, decoder.bias));
    const out = cost({
      kind: term.dae.cost,
      reduction: term.dae.reduction,
      activation: decoder.activation,
      z,
      target: clean,
      scale: term.factor,
      wantLoss: input.wantLoss,
    });
    if (out.loss) {
      const weighted = tf.mul<tf.Scalar>(out.loss, term.lossFactor);
      loss = loss ? tf.add<tf.Scalar>(loss, weighted) : weighted;
    }

    // dz is the large operand: it goes on matMul's left, transposed for codeᵀ·dz = (dzᵀ·code)ᵀ.
    const dzT = tf.transpose(out.dz);
    const decoderGrads = scaledProductAndRowSums(dzT, code, out.factor);
    grads.add(decoder.bias, decoderGrads.rowSums);
    if (decoder.weight) grads.add(decoder.weight, tf.transpose(decoderGrads.product));
    else grads.add(layer.weight, decoderGrads.product);
    // decoderWᵀ is W itself when tied; the factor is applied here, to the small dL/dcode.
    const dCode = decoder.weight ? matMulTB(out.dz, decoderW) : tf.matMul<tf.Tensor2D>(out.dz, W);
    const da = layer.activation.backward(code, tf.mul(dCode, out.factor));
    grads.add(layer.weight, matMulTA(noisy, da));
    grads.add(layer.bias, colSum(da));

    if (term.dae.gradient === 'through' && k > 0) {
      const dNoisy = matMulTB(da, W);
      const dx = keep ? tf.mul<tf.Tensor2D>(dNoisy, keep) : dNoisy;
      const previous = upstream[k];
      upstream[k] = previous ? tf.add<tf.Tensor2D>(previous, dx) : dx;
    }
  }

  for (let j = top - 1; j >= 0; j--) {
    const dy = upstream[j + 1];
    if (!dy) continue;
    const layer = model.layers[j];
    const da = layer.activation.backward(xs[j + 1], dy);
    const dx = denseBackward({ layer, values, x: xs[j], da, grads, wantInput: j > 0 });
    const previous = upstream[j];
    if (dx) upstream[j] = previous ? tf.add<tf.Tensor2D>(previous, dx) : dx;
  }
  return loss;
}
