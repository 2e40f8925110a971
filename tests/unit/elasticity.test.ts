import { describe, expect, it } from 'vitest';
import { estimateElasticities } from '../../engine/pricing/elasticity';
import { synthSeries } from './elasticity-synth';

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

describe('estimateElasticities', () => {
  const shop = synthSeries({ seed: 7, skus: 10, days: 500, elasticity: -1.8, crossEffect: 1.5, follow: 0.9, baseUnits: 8, promoUplift: 1.4 });

  it('recovers a true elasticity of -1.8 within ±0.2 when prices follow the competitor, each interval covering it', () => {
    const r = estimateElasticities(shop);
    expect(r.estimates).toHaveLength(10);
    for (const e of r.estimates) {
      expect(e.status).toBe('estimated');
      expect(Math.abs(e.elasticity + 1.8)).toBeLessThan(0.2);
      expect(e.lo).toBeLessThan(-1.8);
      expect(e.hi).toBeGreaterThan(-1.8);
      expect(e.controls).toContain('competitor_gap');
    }
  });

  it('without the competitor control the same data gives a biased answer (the control removes the confounding)', () => {
    const noComp = shop.map((s) => ({ ...s, obs: s.obs.map((o) => ({ ...o, compPrice: null })) }));
    const biased = estimateElasticities(noComp, { shrink: false });
    const fair = estimateElasticities(shop, { shrink: false });
    const errBiased = median(biased.estimates.map((e) => Math.abs(e.elasticity + 1.8)));
    const errFair = median(fair.estimates.map((e) => Math.abs(e.elasticity + 1.8)));
    expect(errBiased).toBeGreaterThan(0.4);
    expect(errFair).toBeLessThan(0.2);
  });

  it('aggregates sparse daily sales to weeks and still lands near the truth after shrinkage', () => {
    const sparse = synthSeries({ seed: 11, skus: 12, days: 700, elasticity: (i) => -1.2 - 0.1 * (i % 4), crossEffect: 0, follow: 0, baseUnits: 1.5, promoUplift: 1.3, priceEvery: 21 });
    const r = estimateElasticities(sparse);
    expect(r.estimates.every((e) => e.level === 'weekly')).toBe(true);
    const errors = r.estimates.map((e, i) => Math.abs(e.elasticity - (-1.2 - 0.1 * (i % 4))));
    const rawErrors = r.estimates.map((e, i) => Math.abs((e.raw ?? 0) - (-1.2 - 0.1 * (i % 4))));
    expect(median(errors)).toBeLessThan(0.3);
    // Shrinkage towards the category never makes the typical error worse here.
    expect(median(errors)).toBeLessThanOrEqual(median(rawErrors) + 1e-9);
  });

  it('refuses a SKU whose price never varied and returns the category prior, flagged, with a reason', () => {
    const varied = synthSeries({ seed: 3, skus: 6, days: 400, elasticity: -1.5, crossEffect: 0, follow: 0, baseUnits: 6, promoUplift: 1 });
    const flat = synthSeries({ seed: 4, skus: 1, days: 400, elasticity: -1.5, crossEffect: 0, follow: 0, baseUnits: 6, promoUplift: 1, flatPrice: true });
    flat[0].key = 'FLAT';
    for (const o of flat[0].obs) o.promo = 0;
    const flatPrices = flat[0].obs.map((o) => ({ ...o, price: flat[0].obs[0].price }));
    const r = estimateElasticities([...varied, { ...flat[0], obs: flatPrices }]);
    const f = r.estimates.find((e) => e.key === 'FLAT');
    expect(f?.status).toBe('fallback');
    expect(f?.reason).toBe('few_levels');
    expect(f?.raw).toBeNull();
    expect(f?.message_en).toMatch(/distinct price level/);
    expect(f?.message_zh).toMatch(/价位/);
    const prior = r.priors.find((p) => p.key === (f?.category ?? '*'));
    expect(f?.elasticity).toBeCloseTo(prior?.mean ?? NaN, 10);
    expect(f?.elasticity).toBeLessThan(-1.2);
  });

  it('on short, sparse histories a category of noisy SKUs is neither collapsed onto one value nor dragged to an implausible one', () => {
    // 7 SKUs × 150 days of about one unit a day, true elasticities -1.5..-2.1, over 10 seeds: the raw fits are very
    // noisy. The category prior keeps a spread of at least 0.25 (the SKUs stay distinguishable and their intervals
    // honest) and its own mean is shrunk towards the store's and typical retail elasticities, so no SKU ends far out.
    const truth = (i: number): number => -1.5 - 0.1 * (i % 7);
    let covered = 0;
    let worst = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const r = estimateElasticities(synthSeries({ seed, skus: 7, days: 150, elasticity: truth, crossEffect: 0, follow: 0, baseUnits: 0.8, promoUplift: 1.3, priceEvery: 14 }));
      expect(r.priors.find((p) => p.key === 'cat')?.sd).toBeGreaterThanOrEqual(0.25);
      r.estimates.forEach((e, i) => {
        if (e.lo <= truth(i) && truth(i) <= e.hi) covered++;
        worst = Math.max(worst, Math.abs(e.elasticity - truth(i)));
      });
    }
    expect(covered / 70).toBeGreaterThanOrEqual(0.85);
    expect(worst).toBeLessThan(2.5);
  });

  it('a separated fit (a product that only ever sold at its lowest prices) is refused as implausible and does not move the prior', () => {
    const shop = synthSeries({ seed: 5, skus: 8, days: 300, elasticity: -1.6, crossEffect: 0, follow: 0, baseUnits: 4, promoUplift: 1.3, priceEvery: 14 });
    const odd = synthSeries({ seed: 6, skus: 1, days: 300, elasticity: -1.6, crossEffect: 0, follow: 0, baseUnits: 4, promoUplift: 1, priceEvery: 14 })[0];
    const prices = [...new Set(odd.obs.map((o) => o.price))].sort((a, b) => a - b);
    const cut = prices[Math.floor(prices.length * 0.15)];
    const sepd = { ...odd, key: 'ODD', obs: odd.obs.map((o) => ({ ...o, promo: 0, units: o.price <= cut ? 3 : 0 })) };
    const r = estimateElasticities([...shop, sepd]);
    const e = r.estimates.find((x) => x.key === 'ODD');
    expect(e?.status).toBe('fallback');
    expect(e?.reason).toBe('implausible');
    expect(e?.message_en).toMatch(/implausible elasticity \(-\d+\.\d, outside -10 to 5\)/);
    expect(e?.message_zh).toMatch(/不合理/);
    const without = estimateElasticities(shop);
    const prior = (x: typeof r): number => x.priors.find((p) => p.key === 'cat')?.mean ?? NaN;
    expect(Math.abs(prior(r) - prior(without))).toBeLessThan(0.02);
    expect(e?.elasticity).toBeCloseTo(prior(r), 10);
  });

  it('a SKU whose own sales say little is marked as mostly its prior, in both languages', () => {
    const shop = synthSeries({ seed: 9, skus: 6, days: 500, elasticity: -1.6, crossEffect: 0, follow: 0, baseUnits: 6, promoUplift: 1.3 });
    const thin = synthSeries({ seed: 10, skus: 1, days: 120, elasticity: -1.6, crossEffect: 0, follow: 0, baseUnits: 0.3, promoUplift: 1, priceEvery: 30 })[0];
    const r = estimateElasticities([...shop, { ...thin, key: 'THIN' }]);
    const e = r.estimates.find((x) => x.key === 'THIN');
    expect(e?.status).toBe('estimated');
    expect(e?.weight).toBeLessThan(0.1);
    expect(e?.message_en).toMatch(/^Little evidence of its own \(weight \d+%\): mostly the category prior\.$/);
    expect(e?.message_zh).toMatch(/主要取自品类先验值/);
    // The well-measured SKUs carry no such note.
    expect(r.estimates.filter((x) => x.key !== 'THIN').every((x) => x.message_en === null)).toBe(true);
  });

  it('refuses tiny price wiggles below the log-price spread threshold', () => {
    const s = synthSeries({ seed: 5, skus: 1, days: 200, elasticity: -2, crossEffect: 0, follow: 0, baseUnits: 10, promoUplift: 1, flatPrice: true })[0];
    const wiggle = { ...s, obs: s.obs.map((o, i) => ({ ...o, promo: 0, price: 100 + (i % 3) * 0.5 })) };
    const r = estimateElasticities([wiggle]);
    expect(r.estimates[0].reason).toBe('flat_price');
    expect(r.estimates[0].status).toBe('fallback');
  });
});
