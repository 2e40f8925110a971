/** EASE (Steck 2019): closed-form item-item model B = I − P·diag(1/diag P), P = (XᵀX + λI)⁻¹, on the most popular items. */
import type { History, RecModel, TrainData, TrainHooks } from '../types';
import { spdInverse } from './linalg';

/** Largest catalogue EASE inverts; bigger catalogues use the this-many most popular items (others score 0). */
export const EASE_MAX_ITEMS = 2000;

/** EASE on at most EASE_MAX_ITEMS items. */
export class EaseModel implements RecModel {
  readonly name = 'ease';
  private b = new Float32Array(0);
  private kept: Int32Array = new Int32Array(0);
  private slot = new Int32Array(0);
  private nItems = 0;

  constructor(private readonly lambda = 250, private readonly maxItems = EASE_MAX_ITEMS) {}

  /** Whether the whole catalogue fits (otherwise only the most popular items are modelled). */
  static fitsWhole(nItems: number): boolean {
    return nItems <= EASE_MAX_ITEMS;
  }

  /** Builds the Gram matrix on the kept items and inverts it. */
  async fit(d: TrainData, hooks: TrainHooks = {}): Promise<void> {
    this.nItems = d.nItems;
    const pop = new Float64Array(d.nItems);
    for (const s of d.seqs) for (const i of new Set(s)) pop[i]++;
    const order = Array.from({ length: d.nItems }, (_, i) => i).filter((i) => pop[i] > 0).sort((a, b) => pop[b] - pop[a] || a - b);
    this.kept = Int32Array.from(order.slice(0, this.maxItems));
    const m = this.kept.length;
    this.slot = new Int32Array(d.nItems).fill(-1);
    this.kept.forEach((i, s) => (this.slot[i] = s));
    const g = new Float64Array(m * m);
    for (const s of d.seqs) {
      const xs = [...new Set(s)].map((i) => this.slot[i]).filter((x) => x >= 0);
      for (const a of xs) for (const b of xs) g[a * m + b] += 1;
    }
    for (let i = 0; i < m; i++) g[i * m + i] += this.lambda;
    hooks.progress?.(0, 1, 'ease');
    const p = spdInverse(g, m);
    this.b = new Float32Array(m * m);
    for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) this.b[r * m + c] = r === c ? 0 : -p[r * m + c] / p[c * m + c];
    hooks.progress?.(1, 1, 'ease');
  }

  /** Sums the rows of B for the history's items. */
  score(histories: History[]): Float32Array {
    const n = this.nItems;
    const m = this.kept.length;
    // Items outside the modelled set rank below every modelled one.
    const out = new Float32Array(histories.length * n).fill(-1e6);
    const acc = new Float32Array(m);
    histories.forEach((h, j) => {
      acc.fill(0);
      for (const i of new Set(h.items)) {
        const s = this.slot[i];
        if (s < 0) continue;
        for (let c = 0; c < m; c++) acc[c] += this.b[s * m + c];
      }
      for (let c = 0; c < m; c++) out[j * n + this.kept[c]] = acc[c];
    });
    return out;
  }

  /** Nothing to free. */
  dispose(): void {}
}
