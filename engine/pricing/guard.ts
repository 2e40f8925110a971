/** Routes every simulated price decision through the app's guardrails, and checks independently that none was broken. */
import { applyGuardrails, type GuardrailResult, type GuardrailRules } from './guardrails';
import type { Market } from './simulator';

const DAY_MS = 86_400_000;
const EPOCH = Date.parse('2026-01-05T00:00:00Z');

function iso(day: number): string {
  return new Date(EPOCH + day * DAY_MS).toISOString();
}

/** Guards a proposed price for the market's next day; a held-back proposal keeps the current price. */
export function guardForMarket(m: Market, proposed: number, rules: GuardrailRules): { price: number; result: GuardrailResult } {
  const result = applyGuardrails(proposed, rules, {
    cost: m.scenario.price.cost,
    currentPrice: m.price,
    changesToday: 0,
    priceAtStartOfDay: m.price,
    lastChangeAt: m.lastChangeDay >= 0 ? iso(m.lastChangeDay) : null,
    now: iso(m.day),
  });
  return { price: result.price ?? m.price, result };
}

/** Lowest and highest prices the rules allow at all (ignoring the per-step limit). */
export function staticBand(rules: GuardrailRules, cost: number): { lo: number; hi: number } {
  const lo = Math.max(rules.minPrice ?? 0, rules.mapPrice ?? 0, cost > 0 ? cost / (1 - rules.minMarginPct / 100) : 0, 0.01);
  const hi = rules.maxPrice ?? Infinity;
  return { lo, hi };
}

/** Names the rules a price change breaks (an independent check, not the guardrails code itself). */
export function violations(prev: number, price: number, rules: GuardrailRules, cost: number): string[] {
  const out: string[] = [];
  const tol = 0.005 + 1e-9;
  const { lo, hi } = staticBand(rules, cost);
  if (price < lo - tol && Math.abs(price - prev) > 1e-9) out.push('below_floor');
  if (price > hi + tol && Math.abs(price - prev) > 1e-9) out.push('above_ceiling');
  if (prev > 0 && Math.abs(price - prev) > (prev * rules.maxChangePctPerStep) / 100 + tol) out.push('step_too_large');
  return out;
}
