/** Markets for the pricing benchmark: a demo store's SKUs (generated with `desk demo`) and a planted synthetic catalogue. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../engine/db/store';
import { calibrateMarkets } from '../../engine/pricing/calibrate';
import { estimateStoreElasticities, saveElasticities, savedElasticities } from '../../engine/pricing/elasticity-store';
import type { GuardrailRules } from '../../engine/pricing/guardrails';
import { parseScenario, scenarioRules, type Scenario, type ScenarioInput } from '../../engine/pricing/scenario';

const here = dirname(fileURLToPath(import.meta.url));

/** One SKU's market in the benchmark. */
export interface BenchMarket {
  category: string;
  scenario: Scenario;
  rules: GuardrailRules;
  /** Scored in the evaluation (the others are training-only SKUs of the same category). */
  evaluated: boolean;
}

/** Planted synthetic markets: two categories where the competitor moves and the price response differ by SKU. */
export function syntheticCatalogue(): BenchMarket[] {
  const items: { category: string; input: ScenarioInput }[] = [];
  for (let i = 0; i < 3; i++) {
    items.push({ category: 'volatile-rivals', input: { name: `VR-${i}`, horizon: 28, demand: { elasticity: -1.4 - 0.4 * i, competitorSensitivity: 8 + i, baseUnits: 8 + 4 * i }, price: { cost: 55 + 5 * i }, competitors: [{ behaviour: 'random-walk', volatility: 0.05 + 0.01 * i }] } });
    items.push({ category: 'reacting-rivals', input: { name: `RR-${i}`, horizon: 28, demand: { model: i === 1 ? 'logit' : 'constant-elasticity', elasticity: -1.6 - 0.3 * i, competitorSensitivity: 6, baseUnits: 10 }, competitors: [{ behaviour: i === 2 ? 'undercut' : 'follow', followRate: 0.4, undercutPct: 0.03, floorRatio: 0.75 }, { behaviour: 'random-walk', startRatio: 1.1, volatility: 0.06 }] } });
  }
  return items.map((x) => {
    const scenario = parseScenario(x.input, x.category);
    return { category: x.category, scenario, rules: scenarioRules(scenario), evaluated: true };
  });
}

/** Writes `desk demo --seed SEED --skus SKUS` to `path`; returns an error line or null. */
export function generateDemo(path: string, seed: number, skus: number): string | null {
  const gen = spawnSync('node', [join(here, '../../bin/desk.js'), 'demo', '--out', path, '--seed', String(seed), '--skus', String(skus), '--end', '2026-10-31'], { encoding: 'utf8' });
  if (gen.status !== 0 || !existsSync(path)) return `desk demo --seed ${seed} failed (${(gen.stderr ?? '').split('\n').slice(-3).join(' ')})`;
  return null;
}

/** A demo store's markets: `evaluated` SKUs spread over the catalogue, plus training SKUs of their categories. */
export function demoMarkets(path: string, perCategory: number, evaluated = 8): { markets: BenchMarket[]; note: string } {
  const store = openStore(path, { create: false, backup: false });
  try {
    let note = '';
    if (!savedElasticities(store.db).length) {
      const t0 = performance.now();
      saveElasticities(store.db, estimateStoreElasticities(store.db));
      note = `elasticities estimated first (${((performance.now() - t0) / 1000).toFixed(0)} s); `;
    }
    const all = calibrateMarkets(store.db);
    const pick = all.filter((_, i) => i % Math.max(1, Math.floor(all.length / evaluated)) === 0).slice(0, evaluated);
    const out: BenchMarket[] = pick.map((m) => ({ category: m.category, scenario: m.scenario, rules: m.rules, evaluated: true }));
    for (const cat of new Set(pick.map((m) => m.category))) {
      const room = perCategory - pick.filter((m) => m.category === cat).length;
      const extra = all.filter((m) => m.category === cat && !pick.includes(m)).slice(0, Math.max(0, room));
      out.push(...extra.map((m) => ({ category: m.category, scenario: m.scenario, rules: m.rules, evaluated: false })));
    }
    return { markets: out, note: `${note}${pick.length} of ${all.length} SKUs evaluated, agents trained on ≤ ${perCategory} SKUs per category` };
  } finally {
    store.close();
  }
}
