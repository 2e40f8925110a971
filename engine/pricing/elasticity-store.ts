/** Reads a store's sales into elasticity series and saves the estimates. */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { estimateElasticities } from './elasticity';
import type { ElasticityOptions, ElasticityPrior, ElasticityResult, PriceObs, PriceSeries } from './elasticity-types';

const DAY = 86_400_000;

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

/** A step function over dates: the latest value at or before a date. */
function asOf<T>(points: { date: string; v: T }[]): (date: string) => T | null {
  let i = 0;
  let last: T | null = null;
  // Callers walk dates in increasing order, so one cursor suffices.
  return (date) => {
    while (i < points.length && points[i].date <= date) last = points[i++].v;
    return last;
  };
}

interface Interval {
  start: string;
  end: string;
  pct: number;
}

/** Daily series per active product (or just `sku`): realised price, promotions, competitor mean, events. */
export function loadStoreSeries(db: Database.Database, opts: { sku?: string } = {}): PriceSeries[] {
  const products = db
    .prepare(`SELECT id, sku, category, price FROM products WHERE status != 'archived' ${opts.sku ? 'AND sku = ?' : ''} ORDER BY id`)
    .all(...(opts.sku ? [opts.sku] : [])) as { id: number; sku: string; category: string | null; price: number | null }[];
  const range = db.prepare('SELECT MAX(date) AS hi FROM daily_sales').get() as { hi: string | null };
  if (!range.hi) return products.map((p) => ({ key: p.sku, productId: p.id, category: p.category, obs: [] }));
  const sales = db.prepare('SELECT date, units, revenue, stockout FROM daily_sales WHERE product_id = ? ORDER BY date');
  const history = db.prepare('SELECT substr(effective_at, 1, 10) AS date, price AS v FROM price_history WHERE product_id = ? ORDER BY effective_at');
  const comps = db.prepare('SELECT date, AVG(price) AS v FROM competitor_prices WHERE product_id = ? AND (in_stock IS NULL OR in_stock = 1) GROUP BY date ORDER BY date');
  const promos = db.prepare(
    `SELECT start_date AS start, end_date AS end, discount_pct AS pct FROM promotions
     WHERE product_id = ? OR (product_id IS NULL AND category = ?)`,
  );
  const promoSignals = db.prepare(`SELECT date, key, value FROM signals WHERE kind = 'promotion' AND value > 0 AND key IN ('all', ?, ?)`);
  const events = db.prepare('SELECT code, start_date AS start, end_date AS end FROM calendar_events ORDER BY code').all() as (Interval & { code: string })[];
  const eventCodes = [...new Set(events.map((e) => e.code))];
  const eventMemo = new Map<string, number[]>();
  const eventFlags = (d: string): number[] => {
    let f = eventMemo.get(d);
    if (!f) {
      f = eventCodes.map((c) => (events.some((e) => e.code === c && e.start <= d && d <= e.end) ? 1 : 0));
      eventMemo.set(d, f);
    }
    return f;
  };
  const holidays = new Set(
    (db.prepare(`SELECT date FROM signals WHERE kind = 'holiday' AND value > 0 AND key = 'all'`).all() as { date: string }[]).map((r) => r.date),
  );
  return products.map((p) => {
    const rows = sales.all(p.id) as { date: string; units: number; revenue: number; stockout: number }[];
    const byDate = new Map(rows.map((r) => [r.date, r]));
    const hist = history.all(p.id) as { date: string; v: number }[];
    const listAt = asOf(hist);
    const compAt = asOf(comps.all(p.id) as { date: string; v: number }[]);
    const promoList = promos.all(p.id, p.category) as Interval[];
    const sig = new Set((promoSignals.all(`sku:${p.sku}`, `category:${p.category ?? ''}`) as { date: string }[]).map((r) => r.date));
    const first = [rows[0]?.date, hist[0]?.date].filter((d): d is string => !!d).sort()[0];
    const obs: PriceObs[] = [];
    // price_history holds what customers paid (promotions included): the list price is the last one outside a promotion.
    let list = p.price ?? 0;
    if (first) {
      for (let d = first; d <= range.hi!; d = addDays(d, 1)) {
        const r = byDate.get(d);
        const promo = promoList.find((x) => x.start <= d && d <= x.end);
        const listed = listAt(d);
        if (!promo && listed !== null) list = listed;
        const units = r ? Math.max(0, r.units) : 0;
        const price = r && units > 0 && r.revenue > 0 ? r.revenue / units : list * (1 - (promo?.pct ?? 0) / 100);
        obs.push({
          date: d,
          units,
          price,
          promo: promo || sig.has(d) ? 1 : 0,
          compPrice: compAt(d),
          listPrice: list,
          stockout: r?.stockout === 1,
          controls: [holidays.has(d) ? 1 : 0, ...eventFlags(d)],
        });
      }
    }
    return { key: p.sku, productId: p.id, category: p.category, obs };
  });
}

/** Names of the extra controls loadStoreSeries fills: holiday, then one dummy per calendar event code. */
export function storeControlNames(db: Database.Database): string[] {
  const codes = db.prepare('SELECT DISTINCT code FROM calendar_events ORDER BY code').all() as { code: string }[];
  return ['holiday', ...codes.map((r) => `event:${r.code}`)];
}

/** Estimates elasticities for the store's products (or one SKU, shrunk with the whole store's estimates). */
export function estimateStoreElasticities(db: Database.Database, opts: { sku?: string } & Partial<ElasticityOptions> = {}): ElasticityResult {
  const { sku, ...rest } = opts;
  // One SKU with saved priors from a full run: fit just that SKU and shrink towards them.
  const saved = sku && !rest.priors ? savedPriors(db) : [];
  const series = saved.length ? loadStoreSeries(db, { sku }) : loadStoreSeries(db);
  if (saved.length) rest.priors = saved;
  const result = estimateElasticities(series, { controlNames: storeControlNames(db), ...rest });
  return sku ? { ...result, estimates: result.estimates.filter((e) => e.key === sku) } : result;
}

/** Category priors saved by the last full run (empty when none). */
export function savedPriors(db: Database.Database): ElasticityPrior[] {
  const rows = db.prepare(`SELECT key, elasticity, raw_se, n_obs, detail FROM elasticity_estimates WHERE scope = 'category'`).all() as { key: string; elasticity: number; raw_se: number | null; n_obs: number; detail: string }[];
  return rows.map((r) => ({ key: r.key, mean: r.elasticity, meanSe: r.raw_se ?? 0, nSkus: r.n_obs, sd: (JSON.parse(r.detail) as { sd?: number }).sd ?? 1 }));
}

/** One saved estimate as the UI lists it. */
export interface SavedElasticity {
  scope: 'sku' | 'category';
  key: string;
  productId: number | null;
  runId: string | null;
  elasticity: number;
  lo: number;
  hi: number;
  raw: number | null;
  nObs: number;
  level: string;
  status: 'estimated' | 'fallback';
  reason: string | null;
  detail: Record<string, unknown>;
  createdAt: string;
}

/** Saved estimates (SKU rows, or one SKU) and all category priors. */
export function savedElasticities(db: Database.Database, sku?: string): SavedElasticity[] {
  const rows = db
    .prepare(
      `SELECT scope, key, product_id AS productId, run_id AS runId, elasticity, lo90 AS lo, hi90 AS hi, raw, n_obs AS nObs, level, status, reason, detail, created_at AS createdAt
       FROM elasticity_estimates WHERE scope = 'category' OR (scope = 'sku' AND (? IS NULL OR key = ?)) ORDER BY scope DESC, key`,
    )
    .all(sku ?? null, sku ?? null) as (Omit<SavedElasticity, 'detail'> & { detail: string })[];
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}

/** Saves estimates and priors (replacing earlier ones) under a new 'elasticity' pricing run; returns the run id. */
export function saveElasticities(db: Database.Database, result: ElasticityResult, params: Record<string, unknown> = {}): string {
  const runId = randomUUID();
  const now = new Date().toISOString();
  const upsert = db.prepare(
    `INSERT INTO elasticity_estimates (scope, key, product_id, run_id, elasticity, lo90, hi90, raw, raw_se, n_obs, level, status, reason, detail, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (scope, key) DO UPDATE SET product_id = excluded.product_id, run_id = excluded.run_id, elasticity = excluded.elasticity,
       lo90 = excluded.lo90, hi90 = excluded.hi90, raw = excluded.raw, raw_se = excluded.raw_se, n_obs = excluded.n_obs,
       level = excluded.level, status = excluded.status, reason = excluded.reason, detail = excluded.detail, created_at = excluded.created_at`,
  );
  db.transaction(() => {
    const estimated = result.estimates.filter((e) => e.status === 'estimated').length;
    db.prepare(`INSERT INTO pricing_runs (id, kind, status, params, metrics, created_at, finished_at) VALUES (?, 'elasticity', 'succeeded', ?, ?, ?, ?)`).run(
      runId,
      JSON.stringify(params),
      JSON.stringify({ skus: result.estimates.length, estimated, fallback: result.estimates.length - estimated }),
      now,
      now,
    );
    for (const e of result.estimates) {
      const detail = JSON.stringify({ weight: e.weight, controls: e.controls, category: e.category, message_en: e.message_en, message_zh: e.message_zh });
      upsert.run('sku', e.key, e.productId, runId, e.elasticity, e.lo, e.hi, e.raw, e.rawSe, e.nObs, e.level, e.status, e.reason, detail, now);
    }
    for (const p of result.priors) {
      const half = 1.6449 * Math.sqrt(p.sd ** 2 + p.meanSe ** 2);
      upsert.run('category', p.key, null, runId, p.mean, p.mean - half, p.mean + half, null, p.meanSe, p.nSkus, 'prior', 'estimated', null, JSON.stringify({ sd: p.sd }), now);
    }
  })();
  return runId;
}
