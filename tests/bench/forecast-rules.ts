/**
 * Development tool for the group rules (issue 15): caches the honest outer folds of a demo store once (each fold's
 * choice with every candidate's inner folds and final forecast kept), then scores `auto` under any group rule from the
 * cache in seconds, next to the single candidates on the same folds. Same sample and folds as the forecast benchmark
 * (100 of the store's SKUs, 3 outer folds × 28 days); it reproduces its `auto` figures.
 *   node --import tsx tests/bench/forecast-rules.ts cache STORE.db OUT.json [--no-calendar] [--max-folds=N]
 *   node --import tsx tests/bench/forecast-rules.ts score OUT.json [...] [--rules=mean2,anchored] [--by-profile] [--point-median]
 * Per store and rule it prints `auto` against the store's best single candidate (by Σ|error|, the seasonal naive left out)
 * and, with --by-profile, where the difference comes from: Σ|error| of `auto` minus that single's per class of series
 * (profile of the series' last outer fold; 'thin' = no candidates kept, the pooled model). With several stores it ends
 * with a summary per rule: on how many stores `auto` is at or below the best single, the mean and the worst gap.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { openStore } from '../../engine/db/store';
import { loadDemand } from '../../engine/db/queries/forecast';
import { loadStoreDemand } from '../../engine/forecast/store-series';
import { chooseAndForecast } from '../../engine/forecast/choose';
import { withPoint } from '../../engine/forecast/combine';
import { evaluateAutoFolds, scoreAutoFolds, type AutoFold } from '../../engine/forecast/evaluate';
import type { GroupRule } from '../../engine/forecast/group-rule';
import { MetricAcc, type MetricSums } from '../../engine/forecast/metrics';
import { attachPooled } from '../../engine/forecast/thin';

const H = 28;
const FOLDS = 3;
const SINGLES = ['snaive', 'ma', 'croston', 'sba', 'tsb', 'ets', 'theta'] as const;

interface Cache {
  folds: (AutoFold[] | null)[];
  /** Backtest sums of each single model per series, as the benchmark scores them. */
  singles: Record<string, MetricSums>[];
}

function cache(db: string, out: string, calendar: boolean, maxFolds?: number): void {
  const st = openStore(db, { create: false });
  // --no-calendar: the series as before the calendar effects (special days fitted as any other, no uplift ahead).
  const { items } = calendar ? loadStoreDemand(st.db, { maxDays: 730 }) : loadDemand(st.db, { maxDays: 730 });
  st.close();
  const sample = items.filter((_, i) => i % Math.max(1, Math.floor(items.length / 100)) === 0).slice(0, 100).map((it) => it.series);
  const series = attachPooled(sample, { horizon: H, folds: FOLDS }, 'auto');
  const folds = series.map((s) => evaluateAutoFolds(s, { horizon: H, folds: FOLDS, choose: { horizon: H, folds: FOLDS, ...(maxFolds ? { maxFolds } : {}) } }));
  const singles = series.map((s) => chooseAndForecast(s, { horizon: H, folds: FOLDS, maxFolds: FOLDS, final: false, models: [...SINGLES] }).sums);
  writeFileSync(out, JSON.stringify({ folds, singles } satisfies Cache));
}

const fmt = (a: MetricAcc): string => {
  const s = a.scores();
  return `WAPE ${s.wape.toFixed(4)} MASE ${s.mase.toFixed(3)} cov ${(100 * s.coverage).toFixed(1)}% IS ${(10 * (s.pinball10 + s.pinball90)).toFixed(3)} bias ${(100 * s.bias).toFixed(1)}%`;
};

/** Class of a series for --by-profile: the profile of its last outer fold, 'thin' when that fold kept no candidates. */
const classOf = (folds: AutoFold[] | null): string => {
  const last = folds?.[folds.length - 1];
  return !last ? 'none' : last.choice.candidates ? last.choice.profile : 'thin';
};

/**
 * --point-median (analysis only, not the product): per outer fold and profile, the factor k that minimises Σ|y − k·P50|
 * over the inner folds of the group's SBA forecasts (the weighted median of y / P50), applied to `auto`'s P50 (band
 * kept around it). It shows how much of a WAPE or MASE difference a P50 below the mean buys on skewed daily counts.
 */
function medianFactors(folds: (AutoFold[] | null)[]): Map<AutoFold, number> {
  const depth = Math.max(0, ...folds.map((f) => f?.length ?? 0));
  const out = new Map<AutoFold, number>();
  for (let j = 1; j <= depth; j++) {
    const groups = new Map<string, AutoFold[]>();
    for (const fs of folds) {
      const f = fs && fs.length >= j ? fs[fs.length - j] : null;
      if (!f?.choice.candidates) continue;
      const list = groups.get(f.choice.profile) ?? [];
      list.push(f);
      groups.set(f.choice.profile, list);
    }
    for (const list of groups.values()) {
      const pts: [number, number][] = [];
      for (const f of list)
        for (const cf of f.choice.candidates?.sba?.folds ?? [])
          for (let i = 0; i < cf.actual.length; i++) if (Number.isFinite(cf.actual[i]) && cf.forecast.p50[i] > 0) pts.push([cf.actual[i] / cf.forecast.p50[i], cf.forecast.p50[i]]);
      pts.sort((a, b) => a[0] - b[0]);
      const total = pts.reduce((a, b) => a + b[1], 0);
      let acc = 0;
      let k = 1;
      for (const [r, w] of pts) if ((acc += w) >= total / 2) {
        k = r;
        break;
      }
      for (const f of list) out.set(f, Math.min(1.5, Math.max(0.5, k)));
    }
  }
  return out;
}

function score(files: string[], rules: GroupRule[], byProfile: boolean, pointMedian = false): void {
  const gaps = new Map<GroupRule, number[]>(rules.map((r) => [r, []]));
  for (const file of files) {
    const raw = readFileSync(file, 'utf8');
    const { singles } = JSON.parse(raw) as Cache;
    process.stdout.write(`${file}\n`);
    const total: Record<string, number> = {};
    for (const name of SINGLES) {
      const acc = new MetricAcc();
      for (const r of singles) if (r[name]) acc.merge(MetricAcc.from(r[name]));
      total[name] = acc.absErr;
      process.stdout.write(`  ${name.padEnd(8)} ${fmt(acc)}\n`);
    }
    // The yardstick is never chosen, so it is not the bar either.
    const best = SINGLES.filter((n) => n !== 'snaive' && total[n] > 0).reduce((a, b) => (total[a] <= total[b] ? a : b));
    for (const rule of rules) {
      // A fresh copy per rule: the group choice consumes the folds' candidates.
      const { folds } = JSON.parse(raw) as Cache;
      const classes = folds.map(classOf);
      const factors = pointMedian ? medianFactors(folds) : null;
      const acc = new MetricAcc();
      const chosen: Record<string, number> = {};
      const delta: Record<string, number> = {};
      for (const [i, r] of scoreAutoFolds(folds, undefined, rule).entries()) {
        if (!r) continue;
        if (factors) {
          const a = new MetricAcc();
          for (const f of folds[i] ?? []) {
            const k = factors.get(f) ?? 1;
            const q = f.choice.forecast;
            a.add(f.actual, withPoint(q, q.p50.map((v) => k * v)), f.scale);
          }
          r.sums = a.sums();
        }
        acc.merge(MetricAcc.from(r.sums));
        for (const m of r.chosen) chosen[m] = (chosen[m] ?? 0) + 1;
        delta[classes[i]] = (delta[classes[i]] ?? 0) + r.sums.absErr - (singles[i][best]?.absErr ?? 0);
      }
      const gap = acc.absErr / total[best] - 1;
      gaps.get(rule)!.push(gap);
      process.stdout.write(`  auto[${rule}] ${fmt(acc)} ${JSON.stringify(chosen)}\n`);
      process.stdout.write(`    vs best single (${best}): ${gap >= 0 ? '+' : ''}${(100 * gap).toFixed(2)}%`);
      if (byProfile) process.stdout.write(`; Σ|error| auto − ${best} by class: ${Object.entries(delta).map(([k, v]) => `${k} ${v >= 0 ? '+' : ''}${v.toFixed(0)}`).join(', ')}`);
      process.stdout.write('\n');
    }
  }
  if (files.length < 2) return;
  for (const [rule, g] of gaps) {
    const mean = g.reduce((a, b) => a + b, 0) / g.length;
    process.stdout.write(`auto[${rule}] at or below the best single on ${g.filter((x) => x <= 0).length} of ${g.length} stores; mean gap ${(100 * mean).toFixed(3)}%, worst ${(100 * Math.max(...g)).toFixed(2)}%\n`);
  }
}

const [cmd, ...rest] = process.argv.slice(2);
const rules = (rest.find((a) => a.startsWith('--rules='))?.slice(8) ?? 'anchored').split(',') as GroupRule[];
const files = rest.filter((a) => !a.startsWith('--'));
if (cmd === 'cache' && files.length === 2) cache(files[0], files[1], !rest.includes('--no-calendar'), Number(rest.find((a) => a.startsWith('--max-folds='))?.slice(12)) || undefined);
else if (cmd === 'score') score(rest.filter((a) => !a.startsWith('--')), rules, rest.includes('--by-profile'), rest.includes('--point-median'));
else process.stdout.write('usage: forecast-rules.ts cache STORE.db OUT.json [--no-calendar] [--max-folds=N] | score OUT.json [...] [--rules=mean2,median3,meta,anchored] [--by-profile] [--point-median]\n');
