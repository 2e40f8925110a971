/** Seeded synthetic demand series for the neural model tests: weekly pattern, planted promotion effect, stockouts. */
import { mulberry32 } from '../../models/forecast/data';
import type { ModelSeries } from '../../models/forecast/hybrid';

/** Options of the synthetic generator. */
export interface SynthOptions {
  series: number;
  days: number;
  horizon: number;
  seed: number;
  /** Units multiply by this on promotion days. */
  promoLift?: number;
  /** Share of days on promotion. */
  promoRate?: number;
}

function poisson(lambda: number, rnd: () => number): number {
  // Knuth for small means, normal approximation above
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss(rnd)));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rnd();
  } while (p > l);
  return k - 1;
}

function gauss(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
}

/** Full synthetic series (history + horizon) with a 'promo' covariate; the last `horizon` days are the held-out truth. */
export function synthSeries(o: SynthOptions): { train: ModelSeries[]; truth: Map<string, number[]> } {
  const rnd = mulberry32(o.seed);
  const lift = o.promoLift ?? 2;
  const rate = o.promoRate ?? 0.15;
  const train: ModelSeries[] = [];
  const truth = new Map<string, number[]>();
  const len = o.days + o.horizon;
  for (let s = 0; s < o.series; s++) {
    const level = 3 + rnd() * 20;
    const weekly = Array.from({ length: 7 }, () => 0.7 + rnd() * 0.6);
    const promo: number[] = [];
    const units: number[] = [];
    for (let t = 0; t < len; t++) {
      const on = rnd() < rate ? 1 : 0;
      promo.push(on);
      // 2024-01-01 is a Monday: day t has weekday t % 7
      units.push(poisson(level * weekly[t % 7] * (on ? lift : 1), rnd));
    }
    const id = `SKU-${String(s).padStart(3, '0')}`;
    train.push({ id, start: '2024-01-01', values: units.slice(0, o.days), category: `cat${s % 3}`, covariates: { promo } });
    truth.set(id, units.slice(o.days));
  }
  return { train, truth };
}
