/**
 * Exponential moving average of a model's weights (Polyak averaging, as in TensorFlow's ExponentialMovingAverage):
 * after every optimiser step avg ← d·avg + (1 − d)·w, with d = min(decay, (1 + t) / (10 + t)) so the first steps,
 * whose weights are still noise, fade out fast. Scoring with the averaged weights costs nothing extra at prediction
 * time and smooths the step-to-step noise of a small-batch, sampled-softmax training.
 */
import * as tf from '@tensorflow/tfjs';

/** A running average of the given variables (the average is held in copies the caller never sees). */
export class WeightAverage {
  private readonly avg: tf.Variable[];
  private steps = 0;

  constructor(private readonly vars: readonly tf.Variable[], readonly decay: number) {
    this.avg = vars.map((v) => {
      const init = v.clone();
      const a = tf.variable(init, false);
      init.dispose();
      return a;
    });
  }

  /** Folds the variables' current values into the average (call after each optimiser step). */
  update(): void {
    const d = Math.min(this.decay, (1 + this.steps) / (10 + this.steps));
    this.steps++;
    tf.tidy(() => this.avg.forEach((a, i) => a.assign(a.mul(d).add(this.vars[i].mul(1 - d)))));
  }

  /** Copies of the averaged weights, in the variables' order (the caller disposes them). */
  copy(): tf.Tensor[] {
    return this.avg.map((a) => tf.keep(a.clone()));
  }

  /** How many steps were folded in. */
  count(): number {
    return this.steps;
  }

  /** Frees the averaged copies. */
  dispose(): void {
    for (const a of this.avg) a.dispose();
  }
}
