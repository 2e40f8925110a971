/** Draws each SKU's daily demand from the recorded truths and runs its stock: sales are censored by stockouts. */
import { CATEGORIES, COMPETITOR_GAP_COEF, MEAN_QTY, PROMO_LIFT, QTY_WEIGHTS, SENTIMENT_COEF, weeklyFactors, yearlyFactor } from './categories';
import { dayOfYear, isoWeekday } from './dates';
import type { PriceWorld } from './prices';
import type { DemoProduct } from './products';
import { Rng } from './rng';
import type { SignalSeries } from './signals';
import { SUPPLIERS } from './words';

/** Sold order lines (parallel arrays) and the stock story behind them. */
export interface SimResult {
  lineDay: number[];
  lineProduct: number[];
  lineQty: number[];
  linePrice: number[];
  /** [productIndex, day] of days that started with nothing on hand. */
  stockouts: [number, number][];
  /** End-of-day stock, weekly per SKU. */
  snapshots: { productIndex: number; day: number; onHand: number; onOrder: number }[];
  demandUnits: number;
  soldUnits: number;
}

const WEEKLY = CATEGORIES.map(weeklyFactors);

/** The demand model's expected units of SKU `p` on day `d` (all factors except the noise). */
export function expectedDemand(p: DemoProduct, d: number, first: number, world: PriceWorld, sig: SignalSeries, evf: Float64Array[]): number {
  const ci = CATEGORIES.indexOf(p.cat);
  const path = world.paths[p.id - 1];
  const day = first + d;
  const promo = path.promo[d] >= 0 ? PROMO_LIFT : 1;
  return (
    p.base *
    Math.exp((p.cat.trend * d) / 365.25) *
    WEEKLY[ci][isoWeekday(day) - 1] *
    yearlyFactor(p.season, dayOfYear(day)) *
    evf[ci][d] *
    Math.pow(path.price[d] / p.refPrice, p.elasticity) *
    promo *
    Math.pow(path.compRatio[d], COMPETITOR_GAP_COEF) *
    Math.exp((p.tempCoef * sig.tempAnom[d]) / 10 + (p.cat.rainCoef * Math.min(sig.rainMm[d], 40)) / 10) *
    Math.exp(SENTIMENT_COEF * sig.sentiment[ci][d])
  );
}

/** Simulates demand, replenishment and censored sales of every SKU. */
export function simulate(
  seed: number,
  products: DemoProduct[],
  first: number,
  days: number,
  world: PriceWorld,
  sig: SignalSeries,
  evf: Float64Array[],
  onProduct: (i: number) => void,
): SimResult {
  const rng = Rng.forPhase(seed, 'demand');
  const out: SimResult = { lineDay: [], lineProduct: [], lineQty: [], linePrice: [], stockouts: [], snapshots: [], demandUnits: 0, soldUnits: 0 };
  for (const p of products) {
    const pi = p.id - 1;
    const ci = CATEGORIES.indexOf(p.cat);
    const path = world.paths[pi];
    const review = SUPPLIERS.indexOf(p.supplier) % 7;
    const pipeline: { arrive: number; qty: number }[] = [];
    const plan = (d: number): number => {
      // The planner expects base × trend × season × upcoming events (under-reacting to them) at today's price.
      const horizon = Math.round(p.supplier.leadMean) + 7;
      let ev = 0;
      for (let k = d; k < Math.min(days, d + horizon); k++) ev += evf[ci][k];
      const evAvg = ev / Math.max(1, Math.min(days, d + horizon) - d);
      const f = p.base * Math.exp((p.cat.trend * d) / 365.25) * yearlyFactor(p.season, dayOfYear(first + d + horizon / 2)) * (1 + 0.8 * (evAvg - 1));
      return f * Math.pow(path.price[d] / p.refPrice, p.elasticity) * horizon * (1 + p.safety);
    };
    let onHand = 0;
    for (let d = p.launchDay; d < days; d++) {
      if (d === p.launchDay) onHand = Math.max(p.casePack, Math.ceil(plan(d) / p.casePack) * p.casePack);
      for (let k = pipeline.length - 1; k >= 0; k--) {
        if (pipeline[k].arrive === d) {
          onHand += pipeline[k].qty;
          pipeline.splice(k, 1);
        }
      }
      const lambda = expectedDemand(p, d, first, world, sig, evf) * Math.exp(0.2 * rng.normal() - 0.02);
      const nLines = rng.poisson(lambda / MEAN_QTY);
      if (onHand <= 0) {
        out.stockouts.push([pi, d]);
        for (let k = 0; k < nLines; k++) out.demandUnits += rng.weighted(QTY_WEIGHTS);
      } else {
        for (let k = 0; k < nLines; k++) {
          const want = rng.weighted(QTY_WEIGHTS);
          out.demandUnits += want;
          const q = Math.min(want, onHand);
          if (q <= 0) continue;
          onHand -= q;
          out.soldUnits += q;
          out.lineDay.push(d);
          out.lineProduct.push(pi);
          out.lineQty.push(q);
          out.linePrice.push(path.price[d]);
        }
      }
      // Weekly review with the supplier: order up to the planned level in whole cases, at least the MOQ.
      if ((d + review) % 7 === 0) {
        const position = onHand + pipeline.reduce((a, o) => a + o.qty, 0);
        const target = plan(d);
        if (position < target) {
          const qty = Math.max(p.moq, Math.ceil((target - position) / p.casePack) * p.casePack);
          const delay = rng.chance(0.04) ? 7 + rng.int(10) : 0;
          const lead = Math.max(2, Math.round(p.supplier.leadMean + p.supplier.leadSd * rng.normal())) + delay;
          pipeline.push({ arrive: d + lead, qty });
        }
      }
      if ((days - 1 - d) % 7 === 0) {
        out.snapshots.push({ productIndex: pi, day: d, onHand, onOrder: pipeline.reduce((a, o) => a + o.qty, 0) });
      }
    }
    onProduct(pi);
  }
  return out;
}
