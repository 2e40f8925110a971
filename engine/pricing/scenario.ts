/** A market scenario for the pricing simulator: demand model, competitors, costs, inventory, reward weights, horizon. */
import { z } from 'zod';
import { both, EngineError } from '../errors';
import { tr } from '../i18n';
import { zodIssues } from '../zod-messages';
import { pricingFileMessages } from './file-messages';
import { readTextFile } from '../io/reader';
import { DEFAULT_RULES, rulesOverrideSchema, type GuardrailRules } from './guardrails';

/** How one competitor behaves. */
export const CompetitorSchema = z.strictObject({
  name: z.string().min(1).default('rival'),
  /** static: never moves; follow: moves part of the way to our price; undercut: sits just under us; random-walk: drifts; cycle: periodic promotions. */
  behaviour: z.enum(['static', 'follow', 'undercut', 'random-walk', 'cycle']).default('random-walk'),
  /** Starting price as a multiple of the reference price. */
  startRatio: z.number().positive().max(5).default(1),
  followRate: z.number().min(0).max(1).default(0.5),
  undercutPct: z.number().min(0).max(0.5).default(0.02),
  volatility: z.number().min(0).max(0.5).default(0.02),
  cycleDays: z.number().int().min(2).max(90).default(7),
  cyclePromoDays: z.number().int().min(1).max(89).default(2),
  cycleDepth: z.number().min(0).max(0.9).default(0.2),
  floorRatio: z.number().positive().default(0.5),
  ceilRatio: z.number().positive().default(2),
});

const EventSchema = z.strictObject({ start: z.number().int().min(0), length: z.number().int().min(1), factor: z.number().positive() });

/** The scenario file format (every field has a default, so `{}` is a valid scenario). */
export const ScenarioSchema = z.strictObject({
  name: z.string().default('default'),
  horizon: z.number().int().min(2).max(365).default(56),
  demand: z
    .strictObject({
      model: z.enum(['constant-elasticity', 'logit']).default('constant-elasticity'),
      /** Expected units per day at the reference price with competitors at the reference price. */
      baseUnits: z.number().positive().max(1e6).default(10),
      elasticity: z.number().max(-0.05).min(-20).default(-2),
      /** Strength of the effect of our gap to the cheapest competitor (constant-elasticity model). */
      competitorSensitivity: z.number().min(0).max(50).default(3),
      /** Day-of-week demand factors, Monday first. */
      dow: z.array(z.number().positive()).length(7).default([1, 1, 1, 1, 1, 1, 1]),
      /** Day-of-week multipliers of the elasticity (price sensitivity differs by day), Monday first. */
      dowElasticity: z.array(z.number().positive()).length(7).default([1, 1, 1, 1, 1, 1, 1]),
      /** Weekday (0 = Monday) of day 0 of the episode. */
      startWeekday: z.number().int().min(0).max(6).default(0),
      events: z.array(EventSchema).default([]),
      noise: z.enum(['poisson', 'negative-binomial']).default('poisson'),
      dispersion: z.number().positive().default(5),
    })
    .prefault({}),
  price: z
    .strictObject({
      ref: z.number().positive().default(100),
      cost: z.number().min(0).default(60),
      min: z.number().positive().default(70),
      max: z.number().positive().default(140),
      start: z.number().positive().optional(),
    })
    .prefault({}),
  competitors: z.array(CompetitorSchema).max(10).prefault([{}]),
  inventory: z
    .strictObject({
      initial: z.number().min(0).default(400),
      reorderPoint: z.number().min(0).default(120),
      orderUpTo: z.number().min(0).default(400),
      leadTimeDays: z.number().int().min(0).max(60).default(5),
      holdingCostPerUnitDay: z.number().min(0).default(0.05),
      stockoutPenaltyPerUnit: z.number().min(0).default(5),
    })
    .prefault({}),
  reward: z
    .strictObject({
      revenue: z.number().min(0).default(0),
      margin: z.number().min(0).default(1),
      holding: z.number().min(0).default(1),
      stockout: z.number().min(0).default(1),
      /** Money per 1% price change. */
      priceChange: z.number().min(0).default(0.5),
    })
    .prefault({}),
  /** Guardrail overrides (same fields and units as the app's rules: percentages in percent); min/max come from price. */
  guardrails: rulesOverrideSchema.prefault({}),
  /** Day the season ends (a feature for the agent); defaults to the horizon. */
  seasonEndDay: z.number().int().min(1).optional(),
});

/** A validated scenario with defaults applied. */
export type Scenario = z.output<typeof ScenarioSchema>;
/** One competitor of a scenario. */
export type CompetitorSpec = z.output<typeof CompetitorSchema>;
/** What a scenario file may contain. */
export type ScenarioInput = z.input<typeof ScenarioSchema>;

/** Validates a scenario object; errors name the field path (e.g. `demand.elasticity`) and the source. */
export function parseScenario(raw: unknown, source = 'scenario'): Scenario {
  const r = ScenarioSchema.safeParse(raw ?? {});
  if (!r.success) {
    const issues = zodIssues(ScenarioSchema, raw ?? {}, 'en');
    const zh = zodIssues(ScenarioSchema, raw ?? {}, 'zh')[0];
    const first = issues[0];
    throw new EngineError('user_error', {
      en: tr(pricingFileMessages, 'en', 'scenario_field', { source, field: first.field, reason: first.message }),
      zh: tr(pricingFileMessages, 'zh', 'scenario_field', { source, field: zh.field, reason: zh.message }),
    }, { source, issues });
  }
  const s = r.data;
  const found: { field: string; key: string; params?: Record<string, unknown> }[] = [];
  if (s.price.min >= s.price.max) found.push({ field: 'price.min', key: 'below_max', params: { max: s.price.max } });
  if (s.inventory.reorderPoint > s.inventory.orderUpTo) found.push({ field: 'inventory.reorderPoint', key: 'reorder_over' });
  s.competitors.forEach((c, i) => {
    if (c.floorRatio >= c.ceilRatio) found.push({ field: `competitors.${i}.floorRatio`, key: 'floor_ceil' });
    if (c.cyclePromoDays >= c.cycleDays) found.push({ field: `competitors.${i}.cyclePromoDays`, key: 'promo_cycle' });
  });
  if (found.length) {
    const problems = found.map((p) => ({ field: p.field, message: tr(pricingFileMessages, 'en', p.key, p.params) }));
    const first = found[0];
    const reason = both(pricingFileMessages, first.key, first.params);
    throw new EngineError('user_error', {
      en: tr(pricingFileMessages, 'en', 'scenario_field', { source, field: first.field, reason: reason.en }),
      zh: tr(pricingFileMessages, 'zh', 'scenario_field', { source, field: first.field, reason: reason.zh }),
    }, { source, issues: problems });
  }
  return s;
}

/** Reads and validates a scenario JSON file (any common encoding, a byte-order mark allowed); a syntax error names the file. */
export function loadScenarioFile(path: string): Scenario {
  const text = readTextFile(path, { maxBytes: 1024 * 1024 });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new EngineError('user_error', both(pricingFileMessages, 'bad_json', { path, reason: (e as Error).message }), { path });
  }
  return parseScenario(raw, path);
}

/** The starting price of a scenario. */
export function startPrice(s: Scenario): number {
  return s.price.start ?? s.price.ref;
}

/** The guardrail rules a scenario's prices must obey: the app defaults, the scenario's price band, then its overrides. */
export function scenarioRules(s: Scenario): GuardrailRules {
  return { ...DEFAULT_RULES, minPrice: s.price.min, maxPrice: s.price.max, ...s.guardrails };
}
