// A neural score is only honest if, for the days it is scored on, the model saw what was known when they were
// still ahead: planned prices, promotions and events, but weather and sentiment only as climatology and the
// competitor's last known price. The holdout split (used by training with a holdout and by the benchmark) is checked.
import { describe, expect, it } from 'vitest';
import { asOfOrigin } from '../../engine/forecast/features';
import { holdoutSplit } from '../../engine/forecast/neural';
import type { GlobalItem } from '../../engine/forecast/types';

const DAYS = 800;
const H = 28;

function item(): GlobalItem {
  const temp = Array.from({ length: DAYS }, (_, i) => 15 + 10 * Math.sin((2 * Math.PI * i) / 365));
  const sentiment = Array.from({ length: DAYS }, () => 0.1);
  // The observed signals of the scored days are extreme, so any that slip through are unmistakable.
  for (let i = DAYS - H; i < DAYS; i++) {
    temp[i] = 99;
    sentiment[i] = -5;
  }
  const price_rel = Array.from({ length: DAYS }, (_, i) => (i >= DAYS - 10 ? 0.8 : 1)); // a planned 20% promotion
  const promo = price_rel.map((p) => (p < 1 ? 1 : 0));
  const comp_gap = Array.from({ length: DAYS }, (_, i) => (i < DAYS - H ? 0.25 : 1.9)); // rival cut its price in the window
  return {
    series: { id: 'a', start: '2024-01-01', values: Array.from({ length: DAYS }, (_, i) => 10 + (i % 7)), seasonLength: 7 },
    covariates: { temp, rain: temp.map(() => 0), sentiment, price_rel, promo, comp_gap },
  };
}

describe('neural holdout covariates are what was known at the origin', () => {
  it('observed weather and sentiment of the scored days never reach the model; climatology of earlier years does', () => {
    const { train } = holdoutSplit([item()], H);
    const c = train[0].covariates!;
    const win = (k: string): number[] => c[k].slice(DAYS - H, DAYS);
    expect(c.temp).toHaveLength(DAYS); // history + the scored window, as the model reads it
    expect(win('temp').some((v) => v === 99)).toBe(false);
    expect(win('sentiment').some((v) => v === -5)).toBe(false);
    // climatology of the same days of the year in earlier years (±3 days), about 15 + 10·sin
    win('temp').forEach((v, j) => expect(Math.abs(v - (15 + 10 * Math.sin((2 * Math.PI * (DAYS - H + j)) / 365)))).toBeLessThan(1.5));
    expect(win('sentiment').every((v) => Math.abs(v - 0.1) < 1e-9)).toBe(true);
  });

  it('planned prices and promotions are kept; the competitor gap uses the last price seen before the origin', () => {
    const { train } = holdoutSplit([item()], H);
    const c = train[0].covariates!;
    expect(c.promo.slice(DAYS - 10)).toEqual(new Array(10).fill(1));
    expect(c.price_rel.slice(DAYS - 10)).toEqual(new Array(10).fill(0.8));
    const gap = c.comp_gap.slice(DAYS - H, DAYS);
    expect(gap[0]).toBeCloseTo(0.25, 9); // not the 1.9 observed after the rival's cut
    expect(gap[gap.length - 1]).toBeCloseTo(0.8 / (1 / 1.25) - 1, 9); // our planned promotion against the rival's last price
  });

  it('asOfOrigin leaves the days before the origin untouched', () => {
    const it0 = item();
    const c = asOfOrigin(it0.covariates!, it0.series.start, DAYS - H);
    for (const k of Object.keys(c)) expect(c[k].slice(0, DAYS - H)).toEqual(it0.covariates![k].slice(0, DAYS - H));
  });
});
