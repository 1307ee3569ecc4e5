// Gradients by parameter name, summed when several terms touch one parameter
// (a tied decoder, `gradient through`, a joint step).
import * as tf from '@tensorflow/tfjs-core';

export class Gradients {
  private readonly byName = new Map<string, tf.Tensor>();

  add(name: string, gradient: tf.Tensor): void {
    const previous = this.byName.get(name);
    this.byName.set(name, previous ? tf.add(previous, gradient) : gradient);
  }

  get(name: string): tf.Tensor | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  entries(): [string, tf.Tensor][] {
    return [...this.byName.entries()];
  }
}
