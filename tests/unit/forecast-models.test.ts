import { describe, expect, it } from 'vitest';
import { autoEts, etsPredict, fitEtsForm } from '../../engine/forecast/models/ets';
import { intermittentModel } from '../../engine/forecast/models/intermittent';
import { movingAverage, seasonalNaive } from '../../engine/forecast/models/simple';
import { thetaForecast } from '../../engine/forecast/models/theta';
import { countQuantiles } from '../../engine/forecast/stats';
import { rng, poisson } from './forecast-fixtures';

// AirPassengers (Box & Jenkins), monthly 1949–1960, typed in from R's datasets package.
const AIR = [
  112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149, 170, 170, 158, 133, 114, 140, 145, 150, 178, 163, 172, 178, 199, 199,
  184, 162, 146, 166, 171, 180, 193, 181, 183, 218, 230, 242, 209, 191, 172, 194, 196, 196, 236, 235, 229, 243, 264, 272, 237, 211, 180, 201, 204, 188, 235, 227,
  234, 264, 302, 293, 259, 229, 203, 229, 242, 233, 267, 269, 270, 315, 364, 347, 312, 274, 237, 278, 284, 277, 317, 313, 318, 374, 413, 405, 355, 306, 271, 306,
  315, 301, 356, 348, 355, 422, 465, 467, 404, 347, 305, 336, 340, 318, 362, 348, 363, 435, 491, 505, 404, 359, 310, 337, 360, 342, 406, 396, 420, 472, 548, 559,
  463, 407, 362, 405, 417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432,
];
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('ETS against R forecast 8.x (values computed with Rscript on this machine, 2026-11-28)', () => {
  it('ETS(A,N,N) on AirPassengers: forecast 431.9958 and 80% upper 475.3506 / 493.3057 (R: ets(y, model="ANN"))', () => {
    const fit = fitEtsForm(Float64Array.from(AIR), 12, 'N', 'N')!;
    const f = etsPredict(fit, 3);
    expect(rel(f.p50[0], 431.9958)).toBeLessThan(1e-4);
    expect(rel(f.p90[0], 475.3506)).toBeLessThan(1e-3);
    expect(rel(f.p90[1], 493.3057)).toBeLessThan(1e-3);
  });

  it('ETS(A,A,N) on AirPassengers: h=1 433.60, h=6 441.62 (R: ets(y, model="AAN", damped=FALSE))', () => {
    const f = etsPredict(fitEtsForm(Float64Array.from(AIR), 12, 'A', 'N', 400)!, 6);
    expect(rel(f.p50[0], 433.6004)).toBeLessThan(0.005);
    // the likelihood is flat along the slope: our optimiser lands within 1% of R's trend
    expect(rel(f.p50[5], 441.6227)).toBeLessThan(0.01);
  });

  it('AICc picks a seasonal form on AirPassengers and its forecast keeps the summer peak', () => {
    const fit = autoEts(AIR, 12)!;
    expect(fit.form).toMatch(/,(A|M)$/);
    const f = etsPredict(fit, 12).p50;
    // July (index 6) above November (index 10), as in every year of the data
    expect(f[6]).toBeGreaterThan(f[10] * 1.25);
  });

  it('a current stockout (NaN days) is not learned as zero demand', () => {
    const r = rng(3);
    const y = Array.from({ length: 120 }, () => 20 + (r() - 0.5) * 4);
    const censored = y.map((v, i) => (i >= 110 ? NaN : v));
    const zeroed = y.map((v, i) => (i >= 110 ? 0 : v));
    const fc = etsPredict(autoEts(censored, 1)!, 1).p50[0];
    const fz = etsPredict(autoEts(zeroed, 1)!, 1).p50[0];
    expect(fc).toBeGreaterThan(18);
    expect(fc).toBeLessThan(22);
    expect(fz).toBeLessThan(fc - 1);
  });
});

describe('Theta against R thetaf', () => {
  it('AirPassengers h=12: means 440.08 … 447.64, 80% upper 453.86 (R: thetaf(AirPassengers, h=12))', () => {
    const f = thetaForecast({ id: 'air', start: '1949-01-01', values: AIR, seasonLength: 12 }, 12);
    const r = [440.0782, 428.3843, 489.7071, 475.7046, 479.6704, 545.3663, 602.752, 601.1008, 523.9515, 456.6271, 397.9537, 447.6449];
    r.forEach((v, i) => expect(rel(f.p50[i], v)).toBeLessThan(0.002));
    expect(rel(f.p90[0], 453.8626)).toBeLessThan(0.002);
    expect(rel(f.p90[11], 488.3501)).toBeLessThan(0.002);
  });
});

describe('baselines and intermittent demand', () => {
  it('seasonal naive repeats the last week, skipping stockout days', () => {
    const y = [1, 2, 3, 4, 5, 6, 7, 10, 20, NaN, 40, 50, 60, 70];
    const f = seasonalNaive.forecast({ id: 'a', start: '2025-01-01', values: y, seasonLength: 7 }, 7);
    expect(f.p50).toEqual([10, 20, 3, 40, 50, 60, 70]);
  });

  it('moving average forecasts the recent level', () => {
    const f = movingAverage(4).forecast({ id: 'a', start: '2025-01-01', values: [100, 100, 1, 2, 3, 4] }, 2);
    expect(f.p50[0]).toBeCloseTo(2.5, 9);
  });

  it('Croston / SBA / TSB give a positive rate with P10 ≤ P50 ≤ P90 on sparse demand, and SBA sits below Croston', () => {
    const r = rng(11);
    const y = Array.from({ length: 300 }, () => (r() < 0.15 ? 1 + poisson(r, 2) : 0));
    const rate = y.reduce((a, b) => a + b, 0) / y.length;
    const out: Record<string, number> = {};
    for (const k of ['croston', 'sba', 'tsb'] as const) {
      const f = intermittentModel(k, 0.1).forecast({ id: 'x', start: '2025-01-01', values: y }, 14);
      expect(f.p50.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
      expect(f.p10[0]).toBeLessThanOrEqual(f.p50[0]);
      expect(f.p90[0]).toBeGreaterThanOrEqual(f.p50[0]);
      expect(f.p90[0]).toBeGreaterThanOrEqual(1);
      expect(f.p50[0]).toBeGreaterThan(rate * 0.5);
      expect(f.p50[0]).toBeLessThan(rate * 1.6);
      out[k] = f.p50[0];
    }
    expect(out.sba).toBeLessThan(out.croston);
  });

  it('an all-zero history forecasts zero, not NaN', () => {
    const f = intermittentModel('sba').forecast({ id: 'z', start: '2025-01-01', values: new Array<number>(60).fill(0) }, 7);
    expect(f.p50).toEqual(new Array<number>(7).fill(0));
    expect(f.p90.every((v) => v === 0)).toBe(true);
  });

  it('count quantiles: Poisson(2) has P10 0 … P90 4; overdispersion widens P90', () => {
    expect(countQuantiles(2, 2, [0.1, 0.5, 0.9])).toEqual([0, 2, 4]);
    expect(countQuantiles(2, 8, [0.9])[0]).toBeGreaterThan(4);
  });
});
