/**
 * Forecast benchmark: our statistical models vs R's forecast package (ets, auto.arima, thetaf, croston) on the same
 * series and folds — a demo store (daily) and ../shared retail_price.csv (monthly) — plus the 1,000 SKU × 2 year timing.
 * `npm run bench -- forecast [--skus=N] [--seed=N] [--r-skus=N] [--no-r] [--perf-skus=N] [--only=perf|m4|stores]`
 */
import { mulberry32 } from '../../models/rng';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../engine/db/store';
import { loadStoreDemand } from '../../engine/forecast/store-series';
import { backtestMany, type ModelSummary } from '../../engine/forecast/backtest-run';
import { foldOrigins } from '../../engine/forecast/backtest';
import { readLongCsv } from '../../engine/forecast/csv-series';
import { MetricAcc, naiveScale } from '../../engine/forecast/metrics';
import { chooseMany } from '../../engine/forecast/pool';
import type { Series } from '../../engine/forecast/types';
import { m4Section } from './forecast-m4';
import { rAvailable, runR } from './r/peer';
import { printTable, sharedData, type BenchRow } from './table';

const here = dirname(fileURLToPath(import.meta.url));
const OURS = ['snaive', 'ma', 'croston', 'sba', 'tsb', 'ets', 'theta', 'comb', 'ensemble', 'auto'];

function flag(args: string[], name: string, fallback: number): number {
  // --name=value (the bench runner takes bare words as benchmark names)
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : fallback;
}

interface PeerResult {
  summaries: ModelSummary[];
  secondsPerFit: Record<string, number>;
}

/** Runs the R peer on the same series and folds and scores its forecasts with our metric code. */
function runPeer(series: Series[], freq: number, horizon: number, folds: number, models: string[]): PeerResult {
  const { forecasts, timing } = runR(series, { freq, horizon, folds, models });
  const byId = new Map(series.map((s) => [s.id, s]));
  const acc = new Map<string, { acc: MetricAcc; ids: Set<string> }>();
  const pos = (v: number): number => Math.max(0, v);
  for (const g of forecasts) {
    const s = byId.get(g.id)!;
    let a = acc.get(g.model);
    if (!a) acc.set(g.model, (a = { acc: new MetricAcc(), ids: new Set() }));
    a.acc.add(s.values.slice(g.origin, g.origin + horizon), { p10: g.lo.map(pos), p50: g.mean.map(pos), p90: g.hi.map(pos) }, naiveScale(s.values.slice(0, g.origin), s.seasonLength ?? 1));
    a.ids.add(g.id);
  }
  const secondsPerFit: Record<string, number> = {};
  for (const t of timing) secondsPerFit[t.model] = t.seconds / Math.max(1, t.fits);
  return {
    summaries: [...acc].map(([model, a]) => ({ model: `R ${model}`, series: a.ids.size, seconds: timing.find((t) => t.model === model)?.seconds ?? NaN, ...a.acc.scores() })),
    secondsPerFit,
  };
}

function pct(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—';
}

async function compare(title: string, series: Series[], freq: number, horizon: number, folds: number, withR: boolean, rModels: string[]): Promise<void> {
  const fits = series.reduce((a, s) => a + foldOrigins(s.values.length, folds, horizon).length, 0);
  process.stdout.write(`\n${title}: ${series.length} series, horizon ${horizon}, ${folds} folds (${fits} fits per model)\n`);
  const ours = await backtestMany(series, { horizon, folds, models: OURS, lang: 'en' });
  const peer = withR ? runPeer(series, freq, horizon, folds, rModels) : null;
  const rEts = peer?.summaries.find((s) => s.model === 'R ets');
  const snaive = ours.find((s) => s.model === 'snaive')!;
  const rows: BenchRow[] = [];
  for (const s of [...ours, ...(peer?.summaries ?? [])]) {
    rows.push({ metric: `${s.model} WAPE`, ours: s.wape, peer: rEts?.wape ?? snaive.wape, peerName: rEts ? 'R ets' : 'our snaive' });
  }
  printTable(`${title} — WAPE (lower is better), each model vs R ets`, rows);
  printTable(
    `${title} — MASE, P10–P90 coverage (target 80% ± 5) with the 80% interval score (10 × (pinball10 + pinball90) ÷ Σ|y|, lower is better), bias, seconds`,
    [...ours, ...(peer?.summaries ?? [])].map((s) => ({ metric: s.model, ours: `MASE ${s.mase.toFixed(3)}, cov ${pct(s.coverage)}, IS ${(10 * (s.pinball10 + s.pinball90)).toFixed(3)}, bias ${pct(s.bias)}`, peer: `${s.seconds.toFixed(2)} s`, peerName: `${s.series} series`, ratio: '—' })),
  );
  const auto = ours.find((s) => s.model === 'auto')!;
  const ets = ours.find((s) => s.model === 'ets')!;
  const ourEtsPerFit = ets.seconds / Math.max(1, fits);
  const targets: BenchRow[] = [
    { metric: 'auto (choice+ensemble) WAPE vs seasonal naive', ours: auto.wape, peer: snaive.wape, peerName: 'our snaive', target: '≤ 0.85x' },
    { metric: 'auto P10–P90 coverage', ours: auto.coverage, peer: 0.8, peerName: 'nominal', target: '0.75–0.85' },
  ];
  // The yardstick: the choice against its best single candidate on the same folds.
  const singles = ours.filter((s) => !['snaive', 'comb', 'ensemble', 'auto'].includes(s.model) && Number.isFinite(s.wape));
  const bestSingle = singles.sort((a, b) => a.wape - b.wape)[0];
  if (bestSingle) targets.push({ metric: 'auto WAPE vs best single candidate', ours: auto.wape, peer: bestSingle.wape, peerName: `our ${bestSingle.model}`, target: '≤ 1.00x' });
  if (rEts && peer) {
    targets.push({ metric: 'auto WAPE vs R ets', ours: auto.wape, peer: rEts.wape, peerName: 'R ets', target: '≤ 1.00x' });
    targets.push({ metric: 'ETS seconds per fit', ours: ourEtsPerFit, peer: peer.secondsPerFit.ets, peerName: 'R ets', target: '≤ 1.00x', unit: 's' });
    const rArima = peer.summaries.find((s) => s.model === 'R arima');
    if (rArima) targets.push({ metric: 'auto WAPE vs R auto.arima', ours: auto.wape, peer: rArima.wape, peerName: 'R auto.arima', target: 'info' });
  }
  printTable(`${title} — targets (auto chose per outer fold: ${JSON.stringify(auto.chosen ?? {})}; 'pooled' = catalogue-wide pooled model + SBA on series too short to choose on)`, targets);
}

/** Synthetic daily SKUs (seeded): weekly season, trend, promotions, stockouts, a third intermittent. */
function synthetic(n: number, days: number, seed: number): Series[] {
  const r = mulberry32(seed);
  const pois = (mu: number): number => {
    if (mu > 30) return Math.max(0, Math.round(mu + Math.sqrt(mu) * (r() + r() + r() - 1.5) * 2));
    const l = Math.exp(-mu);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= r();
    } while (p > l);
    return k - 1;
  };
  return Array.from({ length: n }, (_, i) => {
    const base = i % 3 === 2 ? 0.2 + r() * 0.5 : 2 + r() * 30;
    const amp = r() * 0.5;
    const trend = (r() - 0.5) * 0.002;
    const values = Array.from({ length: days }, (_, t) => (r() < 0.02 ? NaN : pois(base * (1 + amp * Math.sin((2 * Math.PI * t) / 7)) * Math.exp(trend * t))));
    return { id: `S${i}`, start: '2024-01-01', values, seasonLength: 7 };
  });
}

/** The benchmark entry. */
export async function run(args: string[]): Promise<void> {
  const withR = !args.includes('--no-r') && rAvailable();
  if (!withR) process.stdout.write('R peer SKIPPED: Rscript with the forecast package is not available (or --no-r)\n');
  const nR = flag(args, 'r-skus', 100);

  const only = args.find((a) => a.startsWith('--only='))?.slice(7);
  if (only === 'm4') return m4Section(withR);
  if (only !== 'perf') await comparisons(args, withR, nR);
  // --only=stores: the demo store and retail_price.csv only (a development or report seed in a few minutes)
  if (only === 'stores') return;
  if (only !== 'perf') await m4Section(withR);
  await perf(args);
}

async function comparisons(args: string[], withR: boolean, nR: number): Promise<void> {
  // 1. Demo store, daily: generated by the demo generator (desk demo), last 2 years, a seeded sample of SKUs.
  const dir = mkdtempSync(join(tmpdir(), 'desk-fc-demo-'));
  try {
    const store = join(dir, 'demo.db');
    const skus = flag(args, 'skus', 300);
    process.stdout.write(`generating demo store (${skus} SKUs, seed ${flag(args, 'seed', 42)}) with desk demo…\n`);
    // Seed 42 is the reported store; the choice and the band calibration were developed on seeds 7 and 11 (--seed=N).
    const seed = flag(args, 'seed', 42);
    const gen = spawnSync('node', [join(here, '../../bin/desk.js'), 'demo', '--out', store, '--skus', String(skus), '--seed', String(seed), '--end', '2026-10-31'], { encoding: 'utf8' });
    if (gen.status !== 0 || !existsSync(store)) {
      process.stdout.write(`SKIPPED demo store: desk demo failed (${(gen.stderr ?? '').split('\n').slice(-3).join(' ')})\n`);
    } else {
      const st = openStore(store, { create: false });
      const { items } = loadStoreDemand(st.db, { maxDays: 730 });
      st.close();
      const sample = items.filter((_, i) => i % Math.max(1, Math.floor(items.length / nR)) === 0).slice(0, nR).map((it) => it.series);
      await compare(`Demo store (daily, ${sample.length} of ${items.length} SKUs)`, sample, 7, 28, 3, withR, ['snaive', 'ets', 'theta']);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // 2. retail_price.csv: monthly demand of 52 products.
  const retail = await sharedData('pricing/retail_price.csv');
  if (retail) {
    const { series } = await readLongCsv(retail, { id: 'product_id', date: 'month_year', value: 'qty', dateFormat: 'DD/MM/YYYY', freq: 'M', lang: 'en' });
    await compare('retail_price.csv (monthly, 52 products)', series, 12, 3, 2, withR, ['snaive', 'ets', 'arima', 'theta', 'croston']);
  }

}

async function perf(args: string[]): Promise<void> {
  // 3. Full statistical forecast with model choice: 1,000 SKUs × 2 years daily, 2 worker threads.
  const nPerf = flag(args, 'perf-skus', 1000);
  const series = synthetic(nPerf, 730, 42);
  const t0 = performance.now();
  const res = await chooseMany(series, { horizon: 28, folds: 3 }, { workers: 2 });
  const secs = (performance.now() - t0) / 1000;
  const chosen: Record<string, number> = {};
  for (const c of res) if (c) chosen[c.model] = (chosen[c.model] ?? 0) + 1;
  printTable(`Full forecast with model choice (synthetic seeded daily SKUs, 730 days, 3 folds × 28 days, 2 workers); chosen: ${JSON.stringify(chosen)}`, [
    { metric: `${nPerf} SKUs × 730 days, seconds`, ours: secs, peer: 60, peerName: 'target', target: '< 60 s', unit: 's' },
  ]);
}
