/** Experience replay: a fixed-size ring of transitions in typed arrays, sampled with a seeded generator. */
import type { DqnBatch } from '../../models/pricing/dqn';
import type { Rng } from './rng';

/** A ring buffer of (state, action, reward, next state, done, discount of the next state's value). */
export class ReplayBuffer {
  private s: Float32Array;
  private s2: Float32Array;
  private a: Int32Array;
  private r: Float32Array;
  private d: Float32Array;
  private g: Float32Array;
  private head = 0;
  size = 0;

  constructor(
    readonly capacity: number,
    readonly dim: number,
  ) {
    this.s = new Float32Array(capacity * dim);
    this.s2 = new Float32Array(capacity * dim);
    this.a = new Int32Array(capacity);
    this.r = new Float32Array(capacity);
    this.d = new Float32Array(capacity);
    this.g = new Float32Array(capacity);
  }

  /** Adds one transition, overwriting the oldest when full; `discount` multiplies the next state's value (γ^n for an n-step return). */
  push(state: Float32Array, action: number, reward: number, next: Float32Array, done: boolean, discount = 1): void {
    const i = this.head;
    this.s.set(state, i * this.dim);
    this.s2.set(next, i * this.dim);
    this.a[i] = action;
    this.r[i] = reward;
    this.d[i] = done ? 1 : 0;
    this.g[i] = done ? 0 : discount;
    this.head = (i + 1) % this.capacity;
    this.size = Math.min(this.capacity, this.size + 1);
  }

  /** A uniformly sampled batch of n transitions. */
  sample(n: number, rng: Rng): DqnBatch {
    const discount = new Float32Array(n);
    const b: DqnBatch = { n, states: new Float32Array(n * this.dim), actions: new Int32Array(n), rewards: new Float32Array(n), next: new Float32Array(n * this.dim), done: new Float32Array(n), discount };
    for (let j = 0; j < n; j++) {
      const i = rng.int(this.size);
      b.states.set(this.s.subarray(i * this.dim, (i + 1) * this.dim), j * this.dim);
      b.next.set(this.s2.subarray(i * this.dim, (i + 1) * this.dim), j * this.dim);
      b.actions[j] = this.a[i];
      b.rewards[j] = this.r[i];
      b.done[j] = this.d[i];
      discount[j] = this.g[i];
    }
    return b;
  }
}
