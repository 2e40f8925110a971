/**
 * M4 Weekly section of the forecast benchmark: the competition's protocol (one forecast from the end of each
 * training row, scored on the test row) through `m4Backtest`, next to the organisers' published figures from the
 * data folder's README. The choice's margin and number of folds were tuned on validation windows (the last 13
 * weeks of each training row) of the series with an even id hash only; the odd-hash half is reported apart.
 */
import { join } from 'node:path';
import { pairM4, readM4 } from '../../engine/forecast/m4-read';
import { m4Backtest, m4Windows, type M4Forecaster, type M4Summary, type M4Window } from '../../engine/forecast/m4-run';
import { runR } from './r/peer';
import { printTable, sharedData } from './table';

/** FNV-1a of a series id: its parity splits M4 Weekly into the tuning half (even) and the held-out half (odd). */
export function idHash(id: string): number {
  let x = 2166136261;
  for (let i = 0; i < id.length; i++) x = Math.imul(x ^ id.charCodeAt(i), 16777619) >>> 0;
  return x;
}

/** Published accuracy on M4 Weekly (the data folder's README: organisers' results file; R measured there). */
const PUBLISHED: [string, number, number, number][] = [
  ['Naive2', 9.161, 2.777, 1.0],
  ['SES', 9.012, 2.685, 0.975],
  ['Theta', 9.093, 2.637, 0.971],
  ['Damped', 8.866, 2.404, 0.917],
  ['Comb (SES/Holt/Damped)', 8.944, 2.432, 0.926],
  ['R ets (forecast 8.20)', 8.727, 2.527, 0.931],
  ['R auto.arima', 8.593, 2.541, 0.927],
  ['R thetaf', 9.089, 2.639, 0.971],
  ['ES-RNN (M4 winner)', 7.817, 2.356, 0.851],
  ['FFORMA', 7.625, 2.108, 0.796],
  ['Forecast Pro (weekly winner)', 6.582, 2.107, 0.739],
];

/**
 * R's forecast package on the same windows (r/peer.ts, one forecast from each window's end): `R ets`, `R auto.arima`,
 * `R thetaf` as the data README measured them (frequency 1), and `R thetaf (freq 52)`. Forecasters for m4Backtest,
 * keyed by window.
 */
function rForecasters(windows: M4Window[], horizon: number): { forecasters: Record<string, M4Forecaster>; seconds: Record<string, number> } {
  const series = windows.map((w, i) => ({ id: String(i), values: w.series.values }));
  const byWindow = new Map<string, { mean: number[]; lo: number[]; hi: number[] }>();
  const seconds: Record<string, number> = {};
  const label = (model: string, freq: number): string => `R ${model === 'arima' ? 'auto.arima' : model === 'theta' ? 'thetaf' : model}${freq === 52 ? ' (freq 52)' : ''}`;
  for (const [freq, models] of [[1, ['ets', 'arima', 'theta']], [52, ['theta']]] as const) {
    const { forecasts, timing } = runR(series, { freq, horizon, folds: 0, models: [...models], stderr: 'ignore' });
    for (const g of forecasts) byWindow.set(`${label(g.model, freq)}\u0000${g.id}`, g);
    for (const t of timing) seconds[label(t.model, freq)] = t.seconds;
  }
  const index = new Map(windows.map((w, i) => [w.series, i]));
  const forecasters: Record<string, M4Forecaster> = {};
  for (const name of Object.keys(seconds))
    forecasters[name] = (s) => {
      const g = byWindow.get(`${name}\u0000${index.get(s)}`);
      // A fit R could not make scores as Naive1 (the last value), as the organisers' benchmarks fall back.
      const last = s.values[s.values.length - 1];
      const flat = Array.from({ length: horizon }, () => last);
      return { forecast: g ? { p10: g.lo, p50: g.mean, p90: g.hi } : { p10: flat, p50: flat, p90: flat } };
    };
  return { forecasters, seconds };
}

/** Runs the section; prints SKIPPED when the data is absent. With `withR`, R's models run on the same windows. */
export async function m4Section(withR = false): Promise<void> {
  const dir = await sharedData('forecasting/m4_weekly');
  if (!dir) return;
  const t0 = performance.now();
  const train = await readM4(join(dir, 'Weekly-train.csv'), { freq: 'W', lang: 'en' });
  const testFile = join(dir, 'Weekly-test.csv');
  const test = pairM4(train, await readM4(testFile, { freq: 'W', lang: 'en' }), 13, { testFile, lang: 'en' });
  const windows = m4Windows(train, 13, { test });
  const r = withR ? rForecasters(windows, 13) : null;
  if (!withR) process.stdout.write('M4 Weekly: R peer SKIPPED (Rscript with the forecast package is not available, or --no-r); the published R figures are shown\n');
  const rows = m4Backtest(windows, ['naive2', 'snaive', 'ma', 'croston', 'sba', 'tsb', 'ets', 'theta', 'auto', ...Object.keys(r?.forecasters ?? {})], {
    horizon: 13,
    m: 1,
    folds: 3,
    forecasters: r?.forecasters,
    subsets: { 'held-out half': (w) => idHash(w.series.id) % 2 === 1 },
  });
  const secs = (performance.now() - t0) / 1000;
  const naive = rows.find((r) => r.model === 'naive2' && !r.subset)!;
  // The 80% interval score (10 × (pinball10 + pinball90) ÷ Σ|y|) beside the coverage: narrower is only better if it scores better.
  const show = (r: M4Summary): string => `sMAPE ${r.smape.toFixed(3)}, MASE ${r.m4mase.toFixed(3)}, WAPE ${(r.wape * 100).toFixed(2)}%, cov ${(r.coverage * 100).toFixed(1)}%, IS ${(10 * (r.pinball10 + r.pinball90)).toFixed(4)}`;
  printTable(
    `M4 Weekly (${train.length} series, h = 13, official test file; OWA vs Naive2 measured in the same run; ${secs.toFixed(0)} s). auto chose ${JSON.stringify(rows.find((r) => r.model === 'auto' && !r.subset)?.chosen ?? {})}`,
    [
      ...rows.map((r) => ({ metric: `${r.subset ? `[${r.subset}, ${r.series} series] ` : ''}${r.model}: ${show(r)}`, ours: r.owa, peer: 0.851, peerName: 'ES-RNN OWA', target: r.model === 'auto' ? '≤ 0.90' : '' })),
      ...PUBLISHED.map(([name, smape, mase, owa]) => ({ metric: `${name} (published): sMAPE ${smape.toFixed(3)}, MASE ${mase.toFixed(3)}`, ours: owa, peer: 0.851, peerName: 'ES-RNN OWA', ratio: '—' })),
      { metric: 'our Naive2 sMAPE / MASE vs published', ours: `${naive.smape.toFixed(3)} / ${naive.m4mase.toFixed(3)}`, peer: '9.161 / 2.777', peerName: 'published', ratio: '—' },
      ...Object.entries(r?.seconds ?? {}).map(([name, sec]) => ({ metric: `our auto seconds (choice and forecast, all series) vs ${name} (same run)`, ours: rows.find((x) => x.model === 'auto' && !x.subset)!.seconds, peer: sec, peerName: name, unit: 's' })),
    ],
  );
  if (!withR) return;
  // The rolling validation fold (the last 13 weeks of each training row): the same models, R's included, on the same
  // windows. The choice's margin and folds were tuned on this fold's even-hash half, so the odd half is shown apart.
  const t1 = performance.now();
  const vWindows = m4Windows(train, 13, { folds: 1 });
  const rv = rForecasters(vWindows, 13);
  const vRows = m4Backtest(vWindows, ['naive2', 'sba', 'ets', 'theta', 'auto', ...Object.keys(rv.forecasters)], {
    horizon: 13,
    m: 1,
    folds: 3,
    forecasters: rv.forecasters,
    subsets: { 'held-out half': (w) => idHash(w.series.id) % 2 === 1 },
  });
  const rEts = (subset?: string): number => vRows.find((x) => x.model === 'R ets' && x.subset === subset)!.owa;
  printTable(
    `M4 Weekly, rolling validation fold (last 13 weeks of each training row, ${vWindows.length} windows; R measured in the same run; ${((performance.now() - t1) / 1000).toFixed(0)} s)`,
    vRows.map((x) => ({ metric: `${x.subset ? `[${x.subset}, ${x.series} series] ` : ''}${x.model}: ${show(x)}`, ours: x.owa, peer: rEts(x.subset), peerName: 'R ets OWA' })),
  );
}
