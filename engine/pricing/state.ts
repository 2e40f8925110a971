/** The agent's view of a market: normalised features, the 11 price moves, and the reward scale. */
import { demandIndex, expectedDemand, type Market } from './simulator';

/** Price moves the agent can choose: -5% … +5% in 1% steps. */
export const ACTIONS: readonly number[] = [-0.05, -0.04, -0.03, -0.02, -0.01, 0, 0.01, 0.02, 0.03, 0.04, 0.05];
/** Index of "keep the price". */
export const HOLD_ACTION = 5;

/** Names of the features, in order (for explanations and docs). */
export const FEATURE_NAMES = [
  'inventory', 'days_of_cover', 'comp_min_gap', 'comp_mean_gap', 'comp_min_vs_ref', 'price_vs_ref', 'price_position',
  'margin_pct', 'dow_sin', 'dow_cos', 'event_today', 'event_next_3d', 'days_to_season_end', 'days_since_change',
  'on_order', 'lead_time', 'elasticity', 'velocity', 'demand_index', 'last_change', 'demand_index_tomorrow',
  'comp_min_trend', 'stockout_yesterday', 'below_reorder_point', 'comp_min_vs_cost',
  'days_to_arrival', 'cover_to_arrival', 'cover_to_season_end', 'expected_units_vs_base', 'days_left_weeks',
] as const;

/** Number of features. */
export const N_FEATURES = FEATURE_NAMES.length;

const clip = (x: number, lo = -3, hi = 3): number => (Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : 0);

/** Encodes the market as it stands before today's decision; `elasticityEstimate` is what the shop believes (defaults to the truth). */
export function encodeState(m: Market, elasticityEstimate?: number): Float32Array {
  const s = m.scenario;
  const p = m.price;
  const ref = s.price.ref;
  const S = Math.max(1, s.inventory.orderUpTo);
  const vel = m.velocity(7);
  const cmin = m.compMin;
  const t = m.day;
  const wd = (s.demand.startWeekday + t) % 7;
  const idx = demandIndex(s, t);
  const eventToday = s.demand.events.reduce((f, e) => (t >= e.start && t < e.start + e.length ? f * e.factor : f), 1);
  let eventSoon = 1;
  for (let d = 1; d <= 3; d++) eventSoon = Math.max(eventSoon, s.demand.events.reduce((f, e) => (t + d >= e.start && t + d < e.start + e.length ? f * e.factor : f), 1));
  const seasonEnd = s.seasonEndDay ?? s.horizon;
  const eps = elasticityEstimate ?? s.demand.elasticity;
  // Stock against what the shop expects to sell at today's price: until the next delivery, and until the season ends.
  // These carry what the DP oracle exploits most on real stores: ration scarce stock before a late delivery, clear it before the end.
  const daysLeft = Math.max(0, seasonEnd - t);
  const expUnits = Math.max(1e-3, expectedDemand(s, t, p, cmin));
  // Deliveries: those on order, plus the one tonight's (s,S) review will place when stock is already at the reorder point.
  const arrivals = m.pipeline.map((o) => ({ day: o.day, qty: o.qty }));
  const position = m.onHand + m.onOrder;
  if (position <= s.inventory.reorderPoint && s.inventory.orderUpTo > position) arrivals.push({ day: t + Math.max(1, s.inventory.leadTimeDays), qty: s.inventory.orderUpTo - position });
  const nextArrival = arrivals.reduce((d, o) => Math.min(d, o.day), Infinity);
  const toArrival = Number.isFinite(nextArrival) ? Math.max(0, nextArrival - t) : daysLeft;
  const arrivingInSeason = arrivals.reduce((a, o) => (o.day < seasonEnd ? a + o.qty : a), 0);
  const x = [
    m.onHand / S,
    clip(m.onHand / Math.max(vel, 0.1) / 30, 0, 3),
    clip((cmin - p) / p * 5),
    clip((m.compMean - p) / p * 5),
    clip((cmin - ref) / ref * 5),
    clip((p - ref) / ref * 5),
    clip((p - s.price.min) / Math.max(1e-6, s.price.max - s.price.min), -1, 2),
    clip((p - s.price.cost) / p),
    Math.sin((2 * Math.PI * wd) / 7),
    Math.cos((2 * Math.PI * wd) / 7),
    clip(eventToday - 1),
    clip(eventSoon - 1),
    clip((seasonEnd - t) / Math.max(1, s.horizon), 0, 1),
    clip(m.lastChangeDay < 0 ? 1 : (t - m.lastChangeDay) / 7, 0, 1),
    m.onOrder / S,
    clip(s.inventory.leadTimeDays / 14, 0, 3),
    clip(eps / 5),
    clip(vel / Math.max(0.1, s.demand.baseUnits) - 1),
    clip(idx - 1),
    clip(((p - m.prevPrice) / Math.max(1e-6, m.prevPrice)) * 20),
    clip(demandIndex(s, t + 1) - 1),
    clip(((cmin - m.prevCompMin) / Math.max(1e-6, m.prevCompMin)) * 10),
    m.stockoutYesterday ? 1 : 0,
    m.onHand + m.onOrder <= s.inventory.reorderPoint ? 1 : 0,
    clip((cmin - s.price.cost) / Math.max(1e-6, s.price.cost)),
    clip(toArrival / 14, 0, 3),
    clip(m.onHand / (expUnits * Math.max(1, Math.min(toArrival, daysLeft))), 0, 3),
    clip((m.onHand + arrivingInSeason) / (expUnits * Math.max(1, daysLeft)), 0, 3),
    clip(expUnits / Math.max(1e-6, s.demand.baseUnits) - 1),
    clip(daysLeft / 14, 0, 3),
  ];
  return Float32Array.from(x);
}
