import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../engine/db/store';
import { dateOf, dayNumber, isoWeekday } from '../../engine/demo/dates';
import { generateDemo } from '../../engine/demo/generate';
import { DemoParamsSchema } from '../../engine/demo/params';

// A larger shop than the other demo tests so the recorded truth can be read back from the sales.
const SKUS = 60;
const DAYS = 400;
let store: Store;
let first: number;

interface Sku {
  id: number;
  sku: string;
  category: string;
  units: Float64Array;
  stockout: Uint8Array;
  price: Float64Array;
}
let skus: Sku[];
let eventDay: Uint8Array;
const truthCache = new Map<string, number>();
const truth = (kind: string, key: string): number => {
  const k = `${kind}|${key}`;
  let v = truthCache.get(k);
  if (v === undefined) {
    v = (store.db.prepare('SELECT value FROM demo_truth WHERE kind = ? AND key = ?').get(kind, key) as { value: number }).value;
    truthCache.set(k, v);
  }
  return v;
};

beforeAll(async () => {
  store = openStore(':memory:');
  const s = await generateDemo(store.db, DemoParamsSchema.parse({ seed: 11, skus: SKUS, days: DAYS, end: '2026-10-31' }), {
    lang: 'en', progress: () => undefined, checkCancelled: () => undefined, isCancelled: () => false,
  });
  first = dayNumber(s.firstDay);
  const db = store.db;
  skus = (db.prepare('SELECT id, sku, category FROM products ORDER BY id').all() as { id: number; sku: string; category: string }[]).map((p) => {
    const units = new Float64Array(DAYS);
    const stockout = new Uint8Array(DAYS);
    for (const r of db.prepare('SELECT date, units, stockout FROM daily_sales WHERE product_id = ?').iterate(p.id) as Iterable<{ date: string; units: number; stockout: number }>) {
      units[dayNumber(r.date) - first] = r.units;
      stockout[dayNumber(r.date) - first] = r.stockout;
    }
    const price = new Float64Array(DAYS);
    const hist = db.prepare('SELECT effective_at, price FROM price_history WHERE product_id = ? ORDER BY effective_at').all(p.id) as { effective_at: string; price: number }[];
    let k = 0;
    for (let d = 0; d < DAYS; d++) {
      while (k + 1 < hist.length && dayNumber(hist[k + 1].effective_at) - first <= d) k++;
      price[d] = hist.length && dayNumber(hist[0].effective_at) - first <= d ? hist[k].price : NaN;
    }
    return { ...p, units, stockout, price };
  });
  eventDay = new Uint8Array(DAYS);
  for (const e of db.prepare('SELECT start_date, end_date FROM calendar_events').all() as { start_date: string; end_date: string }[]) {
    for (let d = Math.max(0, dayNumber(e.start_date) - first); d <= Math.min(DAYS - 1, dayNumber(e.end_date) - first); d++) eventDay[d] = 1;
  }
});
afterAll(() => store.close());

/** A day whose sales show the demand: in stock that day and the next (the day stock runs out is cut short). */
const clean = (s: Sku, d: number): boolean => !s.stockout[d] && !(d + 1 < DAYS && s.stockout[d + 1]) && !Number.isNaN(s.price[d]);

describe('demo truth shows in the data', () => {
  it('names every promotion in Chinese and in English, so each language of the app shows its own', () => {
    const rows = store.db.prepare('SELECT name_zh AS zh, name_en AS en FROM promotions').all() as { zh: string | null; en: string | null }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(r.en).toMatch(/^[\x20-\x7e]+$/);
    }
    expect(new Set(rows.map((r) => r.en))).toContain('Flash sale');
  });

  it('lifts demand during flash sales as the recorded elasticity says', () => {
    const promos = store.db.prepare("SELECT product_id, start_date, end_date FROM promotions WHERE name LIKE '%Flash%'").all() as { product_id: number; start_date: string; end_date: string }[];
    const lift = truth('promotion_lift', 'all');
    let observed = 0;
    let expected = 0;
    let baseline = 0;
    let used = 0;
    for (const pr of promos) {
      const s = skus[pr.product_id - 1];
      const e = truth('elasticity', s.sku);
      const start = dayNumber(pr.start_date) - first;
      const end = dayNumber(pr.end_date) - first;
      const list = s.price[start - 1];
      // Matched non-promotion days of the same SKU: four weeks either side, same list price, no events.
      let cu = 0;
      let cn = 0;
      for (let d = Math.max(0, start - 28); d <= Math.min(DAYS - 1, end + 28); d++) {
        if (d >= start && d <= end) continue;
        if (clean(s, d) && !eventDay[d] && s.price[d] === list) {
          cu += s.units[d];
          cn++;
        }
      }
      if (cn < 14 || cu === 0) continue;
      const rate = cu / cn;
      for (let d = start; d <= end; d++) {
        if (!clean(s, d)) continue;
        observed += s.units[d];
        expected += rate * lift * Math.pow(s.price[d] / list, e);
        baseline += rate;
      }
      used++;
    }
    expect(used).toBeGreaterThan(60);
    // The promotions really sell more than the same SKUs' normal days…
    expect(observed / baseline).toBeGreaterThan(1.25);
    // …by as much as (promo price / list price)^elasticity × the promotion lift predicts.
    expect(observed / expected).toBeGreaterThan(0.85);
    expect(observed / expected).toBeLessThan(1.15);
  });

  it('shows each category’s recorded weekday pattern', () => {
    // Each day's sales relative to its own week (so trend, season and sentiment swings cancel), averaged per weekday.
    const weekdayShares = (cats: string[]): { seen: number[]; want: number[] } => {
      const chosen = skus.filter((x) => cats.includes(x.category));
      const seen = new Float64Array(7);
      const want = new Float64Array(7);
      let weeks = 0;
      for (let w = 0; w + 7 <= DAYS; w += 7) {
        if (eventDay.subarray(w, w + 7).some((e) => e === 1)) continue;
        const total = new Float64Array(7);
        const pred = new Float64Array(7);
        for (const s of chosen) {
          let ok = true;
          for (let d = w; d < w + 7; d++) ok &&= clean(s, d);
          if (!ok) continue;
          for (let d = w; d < w + 7; d++) {
            const dow = isoWeekday(first + d) - 1;
            total[dow] += s.units[d];
            pred[dow] += s.units.subarray(w, w + 7).reduce((a, b) => a + b, 0) * truth('weekly_factor', `${s.category}:${dow + 1}`);
          }
        }
        const tm = total.reduce((a, b) => a + b, 0) / 7;
        const pm = pred.reduce((a, b) => a + b, 0) / 7;
        if (tm === 0) continue;
        weeks++;
        for (let k = 0; k < 7; k++) {
          seen[k] += total[k] / tm;
          want[k] += pred[k] / pm;
        }
      }
      return { seen: Array.from(seen, (v) => v / weeks), want: Array.from(want, (v) => v / weeks) };
    };
    const weekendLift = (v: number[]): number => (v[5] + v[6]) / 2 / ((v[0] + v[1] + v[2] + v[3] + v[4]) / 5);
    const mondayLift = (v: number[]): number => v[0] / ((v[3] + v[4] + v[5]) / 3);
    const weekendHeavy = weekdayShares(['apparel', 'home', 'eyewear', 'jewellery']);
    const mondayHeavy = weekdayShares(['beauty', 'phone_accessories']);
    const [we, weWant, mo, moWant] = [weekendLift(weekendHeavy.seen), weekendLift(weekendHeavy.want), mondayLift(mondayHeavy.seen), mondayLift(mondayHeavy.want)];
    // Apparel, home, eyewear and jewellery sell more at weekends; beauty and phone accessories on Mondays, as recorded.
    expect(weWant).toBeGreaterThan(1.1);
    expect(Math.abs(we - weWant)).toBeLessThan(0.07);
    expect(moWant).toBeGreaterThan(1.05);
    expect(Math.abs(mo - moWant)).toBeLessThan(0.07);
  });

  it('sells more when social sentiment about a category is high, as the recorded coefficient says', () => {
    const coef = truth('signal_effect', 'sentiment');
    const sent = new Map<string, Float64Array>();
    for (const r of store.db.prepare("SELECT date, key, value FROM signals WHERE kind = 'sentiment'").iterate() as Iterable<{ date: string; key: string; value: number }>) {
      const cat = r.key.replace('category:', '');
      if (!sent.has(cat)) sent.set(cat, new Float64Array(DAYS));
      (sent.get(cat) as Float64Array)[dayNumber(r.date) - first] = r.value;
    }
    // Each SKU-day against its own ±2-week level (so season, trend and events cancel), for the sales and for the
    // sentiment factor the truth says; then high-sentiment days vs low-sentiment days.
    const acc = { uh: 0, lh: 0, ph: 0, ul: 0, ll: 0, pl: 0 };
    for (const s of skus) {
      const idx = sent.get(s.category) as Float64Array;
      const ok = (d: number): boolean => clean(s, d) && !eventDay[d];
      for (let d = 0; d < DAYS; d++) {
        if (!ok(d) || (idx[d] > -0.1 && idx[d] < 0.25)) continue;
        let lu = 0;
        let le = 0;
        let n = 0;
        for (let k = Math.max(0, d - 14); k <= Math.min(DAYS - 1, d + 14); k++) {
          if (!ok(k)) continue;
          lu += s.units[k];
          le += Math.exp(coef * idx[k]);
          n++;
        }
        if (n < 15 || lu === 0) continue;
        const rel = Math.exp(coef * idx[d]) / (le / n);
        if (idx[d] >= 0.25) {
          acc.uh += s.units[d];
          acc.lh += lu / n;
          acc.ph += (lu / n) * rel;
        } else {
          acc.ul += s.units[d];
          acc.ll += lu / n;
          acc.pl += (lu / n) * rel;
        }
      }
    }
    const [obsHi, obsLo, predHi, predLo] = [acc.uh / acc.lh, acc.ul / acc.ll, acc.ph / acc.lh, acc.pl / acc.ll];
    const seen = obsHi / obsLo;
    const want = predHi / predLo;
    // A shop where sentiment did nothing would show about 1.0 here.
    expect(want).toBeGreaterThan(1.07);
    expect(seen).toBeGreaterThan(1.05);
    expect(Math.abs(Math.log(seen / want))).toBeLessThan(0.05);
  });

  it('peaks on Double 11 and dips over Chinese New Year', () => {
    const total = (d: number): number => skus.reduce((a, s) => a + s.units[d], 0);
    const avg = (from: number, to: number): number => {
      let u = 0;
      for (let d = from; d <= to; d++) u += total(d);
      return u / (to - from + 1);
    };
    const d11 = dayNumber('2026-11-11') - first;
    const singles = dayNumber('2025-11-11') - first;
    const cny = dayNumber('2026-02-17') - first;
    expect(d11).toBeGreaterThanOrEqual(DAYS); // the shop ends 2026-10-31: only last year's Double 11 is inside
    expect(total(singles)).toBeGreaterThan(2.5 * avg(singles - 40, singles - 20));
    expect(avg(cny - 3, cny + 3)).toBeLessThan(0.7 * avg(cny + 20, cny + 40));
    const names = store.db.prepare("SELECT code, start_date FROM calendar_events WHERE code IN ('cny', 'double11') ORDER BY start_date").all();
    // The calendar also lists the coming year's events (planned ahead), with no sales recorded on them.
    expect(names).toEqual([
      { code: 'double11', start_date: '2025-11-01' },
      { code: 'cny', start_date: dateOf(dayNumber('2026-02-17') - 7) },
      { code: 'double11', start_date: '2026-11-01' },
      { code: 'cny', start_date: dateOf(dayNumber('2027-02-06') - 7) },
    ]);
  });

  it('has a long tail: many slow movers and a few best sellers', () => {
    const rates = skus.map((s) => s.units.reduce((a, b) => a + b, 0) / DAYS).sort((a, b) => b - a);
    expect(rates.filter((r) => r < 1).length).toBeGreaterThan(SKUS / 2);
    const top = rates.slice(0, Math.ceil(SKUS / 10)).reduce((a, b) => a + b, 0);
    expect(top / rates.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.3);
  });
});
