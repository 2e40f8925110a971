/** Baseline pricing policies: best static price, cost-plus, match the lowest competitor, myopic greedy. */
import { staticBand } from './guard';
import { applyGuardrails, type GuardrailRules } from './guardrails';
import { meanReward, type Policy } from './policy';
import { scenarioRules, startPrice, type Scenario } from './scenario';
import { dayReward, expectedDemand } from './simulator';
import { ACTIONS } from './state';

/** Always asks for the same price. */
export function fixedPrice(price: number, name = 'static'): Policy {
  return { name, propose: () => price };
}

/** The best single price found by grid search over the allowed band, scored on training seeds (never the evaluation seeds). */
export function bestStaticPrice(s: Scenario, opts: { levels?: number; seeds?: number[]; rules?: GuardrailRules } = {}): { price: number; reward: number } {
  const rules = opts.rules ?? scenarioRules(s);
  const { lo, hi } = staticBand(rules, s.price.cost);
  const top = Number.isFinite(hi) ? hi : s.price.ref * 2;
  const levels = opts.levels ?? 31;
  const seeds = opts.seeds ?? [9001, 9002, 9003];
  let best = { price: lo, reward: -Infinity };
  for (let i = 0; i < levels; i++) {
    const price = lo + ((top - lo) * i) / (levels - 1);
    const reward = meanReward(s, fixedPrice(price), seeds, rules);
    if (reward > best.reward) best = { price, reward };
  }
  return best;
}

/** The best static price as a policy. */
export function bestStaticPolicy(s: Scenario, rules?: GuardrailRules): Policy {
  return fixedPrice(bestStaticPrice(s, { rules }).price, 'best-static');
}

/** Keeps today's price (the store's current price) all horizon: what happens when nobody reprices. */
export function currentPricePolicy(s: Scenario): Policy {
  return fixedPrice(startPrice(s), 'current-price');
}

/** Cost plus a fixed markup (default 50%). */
export function costPlusPolicy(s: Scenario, markup = 0.5): Policy {
  return fixedPrice(s.price.cost * (1 + markup), 'cost-plus');
}

/** Matches the cheapest competitor every day (the guardrails keep it legal). */
export function matchLowestPolicy(): Policy {
  return { name: 'match-lowest', propose: (m) => m.compMin };
}

/** One-step greedy: the move with the best expected reward today, knowing the true demand model. */
export function myopicPolicy(s: Scenario, rules: GuardrailRules = scenarioRules(s)): Policy {
  return {
    name: 'myopic',
    propose: (m) => {
      let best = { price: m.price, r: -Infinity };
      for (const a of ACTIONS) {
        const g = applyGuardrails(m.price * (1 + a), rules, { cost: s.price.cost, currentPrice: m.price, changesToday: 0, priceAtStartOfDay: m.price, now: '2026-01-01T00:00:00Z' });
        const p = g.price ?? m.price;
        const lam = expectedDemand(s, m.day, p, m.compMin);
        const sold = Math.min(lam, m.onHand);
        const r = dayReward(s, { revenue: sold * p, sold, lost: lam - sold, onHand: m.onHand - sold, price: p, prevPrice: m.price }).reward;
        if (r > best.r) best = { price: p, r };
      }
      return best.price;
    },
  };
}
