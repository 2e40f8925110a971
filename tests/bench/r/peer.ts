/**
 * Runs R's forecast package (forecast_peer.R) on series and reads its forecasts back, for the forecast benchmarks:
 * the demo stores' rolling folds (forecast.bench.ts) and the M4 windows (forecast-m4.ts, 0 folds: one forecast from
 * each series' end).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const here = dirname(fileURLToPath(import.meta.url));

/** Whether Rscript with the forecast package can run here. */
export function rAvailable(): boolean {
  const r = spawnSync('Rscript', ['-e', 'suppressMessages(library(forecast)); cat("ok")'], { encoding: 'utf8' });
  return r.stdout?.includes('ok') ?? false;
}

/** One R forecast: the series' id, the origin (values before it were fitted), the model, mean and 80% band (NA = NaN). */
export interface RForecast {
  id: string;
  origin: number;
  model: string;
  mean: number[];
  lo: number[];
  hi: number[];
}

/**
 * Fits `models` (ets, arima, theta, croston, snaive) at frequency `freq` on each series' rolling `folds` origins of
 * `horizon` (0 folds: one forecast from the end) and returns the forecasts and each model's seconds and fits.
 */
export function runR(series: { id: string; values: ArrayLike<number> }[], o: { freq: number; horizon: number; folds: number; models: string[]; stderr?: 'inherit' | 'ignore' }): { forecasts: RForecast[]; timing: { model: string; seconds: number; fits: number }[] } {
  const dir = mkdtempSync(join(tmpdir(), 'desk-r-peer-'));
  try {
    const lines = ['id,t,value'];
    // CSV quoting (a quote inside is doubled), which R's read.csv reads back: ids may hold commas and quotes.
    const quoted = (id: string): string => `"${id.replace(/"/g, '""')}"`;
    for (const s of series) Array.from(s.values).forEach((v, t) => lines.push(`${quoted(s.id)},${t + 1},${Number.isFinite(v) ? v : 'NA'}`));
    writeFileSync(join(dir, 'series.csv'), lines.join('\n'));
    const out = join(dir, 'out.csv');
    execFileSync('Rscript', [join(here, 'forecast_peer.R'), join(dir, 'series.csv'), out, String(o.freq), String(o.horizon), String(o.folds), o.models.join(',')], { stdio: ['ignore', 'ignore', o.stderr ?? 'inherit'], maxBuffer: 1 << 28 });
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as { id: string; origin: string; model: string; mean: string; lo80: string; hi80: string }[];
    const num = (v: string): number => (v === 'NA' ? NaN : Number(v));
    const groups = new Map<string, RForecast>();
    for (const r of rows) {
      const k = `${r.model}\u0000${r.id}\u0000${r.origin}`;
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { id: r.id, origin: Number(r.origin), model: r.model, mean: [], lo: [], hi: [] }));
      g.mean.push(num(r.mean));
      g.lo.push(num(r.lo80));
      g.hi.push(num(r.hi80));
    }
    const timing = (parse(readFileSync(`${out}.timing`, 'utf8'), { columns: true }) as { model: string; seconds: string; fits: string }[]).map((t) => ({ model: t.model, seconds: Number(t.seconds), fits: Number(t.fits) }));
    return { forecasts: [...groups.values()], timing };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
