/** The market simulator for one SKU: demand response to price and competitors, noise, inventory with (s,S) reorders, reacting competitors. */
import { Rng } from './rng';
import { startPrice, type CompetitorSpec, type Scenario } from './scenario';

/** Demand multiplier of day `day` from day-of-week and events (1 = an ordinary day). */
export function demandIndex(s: Scenario, day: number): number {
  const wd = (s.demand.startWeekday + day) % 7;
  let f = s.demand.dow[wd];
  for (const e of s.demand.events) if (day >= e.start && day < e.start + e.length) f *= e.factor;
  return f;
}

/** Price elasticity in force on `day` (the base elasticity times its day-of-week multiplier). */
export function elasticityOn(s: Scenario, day: number): number {
  return s.demand.elasticity * s.demand.dowElasticity[(s.demand.startWeekday + day) % 7];
}

/** Expected units demanded on `day` at our price `p` when the cheapest competitor asks `cmin`. */
export function expectedDemand(s: Scenario, day: number, p: number, cmin: number): number {
  const base = s.demand.baseUnits * demandIndex(s, day);
  const eps = elasticityOn(s, day);
  const ref = s.price.ref;
  if (s.demand.model === 'logit') {
    // Multinomial logit with us, the cheapest rival and an outside option; slope set so the
    // elasticity at (ref, ref) equals eps; normalised so demand at (ref, ref) is baseUnits.
    const b = 1.5 * -eps;
    const own = Math.exp((-b * p) / ref);
    const share = own / (own + Math.exp((-b * cmin) / ref) + Math.exp(-b));
    return base * 3 * share;
  }
  const gap = (p - cmin) / cmin;
  const comp = 2 / (1 + Math.exp(s.demand.competitorSensitivity * gap));
  return base * Math.pow(p / ref, eps) * comp;
}

/** What happened on one simulated day. */
export interface DayOutcome {
  day: number;
  price: number;
  prevPrice: number;
  compMin: number;
  expected: number;
  demand: number;
  sold: number;
  lost: number;
  revenue: number;
  margin: number;
  holdingCost: number;
  stockoutCost: number;
  changeCost: number;
  reward: number;
  /** The day's reward in expectation over the demand noise (same price, stock and competitors): a low-variance learning signal. */
  expectedReward: number;
  onHand: number;
}

/** The reward of one day from its parts, with the scenario's weights. */
export function dayReward(s: Scenario, x: { revenue: number; sold: number; lost: number; onHand: number; price: number; prevPrice: number }): { reward: number; margin: number; holdingCost: number; stockoutCost: number; changeCost: number } {
  const w = s.reward;
  const margin = x.revenue - s.price.cost * x.sold;
  const holdingCost = s.inventory.holdingCostPerUnitDay * x.onHand;
  const stockoutCost = s.inventory.stockoutPenaltyPerUnit * x.lost;
  const changeCost = x.prevPrice > 0 ? (100 * Math.abs(x.price - x.prevPrice)) / x.prevPrice : 0;
  const reward = w.revenue * x.revenue + w.margin * margin - w.holding * holdingCost - w.stockout * stockoutCost - w.priceChange * changeCost;
  return { reward, margin, holdingCost, stockoutCost, changeCost };
}

/**
 * Expected units sold, E[min(D, stock)], when demand D is Poisson or negative binomial (dispersion k) with mean `mean`
 * and whole units `stock` are on the shelf. Sums the probability mass function until the stock or the tail is reached.
 */
export function expectedSold(mean: number, stock: number, noise: 'poisson' | 'negative-binomial', k: number): number {
  const S = Math.max(0, Math.floor(stock));
  if (mean <= 0 || S === 0) return 0;
  // Far above the mean the shelf never empties: every unit demanded is sold.
  if (S > mean + 12 * Math.sqrt(mean + (noise === 'poisson' ? 0 : (mean * mean) / k)) + 20) return mean;
  let p = noise === 'poisson' ? Math.exp(-mean) : Math.pow(k / (k + mean), k);
  const q = noise === 'poisson' ? 0 : mean / (k + mean);
  let cdf = 0;
  let partial = 0;
  for (let y = 0; y < S; y++) {
    partial += y * p;
    cdf += p;
    p *= noise === 'poisson' ? mean / (y + 1) : ((y + k) / (y + 1)) * q;
  }
  return Math.min(mean, partial + S * Math.max(0, 1 - cdf));
}

/** A typical day's reward scale for normalising (margin at the reference price on an ordinary day). */
export function rewardScale(s: Scenario): number {
  return Math.max(1e-6, s.demand.baseUnits * Math.max(s.price.ref - s.price.cost, 0.2 * s.price.ref));
}

function mix(seed: number, day: number, stream: number): number {
  return ((seed * 1_000_003) ^ (day * 7_919 + stream * 104_729)) >>> 0;
}

/** Next price of one competitor after seeing our price `p` on `day`. */
export function competitorNext(c: CompetitorSpec, current: number, p: number, ref: number, day: number, rng: Rng | null): number {
  const lo = c.floorRatio * ref;
  const hi = c.ceilRatio * ref;
  let next: number;
  switch (c.behaviour) {
    case 'static':
      next = current;
      break;
    case 'follow':
      next = current + c.followRate * (p - current);
      break;
    case 'undercut':
      next = p * (1 - c.undercutPct);
      break;
    case 'random-walk':
      next = rng ? current * Math.exp(c.volatility * rng.normal() - (c.volatility * c.volatility) / 2) : current;
      break;
    case 'cycle':
      return cyclePrice(c, ref, day + 1);
  }
  return Math.min(hi, Math.max(lo, next));
}

/** Price of a 'cycle' competitor on `day` (promotion on the last days of each cycle). */
export function cyclePrice(c: CompetitorSpec, ref: number, day: number): number {
  const inPromo = day % c.cycleDays >= c.cycleDays - c.cyclePromoDays;
  return c.startRatio * ref * (inPromo ? 1 - c.cycleDepth : 1);
}

/** The initial competitor prices of a scenario. */
export function initialCompetitors(s: Scenario): number[] {
  return s.competitors.map((c) => (c.behaviour === 'cycle' ? cyclePrice(c, s.price.ref, 0) : c.startRatio * s.price.ref));
}

/** One SKU's market, stepped a day at a time. Deterministic for a given scenario and seed. */
export class Market {
  day = 0;
  price: number;
  prevPrice: number;
  onHand: number;
  /** Outstanding orders: arrival day and quantity. */
  pipeline: { day: number; qty: number }[] = [];
  comps: number[];
  prevCompMin: number;
  lastChangeDay = -1;
  changesToday = 0;
  /** Units sold on each past day (newest last). */
  sales: number[] = [];
  stockoutYesterday = false;

  constructor(
    readonly scenario: Scenario,
    readonly seed: number,
  ) {
    this.price = startPrice(scenario);
    this.prevPrice = this.price;
    this.onHand = scenario.inventory.initial;
    this.comps = initialCompetitors(scenario);
    this.prevCompMin = this.compMin;
  }

  /** Cheapest competitor price now (our reference price when there are none). */
  get compMin(): number {
    return this.comps.length ? Math.min(...this.comps) : this.scenario.price.ref;
  }

  /** Mean competitor price now. */
  get compMean(): number {
    return this.comps.length ? this.comps.reduce((a, b) => a + b, 0) / this.comps.length : this.scenario.price.ref;
  }

  /** Units on order. */
  get onOrder(): number {
    return this.pipeline.reduce((a, o) => a + o.qty, 0);
  }

  /** True once the horizon is reached. */
  get done(): boolean {
    return this.day >= this.scenario.horizon;
  }

  /** Mean units sold over the last `n` days (the base demand before any sales). */
  velocity(n = 7): number {
    const xs = this.sales.slice(-n);
    return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : this.scenario.demand.baseUnits;
  }

  /** Runs one day at `price` (already guarded) and returns what happened. */
  step(price: number): DayOutcome {
    const s = this.scenario;
    const t = this.day;
    for (const o of this.pipeline) if (o.day <= t) this.onHand += o.qty;
    this.pipeline = this.pipeline.filter((o) => o.day > t);
    const prevPrice = this.price;
    if (Math.abs(price - prevPrice) > 1e-9) this.lastChangeDay = t;
    this.prevPrice = prevPrice;
    this.price = price;
    const compMin = this.compMin;
    const expected = expectedDemand(s, t, price, compMin);
    const rng = new Rng(mix(this.seed, t, 1));
    const demand = s.demand.noise === 'poisson' ? rng.poisson(expected) : rng.negBinomial(expected, s.demand.dispersion);
    const eSold = expectedSold(expected, this.onHand, s.demand.noise, s.demand.dispersion);
    const expectedReward = dayReward(s, { revenue: eSold * price, sold: eSold, lost: expected - eSold, onHand: this.onHand - eSold, price, prevPrice }).reward;
    const sold = Math.min(demand, Math.floor(this.onHand));
    const lost = demand - sold;
    this.onHand -= sold;
    const revenue = sold * price;
    const parts = dayReward(s, { revenue, sold, lost, onHand: this.onHand, price, prevPrice });
    // (s,S) review at the end of the day.
    const position = this.onHand + this.onOrder;
    if (position <= s.inventory.reorderPoint && s.inventory.orderUpTo > position) {
      this.pipeline.push({ day: t + Math.max(1, s.inventory.leadTimeDays), qty: s.inventory.orderUpTo - position });
    }
    const crng = new Rng(mix(this.seed, t, 2));
    this.prevCompMin = compMin;
    this.comps = this.comps.map((c, i) => competitorNext(s.competitors[i], c, price, s.price.ref, t, crng));
    this.sales.push(sold);
    this.stockoutYesterday = lost > 0;
    this.day = t + 1;
    return { day: t, price, prevPrice, compMin, expected, demand, sold, lost, revenue, onHand: this.onHand, expectedReward, ...parts };
  }
}
