/**
 * Daily sales per (product, day) summed while a file is read, the way SQLite's sum() adds doubles
 * (Kahan-Babuska-Neumaier, src/func.c), so the figures are those the set-based recompute would store.
 */
import type { Cell } from './types';

/**
 * Most (product, day) pairs held in memory (~45 bytes each; past it `complete` turns false and the caller recomputes in
 * SQL) and the bytes of the dense (day x product id) table of group numbers (past it, a map). Tests lower them.
 */
export const dailySumsLimits = { pairs: 1_000_000, denseBytes: 8 << 20 };

/** Accumulates units, revenue and line count per (product id, day). */
export class DailySums {
  /** Day text ('YYYY-MM-DD') by day number. */
  readonly days: string[] = [];
  private readonly dayNo = new Map<string, number>();
  /** Group number by day number and product id (-1: none yet) while product ids are small; else `group`. */
  private dense: Int32Array[] | null = [];
  private group: Map<number, number> | null = null;
  private product = new Float64Array(1024);
  private dayOf = new Int32Array(1024);
  /** Per group: units sum, units error, revenue sum, revenue error, line count. */
  private acc = new Float64Array(1024 * 5);
  private n = 0;
  /** False once the cap was passed: the sums are incomplete and must not be written. */
  complete = true;

  /** `maxProduct`: the largest product id a line may name (sizes the dense table). */
  constructor(private readonly maxProduct: number) {
    if ((maxProduct + 1) * 4 > dailySumsLimits.denseBytes) this.toMap();
  }

  /** Number of (product, day) pairs so far. */
  get size(): number {
    return this.n;
  }

  /** The number of a day, registering it. */
  day(text: string): number {
    let d = this.dayNo.get(text);
    if (d === undefined) {
      d = this.days.length;
      this.days.push(text);
      this.dayNo.set(text, d);
    }
    return d;
  }

  /** Adds one line: `units` and `revenue` (quantity * unit_price - discount) of product `product` on day number `day`. */
  add(product: number, day: number, units: number, revenue: number): void {
    if (!this.complete) return;
    let g = this.find(product, day);
    if (g === -1) {
      if (this.n >= dailySumsLimits.pairs) {
        this.complete = false;
        this.dense = null;
        this.group = null;
        return;
      }
      g = this.n++;
      if (g === this.product.length) this.grow();
      if (this.dense) this.dense[day][product] = g;
      else this.group?.set(product * 65536 + day, g);
      this.product[g] = product;
      this.dayOf[g] = day;
    }
    const a = this.acc;
    const b = g * 5;
    kbn(a, b, units);
    kbn(a, b + 2, revenue);
    a[b + 4]++;
  }

  /** The group of (product, day), or -1 (making room for it in the dense table). */
  private find(product: number, day: number): number {
    const dense = this.dense;
    if (dense) {
      let row = dense[day];
      if (row === undefined && product <= this.maxProduct && (day + 1) * (this.maxProduct + 1) * 4 <= dailySumsLimits.denseBytes) {
        row = new Int32Array(this.maxProduct + 1).fill(-1);
        dense[day] = row;
      }
      if (row !== undefined && product <= this.maxProduct) return row[product];
      this.toMap();
    }
    return (this.group as Map<number, number>).get(product * 65536 + day) ?? -1;
  }

  /** Moves to a map keyed by product and day (many products, many days, or an id past the expected largest). */
  private toMap(): void {
    const group = new Map<number, number>();
    for (let g = 0; g < this.n; g++) group.set(this.product[g] * 65536 + this.dayOf[g], g);
    this.group = group;
    this.dense = null;
  }

  private grow(): void {
    const size = this.product.length * 2;
    const p = new Float64Array(size);
    p.set(this.product);
    this.product = p;
    const d = new Int32Array(size);
    d.set(this.dayOf);
    this.dayOf = d;
    const a = new Float64Array(size * 5);
    a.set(this.acc);
    this.acc = a;
  }

  /** Group numbers in (product, date) order, `rank` giving each day number's place in date order. */
  private sortedGroups(rank: Int32Array): Uint32Array {
    const n = this.n;
    const order = new Uint32Array(n);
    let maxProduct = 0;
    for (let g = 0; g < n; g++) maxProduct = Math.max(maxProduct, this.product[g]);
    if (maxProduct < 65536 && n < 1 << 21) {
      // One native numeric sort: product (16 bits), day rank (16 bits) and group number (21 bits) packed in a double.
      const keys = new Float64Array(n);
      for (let g = 0; g < n; g++) keys[g] = (this.product[g] * 65536 + rank[this.dayOf[g]]) * 2097152 + g;
      keys.sort();
      for (let i = 0; i < n; i++) order[i] = keys[i] % 2097152;
      return order;
    }
    const keys = new Float64Array(n);
    for (let g = 0; g < n; g++) keys[g] = this.product[g] * 65536 + rank[this.dayOf[g]];
    for (let g = 0; g < n; g++) order[g] = g;
    return order.sort((x, y) => keys[x] - keys[y]);
  }

  /** Calls `fn` with [product_id, date, units, revenue, order_count, 'orders'] per pair, in (product, date) order. */
  forEachSorted(fn: (row: Cell[]) => void): void {
    const rank = new Int32Array(this.days.length);
    [...this.days.keys()].sort((x, y) => (this.days[x] < this.days[y] ? -1 : 1)).forEach((d, r) => (rank[d] = r));
    const order = this.sortedGroups(rank);
    const row: Cell[] = [0, '', 0, 0, 0, 'orders'];
    const a = this.acc;
    for (const g of order) {
      const b = g * 5;
      row[0] = this.product[g];
      row[1] = this.days[this.dayOf[g]];
      row[2] = total(a, b);
      row[3] = total(a, b + 2);
      row[4] = a[b + 4];
      fn(row);
    }
  }
}

/** One step of SQLite's sum(): the running sum at a[i], its error term at a[i + 1]. */
function kbn(a: Float64Array, i: number, r: number): void {
  const s = a[i];
  const t = s + r;
  a[i + 1] += Math.abs(s) > Math.abs(r) ? s - t + r : r - t + s;
  a[i] = t;
}

/** What sum() returns: the sum plus its error term (unless the error overflowed). */
function total(a: Float64Array, i: number): number {
  const err = a[i + 1];
  return Number.isFinite(err) ? a[i] + err : a[i];
}
