/** What-if: a planned promotion or price change applied to the stored forecast through the SKU's price elasticity. */
import type Database from 'better-sqlite3';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { estimateElasticities, type PriceSeries } from '../pricing/elasticity';
import { forecastOf, productBySku } from '../db/queries/forecast';
import { addDays } from './dates';
import { forecastCatalog } from './messages';

/** A scenario: a discount over dates, or a new price from a date (default: the whole forecast). */
export interface WhatIfInput {
  sku: string;
  discountPct?: number;
  newPrice?: number;
  start?: string;
  end?: string;
}

/** Where the elasticity came from. */
export interface ElasticityUsed {
  value: number;
  lo: number;
  hi: number;
  source: 'stored' | 'estimated';
  status: string;
}

/** The SKU's elasticity: the pricing engine's stored estimate, else estimated now from its own and its category's history. */
export function elasticityFor(db: Database.Database, productId: number, sku: string, category: string | null): ElasticityUsed {
  const stored = db
    .prepare(`SELECT elasticity, lo90, hi90, status FROM elasticity_estimates WHERE scope = 'sku' AND key = ?`)
    .get(sku) as { elasticity: number; lo90: number; hi90: number; status: string } | undefined;
  if (stored) return { value: stored.elasticity, lo: stored.lo90, hi: stored.hi90, source: 'stored', status: stored.status };
  const ids = (
    db.prepare('SELECT id FROM products WHERE id = ? OR (category IS ? AND id != ?) ORDER BY id = ? DESC, id LIMIT 60').all(productId, category, productId, productId) as { id: number }[]
  ).map((r) => r.id);
  const end = (db.prepare('SELECT max(date) AS d FROM daily_sales').get() as { d: string | null }).d;
  const from = end ? addDays(end, -365) : '0000-01-01';
  const q = db.prepare(
    `SELECT s.date, s.units, s.revenue, s.stockout, p.price, p.sku, p.category FROM daily_sales s JOIN products p ON p.id = s.product_id WHERE s.product_id = ? AND s.date > ? ORDER BY s.date`,
  );
  const series: PriceSeries[] = ids.map((id) => {
    const rows = q.all(id, from) as { date: string; units: number; revenue: number; stockout: number; price: number | null; sku: string; category: string | null }[];
    return {
      key: rows[0]?.sku ?? String(id),
      productId: id,
      category: rows[0]?.category ?? null,
      obs: rows
        .filter((r) => r.units > 0 || r.price)
        .map((r) => ({ date: r.date, units: r.units, price: r.units > 0 ? r.revenue / r.units : (r.price ?? 0), stockout: r.stockout === 1 })),
    };
  });
  const res = estimateElasticities(series);
  const e = res.estimates.find((x) => x.productId === productId);
  if (!e) return { value: -1.5, lo: -2.5, hi: -0.5, source: 'estimated', status: 'fallback' };
  return { value: e.elasticity, lo: e.lo, hi: e.hi, source: 'estimated', status: e.status };
}

/** Baseline vs scenario forecast with the uplift in units and revenue. */
export function whatIf(db: Database.Database, input: WhatIfInput, lang: Lang) {
  const p = productBySku(db, input.sku);
  if (!p) throw new EngineError('not_found', tr(forecastCatalog, lang, 'sku.unknown', { sku: input.sku }), { sku: input.sku });
  const base = forecastOf(db, p.id);
  if (!base.length) throw new EngineError('not_found', tr(forecastCatalog, lang, 'no.forecast', { sku: input.sku }), { sku: input.sku });
  if (!p.price) throw new EngineError('user_error', tr(forecastCatalog, lang, 'whatif.noPrice', { sku: input.sku }), { sku: input.sku });
  let newPrice: number;
  if (input.newPrice !== undefined) newPrice = input.newPrice;
  else if (input.discountPct !== undefined && input.start && input.end) newPrice = p.price * (1 - input.discountPct / 100);
  else throw new EngineError('user_error', tr(forecastCatalog, lang, 'whatif.need'));
  const start = input.start ?? base[0].date;
  const end = input.end ?? base[base.length - 1].date;
  if (end < start) throw new EngineError('user_error', tr(forecastCatalog, lang, 'whatif.dates', { start, end }), { start, end });
  const el = elasticityFor(db, p.id, p.sku, p.category);
  const mult = Math.pow(newPrice / p.price, el.value);
  let baseUnits = 0;
  let scenUnits = 0;
  let baseRevenue = 0;
  let scenRevenue = 0;
  const days = base.map((b) => {
    const inWindow = b.date >= start && b.date <= end;
    const k = inWindow ? mult : 1;
    const price = inWindow ? newPrice : p.price!;
    baseUnits += b.p50;
    scenUnits += b.p50 * k;
    baseRevenue += b.p50 * p.price!;
    scenRevenue += b.p50 * k * price;
    return { date: b.date, inWindow, baseline: { p10: b.p10, p50: b.p50, p90: b.p90 }, scenario: { p10: b.p10 * k, p50: b.p50 * k, p90: b.p90 * k } };
  });
  return {
    sku: p.sku,
    price: p.price,
    newPrice,
    start,
    end,
    elasticity: el,
    multiplier: mult,
    days,
    baselineUnits: baseUnits,
    scenarioUnits: scenUnits,
    upliftUnits: scenUnits - baseUnits,
    upliftPct: baseUnits > 0 ? (scenUnits / baseUnits - 1) * 100 : 0,
    baselineRevenue: baseRevenue,
    scenarioRevenue: scenRevenue,
  };
}
