// The automatic choice on short backtests: the weighted ensemble is scored only with weights from earlier folds,
// the equal-weight combination is the default, and a series' few folds defer to its group of similar series, which
// combines its best single models.
import { describe, expect, it } from 'vitest';
import { backtestLocal, foldOrigins } from '../../engine/forecast/backtest';
import { chooseAndForecast, type SeriesChoice } from '../../engine/forecast/choose';
import { combineQuantiles, inverseErrorWeights } from '../../engine/forecast/combine';
import { applyGroupChoice, groupWinners } from '../../engine/forecast/group';
import { rankSingles } from '../../engine/forecast/group-rule';
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

/** A choice whose candidates forecast 100 + err every period of one fold where the actual was 100 (MAE = err). */
function choice(id: string, errs: Record<string, number>, volume = 1): SeriesChoice {
  const q = (v: number, h = 1): Quantiles => ({ p10: new Array<number>(h).fill(v), p50: new Array<number>(h).fill(v), p90: new Array<number>(h).fill(v) });
  const actual = new Array<number>(10).fill(100 * volume);
  const sums = Object.fromEntries(Object.entries(errs).map(([n, e]) => [n, { absErr: e * 10 * volume, absY: 1000 * volume, err: 0, p10: 0, p50: 0, p90: 0, covered: 0, n: 10, maseSum: 0, maseN: 0 }]));
  const candidates = Object.fromEntries(Object.entries(errs).map(([n, e], i) => [n, { forecast: q(i), weights: null, folds: [{ actual, forecast: q((100 + e) * volume, 10) }] }]));
  return { id, profile: 'smooth', model: 'comb', weights: null, sums, reason: { key: 'reason.comb', params: {} }, forecast: q(-1), folds: 3, backtestHorizon: 14, seconds: {}, candidates };
}

describe('choice per group of similar series', () => {
  it("a series takes the equal-weight combination of its group's two best single models unless its own folds show another clearly (margin) better", () => {
    // Single models: ets and theta best across the group; the seasonal naive and the blends never join the combination.
    const errs = { comb: 1, ensemble: 0.9, ets: 0.8, theta: 1.1, ma: 1.4, snaive: 0.5 };
    const group = Array.from({ length: 10 }, (_, i) => choice(`s${i}`, errs));
    group.push(choice('noisy', { ...errs, ma: 0.85 })); // ma 10% better than the combination (0.95): noise at a 20% margin
    group.push(choice('clear', { ...errs, ma: 0.4 })); // ma less than half the combination's error: its own evidence wins
    applyGroupChoice(group, 0.2, 'mean2');
    expect(group[0].model).toBe('comb');
    expect(group[0].weights).toEqual({ ets: 0.5, theta: 0.5 });
    expect(group[0].reason.key).toBe('reason.groupComb');
    expect(group[0].reason.params.members).toBe('ets + theta');
    // the forecast averages the members' final forecasts (ets is candidate 2, theta 3)
    expect(group[0].forecast.p50).toEqual([2.5]);
    // the scores kept for the combination are those of the combination in use: MAE (0.8 + 1.1) / 2
    expect(group[0].sums.comb.absErr / group[0].sums.comb.n).toBeCloseTo(0.95, 9);
    expect(group[10].model).toBe('comb');
    expect(group[11].model).toBe('ma');
    expect(group[11].reason.key).toBe('reason.best');
    expect(group.every((c) => c.model !== 'snaive' && c.candidates === undefined)).toBe(true);
  });

  it("ranks the group's models by their summed error over the summed actuals, so a high-volume series counts by its volume", () => {
    // Nine small series where theta is slightly better than ma, and one series 100 times larger where ma is much better.
    const group = Array.from({ length: 9 }, (_, i) => choice(`small${i}`, { ets: 1, theta: 1.1, ma: 1.2 }));
    group.push(choice('big', { ets: 1, theta: 3, ma: 1.5 }, 100));
    const cands = (list: SeriesChoice[]): NonNullable<SeriesChoice['candidates']>[] => list.map((c) => c.candidates!);
    expect(rankSingles(cands(group))).toEqual(['ets', 'ma', 'theta']);
    expect(groupWinners(group, 'mean2').get('smooth')?.pick.members).toEqual(['ets', 'ma']);
    // per series the small ones would favour theta: the group's WAPE, not a count of series, decides
    expect(rankSingles(cands(group.slice(0, 9)))).toEqual(['ets', 'theta', 'ma']);
  });
  it('on smooth series SBA joins the combination when the group ranks it among the best, but one series never picks it alone', () => {
    const group = Array.from({ length: 10 }, (_, i) => choice(`s${i}`, { comb: 1, ets: 1, theta: 1.2, sba: 0.9, ma: 1.3 }));
    group.push(choice('lucky', { comb: 1, ets: 1, theta: 1.2, sba: 0.3, ma: 1.3 })); // SBA far better on its own folds
    applyGroupChoice(group, 0.2, 'mean2');
    expect(group[0].weights).toEqual({ ets: 0.5, sba: 0.5 });
    expect(group[10].model).toBe('comb');
    expect(group[10].weights).toEqual({ ets: 0.5, sba: 0.5 });
  });
});

describe('intermittent groups under the rule in use', () => {
  it("keep SBA's level inside the band of their two best models' mean when the inner folds do not show that mean clearly better, and say so in both languages", async () => {
    // MA and ETS rank ahead of SBA by 1–2% on the group's folds: too little to leave the default.
    const reason = { key: 'reason.comb', params: { folds: 5, horizon: 28, profile: 'intermittent' } as Record<string, string | number> };
    const group = Array.from({ length: 20 }, (_, i) => ({ ...choice(`s${i}`, { ma: 1.0, ets: 1.01, sba: 1.02, tsb: 1.3 }), profile: 'intermittent' as const, reason }));
    applyGroupChoice(group);
    const c = group[0];
    expect(c.model).toBe('anchor');
    expect(c.reason.key).toBe('reason.groupAnchor');
    expect(c.reason.params.point).toBe('sba');
    expect(c.reason.params.members).toBe('ma + ets');
    // the P50 is SBA's final forecast (candidate 2), the band the mean of MA's (0) and ETS's (1)
    expect(c.forecast.p50).toEqual([2]);
    const { explainChoice } = await import('../../engine/forecast/explain');
    const stored = { model: c.model, profile: c.profile, sums: c.sums, reason: c.reason };
    expect(explainChoice(stored, 'en').detail).toContain('Adjusted Croston (sparse sales)');
    for (const lang of ['en', 'zh'] as const) {
      const { why, detail } = explainChoice(stored, lang);
      expect(detail).not.toMatch(/\bma\b|\bsba\b|\bets\b|reason\.|\{/);
      expect(why).not.toMatch(/plain\.|\{/);
    }
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

  it("explains the group's median combination in words, in both languages", async () => {
    const { explainChoice, modelLabel } = await import('../../engine/forecast/explain');
    const params = { members: 'ma + sba + ets', model: 'median', wape: '70.0%', folds: 5, horizon: 28, profile: 'intermittent', groupSize: 84, margin: '20.0%' };
    const c = { model: 'median', profile: 'intermittent', sums: {}, reason: { key: 'reason.groupMedian', params } };
    for (const lang of ['en', 'zh'] as const) {
      const { why, detail } = explainChoice(c, lang);
      expect(detail).not.toMatch(/\bma\b|\bsba\b|\bets\b|reason\.|plain\./);
      expect(why).not.toMatch(/plain\.|\{/);
      expect(modelLabel(lang, 'median')).not.toBe('median');
    }
    expect(explainChoice(c, 'en').detail).toContain('84 SKUs');
  });
});
