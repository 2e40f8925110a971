/** Loads interactions from a SASRec-format text, a table of rows (CSV) or the store; bad input is counted, never thrown. */
import type Database from 'better-sqlite3';
import { detectDateFormat, parseDateValue } from '../import/dates';
import { isEvaluable } from './split';
import { EVENT_KINDS, noProblems, noteSkipped, type Interactions, type InputProblems } from './types';

interface Raw {
  user: string;
  item: string;
  time: number;
  kind: number;
  order: number;
}

/** Groups raw events per user, sorts by time (stable), drops duplicates; counts what was wrong. */
function build(raw: Raw[], problems: InputProblems, opts: { hasTime: boolean; knownUsers?: string[]; knownItems?: string[] }): Interactions {
  const byUser = new Map<string, Raw[]>();
  for (const r of raw) {
    const list = byUser.get(r.user);
    if (list) list.push(r);
    else byUser.set(r.user, [r]);
  }
  const itemIndex = new Map<string, number>();
  const itemIds: string[] = [];
  for (const it of opts.knownItems ?? []) {
    itemIndex.set(it, itemIds.length);
    itemIds.push(it);
  }
  const userIds: string[] = [];
  const seqs: Int32Array[] = [];
  const kinds: Uint8Array[] = [];
  const times: Float64Array[] = [];
  const users = opts.knownUsers ?? [...byUser.keys()];
  for (const user of users) {
    const list = byUser.get(user) ?? [];
    if (opts.hasTime) {
      for (let i = 1; i < list.length; i++) if (list[i].time < list[i - 1].time) problems.outOfOrder++;
      list.sort((a, b) => a.time - b.time || a.order - b.order);
    }
    const kept: Raw[] = [];
    const seen = new Set<string>();
    for (const r of list) {
      const key = opts.hasTime ? `${r.item}\u0000${r.time}\u0000${r.kind}` : '';
      // A duplicate is the same line again: same item, time and kind (files without times: the same item twice in a row).
      const dup = opts.hasTime ? seen.has(key) : kept.length > 0 && kept[kept.length - 1].item === r.item;
      if (dup) {
        problems.duplicates++;
        continue;
      }
      if (opts.hasTime) seen.add(key);
      kept.push(r);
    }
    if (kept.length === 0) {
      problems.emptyHistories++;
      if (!opts.knownUsers) continue;
    }
    if (kept.length > 0 && !isEvaluable(kept)) problems.tooShort++;
    const s = new Int32Array(kept.length);
    const k = new Uint8Array(kept.length);
    const t = new Float64Array(kept.length);
    kept.forEach((r, i) => {
      let ix = itemIndex.get(r.item);
      if (ix === undefined) {
        ix = itemIds.length;
        itemIndex.set(r.item, ix);
        itemIds.push(r.item);
      }
      s[i] = ix;
      k[i] = r.kind;
      t[i] = r.time;
    });
    userIds.push(user);
    seqs.push(s);
    kinds.push(k);
    times.push(t);
  }
  return { userIds, itemIds, seqs, kinds, times: opts.hasTime ? times : undefined, problems };
}

/** Parses `user item` lines (whitespace separated, each user's lines in time order). */
export function parseSasrec(text: string): Interactions {
  const problems = noProblems();
  const raw: Raw[] = [];
  const rating = EVENT_KINDS.indexOf('rating');
  let order = 0;
  for (const [at, line] of text.split(/\r?\n/).entries()) {
    const t = line.trim();
    if (!t) continue;
    problems.lines++;
    const parts = t.split(/[\s,]+/);
    // Exactly `user item`: a third field means the file is in another format (e.g. a rating or a time column).
    if (parts.length !== 2) {
      problems.badLines++;
      noteSkipped(problems, at + 1);
      continue;
    }
    raw.push({ user: parts[0], item: parts[1], time: order, kind: rating, order: order++ });
  }
  return build(raw, problems, { hasTime: false });
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Builds interactions from table rows given the user, item and (optional) time column indices; `rowNumbers` are the
 * rows' line numbers in the file (default: a header on line 1, then one line per row); `broken` the line numbers of
 * rows the reader could not take (a cell too many, an unclosed quote), in file order, counted as unreadable lines.
 */
export function fromRows(rows: readonly (readonly string[])[], cols: { user: number; item: number; time: number | null }, rowNumbers?: readonly number[], broken: readonly number[] = []): Interactions {
  const problems = noProblems();
  // The broken rows are merged in by line number, so the left-out lines are named in the order they are in the file.
  let nextBroken = 0;
  const brokenBefore = (line: number): void => {
    for (; nextBroken < broken.length && broken[nextBroken] < line; nextBroken++) {
      problems.lines++;
      problems.badLines++;
      noteSkipped(problems, broken[nextBroken]);
    }
  };
  const raw: Raw[] = [];
  const rating = EVENT_KINDS.indexOf('rating');
  // Times are read as the importer reads dates: the column's format (d/m/y or m/d/y told apart by a part above 12,
  // 2024年3月5日, Excel serials) from all its values; plain numbers (Unix seconds) as they are.
  const stamps = cols.time === null ? [] : rows.map((r) => (r[cols.time as number] ?? '').trim()).filter((v) => v && !NUMBER.test(v));
  const format = stamps.length ? detectDateFormat(stamps).format : null;
  const seconds = (v: string): number => {
    if (NUMBER.test(v)) return Number(v);
    const iso = parseDateValue(v, format, true);
    return (iso ? Date.parse(iso.endsWith('Z') ? iso : `${iso}Z`) : Date.parse(v)) / 1000;
  };
  rows.forEach((row, order) => {
    const line = rowNumbers?.[order] ?? order + 2;
    brokenBefore(line);
    problems.lines++;
    const user = (row[cols.user] ?? '').trim();
    const item = (row[cols.item] ?? '').trim();
    if (!user) problems.unknownUsers++;
    if (!item) problems.unknownItems++;
    if (!user || !item) {
      noteSkipped(problems, line);
      return;
    }
    let time = order;
    if (cols.time !== null) {
      const v = (row[cols.time] ?? '').trim();
      const n = seconds(v);
      if (!Number.isFinite(n)) {
        problems.badLines++;
        noteSkipped(problems, line);
        return;
      }
      time = n;
    }
    raw.push({ user, item, time, kind: rating, order });
  });
  brokenBefore(Infinity);
  return build(raw, problems, { hasTime: true });
}

/** Every customer's views, carts (browsing events) and purchases (order lines) in time order; items are SKUs. */
export function fromStore(db: Database.Database): Interactions & { customerDbIds: number[]; productDbIds: number[] } {
  const problems = noProblems();
  const products = db.prepare('SELECT id, sku FROM products ORDER BY id').all() as { id: number; sku: string }[];
  const customers = db.prepare('SELECT id FROM customers ORDER BY id').all() as { id: number }[];
  const kindIx = (k: string): number => Math.max(0, EVENT_KINDS.indexOf(k as (typeof EVENT_KINDS)[number]));
  const raw: Raw[] = [];
  let order = 0;
  const skuById = new Map(products.map((p) => [p.id, p.sku]));
  const anon = db.prepare("SELECT count(*) AS n FROM browsing_events WHERE kind IN ('view','cart') AND (customer_id IS NULL OR product_id IS NULL)").get() as { n: number };
  problems.unknownUsers += anon.n;
  const push = (customer: number, product: number, kind: string, ts: string): void => {
    problems.lines++;
    const sku = skuById.get(product);
    if (sku === undefined) {
      problems.unknownItems++;
      return;
    }
    const time = Date.parse(ts.length === 10 ? `${ts}T00:00:00Z` : ts.replace(' ', 'T') + (/[zZ]|[+-]\d\d:?\d\d$/.test(ts) ? '' : 'Z')) / 1000;
    if (!Number.isFinite(time)) {
      problems.badLines++;
      return;
    }
    raw.push({ user: String(customer), item: sku, time, kind: kindIx(kind), order: order++ });
  };
  for (const r of db.prepare("SELECT customer_id AS c, product_id AS p, kind, ts FROM browsing_events WHERE kind IN ('view','cart') AND customer_id IS NOT NULL AND product_id IS NOT NULL ORDER BY id").iterate() as IterableIterator<{ c: number; p: number; kind: string; ts: string }>) {
    push(r.c, r.p, r.kind, r.ts);
  }
  const lines = db.prepare("SELECT o.customer_id AS c, l.product_id AS p, o.ordered_at AS ts FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.customer_id IS NOT NULL AND o.status != 'cancelled' ORDER BY o.ordered_at, l.id");
  for (const r of lines.iterate() as IterableIterator<{ c: number; p: number; ts: string }>) push(r.c, r.p, 'purchase', r.ts);
  // Two sources (browsing, orders) are read one after the other: put them in time order before counting disorder.
  raw.sort((a, b) => a.time - b.time || a.order - b.order);
  raw.forEach((r, i) => (r.order = i));
  const d = build(raw, problems, { hasTime: true, knownUsers: customers.map((c) => String(c.id)), knownItems: products.map((p) => p.sku) });
  return { ...d, customerDbIds: customers.map((c) => c.id), productDbIds: products.map((p) => p.id) };
}

/**
 * Whether some customer has at least `min` events (views, carts, purchases as fromStore reads them), counted before
 * duplicates are dropped: false means nobody can be measured, found with one query instead of reading every event.
 */
export function anyCustomerWithEvents(db: Database.Database, min: number): boolean {
  const row = db.prepare(`SELECT 1 AS found FROM (
      SELECT customer_id AS c FROM browsing_events WHERE kind IN ('view','cart') AND customer_id IS NOT NULL AND product_id IS NOT NULL
      UNION ALL
      SELECT o.customer_id FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.customer_id IS NOT NULL AND o.status != 'cancelled'
    ) GROUP BY c HAVING count(*) >= ? LIMIT 1`).get(min) as { found: number } | undefined;
  return row !== undefined;
}

/** Keeps only users with at least one interaction (models need no empty rows). */
export function withoutEmpty(d: Interactions): Interactions {
  const keep = d.seqs.map((s, i) => (s.length > 0 ? i : -1)).filter((i) => i >= 0);
  return { ...d, userIds: keep.map((i) => d.userIds[i]), seqs: keep.map((i) => d.seqs[i]), kinds: d.kinds && keep.map((i) => d.kinds![i]), times: d.times && keep.map((i) => d.times![i]) };
}
