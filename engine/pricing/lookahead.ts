/**
 * A stock-aware lookahead controller: every day it plans the rest of the horizon on the market's expected demand
 * (two price levels, the first until the next delivery lands, the second after it, reached at the guardrails' step
 * limit), simulates each plan's expected sales, stock, (s,S) reorders and competitor replies, and takes the first day of
 * the best plan. It sees only what the agent sees at decision time: today's stock, the order pipeline (with the order
 * tonight's review will place), today's competitor prices and the calibrated demand model — never the day's noise.
 */
import { staticBand } from './guard';
import type { GuardrailRules } from './guardrails';
import type { Policy } from './policy';
import { scenarioRules, type Scenario } from './scenario';
import { competitorNext, dayReward, expectedDemand, expectedSold, type Market } from './simulator';

/** Price levels the plans choose from (geometric over the allowed band, plus today's price). */
const LEVELS = 14;

/** The market at decision time, as the plans start from it. */
export interface PlanStart {
  day: number;
  price: number;
  onHand: number;
  pipeline: { day: number; qty: number }[];
  comps: number[];
}

/** Day of the next delivery as known at decision time (an order on the way, or the one tonight's review will place); null when none lands before the horizon. */
export function nextDelivery(s: Scenario, st: PlanStart): number | null {
  const days = st.pipeline.map((o) => o.day);
  const position = st.onHand + st.pipeline.reduce((a, o) => a + o.qty, 0);
  if (!st.pipeline.length && position <= s.inventory.reorderPoint && s.inventory.orderUpTo > position) days.push(st.day + Math.max(1, s.inventory.leadTimeDays));
  const d = Math.min(...days.filter((x) => x >= st.day));
  return Number.isFinite(d) && d < s.horizon ? d : null;
}

/** Expected reward from `st` to the horizon when the price heads for `first` (at most `step` a day), then for `second` from day `switchDay`. */
export function planValue(s: Scenario, st: PlanStart, first: number, second: number, switchDay: number, step: number): number {
  let price = st.price;
  let stock = st.onHand;
  let pipeline = st.pipeline.map((o) => ({ ...o }));
  let comps = [...st.comps];
  const ref = s.price.ref;
  const inv = s.inventory;
  let total = 0;
  for (let t = st.day; t < s.horizon; t++) {
    for (const o of pipeline) if (o.day <= t) stock += o.qty;
    pipeline = pipeline.filter((o) => o.day > t);
    const target = t >= switchDay ? second : first;
    const prev = price;
    price = Math.min(prev * (1 + step), Math.max(prev * (1 - step), target));
    const cmin = comps.length ? Math.min(...comps) : ref;
    const lam = expectedDemand(s, t, price, cmin);
    const sold = expectedSold(lam, stock, s.demand.noise, s.demand.dispersion);
    stock -= sold;
    total += dayReward(s, { revenue: sold * price, sold, lost: lam - sold, onHand: stock, price, prevPrice: prev }).reward;
    const position = stock + pipeline.reduce((a, o) => a + o.qty, 0);
    if (position <= inv.reorderPoint && inv.orderUpTo > position) pipeline.push({ day: t + Math.max(1, inv.leadTimeDays), qty: inv.orderUpTo - position });
    comps = comps.map((c, i) => competitorNext(s.competitors[i], c, price, ref, t, null));
  }
  return total;
}

/** The price the best plan asks for today (before the guardrails), from a plain market state. */
export function lookaheadPrice(s: Scenario, st: PlanStart, rules: GuardrailRules): number {
  const band = staticBand(rules, s.price.cost);
  const hi = Number.isFinite(band.hi) ? band.hi : s.price.ref * 2;
  const lo = Math.min(band.lo, hi);
  const step = Math.max(0, rules.maxChangePctPerStep / 100);
  const levels = Array.from({ length: LEVELS }, (_, i) => lo * Math.pow(hi / lo, i / (LEVELS - 1)));
  if (st.price >= lo && st.price <= hi) levels.push(st.price);
  const arrival = nextDelivery(s, st);
  let best = { v: -Infinity, first: st.price, second: st.price, switchDay: s.horizon };
  for (const first of levels) {
    // Without a delivery in the horizon one level is the whole plan; with one, the second level is reached as it lands.
    const seconds = arrival === null ? [first] : levels;
    for (const second of seconds) {
      const moves = step > 0 && second !== first ? Math.ceil(Math.abs(Math.log(second / first)) / Math.log(1 + step)) : 0;
      const switchDay = arrival === null ? s.horizon : Math.max(st.day + 1, arrival - moves + 1);
      const v = planValue(s, st, first, second, switchDay, step);
      if (v > best.v) best = { v, first, second, switchDay };
    }
  }
  const target = st.day >= best.switchDay ? best.second : best.first;
  return Math.min(st.price * (1 + step), Math.max(st.price * (1 - step), target));
}

/** The lookahead controller as a policy (its proposals still pass through the guardrails). */
export function lookaheadPolicy(s: Scenario, rules: GuardrailRules = scenarioRules(s), name = 'lookahead'): Policy {
  return { name, propose: (m: Market) => lookaheadPrice(s, { day: m.day, price: m.price, onHand: m.onHand, pipeline: m.pipeline, comps: m.comps }, rules) };
}
