/** What the screen, CLI and exports read: a customer's or product's lists with reasons in the caller's language. */
import type Database from 'better-sqlite3';
import { countRecCustomers, countUnlistedCustomers, customerHistory, customerRecItems, customerInterest, everyCustomerInterest, latestRecsRun, type InterestEvent, recItems, recCustomers, type RecCustomer, type RecItemRow } from '../db/queries/recs';
import { both, EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { recsCatalog } from './messages';
import { MIN_EVAL_CUSTOMERS, MIN_INTERACTIONS, type RunMetrics } from './store-run';
import { MAX_GAMMA } from './lists';
import { probLifted } from './tail';
import type { TailForm } from './tail-choice';
import { viewedNotBought } from './revisit';

/** One recommended item as shown. */
export interface RecView {
  rank: number;
  sku: string;
  title: string;
  reasonCode: RecItemRow['reason'];
  reason: string;
  score: number;
  longTail: boolean;
}

/** The title in the UI language, the other language when missing, else the SKU. */
export function titleIn(lang: Lang, zh: string | null, en: string | null, sku: string): string {
  return (lang === 'zh' ? zh || en : en || zh) || sku;
}

function view(lang: Lang, r: RecItemRow, rank: number, tailCut: number): RecView {
  const title = r.reasonSku ? titleIn(lang, r.reasonTitleZh, r.reasonTitleEn, r.reasonSku) : '';
  return { rank, sku: r.sku, title: titleIn(lang, r.titleZh, r.titleEn, r.sku), reasonCode: r.reason, reason: tr(recsCatalog, lang, `reason_${r.reason}`, { title }), score: r.score, longTail: r.popularity <= tailCut };
}

/** The latest run, or a user error saying to train first. */
export function requireRun(db: Database.Database, lang: Lang): { id: string; createdAt: string; metrics: RunMetrics } {
  const run = latestRecsRun(db);
  if (!run) throw new EngineError('not_found', both(recsCatalog, 'no_run'), {});
  void lang;
  return { id: run.id, createdAt: run.createdAt, metrics: JSON.parse(run.metrics) as RunMetrics };
}

/** The latest run's comparison and tail effect, with the fallback reason in words (null when never trained). */
export function recsStatus(db: Database.Database, lang: Lang): { runId: string; createdAt: string; metrics: RunMetrics; fallbackMessage: string | null } | null {
  const run = latestRecsRun(db);
  if (!run) return null;
  const metrics = JSON.parse(run.metrics) as RunMetrics;
  const fallbackMessage = metrics.fallback ? tr(recsCatalog, lang, `fallback_${metrics.fallback}`, { customers: MIN_EVAL_CUSTOMERS, events: MIN_INTERACTIONS }) : null;
  return { runId: run.id, createdAt: run.createdAt, metrics, fallbackMessage };
}

// Popularity at or below which an item counts as long tail for the badge: the 80th percentile of stored popularity.
function tailCutoff(db: Database.Database, runId: string): number {
  const rows = db.prepare("SELECT popularity FROM rec_items WHERE run_id = ? AND list = 'customer' GROUP BY product_id").all(runId) as { popularity: number }[];
  const pops = rows.map((r) => r.popularity).sort((a, b) => a - b);
  return pops.length ? pops[Math.floor(pops.length * 0.8) - (pops.length >= 5 ? 1 : 0)] ?? 0 : 0;
}

/** What the read-time re-rank needs of a run's tail control. */
export interface TailControl {
  form: TailForm;
  cut: number;
  /** The probability form's temperature and catalogue size (tail.ts probLifted). */
  temperature?: number;
  items?: number;
}

// The run's control; runs without a stored cut use the percentile of the stored candidates (as before).
function tailCutOf(db: Database.Database, run: { id: string; metrics: RunMetrics }): TailControl {
  const c = tailControlOf(run.metrics);
  return { form: c.form, cut: c.cut ?? tailCutoff(db, run.id), ...(c.temperature === undefined ? {} : { temperature: c.temperature }), items: run.metrics.items };
}

/** Finds a customer by numeric id or external id. */
export function findCustomer(db: Database.Database, ref: string | number): { id: number; externalId: string; name: string | null; email: string | null } {
  const byExt = db.prepare('SELECT id, external_id AS externalId, name, email FROM customers WHERE external_id = ?').get(String(ref)) as { id: number; externalId: string; name: string | null; email: string | null } | undefined;
  const row = byExt ?? (/^\d+$/.test(String(ref)) ? (db.prepare('SELECT id, external_id AS externalId, name, email FROM customers WHERE id = ?').get(Number(ref)) as typeof byExt) : undefined);
  if (!row) throw new EngineError('not_found', both(recsCatalog, 'no_customer', { id: ref }), { id: ref });
  return row;
}

/** The run's tail control: its form (runs before the choice existed used the discount), the long-tail cut and the probability form's temperature. */
export function tailControlOf(m: RunMetrics): { form: TailForm; cut: number | null; temperature?: number } {
  const t = m.tailChoice?.temperature;
  return { form: m.tailForm ?? 'discount', cut: m.tailCut ?? null, ...(t === undefined ? {} : { temperature: t }) };
}

/**
 * Re-ranks a customer's stored candidates with the run's tail control at γ and keeps the top k: the popularity
 * discount subtracts γ·ln(1 + popularity), the tail lift adds γ to every long-tail item (popularity ≤ cut), the
 * personal lift adds γ times the customer's stored weight (`liftWeight`) to every long-tail item, the probability lift
 * turns each stored score into its probability (stored normaliser, the run's temperature) and adds the scaled,
 * weighted γ to the long-tail items' (tail.ts probLifted). Rows without a stored normaliser (a refresh without the
 * Transformer, runs from before) get the personal lift instead.
 */
export function rerankCustomer(rows: RecItemRow[], gamma: number, k: number, control: TailControl = { form: 'discount', cut: 0 }): RecItemRow[] {
  const t = control.temperature;
  const byLikelihood = control.form === 'prob' && t !== undefined && !!control.items && rows.every((r) => r.logNorm !== null && r.logNorm !== undefined);
  const value = (r: RecItemRow): number => {
    if (byLikelihood) return probLifted(r.score, r.logNorm as number, t as number, r.popularity <= control.cut, gamma, r.liftWeight ?? 1, control.items as number);
    // The stored candidates cover the discount up to MAX_GAMMA; beyond it the discount stays at its end.
    if (control.form === 'discount') return r.score - Math.min(gamma, MAX_GAMMA) * Math.log1p(r.popularity);
    if (r.popularity > control.cut) return r.score;
    return r.score + (control.form === 'personal' || control.form === 'prob' ? gamma * (r.liftWeight ?? 1) : gamma);
  };
  return rows
    .map((r) => ({ r, s: value(r) }))
    .sort((a, b) => b.s - a.s || a.r.rank - b.r.rank)
    .slice(0, k)
    .map((x) => x.r);
}

/** A product the customer viewed or carted and has not bought since, as shown. */
export interface RevisitView {
  rank: number;
  sku: string;
  title: string;
  reason: string;
  views: number;
  carted: boolean;
  /** They bought it before and came back to it since. */
  boughtBefore: boolean;
  /** When they last viewed or carted it (ISO time). */
  lastSeen: string;
}

const DAY_FORMAT = { en: new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }), zh: new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }) };

/** The day of a stored time as the screen shows dates ("Oct 31, 2026", "2026年10月31日"); the text itself when it is no date. */
function dayIn(lang: Lang, ts: string): string {
  const t = Date.parse(`${ts.slice(0, 10)}T00:00:00Z`);
  return Number.isFinite(t) ? DAY_FORMAT[lang].format(t) : ts;
}

/** A customer's products viewed or carted and not bought since, most recent first (products on sale only), with reasons. */
export function revisitFor(db: Database.Database, lang: Lang, customerId: number, k: number): RevisitView[] {
  return revisitOf(lang, customerInterest(db, customerId), k);
}

// The list from a customer's events (customerInterest's order).
function revisitOf(lang: Lang, events: readonly InterestEvent[], k: number): RevisitView[] {
  const open = viewedNotBought(events.map((e) => ({ item: e.productId, kind: e.kind })), events.length);
  const out: RevisitView[] = [];
  for (const o of open) {
    const e = events[o.last];
    if (!e.active) continue;
    const date = dayIn(lang, e.ts);
    const key = o.carted ? (o.boughtBefore ? 'reason_revisit_cart_again' : 'reason_revisit_cart') : o.boughtBefore ? 'reason_revisit_view_again' : o.views === 1 ? 'reason_revisit_view_once' : 'reason_revisit_view';
    const reason = tr(recsCatalog, lang, key, { date, n: o.views });
    out.push({ rank: out.length + 1, sku: e.sku, title: titleIn(lang, e.titleZh, e.titleEn, e.sku), reason, views: o.views, carted: o.carted, boughtBefore: o.boughtBefore, lastSeen: e.ts });
    if (out.length >= k) break;
  }
  return out;
}

/** A customer's history, recommendations with reasons, and what they viewed and have not bought yet. */
export function recsForCustomer(db: Database.Database, lang: Lang, ref: string | number, k: number, gamma: number) {
  const run = requireRun(db, lang);
  const customer = findCustomer(db, ref);
  const control = tailCutOf(db, run);
  const { form, cut } = control;
  const items = rerankCustomer(recItems(db, run.id, 'customer', customer.id), gamma, k, control).map((r, i) => view(lang, r, i + 1, cut));
  const history = customerHistory(db, customer.id, 30).map((h) => ({ ts: h.ts, kind: h.kind, sku: h.sku, title: titleIn(lang, h.titleZh, h.titleEn, h.sku) }));
  return { runId: run.id, customer, history, items, revisit: revisitFor(db, lang, customer.id, k), tailForm: form };
}

/** A product's similar items and items bought together. */
export function recsForProduct(db: Database.Database, lang: Lang, sku: string, k: number) {
  const run = requireRun(db, lang);
  const p = db.prepare('SELECT id, sku, title_zh AS titleZh, title_en AS titleEn FROM products WHERE sku = ?').get(sku) as { id: number; sku: string; titleZh: string | null; titleEn: string | null } | undefined;
  if (!p) throw new EngineError('not_found', both(recsCatalog, 'no_product', { sku }), { sku });
  const list = (l: 'similar' | 'together'): RecView[] => recItems(db, run.id, l, p.id).slice(0, k).map((r, i) => view(lang, r, i + 1, -1));
  // Both titles beside the one in `lang`: the screen names the product in the language switched to before the lists
  // are worded again.
  return { runId: run.id, product: { sku: p.sku, title: titleIn(lang, p.titleZh, p.titleEn, p.sku), titleZh: p.titleZh, titleEn: p.titleEn }, similar: list('similar'), together: list('together') };
}

/** Customers with recommendations whose id, name or email holds the text (the first `limit`). */
export function recsCustomers(db: Database.Database, lang: Lang, query: string, limit: number) {
  const run = latestRecsRun(db);
  return run ? recCustomers(db, run.id, query, limit) : [];
}

/**
 * The screen's customer picker: the first `limit` matches of the text and how many match in all; where none has a
 * list, `unlisted` counts the customers the text finds without one (no history yet), so the picker can say why.
 */
export function recsCustomerSearch(db: Database.Database, query: string, limit: number): { rows: RecCustomer[]; total: number; unlisted: number } {
  const run = latestRecsRun(db);
  if (!run) return { rows: [], total: 0, unlisted: 0 };
  return db.transaction(() => {
    const total = countRecCustomers(db, run.id, query);
    return { rows: recCustomers(db, run.id, query, limit), total, unlisted: total === 0 && query.trim() !== '' ? countUnlistedCustomers(db, run.id, query) : 0 };
  })();
}

/** Which list an export carries: the model's recommendations, or what each customer viewed and has not bought. */
export type ExportList = 'recommended' | 'revisit';

/** One exported row: customer id and email, rank, SKU, title and reason. */
export interface ExportRow {
  customerId: string;
  email: string;
  rank: number;
  sku: string;
  title: string;
  reason: string;
}

/**
 * Every customer's top k of a list, one row per item (customer id and email, rank, SKU, title, reason), for exports.
 * `revisit` covers the same customers (those of the latest run). `progress` hears customers done of all.
 */
export function exportRows(db: Database.Database, lang: Lang, k: number, gamma: number, list: ExportList = 'recommended', progress?: (done: number, total: number) => void): ExportRow[] {
  const run = requireRun(db, lang);
  const out: ExportRow[] = [];
  const control = tailCutOf(db, run);
  const customers = recCustomers(db, run.id, '', 1e9);
  let done = 0;
  const add = (c: RecCustomer, items: readonly { rank: number; sku: string; title: string; reason: string }[]): void => {
    for (const r of items) out.push({ customerId: c.externalId, email: c.email ?? '', rank: r.rank, sku: r.sku, title: r.title, reason: r.reason });
    if (++done % 250 === 0 && list !== 'revisit') progress?.(done, customers.length);
  };
  if (list === 'revisit') {
    // One statement for every customer's events, not a query per customer.
    const byId = new Map(customers.map((c) => [c.id, c]));
    const lists = new Map<number, RevisitView[]>();
    for (const { customerId, events } of everyCustomerInterest(db)) {
      if (!byId.has(customerId)) continue;
      lists.set(customerId, revisitOf(lang, events, k));
      if (lists.size % 250 === 0) progress?.(lists.size, customers.length);
    }
    for (const c of customers) add(c, lists.get(c.id) ?? []);
  } else {
    // One statement for every list (customer id order, as the customers are listed), not a query per customer.
    const byId = new Map(customers.map((c) => [c.id, c]));
    for (const { customerId, rows } of customerRecItems(db, run.id)) {
      const c = byId.get(customerId);
      if (c) add(c, rerankCustomer(rows, gamma, k, control).map((r, i) => view(lang, r, i + 1, control.cut)));
    }
  }
  if (customers.length) progress?.(customers.length, customers.length);
  return out;
}
