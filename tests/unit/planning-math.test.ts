import { describe, expect, it } from 'vitest';
import { correctedVelocity, daysOfCover, eoq, orderUpTo, reorderPoint, roundOrder, safetyStock, stockoutDay, zFor } from '../../engine/planning/math';

describe('inventory formulas (textbook cases)', () => {
  it('z for common service levels matches the normal table', () => {
    expect(zFor(0.95)).toBeCloseTo(1.6448536269514722, 7);
    expect(zFor(0.9)).toBeCloseTo(1.2815515655446004, 7);
    expect(zFor(0.99)).toBeCloseTo(2.3263478740408408, 7);
  });

  it('safety stock with demand variability only: z·σd·√L (Chopra & Meindl: weekly σ 500, L 2 weeks, CSL 0.9)', () => {
    // SS = 1.2816 × √2 × 500 = 906.20 units
    expect(safetyStock(1.2815515655446004, 2, 500, 2500, 0)).toBeCloseTo(1.2815515655446004 * Math.SQRT2 * 500, 6);
  });

  it('safety stock with lead-time variability: z·√(L·σd² + d²·σL²)', () => {
    // d = 2500/week, σd = 500, L = 7 weeks, σL = 7 weeks, z = 1.2816 (Chopra & Meindl Example 12-4): √(7·500² + 2500²·7²) = 17,549.93
    const z = 1.2815515655446004;
    const ss = safetyStock(z, 7, 500, 2500, 7);
    expect(ss).toBeCloseTo(1.2815515655446004 * Math.sqrt(7 * 500 ** 2 + 2500 ** 2 * 7 ** 2), 6);
    expect(ss / z).toBeCloseTo(17549.93, 1);
  });

  it('reorder point is lead-time demand plus safety stock', () => {
    expect(reorderPoint(20, 10, 35.5)).toBeCloseTo(235.5, 6);
  });

  it('order-up-to level for a periodic review: d·(L+R) + z·σ·√(L+R)', () => {
    // d 10/day, L 5, R 7, σ 3/day, z 1.645: 120 + 1.645·3·√12
    expect(orderUpTo(10, 5, 7, 1.645, 3)).toBeCloseTo(120 + 1.645 * 3 * Math.sqrt(12), 6);
  });

  it('EOQ √(2DS/H): D 12,000/yr, S 4,000, H 100 gives 979.80 (Chopra & Meindl Example 11-1)', () => {
    expect(eoq(12000, 4000, 100)).toBeCloseTo(Math.sqrt((2 * 12000 * 4000) / 100), 6);
    expect(eoq(12000, 4000, 100)).toBeCloseTo(979.795897, 5);
    expect(eoq(0, 4000, 100)).toBe(0);
  });

  it('orders round up to the MOQ and then to whole case packs', () => {
    expect(roundOrder(3, 10, 6)).toBe(12);
    expect(roundOrder(25, 10, 6)).toBe(30);
    expect(roundOrder(24, null, 6)).toBe(24);
    expect(roundOrder(0, 10, 6)).toBe(0);
    expect(roundOrder(7.2, null, null)).toBe(8);
  });

  it('projects the stockout day, counting a pending receipt on its arrival day', () => {
    expect(stockoutDay(10, [3, 3, 3, 3, 3])).toBe(3);
    expect(stockoutDay(10, [3, 3, 3, 3, 3], 20, 2)).toBe(null);
    expect(stockoutDay(0, [1])).toBe(0);
    expect(daysOfCover(30, 4)).toBeCloseTo(7.5, 9);
    expect(daysOfCover(30, 0)).toBe(Infinity);
  });

  it('stockout-corrected velocity divides by in-stock days only', () => {
    // 10 days: 2 stocked out (0 sold), 8 days selling 5 → 5/day, not 4/day
    const units = [5, 5, 0, 5, 5, 0, 5, 5, 5, 5];
    const out = [0, 0, 1, 0, 0, 1, 0, 0, 0, 0];
    const v = correctedVelocity(units, out);
    expect(v.velocity).toBeCloseTo(5, 9);
    expect(v.stockoutDays).toBe(2);
  });
});
