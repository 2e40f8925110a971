/**
 * Backtest in the M4 competition's protocol: one forecast from the end of each training row, scored on its test
 * row (or, without a test file, on rolling folds cut from the training rows). Every model, the automatic choice
 * included, is scored with sMAPE, MASE and OWA (against Naive2 on the same windows) next to WAPE and coverage.
 */
import { foldOrigins, trainPart } from './backtest';
import { chooseAndForecast } from './choose';
import { applyGroupChoice } from './group';
import { M4Acc, m4Scale, naive2 } from './m4';
import { MetricAcc, type AccuracyScores } from './metrics';
import { localModel, isLocalModelName } from './models/index';
import type { Quantiles, Series } from './types';

/** One scored window: the training part a model sees and the actuals after it. */
export interface M4Window {
  series: Series;
  actual: number[];
}

/** One model's row: M4 metrics, WAPE and the other accuracy scores, seconds. */
export interface M4Summary extends AccuracyScores {
  model: string;
  series: number;
  smape: number;
  m4mase: number;
  owa: number;
  seconds: number;
  /** For 'auto': how often each choice was made. */
  chosen?: Record<string, number>;
  /** Set on the rows of a subset of the windows (see m4Backtest's `subsets`). */
  subset?: string;
}

/** Windows of the competition's protocol (`test` given: one per row) or `folds` rolling windows per training row. */
export function m4Windows(train: Series[], horizon: number, o: { test?: number[][]; folds?: number }): M4Window[] {
  if (o.test) return train.map((s, i) => ({ series: s, actual: o.test![i] }));
  const out: M4Window[] = [];
  for (const s of train) {
    for (const origin of foldOrigins(s.values.length, o.folds ?? 1, horizon)) out.push({ series: trainPart(s, origin), actual: s.values.slice(origin, origin + horizon) });
  }
  return out;
}

/** Forecast of one model (or 'auto') for one window, and what was chosen. */
export type M4Forecaster = (s: Series, horizon: number) => { forecast: Quantiles; chosen?: string };

/** The forecaster behind a model name of `desk backtest --format m4`. */
export function m4Forecaster(name: string, folds: number, m4Period = 1): M4Forecaster {
  if (name === 'auto') return (s, h) => {
    const c = chooseAndForecast(s, { horizon: h, folds });
    return { forecast: c.forecast, chosen: c.model };
  };
  if (name === 'naive2') return (s, h) => {
    const p = naive2(s.values, h, m4Period);
    return { forecast: { p10: p, p50: p, p90: p } };
  };
  if (!isLocalModelName(name)) throw new Error(`unknown model ${name}`);
  const m = localModel(name);
  return (s, h) => ({ forecast: m.forecast(s, h) });
}

/** Scores each model on every window; `m` is the competition's MASE period (M4_PERIOD). Naive2 is the OWA yardstick. */
export function m4Backtest(
  windows: M4Window[],
  models: string[],
  o: {
    horizon: number;
    m: number;
    folds?: number;
    forecasters?: Record<string, M4Forecaster>;
    /** Also score these subsets of the windows (rows with `subset` set; OWA against Naive2 on the same subset). */
    subsets?: Record<string, (w: M4Window) => boolean>;
    onProgress?: (d: number, t: number, phase: string) => void;
  },
): M4Summary[] {
  const names = models.includes('naive2') ? models : ['naive2', ...models];
  const newAcc = (): { m4: M4Acc; acc: MetricAcc; seconds: number; chosen: Record<string, number> } => ({ m4: new M4Acc(), acc: new MetricAcc(), seconds: 0, chosen: {} });
  const accs = new Map(names.map((n) => [n, newAcc()]));
  const subsets = Object.entries(o.subsets ?? {});
  const subAccs = new Map(subsets.map(([k]) => [k, new Map(names.map((n) => [n, newAcc()]))]));
  const fc = new Map(names.map((n) => [n, o.forecasters?.[n] ?? m4Forecaster(n, o.folds ?? 3, o.m)]));
  let done = 0;
  // 'auto' chooses per group of similar series, so every window's choice is made before any is scored.
  if (names.includes('auto') && !o.forecasters?.auto) {
    const t0 = performance.now();
    const choices = windows.map((w) => {
      const c = chooseAndForecast(w.series, { horizon: o.horizon, folds: o.folds ?? 3, keepCandidates: true });
      o.onProgress?.(++done, windows.length * 2, 'auto');
      return c;
    });
    applyGroupChoice(choices);
    const bySeries = new Map(windows.map((w, i) => [w.series, choices[i]]));
    accs.get('auto')!.seconds = (performance.now() - t0) / 1000;
    fc.set('auto', (s) => {
      const c = bySeries.get(s);
      if (!c) throw new Error('auto: window without a choice');
      return { forecast: c.forecast, chosen: c.model };
    });
  }
  const base = done;
  for (const w of windows) {
    const scale = m4Scale(w.series.values, o.m);
    for (const name of names) {
      const a = accs.get(name)!;
      const t0 = performance.now();
      const r = fc.get(name)!(w.series, o.horizon);
      a.seconds += (performance.now() - t0) / 1000;
      const targets = [a, ...subsets.filter(([, f]) => f(w)).map(([k]) => subAccs.get(k)!.get(name)!)];
      for (const t of targets) {
        t.m4.add(w.actual, r.forecast.p50, scale);
        t.acc.add(w.actual, r.forecast, scale);
        if (r.chosen) t.chosen[r.chosen] = (t.chosen[r.chosen] ?? 0) + 1;
      }
    }
    o.onProgress?.(++done, base + windows.length, 'forecasts');
  }
  const rows = (set: typeof accs, subset?: string): M4Summary[] => {
    const ref = set.get('naive2')!.m4;
    return names.map((name) => {
      const a = set.get(name)!;
      const m = a.m4.scores(ref);
      const row: M4Summary = { model: name, series: a.m4.n, smape: m.smape, m4mase: m.mase, owa: m.owa, seconds: a.seconds, ...a.acc.scores() };
      if (Object.keys(a.chosen).length) row.chosen = a.chosen;
      if (subset) row.subset = subset;
      return row;
    });
  };
  return [...rows(accs), ...subsets.flatMap(([k]) => rows(subAccs.get(k)!, k))];
}
