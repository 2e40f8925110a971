/** Seeded synthetic sales with a known elasticity, for the elasticity tests. */
import type { PriceSeries } from '../../engine/pricing/elasticity';

/** mulberry32: a small seeded uniform generator. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(u(), 1e-12))) * Math.cos(2 * Math.PI * u());
}

function poissonDraw(u: () => number, mean: number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(u)));
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= u();
  } while (p > l);
  return k - 1;
}

/** Options of the synthetic shop. */
export interface SynthOptions {
  seed: number;
  skus: number;
  days: number;
  elasticity: number | ((i: number) => number);
  /** Effect of log competitor price on demand (positive: their price up, our demand up). */
  crossEffect: number;
  /** How strongly our price follows the competitor's (confounding), 0..1. */
  follow: number;
  baseUnits: number;
  promoUplift: number;
  category?: string;
  flatPrice?: boolean;
  /** Days between list-price changes (default 1: a new price every day). */
  priceEvery?: number;
}

/** Daily series per SKU: demand = base * p^e * (comp/list)^cross * season * promo, Poisson noise. */
export function synthSeries(o: SynthOptions): PriceSeries[] {
  const u = seeded(o.seed);
  const out: PriceSeries[] = [];
  for (let i = 0; i < o.skus; i++) {
    const e = typeof o.elasticity === 'number' ? o.elasticity : o.elasticity(i);
    const ref = 50 + 100 * u();
    let logComp = 0;
    let noise = 0;
    const obs: PriceSeries['obs'] = [];
    for (let d = 0; d < o.days; d++) {
      logComp = 0.97 * logComp + 0.03 * normal(u);
      const promo = u() < 0.06 ? 1 : 0;
      if (d % (o.priceEvery ?? 1) === 0) noise = 0.08 * normal(u);
      const listLog = o.flatPrice ? 0 : o.follow * logComp + noise;
      const list = Math.round(ref * Math.exp(listLog) * 100) / 100;
      const price = promo && !o.flatPrice ? Math.round(list * 0.8 * 100) / 100 : list;
      const comp = ref * Math.exp(logComp);
      const date = new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
      const season = 1 + 0.3 * Math.sin((2 * Math.PI * d) / 365.25);
      // Demand answers the own price and the gap between competitors and our list price (as in the demo generator).
      const mean = o.baseUnits * Math.exp(e * Math.log(price / ref) + o.crossEffect * Math.log(comp / list)) * season * (promo ? o.promoUplift : 1);
      obs.push({ date, units: poissonDraw(u, mean), price, listPrice: list, promo, compPrice: comp });
    }
    out.push({ key: `SKU-${i}`, productId: i + 1, category: o.category ?? 'cat', obs });
  }
  return out;
}
