// Interval calibration: a band that is too wide or too narrow for the series' noise is scaled, from past
// backtest residuals only, to cover about the nominal 80% of what comes next.
import { describe, expect, it } from 'vitest';
import { intervalScale, scaleInterval, type CalibrationFold } from '../../engine/forecast/calibrate';
import { chooseAndForecast } from '../../engine/forecast/choose';
import { explainChoice } from '../../engine/forecast/explain';
import { evaluateAutoFolds, scoreAutoFolds } from '../../engine/forecast/evaluate';
import type { Quantiles, Series } from '../../engine/forecast/types';
import { poisson, rng } from './forecast-fixtures';

/** Standard normal draw (Box–Muller) from a seeded uniform generator. */
function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r());
}

/** A band of half-width `half` around a known level: what a model with the wrong noise estimate would say. */
function band(level: number, half: number, h: number): Quantiles {
  return { p10: new Array<number>(h).fill(level - half), p50: new Array<number>(h).fill(level), p90: new Array<number>(h).fill(level + half) };
}

function coverage(actual: number[], f: Quantiles): number {
  return actual.filter((y, i) => y >= f.p10[i] && y <= f.p90[i]).length / actual.length;
}

describe('interval calibration from past residuals', () => {
  // Level 100, Gaussian noise sd 10: the true P10–P90 half-width is 1.2816 × 10.
  const truth = 12.816;
  for (const [label, half] of [
    ['three times too wide', 3 * truth],
    ['half as wide as it should be', 0.5 * truth],
  ] as const) {
    it(`brings a band ${label} to about 80% coverage of new data`, () => {
      const r = rng(7);
      const draw = (n: number): number[] => Array.from({ length: n }, () => 100 + 10 * gauss(r));
      // Five past folds of 28 periods (140 residuals), as the choice's backtest gives.
      const past: CalibrationFold[] = Array.from({ length: 5 }, () => ({ actual: draw(28), forecast: band(100, half, 28) }));
      const raw = band(100, half, 4000);
      const future = draw(4000);
      const before = coverage(future, raw);
      const after = coverage(future, scaleInterval(raw, intervalScale(past)));
      expect(Math.abs(before - 0.8)).toBeGreaterThan(0.15);
      expect(after).toBeGreaterThan(0.72);
      expect(after).toBeLessThan(0.88);
    });
  }

  it('known special days get factors of their own, so a band too narrow on sale days does not widen the regular days', () => {
    const r = rng(9);
    // Regular days: sd 10 around 100, and the band is right. Sale days (one in four): sd 40, the same band.
    const isSale = (i: number): boolean => i % 4 === 0;
    const fold = (): CalibrationFold => {
      const special = Array.from({ length: 28 }, (_, i) => isSale(i));
      return { actual: special.map((s) => 100 + (s ? 40 : 10) * gauss(r)), forecast: band(100, truth, 28), special };
    };
    const s = intervalScale(Array.from({ length: 8 }, fold));
    expect(s.special).toBeDefined();
    expect(Math.max(s.lo, s.hi)).toBeLessThan(1.3);
    expect(Math.min(s.special!.lo, s.special!.hi)).toBeGreaterThan(2.5);
    const future = Array.from({ length: 40 }, fold);
    const cov = (pick: (i: number) => boolean, scaled: boolean): number => {
      let inside = 0;
      let n = 0;
      for (const f of future) {
        const q = scaled ? scaleInterval(f.forecast, s, f.special) : f.forecast;
        for (let i = 0; i < 28; i++) {
          if (!pick(i)) continue;
          n++;
          if (f.actual[i] >= q.p10[i] && f.actual[i] <= q.p90[i]) inside++;
        }
      }
      return inside / n;
    };
    expect(cov(isSale, false)).toBeLessThan(0.4);
    expect(cov(isSale, true)).toBeGreaterThan(0.7);
    expect(cov((i) => !isSale(i), true)).toBeGreaterThan(0.72);
    expect(cov((i) => !isSale(i), true)).toBeLessThan(0.88);
    // With one factor for both kinds (the flags dropped), the regular days are over-covered.
    const one = intervalScale(Array.from({ length: 8 }, fold).map((f) => ({ actual: f.actual, forecast: f.forecast })));
    expect(Math.max(one.lo, one.hi)).toBeGreaterThan(1.3);
  });

  it('keeps the band when too few past periods were scored', () => {
    const past: CalibrationFold[] = [{ actual: [100, 101, 99], forecast: band(100, 50, 3) }];
    expect(intervalScale(past)).toEqual({ lo: 1, hi: 1 });
  });

  it('with counts that are never below zero, the upper side takes the misses the lower side cannot', () => {
    const r = rng(3);
    // Poisson(1): a third of the days are 0, which P10 = 0 always covers; the exact P90 (2) covers 92%.
    const fold = (): CalibrationFold => ({ actual: Array.from({ length: 28 }, () => poisson(r, 1)), forecast: { p10: new Array<number>(28).fill(0), p50: new Array<number>(28).fill(1), p90: new Array<number>(28).fill(2) } });
    const past = Array.from({ length: 40 }, fold);
    const s = intervalScale(past);
    expect(s.lo).toBeGreaterThanOrEqual(1);
    const future = Array.from({ length: 40 }, fold);
    const cov = (f: CalibrationFold[], k: (q: Quantiles) => Quantiles): number => {
      const a = f.flatMap((x) => Array.from(x.actual));
      const q = f.map((x) => k(x.forecast));
      return coverage(a, { p10: q.flatMap((x) => x.p10), p50: q.flatMap((x) => x.p50), p90: q.flatMap((x) => x.p90) });
    };
    expect(cov(future, (q) => q)).toBeGreaterThan(0.88);
    const after = cov(future, (q) => scaleInterval(q, s));
    expect(after).toBeGreaterThan(0.7);
    expect(after).toBeLessThan(0.86);
  });

  it('when the lower side cannot miss, the upper side takes only part of its misses, so P90 stays near a 90% quantile', () => {
    const r = rng(11);
    // Half the days sell nothing, which P10 = 0 covers and any P10 above zero misses by half the days at once; the
    // others sell at least the P50 and spread widely above it.
    const fold = (): CalibrationFold => ({
      actual: Array.from({ length: 28 }, () => (r() < 0.5 ? 0 : 1 + Math.abs(5 * gauss(r)))),
      forecast: { p10: new Array<number>(28).fill(0), p50: new Array<number>(28).fill(1), p90: new Array<number>(28).fill(3) },
    });
    const s = intervalScale(Array.from({ length: 60 }, fold));
    const future = Array.from({ length: 60 }, fold);
    let above = 0;
    let inside = 0;
    let n = 0;
    for (const f of future) {
      const q = scaleInterval(f.forecast, s);
      for (let i = 0; i < 28; i++) {
        n++;
        if (f.actual[i] > q.p90[i]) above++;
        else if (f.actual[i] >= q.p10[i]) inside++;
      }
    }
    // Forcing 80% coverage would put P90 at the 80th percentile (20% of days above it); the ceiling keeps it at ~17%.
    expect(above / n).toBeGreaterThan(0.13);
    expect(above / n).toBeLessThan(0.19);
    expect(inside / n).toBeGreaterThan(0.81);
    expect(inside / n).toBeLessThan(0.87);
  });

  it('a fold forecast made at an origin does not change when what follows the origin changes', () => {
    const make = (seed: number, wild: boolean): Series[] =>
      Array.from({ length: 6 }, (_, k) => {
        const r = rng(seed + k);
        const values = Array.from({ length: 200 }, (_, t) => Math.max(0, 40 + 10 * Math.sin((2 * Math.PI * t) / 7) + 6 * gauss(r)));
        // After the first outer origin (200 − 3 × 14), the wild copy is ten times noisier.
        if (wild) for (let t = 158; t < 200; t++) values[t] = Math.max(0, 40 + 60 * gauss(r));
        return { id: `s${k}`, start: '2025-01-01', values, seasonLength: 7 };
      });
    const run = (s: Series[]): Quantiles[] => {
      const all = s.map((x) => evaluateAutoFolds(x, { horizon: 14, folds: 3 }));
      scoreAutoFolds(all);
      return all.map((f) => f[0].choice.forecast);
    };
    const calm = run(make(5, false));
    const wild = run(make(5, true));
    expect(calm.length).toBe(6);
    for (let i = 0; i < calm.length; i++) {
      expect(wild[i].p10).toEqual(calm[i].p10);
      expect(wild[i].p90).toEqual(calm[i].p90);
    }
  });

  it("the coverage the merchant reads is that of the band shown, not of the model's raw band", () => {
    const r = rng(3);
    // Daily sales of about 1.5 a day: the models' own bands cover over 90% of the backtest days.
    const s: Series = { id: 'p', start: '2025-01-01', values: Array.from({ length: 400 }, () => poisson(r, 1.5)), seasonLength: 7 };
    const raw = chooseAndForecast(s, { horizon: 28, folds: 3, calibrate: false });
    const cal = chooseAndForecast(s, { horizon: 28, folds: 3 });
    const cov = (c: typeof raw): number => c.sums[c.model].covered / c.sums[c.model].n;
    expect(cal.model).toBe(raw.model);
    expect(cov(raw)).toBeGreaterThan(0.88);
    expect(cov(cal)).toBeGreaterThan(0.75);
    expect(cov(cal)).toBeLessThan(0.85);
    // the band shown is narrower, and the plain explanation quotes its coverage
    expect(cal.forecast.p90[0]).toBeLessThan(raw.forecast.p90[0]);
    expect(explainChoice(cal, 'en').why).toContain(`${Math.round(cov(cal) * 100)}% of days`);
  });
});
