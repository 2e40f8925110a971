import { describe, expect, it } from 'vitest';
import { backtestLocal, foldOrigins, trainCovariates } from '../../engine/forecast/backtest';
import { chooseAndForecast } from '../../engine/forecast/choose';
import { inverseErrorWeights } from '../../engine/forecast/combine';
import { evaluateAuto } from '../../engine/forecast/evaluate';
import { naiveScale } from '../../engine/forecast/metrics';
import type { LocalModel, Series } from '../../engine/forecast/types';
import { rng } from './forecast-fixtures';

const ramp: Series = { id: 'ramp', start: '2025-01-01', values: Array.from({ length: 100 }, (_, t) => t + 1), seasonLength: 1 };

describe('rolling-origin backtests never leak the future', () => {
  it('fold origins are the last K windows and fit inside the series', () => {
    expect(foldOrigins(100, 3, 10)).toEqual([70, 80, 90]);
    expect(foldOrigins(25, 3, 10)).toEqual([]); // too short to train on 2 horizons
  });

  it('each fit sees exactly the data before its origin', () => {
    const seen: number[][] = [];
    const spy: LocalModel = {
      name: 'spy',
      forecast(s, h) {
        seen.push([...s.values]);
        return { p10: new Array<number>(h).fill(0), p50: new Array<number>(h).fill(0), p90: new Array<number>(h).fill(0) };
      },
    };
    const origins = foldOrigins(100, 3, 10);
    backtestLocal(ramp, spy, origins, 10, (t) => naiveScale(t, 1));
    expect(seen.map((v) => v.length)).toEqual(origins);
    seen.forEach((v, i) => expect(Math.max(...v)).toBe(origins[i])); // ramp value at index origin-1 = origin
  });

  it('a model that would use the future gets caught: "max of what I see" never reaches the fold on a rising series', () => {
    const peek: LocalModel = {
      name: 'peek',
      forecast(s, h) {
        const m = Math.max(...s.values);
        return { p10: new Array<number>(h).fill(m), p50: new Array<number>(h).fill(m), p90: new Array<number>(h).fill(m) };
      },
    };
    for (const r of backtestLocal(ramp, peek, foldOrigins(100, 3, 10), 10, () => 1)) {
      // with leakage the forecast would equal the fold's maximum; without, it is below every actual
      expect(Math.max(...r.forecast.p50)).toBeLessThan(Math.min(...r.actual));
    }
  });

  it('covariates are cut at the end of the forecast window', () => {
    const c = trainCovariates({ price: Array.from({ length: 100 }, (_, i) => i) }, 70, 10)!;
    expect(c.price.length).toBe(80);
  });

  it('inside a scored window only covariates known ahead keep their values; weather holds its level before the origin', () => {
    const temp = Array.from({ length: 100 }, (_, i) => (i < 70 ? 20 + (i % 2) : 99)); // an unforeseeable heatwave from the origin on
    const price = Array.from({ length: 100 }, (_, i) => (i < 75 ? 10 : 8)); // a planned price cut
    const c = trainCovariates({ temp, price }, 70, 10, new Set(['price']))!;
    expect(c.price.slice(70)).toEqual([10, 10, 10, 10, 10, 8, 8, 8, 8, 8]);
    expect(c.temp.slice(0, 70)).toEqual(temp.slice(0, 70));
    expect(c.temp.slice(70).every((v) => v > 20 && v < 21)).toBe(true); // the mean of the last 7 observed days, 20.43
  });

  it('the honest evaluation of the choice runs its inner backtest inside each outer fold', () => {
    const r = rng(5);
    const s: Series = { id: 'w', start: '2025-01-01', values: Array.from({ length: 200 }, (_, t) => 10 + 5 * Math.sin((2 * Math.PI * t) / 7) + r()), seasonLength: 7 };
    const res = evaluateAuto(s, { horizon: 14, folds: 2 })!;
    expect(res.chosen.length).toBe(2);
    expect(res.sums.n).toBe(28);
  });
});

describe('model choice', () => {
  it('picks a seasonal model over the moving average on a strongly weekly series, and says why', () => {
    const r = rng(9);
    const values = Array.from({ length: 300 }, (_, t) => Math.max(0, 20 + 15 * Math.sin((2 * Math.PI * t) / 7) + (r() - 0.5) * 2));
    const c = chooseAndForecast({ id: 'wk', start: '2025-01-01', values, seasonLength: 7 }, { horizon: 14 });
    expect(c.model).not.toBe('ma');
    // 300 days hold more than the 3 requested windows: the choice uses MAX_FOLDS origins
    expect(c.folds).toBe(5);
    expect(['reason.best', 'reason.comb']).toContain(c.reason.key);
    expect(c.forecast.p50.length).toBe(14);
    // the forecast follows the weekly swing
    expect(Math.max(...c.forecast.p50) - Math.min(...c.forecast.p50)).toBeGreaterThan(15);
    expect(Object.keys(c.sums)).toEqual(expect.arrayContaining(['snaive', 'ma', 'ets', 'theta']));
  });

  it('routes sparse demand to the intermittent candidates', () => {
    const r = rng(2);
    const values = Array.from({ length: 200 }, () => (r() < 0.1 ? 2 : 0));
    const c = chooseAndForecast({ id: 'sp', start: '2025-01-01', values, seasonLength: 7 }, { horizon: 14 });
    expect(c.profile).toBe('intermittent');
    expect(Object.keys(c.sums)).toEqual(expect.arrayContaining(['croston', 'sba', 'tsb']));
    expect(c.forecast.p50.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('ensemble weights are inverse-error, sum to 1, and favour the better model', () => {
    const w = inverseErrorWeights({ a: 1, b: 2, c: 4, d: 8 }, 3);
    expect(Object.keys(w)).toEqual(['a', 'b', 'c']);
    expect(w.a + w.b + w.c).toBeCloseTo(1, 12);
    expect(w.a).toBeCloseTo(4 / 7, 12);
  });
});
