import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/engine';
import { openStore } from '../../engine/db/store';
import { attachCalendar, calendarAware, upliftAhead, type EventRow, type PromoRow } from '../../engine/forecast/calendar-effects';
import { chooseAndForecast } from '../../engine/forecast/choose';
import { addDays } from '../../engine/forecast/dates';
import { localModel } from '../../engine/forecast/models/index';
import { loadStoreDemand } from '../../engine/forecast/store-series';
import type { Series } from '../../engine/forecast/types';
import { poisson, rng } from './forecast-fixtures';
import { tempDir } from './helpers';

const START = '2024-01-01';
const DAYS = 760; // to 2026-01-30: two past "sale" weeks (Nov 2024, Nov 2025)
const sale = (year: number): EventRow => ({ code: 'sale', start: `${year}-11-05`, end: `${year}-11-11` });
const EVENTS = [sale(2024), sale(2025), sale(2026)];
const inEvent = (date: string): boolean => EVENTS.some((e) => date >= e.start && date <= e.end);

/** A catalogue whose demand triples on the event's days (and × 2 on product 1's promotion days), Poisson noise. */
function catalogue(n = 30, days = DAYS, lift = 3, promo?: PromoRow): Series[] {
  const r = rng(11);
  return Array.from({ length: n }, (_, k) => {
    const base = 2 + (k % 5);
    const values = Array.from({ length: days }, (_, t) => {
      const date = addDays(START, t);
      const p = promo && promo.productId === k + 1 && date >= promo.start && date <= promo.end ? 2 : 1;
      return poisson(r, base * (inEvent(date) ? lift : 1) * p);
    });
    return { id: `S${k + 1}`, start: START, values, category: k % 2 ? 'toys' : 'home', seasonLength: 7 };
  });
}

describe('calendar effects: known events and promotions lift the statistical forecasts', () => {
  it('a forecast made before the third sale week lifts its days by about the learned factor, and the regular days are not inflated by past sales', () => {
    // The history ends 2026-10-31; the sale runs 2026-11-05..11 (days 5..11 of the forecast).
    const days = 1035;
    const series = attachCalendar(catalogue(30, days), Array.from({ length: 30 }, (_, i) => i + 1), EVENTS, [], addDays(START, days - 1));
    const s = series[4]; // base 6 a day
    const f = calendarAware(localModel('ma')).forecast(s, 28).p50;
    const plain = localModel('ma').forecast({ ...s, calendar: undefined }, 28).p50;
    const lift = upliftAhead(s, 28);
    expect(lift.slice(0, 4)).toEqual([1, 1, 1, 1]);
    for (let d = 4; d <= 10; d++) {
      expect(lift[d]).toBeGreaterThan(2.6);
      expect(lift[d]).toBeLessThan(3.4);
    }
    expect(lift[11]).toBe(1);
    const sale = f.slice(4, 11).reduce((a, b) => a + b, 0) / 7;
    expect(sale).toBeGreaterThan(15); // 3 × 6, within the noise
    expect(sale).toBeLessThan(21);
    // The band widens with the level, but less than in proportion (count noise grows about with its square root).
    const q = calendarAware(localModel('ma')).forecast(s, 28);
    const width = (d: number): number => q.p90[d] - q.p10[d];
    expect(width(6)).toBeGreaterThan(1.5 * width(1));
    expect(width(6)).toBeLessThan(0.95 * lift[6] * width(1));
    // Without the calendar the sale week gets the regular level.
    expect(plain.slice(4, 11).reduce((a, b) => a + b, 0) / 7).toBeLessThan(8);
  });

  it('regular days after a sale keep the regular level: the sale days are left out of the fit', () => {
    // History ends on the last sale day of 2025; a moving average over it would read the tripled week as the level.
    const days = 681; // 2024-01-01 + 680 = 2025-11-11
    const series = attachCalendar(catalogue(30, days), Array.from({ length: 30 }, (_, i) => i + 1), EVENTS, [], addDays(START, days - 1));
    const s = series[4];
    expect(addDays(START, days - 1)).toBe('2025-11-11');
    const mean = (q: number[]): number => q.reduce((a, b) => a + b, 0) / q.length;
    const aware = mean(calendarAware(localModel('ma')).forecast(s, 14).p50);
    const plain = mean(localModel('ma').forecast({ ...s, calendar: undefined }, 14).p50);
    expect(aware).toBeGreaterThan(4.5);
    expect(aware).toBeLessThan(7.5);
    expect(plain).toBeGreaterThan(aware);
  });

  it('the factor used at an origin depends only on days before it (changing later sales changes nothing)', () => {
    const days = 1035;
    const end = addDays(START, days - 1);
    const ids = Array.from({ length: 30 }, (_, i) => i + 1);
    const a = attachCalendar(catalogue(30, days), ids, EVENTS, [], end);
    // Same history, but every sale day of 2025 doubled: the factor known before 2025-11-05 must not move.
    const b = attachCalendar(
      catalogue(30, days).map((s) => ({ ...s, values: s.values.map((v, t) => (addDays(START, t) >= '2025-11-05' && inEvent(addDays(START, t)) ? 2 * v : v)) })),
      ids,
      EVENTS,
      [],
      end,
    );
    const cut = 674; // 2025-11-05: origin at the 2025 sale
    const before = (x: Series[]): number[] => upliftAhead({ ...x[3], values: x[3].values.slice(0, cut) }, 10);
    expect(before(b)).toEqual(before(a));
    // …while at the 2026 origin the doubled 2025 sale shows.
    expect(upliftAhead(b[3], 10)[6]).toBeGreaterThan(upliftAhead(a[3], 10)[6] * 1.3);
  });

  it("a product's planned promotion lifts that product only", () => {
    const days = 1035;
    const end = addDays(START, days - 1);
    const past: PromoRow = { productId: 1, category: null, start: '2026-05-01', end: '2026-05-20', discountPct: 20 };
    const planned: PromoRow = { productId: 1, category: null, start: '2026-11-20', end: '2026-11-25', discountPct: 20 };
    const series = attachCalendar(catalogue(30, days, 3, past), Array.from({ length: 30 }, (_, i) => i + 1), EVENTS, [past, planned], end);
    const mine = upliftAhead(series[0], 28);
    expect(mine[19]).toBeGreaterThan(1.5); // 2026-11-20
    expect(mine[24]).toBeGreaterThan(1.5);
    expect(mine[26]).toBe(1);
    expect(upliftAhead(series[1], 28)[19]).toBe(1);
    // A promotion of a category covers its products only; one of the whole shop (no product, no category) covers all.
    const home: PromoRow = { productId: null, category: 'home', start: '2026-11-26', end: '2026-11-27', discountPct: 20 };
    const shop: PromoRow = { productId: null, category: null, start: '2026-11-18', end: '2026-11-18', discountPct: 20 };
    const both = attachCalendar(catalogue(30, days, 3, past), Array.from({ length: 30 }, (_, i) => i + 1), EVENTS, [past, home, shop], end);
    expect(Object.keys(both[0].calendar!.keys).map(Number)).toContain(days + 25); // series 1 is 'home'
    expect(Object.keys(both[1].calendar!.keys).map(Number)).not.toContain(days + 25); // series 2 is 'toys'
    for (const s of both) expect(Object.keys(s.calendar!.keys).map(Number)).toContain(days + 17);
  });

  it('without a calendar every model forecasts exactly as before', () => {
    const s = catalogue(1)[0];
    const q = chooseAndForecast(s, { horizon: 14, folds: 3 });
    const attached = attachCalendar([s], [1], [], [], addDays(START, DAYS - 1))[0];
    expect(attached.calendar).toBeUndefined();
    expect(chooseAndForecast(attached, { horizon: 14, folds: 3 }).forecast).toEqual(q.forecast);
  });
});

describe('calendar effects through the store', () => {
  const t = tempDir('desk-calendar-');
  let engine: Engine;
  beforeAll(async () => {
    const st = openStore(`${t.dir}/shop.db`);
    const r = rng(5);
    const insP = st.db.prepare(`INSERT INTO products (sku, title_en, category, cost, price, created_at, updated_at) VALUES (?, ?, 'home', 5, 10, ?, ?)`);
    const insS = st.db.prepare(`INSERT INTO daily_sales (product_id, date, units, revenue, order_count, stockout, source) VALUES (?, ?, ?, 0, 0, 0, 'import')`);
    const insE = st.db.prepare(`INSERT INTO calendar_events (code, name_zh, name_en, start_date, end_date) VALUES ('sale', '大促', 'Sale', ?, ?)`);
    st.db.transaction(() => {
      for (const e of EVENTS) insE.run(e.start, e.end);
      for (let k = 0; k < 12; k++) {
        const id = Number(insP.run(`SKU-${k}`, `Product ${k}`, START, START).lastInsertRowid);
        for (let d = 0; d < 1035; d++) {
          const date = addDays(START, d);
          insS.run(id, date, poisson(r, 4 * (inEvent(date) ? 3 : 1)));
        }
      }
    })();
    st.close();
    engine = new Engine({ dataDir: t.dir, lang: 'en' });
    await engine.open(`${t.dir}/shop.db`);
  });
  afterAll(async () => {
    await engine?.close();
    t.cleanup();
  });

  it('the stored forecast for the coming sale week is about three times the regular days', async () => {
    const st = openStore(`${t.dir}/shop.db`, { create: false });
    const { items } = loadStoreDemand(st.db);
    st.close();
    expect(Object.keys(items[0].series.calendar?.keys ?? {}).length).toBeGreaterThan(14);
    const job = await engine.invoke('forecast.run', { horizon: 28 });
    expect((await engine.jobs.wait(job.jobId, 60_000)).status).toBe('succeeded');
    const g = await engine.invoke('forecast.get', { sku: 'SKU-3', days: 28 });
    const day = (d: string): number => g.forecast.find((f) => f.date === d)!.p50;
    const sale = ['2026-11-06', '2026-11-08', '2026-11-10'].map(day);
    const regular = ['2026-11-16', '2026-11-18', '2026-11-20'].map(day);
    const mean = (x: number[]): number => x.reduce((a, b) => a + b, 0) / x.length;
    expect(mean(sale) / mean(regular)).toBeGreaterThan(2.3);
    expect(mean(sale) / mean(regular)).toBeLessThan(3.7);
    // The merchant is told the forecast counts the sale week.
    expect(g.why).toMatch(/Known events and promotions in these dates are included: 7 days differ from a regular day, the most ×[23]\.\d on 2026-11-(0[5-9]|1[01])\./);
  });
});
