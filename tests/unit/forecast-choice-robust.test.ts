// The automatic choice on short backtests: the weighted ensemble is scored only with weights from earlier folds,
// the equal-weight combination is the default, and a series' few folds defer to its group of similar series.
import { describe, expect, it } from 'vitest';
import { backtestLocal, foldOrigins } from '../../engine/forecast/backtest';
import { chooseAndForecast, combineQuantiles, inverseErrorWeights, type SeriesChoice } from '../../engine/forecast/choose';
import { applyGroupChoice } from '../../engine/forecast/group';
import { MetricAcc, naiveScale } from '../../engine/forecast/metrics';
import { localModel } from '../../engine/forecast/models/index';
import type { Quantiles, Series } from '../../engine/forecast/types';
import { rng } from './forecast-fixtures';

const mae = (a: number[], f: Quantiles): number => a.reduce((s, y, i) => s + Math.abs(y - f.p50[i]), 0) / a.length;

describe('the ensemble backtest row', () => {
  it('weights each fold only with the errors of the folds before it (equal weights on the first)', () => {
    const r = rng(11);
    const s: Series = { id: 'e', start: '2025-01-01', values: Array.from({ length: 120 }, (_, t) => 30 + 10 * Math.sin((2 * Math.PI * t) / 7) + 8 * r()), seasonLength: 7 };
    const c = chooseAndForecast(s, { horizon: 14, folds: 3, maxFolds: 3, models: ['ma', 'theta'], final: false });
    const origins = foldOrigins(120, 3, 14);
    const f = { ma: backtestLocal(s, localModel('ma'), origins, 14, (t) => naiveScale(t, 7)), theta: backtestLocal(s, localModel('theta'), origins, 14, (t) => naiveScale(t, 7)) };
    const honest = new MetricAcc();
    origins.forEach((_, i) => {
      const before = (n: 'ma' | 'theta'): number => f[n].slice(0, i).reduce((a, x) => a + mae(x.actual, x.forecast), 0) / Math.max(1, i);
      const w = i === 0 ? { ma: 0.5, theta: 0.5 } : inverseErrorWeights({ ma: before('ma'), theta: before('theta') }, 3);
      honest.add(f.ma[i].actual, combineQuantiles(Object.entries(w).map(([n, v]) => ({ f: f[n as 'ma' | 'theta'][i].forecast, w: v }))), f.ma[i].scale);
    });
    expect(c.sums.ensemble.absErr).toBeCloseTo(honest.absErr, 8);
    // the old row (weights from all folds, itself included) would read better than it is
    const all = inverseErrorWeights({ ma: MetricAcc.from(c.sums.ma).scores().mae, theta: MetricAcc.from(c.sums.theta).scores().mae }, 3);
    const leaky = new MetricAcc();
    origins.forEach((_, i) => leaky.add(f.ma[i].actual, combineQuantiles(Object.entries(all).map(([n, v]) => ({ f: f[n as 'ma' | 'theta'][i].forecast, w: v }))), 1));
    expect(leaky.absErr).not.toBeCloseTo(honest.absErr, 3);
  });
});

function choice(id: string, errs: Record<string, number>): SeriesChoice {
  const q = (v: number): Quantiles => ({ p10: [v], p50: [v], p90: [v] });
  const sums = Object.fromEntries(Object.entries(errs).map(([n, e]) => [n, { absErr: e * 10, absY: 100, err: 0, p10: 0, p50: 0, p90: 0, covered: 0, n: 10, maseSum: 0, maseN: 0 }]));
  const candidates = Object.fromEntries(Object.keys(errs).map((n, i) => [n, { forecast: q(i), weights: null }]));
  return { id, profile: 'smooth', model: 'comb', weights: null, sums, reason: { key: 'reason.comb', params: {} }, forecast: q(-1), folds: 3, backtestHorizon: 14, seconds: {}, candidates };
}

describe('choice per group of similar series', () => {
  it('a series takes its group winner unless its own folds show another model clearly (margin) better', () => {
    const group = Array.from({ length: 10 }, (_, i) => choice(`s${i}`, { comb: 1, ets: 0.8, theta: 1.1, snaive: 0.5 }));
    group.push(choice('noisy', { comb: 1, ets: 1, theta: 0.9, snaive: 0.5 })); // theta 10% better: noise at a 20% margin
    group.push(choice('clear', { comb: 1, ets: 1, theta: 0.5, snaive: 0.5 })); // theta 50% better: its own evidence wins
    applyGroupChoice(group, 0.2);
    expect(group[0].model).toBe('ets');
    expect(group[0].reason.key).toBe('reason.group');
    expect(group[0].forecast.p50).toEqual([1]); // the ets candidate's forecast
    expect(group[10].model).toBe('ets');
    expect(group[11].model).toBe('theta');
    // the seasonal naive is a yardstick, never picked from a few winning folds
    expect(group.every((c) => c.model !== 'snaive' && c.candidates === undefined)).toBe(true);
  });
});

describe('the combination explained to the merchant', () => {
  it('names its members in words, in both languages', async () => {
    const { explainChoice } = await import('../../engine/forecast/explain');
    const c = { model: 'comb', profile: 'smooth', sums: {}, reason: { key: 'reason.comb', params: { members: 'ets + theta', model: 'comb', wape: '10.0%', folds: 5, horizon: 28, profile: 'smooth', runnerUp: 'ma', runnerUpWape: '11.0%', snaiveWape: '12.0%', margin: '20.0%' } } };
    expect(explainChoice(c, 'en').detail).toContain('Exponential smoothing + Theta method');
    expect(explainChoice(c, 'zh').detail).not.toMatch(/\bets\b|\btheta\b/);
    expect(explainChoice(c, 'en').why).toContain('140 days');
  });
});
