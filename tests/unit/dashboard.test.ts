import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/engine';
import type { OpResult } from '../../engine/api/ops/index';
import { addDays } from '../../engine/db/queries/dashboard';
import { fillStore, type FilledStore } from './dashboard-fixture';
import { tempDir } from './helpers';

type Summary = Extract<OpResult<'dashboard.summary'>, { empty: false }>;

let engine: Engine;
let data: FilledStore;
const tmp = tempDir();

beforeAll(async () => {
  engine = new Engine({ dataDir: tmp.dir, lang: 'en' });
  await engine.open(':memory:', { create: true });
  data = fillStore(engine.store.db, { skus: 40, days: 120, seed: 7 });
  // One product sells fast with little stock left: it must show up under low cover.
  const db = engine.store.db;
  db.prepare("UPDATE inventory SET on_hand = 3 WHERE product_id = 5 AND date = ?").run(data.end);
});

afterAll(async () => {
  await engine.close();
  tmp.cleanup();
});

function sumSales(from: string, to: string): { revenue: number; units: number; cogs: number; stockout: number; active: number } {
  const cost = new Map(data.products.map((p) => [p.id, p.cost]));
  const active = new Set<number>();
  let revenue = 0, units = 0, cogs = 0, stockout = 0;
  for (const s of data.sales) {
    if (s.date < from || s.date > to) continue;
    revenue += s.revenue;
    units += s.units;
    cogs += s.units * (cost.get(s.productId) ?? 0);
    stockout += s.stockout;
    if (s.units > 0) active.add(s.productId);
  }
  return { revenue, units, cogs, stockout, active: active.size };
}

describe('dashboard.summary', () => {
  it('reports the KPIs of the last 28 days against the 28 before, ending at the last sales date', async () => {
    const s = (await engine.invoke('dashboard.summary', { days: 28 })) as Summary;
    expect(s.period).toEqual({ from: addDays(data.end, -27), to: data.end });
    expect(s.previous).toEqual({ from: addDays(data.end, -55), to: addDays(data.end, -28) });
    const cur = sumSales(s.period.from, s.period.to);
    const prev = sumSales(s.previous.from, s.previous.to);
    expect(s.kpis.revenue.value).toBeCloseTo(cur.revenue, 4);
    expect(s.kpis.revenue.previous).toBeCloseTo(prev.revenue, 4);
    expect(s.kpis.revenue.changePct).toBeCloseTo(((cur.revenue - prev.revenue) / prev.revenue) * 100, 6);
    expect(s.kpis.units.value).toBe(cur.units);
    expect(s.kpis.grossMargin.value).toBeCloseTo(cur.revenue - cur.cogs, 4);
    expect(s.kpis.stockoutDays.value).toBe(cur.stockout);
    expect(s.kpis.activeSkus.value).toBe(cur.active);
    expect(s.kpis.sellThrough.value).toBeGreaterThan(0);
    expect(s.kpis.sellThrough.value).toBeLessThan(100);
    // The fixture counts stock only on the last day: the previous period's sell-through is unknown, not 100 %.
    expect(s.kpis.sellThrough.previous).toBeNull();
    expect(s.kpis.sellThrough.changePct).toBeNull();
  });

  it('gives one trend point per day with the previous period aligned day by day', async () => {
    const s = (await engine.invoke('dashboard.summary', { days: 7 })) as Summary;
    expect(s.trend).toHaveLength(7);
    expect(s.trend[0].date).toBe(s.period.from);
    expect(s.trend[6].date).toBe(data.end);
    const day = sumSales(data.end, data.end);
    const prevDay = sumSales(addDays(data.end, -7), addDays(data.end, -7));
    expect(s.trend[6].revenue).toBeCloseTo(day.revenue, 4);
    expect(s.trend[6].prevRevenue).toBeCloseTo(prevDay.revenue, 4);
  });

  it('ranks movers by units change, risers first and fallers last', async () => {
    const s = (await engine.invoke('dashboard.summary', { days: 28, limit: 5 })) as Summary;
    const { top, bottom } = s.movers;
    expect(top.length + bottom.length).toBeGreaterThan(0);
    for (const m of top) expect(m.change).toBeGreaterThan(0);
    for (const m of bottom) expect(m.change).toBeLessThan(0);
    for (let i = 1; i < top.length; i++) expect(top[i - 1].change).toBeGreaterThanOrEqual(top[i].change);
    const first = top[0] ?? bottom[0];
    const u = data.sales.filter((x) => x.productId === first.productId && x.date >= s.period.from).reduce((a, x) => a + x.units, 0);
    expect(first.units).toBe(u);
  });

  it('alerts on SKUs under the cover threshold and on SKUs stocked out in the last 7 days', async () => {
    const s = (await engine.invoke('dashboard.summary', { days: 28, coverDays: 14, limit: 100 })) as Summary;
    const low = s.alerts.lowCover.rows.find((r) => r.productId === 5);
    expect(low, 'product 5 has 3 units left').toBeDefined();
    expect(low?.daysOfCover).toBeLessThan(14);
    for (const r of s.alerts.lowCover.rows) expect(r.daysOfCover).toBeLessThan(14);
    const expected = new Set(data.sales.filter((x) => x.stockout && x.date >= addDays(data.end, -6)).map((x) => x.productId));
    expect(new Set(s.alerts.stockouts.rows.map((r) => r.productId))).toEqual(expected);
    expect(s.alerts.stockouts.total).toBe(expected.size);
  });

  it('refuses a malformed end date with a readable message', async () => {
    const out = await engine.call('dashboard.summary', { days: 7, end: '2026-13-45x' });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.message).toMatch(/end '2026-13-45x' is not a date/);
    const bad = await engine.call('dashboard.summary', { days: 0 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('bad_request');
  });

  it('says the store is empty instead of inventing figures', async () => {
    const other = new Engine({ dataDir: tmp.dir, lang: 'en' });
    await other.open(':memory:', { create: true });
    const s = await other.invoke('dashboard.summary', { days: 28 });
    expect(s.empty).toBe(true);
    await other.close();
  });
});

describe('products.list', () => {
  it('finds products by a Chinese title substring and by SKU, case-insensitively', async () => {
    const zh = await engine.invoke('products.list', { q: '茶叶', limit: 1000 });
    const expected = data.products.filter((p) => p.titleZh.includes('茶叶')).length;
    expect(zh.total).toBe(expected);
    expect(zh.rows.every((r) => r.titleZh?.includes('茶叶'))).toBe(true);
    const sku = await engine.invoke('products.list', { q: 'tea-0000' });
    expect(sku.rows.map((r) => r.sku)).toEqual(data.products.filter((p) => p.sku.startsWith('TEA-0000')).map((p) => p.sku).sort());
    const none = await engine.invoke('products.list', { q: '100%_' });
    expect(none.total).toBe(0);
  });

  it('filters by category and supplier and sorts by any column in both directions', async () => {
    const res = await engine.invoke('products.list', { category: 'apparel', supplier: 'S2', sort: 'units28', dir: 'desc', limit: 1000 });
    expect(res.total).toBe(data.products.filter((p) => p.category === 'apparel' && p.supplier === 'S2').length);
    for (let i = 1; i < res.rows.length; i++) expect(res.rows[i - 1].units28).toBeGreaterThanOrEqual(res.rows[i].units28);
    expect(res.categories).toEqual(['apparel', 'kitchen', 'tea', 'toys']);
    expect(res.suppliers).toEqual(['S1', 'S2', 'S3']);
    const page = await engine.invoke('products.list', { sort: 'sku', dir: 'asc', offset: 10, limit: 5 });
    expect(page.rows.map((r) => r.sku)).toEqual(data.products.map((p) => p.sku).sort().slice(10, 15));
    expect(page.rows[0].onHand).not.toBeNull();
  });

  it('sorts by the title the reader sees: Chinese titles in pinyin order in Chinese, English titles in English', async () => {
    const db = engine.store.db;
    // Titles whose code-point order is not their reading order: 雪 (xue) sorts before 白 (bai) by code point, "iPhone" after "Zip".
    const put = db.prepare('UPDATE products SET title_zh = ?, title_en = ? WHERE sku = ?');
    const skus = data.products.slice(0, 4).map((p) => p.sku);
    const titles: [string, string][] = [['雪纺连衣裙', 'Zip hoodie'], ['白色衬衫', 'iPhone case'], ['男士卫衣', 'Apron'], ['钛合金镜架', 'Mug']];
    titles.forEach(([zh, en], i) => put.run(zh, en, skus[i]));
    try {
      const shown = async (lang: 'zh' | 'en', dir: 'asc' | 'desc'): Promise<string[]> => {
        const out = await engine.call('products.list', { sort: 'title', dir, limit: 1000 }, lang);
        if (!out.ok) throw new Error(out.error.message);
        const rows = (out.result as OpResult<'products.list'>).rows.filter((r) => skus.includes(r.sku));
        return rows.map((r) => (lang === 'zh' ? r.titleZh : r.titleEn) ?? '');
      };
      expect(await shown('zh', 'asc')).toEqual(['白色衬衫', '男士卫衣', '钛合金镜架', '雪纺连衣裙']);
      expect(await shown('zh', 'desc')).toEqual(['雪纺连衣裙', '钛合金镜架', '男士卫衣', '白色衬衫']);
      expect(await shown('en', 'asc')).toEqual(['Apron', 'iPhone case', 'Mug', 'Zip hoodie']);
      // Paging follows the same order: the second row of the Chinese order is the first row of page two.
      const all = await engine.call('products.list', { sort: 'title', dir: 'asc', limit: 1000 }, 'zh');
      const second = await engine.call('products.list', { sort: 'title', dir: 'asc', offset: 1, limit: 1 }, 'zh');
      if (!all.ok || !second.ok) throw new Error('products.list failed');
      expect((second.result as OpResult<'products.list'>).rows[0].sku).toBe((all.result as OpResult<'products.list'>).rows[1].sku);
    } finally {
      data.products.slice(0, 4).forEach((p) => put.run(p.titleZh, p.titleEn, p.sku));
    }
  });
});

describe('products.list category and supplier in the reader\'s language', () => {
  const list = async (input: Record<string, unknown>, lang: 'zh' | 'en'): Promise<OpResult<'products.list'>> => {
    const out = await engine.call('products.list', { limit: 1000, ...input }, lang);
    if (!out.ok) throw new Error(out.error.message);
    return out.result as OpResult<'products.list'>;
  };

  it('sorts by the category name the reader sees: pinyin order in Chinese, English order in English', async () => {
    const db = engine.store.db;
    const put = db.prepare('UPDATE products SET category = ? WHERE sku = ?');
    // Codes whose order is not their names' in Chinese: apparel 服装 (fu), beauty 美妆 (mei), eyewear 眼镜 (yan),
    // home 家居 (jia), jewellery 饰品 (shi), phone_accessories 手机配件 (shou).
    const codes = ['apparel', 'beauty', 'eyewear', 'home', 'jewellery', 'phone_accessories'];
    db.prepare('UPDATE products SET category = NULL').run();
    codes.forEach((c, i) => put.run(c, data.products[i].sku));
    try {
      const shown = async (lang: 'zh' | 'en', dir: 'asc' | 'desc'): Promise<(string | null)[]> => (await list({ sort: 'category', dir }, lang)).rows.filter((r) => r.category !== null).map((r) => r.category);
      expect(await shown('zh', 'asc')).toEqual(['apparel', 'home', 'beauty', 'jewellery', 'phone_accessories', 'eyewear']);
      expect(await shown('zh', 'desc')).toEqual(['eyewear', 'phone_accessories', 'jewellery', 'beauty', 'home', 'apparel']);
      expect(await shown('en', 'asc')).toEqual(['apparel', 'beauty', 'eyewear', 'home', 'jewellery', 'phone_accessories']);
      // Products without a category stay last, and paging follows the same order.
      const all = await list({ sort: 'category', dir: 'asc' }, 'zh');
      expect(all.rows[all.rows.length - 1].category).toBeNull();
      const third = await list({ sort: 'category', dir: 'asc', offset: 2, limit: 1 }, 'zh');
      expect(third.rows[0].sku).toBe(all.rows[2].sku);
    } finally {
      db.prepare('UPDATE products SET category = NULL').run();
      data.products.forEach((p) => put.run(p.category, p.sku));
    }
  });

  it('gives a bilingual supplier name in the reader\'s language, sorts by it, and keeps the whole name', async () => {
    const db = engine.store.db;
    const put = db.prepare('UPDATE products SET supplier = ? WHERE sku = ?');
    const skus = data.products.slice(0, 4).map((p) => p.sku);
    // English first, then Chinese; the Chinese names' pinyin order (bai, dong, hang, xia) is not the English order.
    const names = ['Xiamen Optical Works 厦门光学', 'Guangzhou Baiyun Garment Co. 白云服饰', '杭州丝织 / Hangzhou Silk & Knit', 'SunPeak'];
    names.forEach((n, i) => put.run(n, skus[i]));
    try {
      const zh = (await list({ sort: 'supplier', dir: 'asc' }, 'zh')).rows.filter((r) => skus.includes(r.sku));
      expect(zh.map((r) => r.supplierShown)).toEqual(['白云服饰', '杭州丝织', '厦门光学', 'SunPeak']);
      // The stored name is still the whole of it (the screen shows it on hover).
      expect(zh.map((r) => r.supplier)).toEqual([names[1], names[2], names[0], names[3]]);
      const en = (await list({ sort: 'supplier', dir: 'asc' }, 'en')).rows.filter((r) => skus.includes(r.sku));
      expect(en.map((r) => r.supplierShown)).toEqual(['Guangzhou Baiyun Garment Co.', 'Hangzhou Silk & Knit', 'SunPeak', 'Xiamen Optical Works']);
      const menu = (await list({ limit: 1 }, 'zh')).supplierNames;
      expect(menu).toContainEqual({ value: names[0], label: '厦门光学' });
      expect(menu).toContainEqual({ value: 'SunPeak', label: 'SunPeak' });
    } finally {
      data.products.slice(0, 4).forEach((p) => put.run(p.supplier, p.sku));
    }
  });
});

describe('dashboard sales cube', () => {
  it('gives the same figures as plain SQL for every period length, and follows new sales', async () => {
    const { periodFigures } = await import('../../engine/db/queries/dashboard-cube');
    const db = engine.store.db;
    for (const days of [7, 28, 90]) {
      const from = addDays(data.end, -(days - 1));
      const p = { from, end: data.end, prevEnd: addDays(from, -1), prevFrom: addDays(from, -days), days, limit: 5 };
      const fast = periodFigures(db, p, true);
      const slow = periodFigures(db, p, false);
      expect(fast.cur.revenue).toBeCloseTo(slow.cur.revenue, 4);
      expect(fast.prev.units).toBe(slow.prev.units);
      expect(fast.cur.activeSkus).toBe(slow.cur.activeSkus);
      expect(fast.cur.stockoutDays).toBe(slow.cur.stockoutDays);
      expect(fast.trend.map((t) => t.prevRevenue.toFixed(2))).toEqual(slow.trend.map((t) => t.prevRevenue.toFixed(2)));
      expect(fast.movers.top.map((m) => m.change)).toEqual(slow.movers.top.map((m) => m.change));
      expect(fast.movers.bottom.map((m) => m.change)).toEqual(slow.movers.bottom.map((m) => m.change));
    }
    const before = (await engine.invoke('dashboard.summary', { days: 7 })) as Summary;
    db.prepare("UPDATE daily_sales SET revenue = revenue + 1000 WHERE product_id = 1 AND date = ?").run(data.end);
    const after = (await engine.invoke('dashboard.summary', { days: 7 })) as Summary;
    expect((after.kpis.revenue.value ?? 0) - (before.kpis.revenue.value ?? 0)).toBeCloseTo(1000, 6);
  });
});
