/** Price elasticity per SKU: log-log regression with controls, shrunk towards the category. */
import { tr } from '../i18n';
import { buildDesign, type Design } from './elasticity-design';
import type { ElasticityEstimate, ElasticityOptions, ElasticityPrior, ElasticityResult, PriceSeries } from './elasticity-types';
import { normalQuantile, ols, poisson, type Fit } from './glm';
import { pricingCatalog } from './messages';

export type * from './elasticity-types';

/** Defaults: refuse below 2% log-price spread, 3 price levels or 8 observations; weekly below 3 units/day; 90% intervals. */
export const DEFAULT_ELASTICITY_OPTIONS: ElasticityOptions = {
  minLogPriceSd: 0.02,
  minPriceLevels: 3,
  minObs: 8,
  weeklyBelowUnitsPerDay: 3,
  controlNames: [],
  shrink: true,
  useControls: true,
  level: 0.9,
  method: 'poisson',
};

/** Weakly informative prior used when too few SKUs have estimates to learn one: typical retail elasticities lie in -0.5..-3. */
export const DEFAULT_PRIOR: ElasticityPrior = { key: 'default', mean: -1.5, sd: 1, meanSe: 0, nSkus: 0 };

/** Residual degrees of freedom a fit must keep. */
const MIN_DF = 4;
/**
 * Own-price elasticities a fit may give before it is taken as a failure rather than evidence: retail elasticities lie
 * within about −8..+1; −61.9 ± 1.0 from 17 weeks of a product that hardly sells is a separated fit whose standard
 * error means nothing, and pooled as if it did, it dragged a whole store's prior to −9.
 */
const PLAUSIBLE = { lo: -10, hi: 5 } as const;
/** Below this weight of its own data a SKU's estimate is said to be mostly its prior. */
const WEAK_WEIGHT = 0.1;

interface Raw {
  s: PriceSeries;
  d: Design | null;
  b: number | null;
  se: number | null;
  reason: string | null;
  params: Record<string, unknown>;
}

function sd(v: number[]): number {
  if (v.length < 2) return 0;
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
}

function fitOne(s: PriceSeries, o: ElasticityOptions): Raw {
  const d = buildDesign(s, o);
  const levels = new Set(d.rawPrices.map((p) => Math.round(p * 100))).size;
  const logSd = sd(d.x.map((r) => r[1]));
  const positive = d.y.filter((y) => y > 0).length;
  const base = { s, d, b: null, se: null };
  if (d.y.length < o.minObs || positive < Math.min(o.minObs, 3)) return { ...base, reason: 'few_obs', params: { n: d.y.length, min: o.minObs } };
  if (levels < o.minPriceLevels) return { ...base, reason: 'few_levels', params: { n: levels, min: o.minPriceLevels } };
  if (logSd < o.minLogPriceSd) return { ...base, reason: 'flat_price', params: { sd: logSd.toFixed(4), min: o.minLogPriceSd } };
  // Drop controls from the end (calendar terms first) until the fit has enough residual degrees of freedom and is solvable.
  let fit: Fit | null = null;
  let k = d.names.length;
  for (; k >= 2 && !fit; k--) {
    const x = d.x.map((r) => r.slice(0, k));
    if (o.method === 'ols') {
      const keep = d.y.map((y) => y > 0);
      const xs = x.filter((_, i) => keep[i]);
      fit = xs.length - k >= MIN_DF ? ols(xs, d.y.filter((y) => y > 0).map(Math.log)) : null;
    } else {
      fit = d.y.length - k >= MIN_DF ? poisson(x, d.y, d.offset) : null;
    }
  }
  d.names = d.names.slice(0, k + 1);
  const b = fit?.beta[1];
  const se = fit ? Math.sqrt(fit.cov[1][1]) : NaN;
  if (!fit || b === undefined || !Number.isFinite(b) || !Number.isFinite(se) || se <= 0) {
    return { ...base, reason: 'singular', params: { why: 'singular design' } };
  }
  if (b < PLAUSIBLE.lo || b > PLAUSIBLE.hi) return { ...base, reason: 'implausible', params: { value: b.toFixed(1), lo: PLAUSIBLE.lo, hi: PLAUSIBLE.hi } };
  return { s, d, b, se, reason: null, params: {} };
}

/** Smallest spread of true elasticities between SKUs of one category (or between categories) that pooling assumes. */
const TAU_FLOOR = 0.25;
/** The same floor for the store-wide prior, which also spans the differences between categories. */
const GLOBAL_TAU_FLOOR = 0.5;
/** Largest spread pooling assumes: a few noisy fits cannot show SKUs of one category differing by more than this. */
const TAU_MAX = 1;
/** How far a store's mean elasticity may lie from DEFAULT_PRIOR's (sd of the normal hyperprior). */
const HYPER_SD = 1;
/** SKUs with estimates a category needs before it gets a prior of its own (else the store's). */
const MIN_CATEGORY_SKUS = 5;

/** Huber's constant: estimates more than this many standard deviations from the pooled mean count for less. */
const HUBER_K = 2;

/** DerSimonian-Laird random-effects pooling of SKU estimates into a prior (null when fewer than `min`). */
export function poolPrior(key: string, est: { b: number; se: number }[], min = 3, floor = TAU_FLOOR): ElasticityPrior | null {
  if (est.length < min) return null;
  const w = est.map((e) => 1 / e.se ** 2);
  const sw = w.reduce((a, b) => a + b, 0);
  const fixed = est.reduce((s, e, i) => s + w[i] * e.b, 0) / sw;
  const q = est.reduce((s, e, i) => s + w[i] * (e.b - fixed) ** 2, 0);
  const c = sw - w.reduce((s, v) => s + v * v, 0) / sw;
  // A floor on tau: a few noisy SKUs cannot show that they all share one elasticity, so they are never collapsed onto
  // their mean (which made every SKU of a category identical, with an interval far too narrow).
  const tau2 = Math.min(TAU_MAX ** 2, Math.max(floor ** 2, (q - (est.length - 1)) / c));
  // Robust mean (Huber weights on the standardised distance from the mean, a few rounds): one estimate far from the
  // rest with a small standard error cannot carry the prior on its own.
  let ws = est.map((e) => 1 / (e.se ** 2 + tau2));
  let mean = est.reduce((s, e, i) => s + ws[i] * e.b, 0) / ws.reduce((a, b) => a + b, 0);
  for (let round = 0; round < 5; round++) {
    ws = est.map((e) => {
      const v = e.se ** 2 + tau2;
      const z = Math.abs(e.b - mean) / Math.sqrt(v);
      return (z > HUBER_K ? HUBER_K / z : 1) / v;
    });
    mean = est.reduce((s, e, i) => s + ws[i] * e.b, 0) / ws.reduce((a, b) => a + b, 0);
  }
  const sws = est.reduce((a, e) => a + 1 / (e.se ** 2 + tau2), 0);
  return { key, mean, sd: Math.sqrt(tau2), meanSe: Math.sqrt(1 / sws), nSkus: est.length };
}

/** A prior whose mean is also shrunk towards a higher level (normal-normal): precision-weighted, with its standard error. */
function shrinkMean(p: ElasticityPrior, toward: { mean: number; sd: number }): ElasticityPrior {
  if (!(p.meanSe > 0) || !(toward.sd > 0)) return p;
  const a = 1 / p.meanSe ** 2;
  const b = 1 / toward.sd ** 2;
  return { ...p, mean: (a * p.mean + b * toward.mean) / (a + b), meanSe: Math.sqrt(1 / (a + b)) };
}

/** Estimates every series' own-price elasticity (pure: no database). */
export function estimateElasticities(series: PriceSeries[], options: Partial<ElasticityOptions> = {}): ElasticityResult {
  const o: ElasticityOptions = { ...DEFAULT_ELASTICITY_OPTIONS, ...options };
  const z = normalQuantile(0.5 + o.level / 2);
  const raws = series.map((s) => fitOne(s, o));
  const ok = raws.filter((r) => r.b !== null) as (Raw & { b: number; se: number })[];
  const given = new Map((o.priors ?? []).map((p) => [p.key, p]));
  // Three levels: SKU → category → store, and the store's mean itself is shrunk towards typical retail elasticities
  // (DEFAULT_PRIOR), so a short or noisy history cannot pull every estimate to an implausible value.
  const pooled = poolPrior('*', ok, 3, GLOBAL_TAU_FLOOR);
  const global = given.get('*') ?? (pooled ? shrinkMean(pooled, { mean: DEFAULT_PRIOR.mean, sd: HYPER_SD }) : DEFAULT_PRIOR);
  const byCat = new Map<string, (Raw & { b: number; se: number })[]>();
  for (const r of ok) {
    const k = r.s.category ?? '*';
    byCat.set(k, [...(byCat.get(k) ?? []), r]);
  }
  const catPools = new Map<string, ElasticityPrior>();
  for (const [k, rs] of byCat) {
    const p = k === '*' ? null : poolPrior(k, rs, MIN_CATEGORY_SKUS);
    if (p) catPools.set(k, p);
  }
  // How far category means spread around the store's mean (DerSimonian-Laird over the categories, floored).
  const between = poolPrior('between', [...catPools.values()].map((p) => ({ b: p.mean, se: p.meanSe })), 3, TAU_FLOOR)?.sd ?? 0.5;
  const priors = new Map<string, ElasticityPrior>([['*', global]]);
  for (const s of series) {
    const k = s.category ?? '*';
    if (priors.has(k)) continue;
    const own = catPools.get(k);
    priors.set(k, given.get(k) ?? (own ? shrinkMean(own, { mean: global.mean, sd: Math.sqrt(between ** 2 + global.meanSe ** 2) }) : global));
  }
  const estimates = raws.map((r): ElasticityEstimate => {
    const prior = priors.get(r.s.category ?? '*') ?? global;
    const scope = prior.key === 'default' ? 'scope_default' : prior.key === '*' ? 'scope_global' : 'scope_category';
    const common = {
      key: r.s.key,
      productId: r.s.productId ?? null,
      category: r.s.category ?? null,
      nObs: r.d?.y.length ?? 0,
      level: r.d?.level ?? 'rows',
      controls: r.d?.names.slice(2) ?? [],
    };
    if (r.b === null || r.se === null) {
      const half = z * Math.sqrt(prior.sd ** 2 + prior.meanSe ** 2);
      const key = `el_${r.reason === 'flat_price' ? 'flat' : r.reason === 'few_levels' ? 'levels' : r.reason === 'few_obs' ? 'few' : r.reason === 'implausible' ? 'implausible' : 'failed'}`;
      const p = (lang: 'en' | 'zh'): Record<string, unknown> => ({ ...r.params, scope: tr(pricingCatalog, lang, scope) });
      return {
        ...common,
        elasticity: prior.mean,
        lo: prior.mean - half,
        hi: prior.mean + half,
        raw: null,
        rawSe: null,
        weight: 0,
        status: 'fallback',
        reason: r.reason,
        message_en: tr(pricingCatalog, 'en', key, p('en')),
        message_zh: tr(pricingCatalog, 'zh', key, p('zh')),
      };
    }
    let value = r.b;
    let variance = r.se ** 2;
    let weight = 1;
    if (o.shrink) {
      const precData = 1 / r.se ** 2;
      const precPrior = 1 / prior.sd ** 2;
      weight = precData / (precData + precPrior);
      value = weight * r.b + (1 - weight) * prior.mean;
      variance = 1 / (precData + precPrior) + ((1 - weight) * prior.meanSe) ** 2;
    }
    const half = z * Math.sqrt(variance);
    // Estimated, but the SKU's own sales say little: say that the value is mostly the prior's.
    const weak = o.shrink && weight < WEAK_WEIGHT;
    const p = (lang: 'en' | 'zh'): Record<string, unknown> => ({ pct: Math.round(100 * weight), scope: tr(pricingCatalog, lang, scope) });
    return {
      ...common, elasticity: value, lo: value - half, hi: value + half, raw: r.b, rawSe: r.se, weight, status: 'estimated', reason: weak ? 'weak' : null,
      message_en: weak ? tr(pricingCatalog, 'en', 'el_weak', p('en')) : null,
      message_zh: weak ? tr(pricingCatalog, 'zh', 'el_weak', p('zh')) : null,
    };
  });
  return { estimates, priors: [...new Set(priors.values())] };
}
