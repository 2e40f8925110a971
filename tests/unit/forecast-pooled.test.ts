import { describe, expect, it } from 'vitest';
import { foldOrigins } from '../../engine/forecast/backtest';
import { MetricAcc } from '../../engine/forecast/metrics';
import { localModel } from '../../engine/forecast/models/index';
import { pooledForecasts, periodOf } from '../../engine/forecast/models/pooled';
import { chooseMany, evaluateAutoMany } from '../../engine/forecast/pool';
import { isThin } from '../../engine/forecast/thin';
import type { Series } from '../../engine/forecast/types';
import { poisson, rng } from './forecast-fixtures';

/** Monthly products that share a life cycle (ramp up over 3 months, then fade), launched at staggered months; all end in 2018-12 (like a store export). */
function lifeCycleCatalogue(n: number, seed: number): Series[] {
  const r = rng(seed);
  const shape = (age: number): number => (age < 3 ? 0.3 + 0.35 * age : Math.pow(0.8, age - 3));
  return Array.from({ length: n }, (_, i) => {
    const len = 8 + ((i * 7) % 9); // 8..16 months
    const launch = 2018 * 12 + 11 - (len - 1);
    const start = `${Math.floor(launch / 12)}-${String((launch % 12) + 1).padStart(2, '0')}-01`;
    const peak = 10 + r() * 40;
    return { id: `P${i}`, start, seasonLength: 12, values: Array.from({ length: len }, (_, age) => poisson(r, peak * shape(age))) };
  });
}

describe('pooled model for series too short to choose a model on', () => {
  it('learns the catalogue’s shared life cycle: on short products it beats a smoothed level (SBA) alone', () => {
    const cat = lifeCycleCatalogue(60, 7);
    const H = 3;
    const requests = cat.flatMap((s, index) => foldOrigins(s.values.length, 2, H, { minTrain: 4 }).map((origin) => ({ index, origin })));
    const pooled = pooledForecasts(cat, requests, H);
    const pAcc = new MetricAcc();
    const sAcc = new MetricAcc();
    let n = 0;
    for (const [rq, q] of pooled) {
      const s = cat[rq.index];
      const actual = s.values.slice(rq.origin, rq.origin + H);
      pAcc.add(actual, q, 1);
      sAcc.add(actual, localModel('sba').forecast({ ...s, values: s.values.slice(0, rq.origin) }, H), 1);
      for (let h = 0; h < H; h++) {
        expect(q.p10[h]).toBeLessThanOrEqual(q.p50[h] + 1e-9);
        expect(q.p50[h]).toBeLessThanOrEqual(q.p90[h] + 1e-9);
      }
      n++;
    }
    expect(n).toBeGreaterThan(40);
    // The level model keeps forecasting the peak while products fade; the pooled model knows they fade.
    expect(pAcc.scores().wape).toBeLessThan(0.8 * sAcc.scores().wape);
    expect(pAcc.scores().bias).toBeLessThan(sAcc.scores().bias);
  });

  it('never reads the catalogue’s future: data from the forecast period on, in any series, does not change a forecast', () => {
    const cat = lifeCycleCatalogue(40, 11);
    const index = cat.findIndex((s) => s.values.length === 12);
    const target = cat[index];
    const origin = 9;
    const cutoff = periodOf(target, origin);
    const rq = { index, origin };
    const before = pooledForecasts(cat, [rq], 3).get(rq)!;
    expect(before.p50).toHaveLength(3);
    // Change every value at or after the cutoff period in every series (including the target's own future).
    const future = cat.map((s) => ({ ...s, values: s.values.map((v, t) => (periodOf(s, t) >= cutoff ? v * 5 + 100 : v)) }));
    const rq2 = { index, origin };
    expect(pooledForecasts(future, [rq2], 3).get(rq2)).toEqual(before);
    // Changing the past does change it (the test above could not pass by ignoring data).
    const past = cat.map((s) => ({ ...s, values: s.values.map((v, t) => (periodOf(s, t) < cutoff ? v * 3 : v)) }));
    const rq3 = { index, origin };
    expect(pooledForecasts(past, [rq3], 3).get(rq3)!.p50).not.toEqual(before.p50);
  });

  it('the store forecast uses it only where history is thin, and says why; long series still choose by backtest', async () => {
    const cat = lifeCycleCatalogue(30, 3);
    const r = rng(5);
    const long: Series = { id: 'LONG', start: '2012-01-01', seasonLength: 12, values: Array.from({ length: 84 }, (_, t) => poisson(r, 30 + 15 * Math.sin((2 * Math.PI * t) / 12))) };
    const all = [...cat, long];
    const res = await chooseMany(all, { horizon: 3, folds: 2 }, { workers: 1 });
    const thin = res.filter((c, i) => c && isThin(all[i], 2, 3));
    expect(thin.length).toBe(cat.length);
    for (const c of thin) {
      expect(c!.model).toBe('pooled');
      expect(c!.reason.key).toBe('reason.pooled');
      expect(c!.weights).toEqual({ pooled: 0.5, sba: 0.5 });
      expect(c!.forecast.p50).toHaveLength(3);
    }
    const lc = res[res.length - 1]!;
    expect(lc.model).not.toBe('pooled');
    expect(['reason.best', 'reason.comb', 'reason.group', 'reason.groupComb']).toContain(lc.reason.key);
  });

  it('the honest backtest of the choice scores thin series with pooled forecasts made inside each fold, where the catalogue had history before it', async () => {
    const cat = lifeCycleCatalogue(40, 21);
    const res = await evaluateAutoMany(cat, { horizon: 3, folds: 2 }, { workers: 1 });
    const chosen = res.flatMap((r) => r?.chosen ?? []);
    // Folds whose origin has enough catalogue history before it get the pooled model; the earliest fall back to local models.
    const pooled = chosen.filter((m) => m === 'pooled').length;
    expect(pooled).toBeGreaterThan(20);
    expect(pooled).toBeLessThan(chosen.length);
  });
});
