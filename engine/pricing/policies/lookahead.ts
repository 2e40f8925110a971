/**
 * A stock-aware lookahead controller: every day it plans the rest of the horizon on the market's expected demand
 * (two price levels, the first until the next delivery lands, the second after it, reached at the guardrails' step
 * limit), simulates each plan's expected sales, stock, (s,S) reorders and competitor replies, and takes the first day of
 * the best plan. It sees only what the agent sees at decision time: today's stock, the order pipeline (with the order
 * tonight's review will place), today's competitor prices and the calibrated demand model — never the day's noise.
 */
import { staticBand } from '../guard';
import type { GuardrailRules } from '../guardrails';
import type { Policy } from '../policy';
import { scenarioRules, type Scenario } from '../scenario';
import { competitorNext, expectedDemand, expectedSold, type Market } from '../simulator';

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

/** Where a plan stands before day `t`: price, stock, orders on the way, competitor prices, and the reward so far. */
interface PlanState {
  t: number;
  price: number;
  stock: number;
  pipeline: { day: number; qty: number }[];
  comps: number[];
  total: number;
}

/**
 * Steps `x` (in place) from day x.t to the horizon with the price heading for `target` (at most `step` a day), on
 * expected demand; `keep`, when given, receives a copy of the state before each day.
 */
function runPlan(s: Scenario, x: PlanState, target: number, step: number, keep?: PlanState[]): PlanState {
  const ref = s.price.ref;
  const inv = s.inventory;
  const w = s.reward;
  const cost = s.price.cost;
  const comps = x.comps;
  for (; x.t < s.horizon; x.t++) {
    if (keep) keep[x.t] = copyState(x);
    const t = x.t;
    // Arrivals due today (orders are few: a plain scan, removing the ones that landed).
    let onOrder = 0;
    for (let i = x.pipeline.length - 1; i >= 0; i--) {
      if (x.pipeline[i].day <= t) {
        x.stock += x.pipeline[i].qty;
        x.pipeline.splice(i, 1);
      }
    }
    const prev = x.price;
    const price = Math.min(prev * (1 + step), Math.max(prev * (1 - step), target));
    x.price = price;
    let cmin = Infinity;
    for (const c of comps) if (c < cmin) cmin = c;
    const lam = expectedDemand(s, t, price, comps.length ? cmin : ref);
    const sold = expectedSold(lam, x.stock, s.demand.noise, s.demand.dispersion);
    x.stock -= sold;
    // dayReward's sum, written out (no object per day).
    const revenue = sold * price;
    const changeCost = prev > 0 ? (100 * Math.abs(price - prev)) / prev : 0;
    x.total += w.revenue * revenue + w.margin * (revenue - cost * sold) - w.holding * (inv.holdingCostPerUnitDay * x.stock) - w.stockout * (inv.stockoutPenaltyPerUnit * (lam - sold)) - w.priceChange * changeCost;
    for (const o of x.pipeline) onOrder += o.qty;
    const position = x.stock + onOrder;
    if (position <= inv.reorderPoint && inv.orderUpTo > position) x.pipeline.push({ day: t + Math.max(1, inv.leadTimeDays), qty: inv.orderUpTo - position });
    for (let i = 0; i < comps.length; i++) comps[i] = competitorNext(s.competitors[i], comps[i], price, ref, t, null);
  }
  return x;
}

/** A copy of a plan state that later steps do not change. */
function copyState(x: PlanState): PlanState {
  return { ...x, pipeline: x.pipeline.map((o) => ({ ...o })), comps: [...x.comps] };
}

/** The state a plan starts from. */
function startState(st: PlanStart): PlanState {
  return { t: st.day, price: st.price, stock: st.onHand, pipeline: st.pipeline.map((o) => ({ ...o })), comps: [...st.comps], total: 0 };
}

/** Expected reward from `st` to the horizon when the price heads for `first` (at most `step` a day), then for `second` from day `switchDay`. */
export function planValue(s: Scenario, st: PlanStart, first: number, second: number, switchDay: number, step: number): number {
  const x = startState(st);
  const mid = Math.min(s.horizon, Math.max(st.day, switchDay));
  runPlan({ ...s, horizon: mid }, x, first, step);
  return runPlan(s, x, second, step).total;
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
    // The first level's path is run once; each second level resumes it from the day it takes over.
    const path: PlanState[] = [];
    const whole = runPlan(s, startState(st), first, step, path).total;
    // Without a delivery in the horizon one level is the whole plan; with one, the second level is reached as it lands.
    const seconds = arrival === null ? [first] : levels;
    for (const second of seconds) {
      const moves = step > 0 && second !== first ? Math.ceil(Math.abs(Math.log(second / first)) / Math.log(1 + step)) : 0;
      const switchDay = arrival === null ? s.horizon : Math.max(st.day + 1, arrival - moves + 1);
      const from = path[switchDay];
      const v = switchDay >= s.horizon || !from ? whole : runPlan(s, copyState(from), second, step).total;
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
