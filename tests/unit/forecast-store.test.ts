import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/engine';
import { openStore } from '../../engine/db/store';
import { loadNeural } from '../../engine/forecast/global';
import { tempDir } from './helpers';
import { seedShop } from './forecast-fixtures';

const t = tempDir('desk-forecast-');
let engine: Engine;
let end = '';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// The last day of sales as the screen writes it beside the warning ("Oct 20, 2026", "2026年10月20日").
const enDayOf = (iso: string): string => `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(8, 10))}, ${iso.slice(0, 4)}`;
const zhDayOf = (iso: string): string => `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
let runResult: { warnings: { code: string; message: string }[] } = { warnings: [] };

beforeAll(async () => {
  const st = openStore(`${t.dir}/shop.db`);
  // Prices step between 4 levels every 10 days with a planted elasticity of -2.
  const levels = [1, 0.85, 1.1, 0.9];
  end = seedShop(st.db, { skus: 6, days: 240, price: (_k, day) => levels[Math.floor(day / 10) % 4], elasticity: -2 }).end;
  st.close();
  engine = new Engine({ dataDir: t.dir, lang: 'en' });
  await engine.open(`${t.dir}/shop.db`);
  const job = await engine.invoke('forecast.run', { horizon: 21 });
  const done = await engine.jobs.wait(job.jobId, 50_000);
  expect(done.status).toBe('succeeded');
  runResult = done.result as typeof runResult;
});

afterAll(async () => {
  await engine?.close();
  t.cleanup();
});

describe('forecasts persisted and read back through the ops', () => {
  it('forecast.get returns history with stockouts, the stored P10/P50/P90, the model chosen and why', async () => {
    const g = await engine.invoke('forecast.get', { sku: 'SKU-002', days: 60 });
    expect(g.history.length).toBe(60);
    expect(g.history.some((h) => h.stockout)).toBe(true);
    expect(g.forecast.length).toBe(21);
    expect(g.forecast[0].date > end).toBe(true);
    for (const f of g.forecast) {
      expect(f.p10).toBeLessThanOrEqual(f.p50 + 1e-9);
      expect(f.p90).toBeGreaterThanOrEqual(f.p50 - 1e-9);
    }
    expect(g.model).toBeTruthy();
    expect(g.whyDetail).toMatch(/backtest|requested|history/);
    // The merchant reads plain words: what to expect in percent, no model ids or metric names (those are in whyDetail).
    expect(g.why).toMatch(/off by about \d+% of actual sales on average, and actual sales stayed inside the shaded range on \d+% of days/);
    expect(g.why).not.toMatch(/\b(snaive|sba|tsb|croston|ets|theta|ensemble|pooled|WAPE|MASE)\b/);
    expect(g.whyDetail).toMatch(/WAPE \d+\.\d%/);
    expect(g.scores.length).toBeGreaterThan(1);
    // SKU-002 sells about 8/day: the forecast level is in that range
    const mean = g.forecast.reduce((a, f) => a + f.p50, 0) / g.forecast.length;
    expect(mean).toBeGreaterThan(4);
    expect(mean).toBeLessThan(14);
  });

  it('a forecast on sales data that ended before its horizon began says all of it is already past', () => {
    const ago = Math.round((Date.parse(new Date().toISOString().slice(0, 10)) - Date.parse(end)) / 86_400_000);
    expect(ago - 1).toBeGreaterThanOrEqual(21);
    const w = runResult.warnings.find((x) => x.code === 'stale_history');
    // The day as the screen writes dates: "Oct 20, 2026", not 2026-10-20.
    const enDay = enDayOf(end);
    expect(w?.message).toBe(`The sales data end on ${enDay}, ${ago} days ago: the forecast starts the day after, so all 21 days of it are already past. Import recent sales for a current forecast.`);
  });

  it('forecast.latest reads the latest run and its warnings back in the caller\'s language, the days counted to today', async () => {
    const ago = Math.round((Date.parse(new Date().toISOString().slice(0, 10)) - Date.parse(end)) / 86_400_000);
    const en = await engine.invoke('forecast.latest', {});
    const [enDay, zhDay] = [enDayOf(end), zhDayOf(end)];
    expect(en.run).toMatchObject({ historyEnd: end, skus: 6 });
    expect(en.warnings.map((w) => [w.code, w.message])).toEqual([['stale_history', `The sales data end on ${enDay}, ${ago} days ago: the forecast starts the day after, so all 21 days of it are already past. Import recent sales for a current forecast.`]]);
    const zh = await engine.call('forecast.latest', {}, 'zh');
    expect(zh.ok && (zh.result as typeof en).warnings.map((w) => w.message)).toEqual([`销售数据截止于 ${zhDay}（${ago} 天前）：预测从次日开始，全部 21 天都已经过去。请导入近期销售，以得到当前的预测。`]);
    // Seen ten days later, the same run's warning says so (it is not the day the run was made that counts).
    process.env.DESK_TODAY = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    try {
      const later = await engine.invoke('forecast.latest', {});
      expect(later.warnings[0].message).toContain(`${ago + 10} days ago`);
    } finally {
      delete process.env.DESK_TODAY;
    }
  });

  it('explains the choice in Chinese when asked', async () => {
    const out = await engine.call('forecast.get', { sku: 'SKU-002' }, 'zh');
    expect(out.ok).toBe(true);
    if (out.ok) {
      const r = out.result as { why: string; whyDetail: string };
      expect(r.whyDetail).toMatch(/回测|指定|历史/);
      expect(r.why).toMatch(/平均偏差约为实际销量的 \d+%/);
      expect(r.why).not.toMatch(/[a-z]{3,}/);
    }
  });

  it("names a promotion in the UI's language where the store has both names, else by the one name it has", async () => {
    const db = engine.store.db;
    const id = (db.prepare("SELECT id FROM products WHERE sku = 'SKU-002'").get() as { id: number }).id;
    const ins = db.prepare('INSERT INTO promotions (name, name_zh, name_en, product_id, start_date, end_date, discount_pct) VALUES (?, ?, ?, ?, ?, ?, 15)');
    ins.run('双十一 Double 11', '双十一', 'Double 11', id, end, end);
    ins.run('Clearance', null, null, id, end, end);
    try {
      const names = async (lang: 'en' | 'zh'): Promise<string[]> => {
        const out = await engine.call('forecast.get', { sku: 'SKU-002', days: 30 }, lang);
        if (!out.ok) throw new Error(out.error.message);
        return (out.result as { promotions: { name: string }[] }).promotions.map((p) => p.name).sort();
      };
      expect(await names('en')).toEqual(['Clearance', 'Double 11']);
      expect(await names('zh')).toEqual(['Clearance', '双十一']);
    } finally {
      db.prepare('DELETE FROM promotions WHERE product_id = ?').run(id);
    }
  });

  it('forecast.accuracy reports every model over all SKUs and per category', async () => {
    const a = await engine.invoke('forecast.accuracy', {});
    expect(a.run?.horizon).toBe(21);
    const models = a.all.map((r) => r.model);
    expect(models).toEqual(expect.arrayContaining(['snaive', 'ets', 'theta']));
    expect(new Set(a.byCategory.map((r) => r.key))).toEqual(new Set(['home', 'toys']));
    expect(a.chosen.reduce((s, c) => s + c.n, 0)).toBe(6);
  });

  it('an unknown SKU is a not_found error naming it', async () => {
    const out = await engine.call('forecast.get', { sku: 'NOPE' });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.message).toContain('NOPE');
  });
});

describe('what-if', () => {
  it('a 20% discount raises demand by about 0.8^-2 − 1 = 56% inside the window only (planted elasticity −2)', async () => {
    const g = await engine.invoke('forecast.get', { sku: 'SKU-002' });
    const w = await engine.invoke('forecast.whatif', { sku: 'SKU-002', discountPct: 20, start: g.forecast[0].date, end: g.forecast[6].date });
    expect(w.elasticity.value).toBeLessThan(-1.3);
    expect(w.elasticity.value).toBeGreaterThan(-2.7);
    const inWin = w.days.filter((d) => d.inWindow);
    expect(inWin.length).toBe(7);
    const lift = inWin[0].scenario.p50 / inWin[0].baseline.p50 - 1;
    expect(lift).toBeGreaterThan(0.3);
    expect(lift).toBeLessThan(0.85);
    expect(w.days[10].scenario.p50).toBeCloseTo(w.days[10].baseline.p50, 9);
    expect(w.upliftUnits).toBeGreaterThan(0);
  });

  it('a price rise lowers the forecast', async () => {
    const w = await engine.invoke('forecast.whatif', { sku: 'SKU-002', newPrice: 70 * 1.2 });
    expect(w.upliftUnits).toBeLessThan(0);
  });
});

describe('planning from the stored forecast', () => {
  it('plans every SKU, suggests orders for the one out of stock, and groups them by supplier', async () => {
    const plan = await engine.invoke('planning.plan', { serviceLevel: 0.95, reviewDays: 7 });
    expect(plan.rows.length).toBe(6);
    const first = plan.rows.find((r) => r.sku === 'SKU-001')!;
    expect(first.status).toBe('stockout');
    expect(first.suggestedQty).toBeGreaterThan(0);
    expect(first.suggestedQty % 6).toBe(0); // case pack 6
    expect(first.suggestedQty).toBeGreaterThanOrEqual(10); // MOQ 10
    expect(first.reorderPoint).toBeCloseTo(first.dailyDemand * first.leadTimeDays + first.safetyStock, 9);
    expect(first.arrivalDate > first.orderDate).toBe(true);
    const s = await engine.invoke('planning.suggestions', {});
    const lines = s.suppliers.flatMap((g) => g.lines);
    expect(lines.some((l) => l.sku === 'SKU-001')).toBe(true);
    expect(new Set(s.suppliers.map((g) => g.supplier)).size).toBe(s.suppliers.length);
  });

  it('an edited quantity is kept, exported, and survives a re-plan', async () => {
    const s = await engine.invoke('planning.suggestions', {});
    const line = s.suppliers.flatMap((g) => g.lines).find((l) => l.sku === 'SKU-001')!;
    const upd = await engine.invoke('planning.updateSuggestion', { id: line.id, quantity: 123 });
    expect(upd?.quantity).toBe(123);
    expect(upd?.status).toBe('edited');
    await engine.invoke('planning.plan', { serviceLevel: 0.95, reviewDays: 7 });
    const again = (await engine.invoke('planning.suggestions', {})).suppliers.flatMap((g) => g.lines).find((l) => l.sku === 'SKU-001')!;
    expect(again.quantity).toBe(123);
    const out = await engine.call('planning.export', { format: 'csv', path: 'po.csv' }, 'zh');
    expect(out.ok).toBe(true);
    const text = readFileSync(`${t.dir}/exports/po.csv`, 'utf8');
    expect(text.split('\r\n')[0]).toContain('供应商');
    expect(text).toMatch(/SKU-001,Product 1,123,/);
    const x = await engine.invoke('planning.export', { format: 'xlsx' });
    expect(x.path.endsWith('.xlsx')).toBe(true);
    expect(readFileSync(x.path).subarray(0, 2).toString()).toBe('PK');
  });

  it("an export names each product in the file's language: title_zh in Chinese (else title_en, else the SKU), title_en in English", async () => {
    const db = engine.store.db;
    const setTitles = (zh: string | null, en: string | null): unknown => db.prepare('UPDATE products SET title_zh = ?, title_en = ? WHERE sku = ?').run(zh, en, 'SKU-001');
    const line = async (lang: 'en' | 'zh'): Promise<string | undefined> => {
      const out = await engine.call('planning.export', { format: 'csv', path: `po-${lang}.csv` }, lang);
      expect(out.ok).toBe(true);
      return readFileSync(`${t.dir}/exports/po-${lang}.csv`, 'utf8').split('\r\n').find((l) => l.includes(',SKU-001,'));
    };
    try {
      setTitles('红色连衣裙', 'Product 1');
      expect(await line('zh')).toMatch(/,SKU-001,红色连衣裙,123,/);
      expect(await line('en')).toMatch(/,SKU-001,Product 1,123,/);
      setTitles(null, 'Product 1');
      expect(await line('zh')).toMatch(/,SKU-001,Product 1,123,/);
      setTitles('红色连衣裙', null);
      expect(await line('en')).toMatch(/,SKU-001,红色连衣裙,123,/);
      setTitles(null, null);
      expect(await line('zh')).toMatch(/,SKU-001,SKU-001,123,/);
    } finally {
      setTitles(null, 'Product 1');
    }
  });

  it('planning.status gives the Inventory badges without touching the suggestions', async () => {
    const before = await engine.invoke('planning.suggestions', {});
    const st = await engine.invoke('planning.status', {});
    expect(st.find((r) => r.sku === 'SKU-001')?.status).toBe('stockout');
    expect(st.every((r) => r.demandSource === 'forecast')).toBe(true);
    expect((await engine.invoke('planning.suggestions', {})).planId).toBe(before.planId);
  });

  it('on sales data that ended weeks ago, orders are dated today (not in the past) and the plan says how old its data are', async () => {
    const today = new Date().toISOString().slice(0, 10);
    expect(end < today).toBe(true);
    const plan = await engine.invoke('planning.plan', { serviceLevel: 0.95, reviewDays: 7 });
    const days = (a: string, b: string): number => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
    expect(days(end, plan.asOf)).toBe(1);
    expect(plan.orderDate).toBe(today);
    expect(plan.staleDays).toBe(days(plan.asOf, today));
    for (const r of plan.rows) {
      expect(r.orderDate).toBe(today);
      expect(days(r.orderDate, r.arrivalDate)).toBe(Math.round(r.leadTimeDays));
    }
    const s = await engine.invoke('planning.suggestions', {});
    expect(s.staleDays).toBe(plan.staleDays);
    expect(s.suppliers.flatMap((g) => g.lines).every((l) => l.orderDate === today)).toBe(true);
  });

  it('a product without any stock record is flagged as such, not as out of stock, and no order is suggested for it', async () => {
    const db = engine.store.db;
    const now = new Date().toISOString();
    const id = Number(db.prepare(`INSERT INTO products (sku, title_en, category, cost, price, supplier, created_at, updated_at) VALUES ('NO-STOCK', 'No stock rows', 'cat', 10, 20, 'Acme', ?, ?)`).run(now, now).lastInsertRowid);
    try {
      const plan = await engine.invoke('planning.plan', { serviceLevel: 0.95, reviewDays: 7 });
      const row = plan.rows.find((r) => r.sku === 'NO-STOCK')!;
      expect(row.status).toBe('unknown');
      expect(row.onHand).toBeNull();
      expect(row.suggestedQty).toBe(0);
      expect(row.daysOfCover).toBeNull();
      expect(row.stockoutDate).toBeNull();
      expect(plan.counts.unknown).toBe(1);
      expect(plan.counts.stockout).toBe(plan.rows.filter((r) => r.status === 'stockout').length);
      const lines = (await engine.invoke('planning.suggestions', {})).suppliers.flatMap((g) => g.lines);
      expect(lines.some((l) => l.sku === 'NO-STOCK')).toBe(false);
      expect((await engine.invoke('planning.status', {})).find((r) => r.sku === 'NO-STOCK')?.status).toBe('unknown');
    } finally {
      db.prepare('DELETE FROM purchase_suggestions WHERE product_id = ?').run(id);
      db.prepare('DELETE FROM products WHERE id = ?').run(id);
    }
  });

  it('refuses an export name that leaves the exports folder', async () => {
    const out = await engine.call('planning.export', { format: 'csv', path: '../evil.csv' });
    expect(out.ok).toBe(false);
  });
});

describe('backtest job', () => {
  it('stores scores for the listed models and forecast.accuracy shows them', async () => {
    const job = await engine.invoke('forecast.backtest', { horizon: 14, folds: 2, models: ['snaive', 'ets'] });
    const done = await engine.jobs.wait(job.jobId, 50_000);
    expect(done.status).toBe('succeeded');
    const a = await engine.invoke('forecast.accuracy', {});
    expect(a.run?.kind).toBe('backtest');
    expect(a.all.map((r) => r.model).sort()).toEqual(['ensemble', 'ets', 'snaive']);
    const ets = a.all.find((r) => r.model === 'ets')!;
    expect(ets.wape).toBeLessThan(a.all.find((r) => r.model === 'snaive')!.wape!);
  });
});

describe('neural model', () => {
  it('is reported cleanly when its module is missing', async () => {
    await expect(loadNeural('en', {}, './no-such-neural-module')).rejects.toThrow(/neural model is not available/);
  });
});
