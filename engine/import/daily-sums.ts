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

/** Groups per block of the per-group arrays (16,384; ~0.8 MB a block). */
const SHIFT = 14;
const BLOCK = 1 << SHIFT;
const MASK = BLOCK - 1;

/** Accumulates units, revenue and line count per (product id, day). */
export class DailySums {
  /** Day text ('YYYY-MM-DD') by day number. */
  readonly days: string[] = [];
  private readonly dayNo = new Map<string, number>();
  /** Group number by day number and product id (-1: none yet) while product ids are small; else `group`. */
  private dense: Int32Array[] | null = [];
  private group: Map<number, number> | null = null;
  // Per group, in blocks of BLOCK groups (growing never copies, so no dead arrays wait for a collection): its product
  // id, its day number, and units sum, units error, revenue sum, revenue error and line count.
  private readonly product: Float64Array[] = [];
  private readonly dayOf: Int32Array[] = [];
  private readonly acc: Float64Array[] = [];
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
      if ((g & MASK) === 0) this.grow();
      if (this.dense) this.dense[day][product] = g;
      else this.group?.set(product * 65536 + day, g);
      this.product[g >>> SHIFT][g & MASK] = product;
      this.dayOf[g >>> SHIFT][g & MASK] = day;
    }
    const a = this.acc[g >>> SHIFT];
    const b = (g & MASK) * 5;
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
    for (let g = 0; g < this.n; g++) group.set(this.productOf(g) * 65536 + this.dayNumber(g), g);
    this.group = group;
    this.dense = null;
  }

  private grow(): void {
    this.product.push(new Float64Array(BLOCK));
    this.dayOf.push(new Int32Array(BLOCK));
    this.acc.push(new Float64Array(BLOCK * 5));
  }

  private productOf(g: number): number {
    return this.product[g >>> SHIFT][g & MASK];
  }

  private dayNumber(g: number): number {
    return this.dayOf[g >>> SHIFT][g & MASK];
  }

  /** Group numbers in (product, date) order, `rank` giving each day number's place in date order. */
  private sortedGroups(rank: Int32Array): Uint32Array {
    const n = this.n;
    const order = new Uint32Array(n);
    let maxProduct = 0;
    for (let g = 0; g < n; g++) maxProduct = Math.max(maxProduct, this.productOf(g));
    if (maxProduct < 65536 && n < 1 << 21) {
      // One native numeric sort: product (16 bits), day rank (16 bits) and group number (21 bits) packed in a double.
      const keys = new Float64Array(n);
      for (let g = 0; g < n; g++) keys[g] = (this.productOf(g) * 65536 + rank[this.dayNumber(g)]) * 2097152 + g;
      keys.sort();
      for (let i = 0; i < n; i++) order[i] = keys[i] % 2097152;
      return order;
    }
    const keys = new Float64Array(n);
    for (let g = 0; g < n; g++) keys[g] = this.productOf(g) * 65536 + rank[this.dayNumber(g)];
    for (let g = 0; g < n; g++) order[g] = g;
    return order.sort((x, y) => keys[x] - keys[y]);
  }

  /** Calls `fn` with [product_id, date, units, revenue, order_count, 'orders'] per pair, in (product, date) order. */
  forEachSorted(fn: (row: Cell[]) => void): void {
    const rank = new Int32Array(this.days.length);
    [...this.days.keys()].sort((x, y) => (this.days[x] < this.days[y] ? -1 : 1)).forEach((d, r) => (rank[d] = r));
    const order = this.sortedGroups(rank);
    const row: Cell[] = [0, '', 0, 0, 0, 'orders'];
    for (const g of order) {
      const a = this.acc[g >>> SHIFT];
      const b = (g & MASK) * 5;
      row[0] = this.productOf(g);
      row[1] = this.days[this.dayNumber(g)];
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
