import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openStore, type Store } from '../../engine/db/store';
import { applyApproved, decideRecommendations, listRecommendations, priceCurve } from '../../engine/pricing/decisions';
import { calibrateMarkets } from '../../engine/pricing/calibrate';
import { recommendPrices } from '../../engine/pricing/recommend';
import { Rng } from '../../engine/pricing/rng';
import { generateDemo } from '../../engine/demo/generate';
import { DemoParamsSchema } from '../../engine/demo/params';
import { tempDir } from './helpers';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A small shop: three SKUs with 60 days of sales, competitor prices and price history. */
function shop(): Store {
  const t = tempDir();
  const store = openStore(join(t.dir, 'shop.db'));
  cleanups.push(() => {
    store.close();
    t.cleanup();
  });
  const db = store.db;
  const rng = new Rng(5);
  const now = '2026-01-01T00:00:00Z';
  db.prepare("INSERT INTO locations (id, code) VALUES (1, 'main')").run();
  const addP = db.prepare("INSERT INTO products (sku, title_en, title_zh, category, cost, price, created_at, updated_at, lead_time_days) VALUES (?, ?, ?, 'mugs', ?, ?, ?, ?, 7)");
  const sales = db.prepare('INSERT INTO daily_sales (product_id, date, units, revenue, source) VALUES (?, ?, ?, ?, ?)');
  const comp = db.prepare("INSERT INTO competitor_prices (product_id, competitor, date, price) VALUES (?, 'rival', ?, ?)");
  const hist = db.prepare("INSERT INTO price_history (product_id, effective_at, price, source) VALUES (?, ?, ?, 'import')");
  const inv = db.prepare('INSERT INTO inventory (product_id, location_id, date, on_hand, on_order) VALUES (?, 1, ?, ?, 0)');
  db.transaction(() => {
    [['MUG-1', 30, 50, 0.8], ['MUG-2', 40, 60, 1.3], ['MUG-3', 20, 35, 1.0]].forEach(([sku, cost, price, compRatio], i) => {
      const id = Number(addP.run(sku, `Mug ${i}`, `杯子 ${i}`, cost, price, now, now).lastInsertRowid);
      hist.run(id, '2025-10-01T00:00:00Z', price);
      for (let d = 0; d < 60; d++) {
        const date = new Date(Date.parse('2025-11-01T00:00:00Z') + d * 86_400_000).toISOString().slice(0, 10);
        const units = rng.poisson(6);
        sales.run(id, date, units, units * (price as number), 'import');
        comp.run(id, date, (price as number) * (compRatio as number) * (1 + 0.02 * rng.normal()));
      }
      inv.run(id, '2025-12-30', 200);
    });
  })();
  return store;
}

describe('pricing on a store', () => {
  it('builds a market per SKU from its sales, competitors and stock', () => {
    const store = shop();
    const ms = calibrateMarkets(store.db);
    expect(ms.map((m) => m.sku)).toEqual(['MUG-1', 'MUG-2', 'MUG-3']);
    const m1 = ms[0];
    expect(m1.baselineSource).toBe('velocity');
    expect(m1.scenario.competitors[0].startRatio).toBeGreaterThan(0.7);
    expect(m1.scenario.competitors[0].startRatio).toBeLessThan(0.9);
    expect(m1.scenario.inventory.initial).toBe(200);
  });

  it('recommends legal prices with reasons in both languages, then applies approved ones to products and price history', async () => {
    const store = shop();
    const db = store.db;
    const run = await recommendPrices(db, store.path, { draws: 50 });
    expect(run.rows).toHaveLength(3);
    expect(run.missingAgents).toEqual(['mugs']);
    for (const r of run.rows) {
      if (r.recommendedPrice !== null) expect(Math.abs(r.recommendedPrice / r.currentPrice - 1)).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(r.reason.en).not.toBe('');
      expect(r.reason.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(r.effect.margin[1]).toBeLessThanOrEqual(r.effect.margin[2]);
    }
    // MUG-1's rival is 20% cheaper: the recommendation should not raise the price.
    const mug1 = run.rows.find((r) => r.sku === 'MUG-1');
    expect(mug1?.recommendedPrice ?? mug1?.currentPrice).toBeLessThanOrEqual(50);
    const zh = listRecommendations(db, 'zh');
    expect(zh[0].reason).toMatch(/[\u4e00-\u9fff]/);

    const ids = listRecommendations(db, 'en').map((r) => r.id);
    decideRecommendations(db, 'en', [ids[0]], 'edit', 1000); // a wild edit: the guardrails must clamp it
    decideRecommendations(db, 'en', [ids[1]], 'reject');
    const res = applyApproved(db, 'en');
    expect(res.applied).toBe(1);
    const after = listRecommendations(db, 'en');
    const edited = after.find((r) => r.id === ids[0]);
    expect(edited?.status).toBe('applied');
    const product = db.prepare('SELECT p.price, p.sku FROM products p WHERE p.id = ?').get(edited?.productId) as { price: number; sku: string };
    expect(product.price).toBeCloseTo(edited!.currentPrice * 1.05, 2);
    // The row shows the product's price now (the applied one) beside the price the recommendation started from.
    expect(edited?.priceNow).toBe(product.price);
    expect(edited?.currentPrice).not.toBe(product.price);
    const h = db.prepare("SELECT price FROM price_history WHERE product_id = ? AND source = 'pricing'").all(edited?.productId) as { price: number }[];
    expect(h).toHaveLength(1);
    expect(h[0].price).toBe(product.price);
    expect(after.find((r) => r.id === ids[1])?.status).toBe('rejected');
    // A rejected one cannot be approved afterwards.
    expect(() => decideRecommendations(db, 'en', [ids[1]], 'approve')).toThrow(/rejected/);
  });

  it('a price Apply holds keeps why with the row, in both languages (it went on showing only the recommendation\'s reason)', async () => {
    const store = shop();
    const db = store.db;
    await recommendPrices(db, store.path, { draws: 20 });
    const first = listRecommendations(db, 'en').find((r) => r.sku === 'MUG-3');
    decideRecommendations(db, 'en', [first!.id], 'edit', 35.5);
    expect(applyApproved(db, 'en').applied).toBe(1);
    // A second price for MUG-3 the same day: one change a day is the limit, so Apply holds it.
    const id = Number(db.prepare(`INSERT INTO price_recommendations (product_id, current_price, recommended_price, final_price, status, reason, created_at) VALUES (?, 35.5, 36, 36, 'approved', ?, ?)`)
      .run(first!.productId, JSON.stringify({ en: 'The cheapest competitor is 5% above your price.', zh: '最低竞品价格比您高 5%。' }), new Date().toISOString()).lastInsertRowid);
    expect(applyApproved(db, 'en')).toMatchObject({ applied: 0, held: 1 });
    const en = listRecommendations(db, 'en').find((r) => r.id === id);
    expect(en?.status).toBe('held');
    expect(en?.heldReasons).toEqual(['1 change already made today (limit 1); price held back.']);
    expect(en?.reason).toBe('The cheapest competitor is 5% above your price.');
    const zh = listRecommendations(db, 'zh').find((r) => r.id === id);
    expect(zh?.heldReasons).toEqual(['今天已调价 1 次（上限 1 次），暂不调价。']);
    expect(zh?.heldReasonsEn).toEqual(en?.heldReasons);
    // Approved again, the row is no longer held for that reason.
    decideRecommendations(db, 'en', [id], 'approve');
    expect(listRecommendations(db, 'en').find((r) => r.id === id)?.heldReasons).toEqual([]);
  });

  it('explains an unchanged price as kept, and why: the model agrees, the move would lose margin, or the guardrails allow none today', async () => {
    const store = openStore(':memory:');
    cleanups.push(() => store.close());
    await generateDemo(store.db, DemoParamsSchema.parse({ seed: 42, skus: 24, days: 120 }), { lang: 'en', progress: () => undefined, checkCancelled: () => undefined, isCancelled: () => false });
    const kept = (rows: Awaited<ReturnType<typeof recommendPrices>>['rows']): Record<string, number> => {
      const codes: Record<string, number> = {};
      for (const r of rows) {
        if (r.recommendedPrice === null) continue;
        const same = Math.round(r.recommendedPrice * 100) === Math.round(r.currentPrice * 100);
        const what = `${r.sku} ${r.currentPrice} -> ${r.recommendedPrice}: ${r.reason.en}`;
        // Never a reason for a move beside an unchanged price, nor "kept" beside a changed one.
        expect(r.reason.en.startsWith('Price kept: '), what).toBe(same);
        expect(r.reason.zh.startsWith('保持现价：'), what).toBe(same);
        if (same) codes[r.reason.code] = (codes[r.reason.code] ?? 0) + 1;
      }
      return codes;
    };
    const first = await recommendPrices(store.db, store.path, { draws: 20 });
    const codes = kept(first.rows);
    expect(codes.kept_margin, JSON.stringify(codes)).toBeGreaterThan(0);
    const margin = first.rows.find((r) => r.reason.code === 'kept_margin');
    expect(margin?.reason.en).toMatch(/^Price kept: the model proposed \d+\.\d{2} \([-+]\d+\.\d%\), but over the next 7 days that price is expected to earn less margin than the current one\.$/);
    // Prices moved today: a further move the same way is beyond the day's limit, so the guardrails keep the price.
    const moved = listRecommendations(store.db, 'en', { status: 'pending' }).filter((r) => r.recommendedPrice !== null && r.recommendedPrice !== r.currentPrice);
    decideRecommendations(store.db, 'en', moved.map((r) => r.id), 'approve');
    applyApproved(store.db, 'en');
    const again = kept((await recommendPrices(store.db, store.path, { draws: 20 })).rows);
    expect(again.kept_guardrails, JSON.stringify(again)).toBeGreaterThan(0);
    const view = listRecommendations(store.db, 'zh', { status: 'pending' }).find((r) => r.reasonEn.startsWith('Price kept: the model proposed') && r.guardrails.length > 0 && r.recommendedPrice === r.currentPrice);
    expect(view?.reason).toMatch(/^保持现价：模型建议 \d+\.\d{2}（[-+]\d+\.\d%），但价格护栏目前不允许调价。$/);
  }, 60_000);

  it('refuses to recommend for a SKU it cannot price, naming it: unknown, or without an active price', async () => {
    const store = shop();
    await expect(recommendPrices(store.db, store.path, { sku: 'NOPE' })).rejects.toMatchObject({ code: 'not_found', details: { sku: 'NOPE' } });
    await expect(recommendPrices(store.db, store.path, { sku: 'NOPE' })).rejects.toThrow("No product with SKU 'NOPE'");
    store.db.prepare("UPDATE products SET status = 'archived' WHERE sku = 'MUG-3'").run();
    await expect(recommendPrices(store.db, store.path, { sku: 'MUG-3' })).rejects.toThrow('No active product with SKU MUG-3 and a price');
    // Nothing was recorded for the refused runs.
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM pricing_runs WHERE kind = 'recommend'").get()).toEqual({ n: 0 });
  });

  it('draws a demand curve that falls with price, with revenue and margin consistent with it and the current price marked', async () => {
    const store = shop();
    await recommendPrices(store.db, store.path, { sku: 'MUG-2', draws: 20 });
    const c = priceCurve(store.db, 'MUG-2');
    expect(c.current).toBe(60);
    expect(c.recommended).not.toBeUndefined();
    const units = c.points.map((p) => p.units);
    for (let i = 1; i < units.length; i++) expect(units[i]).toBeLessThan(units[i - 1]);
    for (const p of c.points) {
      expect(p.revenue).toBeCloseTo(p.units * p.price, 6);
      expect(p.margin).toBeCloseTo(p.units * (p.price - 40), 6);
    }
  });
});
