/** Aggregates per-series backtest sums into rows per model: all SKUs and per category. */
import type { BacktestRow } from '../db/queries/forecast';
import { MetricAcc, type MetricSums } from './metrics';

/** One series' backtest sums with its category. */
export interface SeriesSums {
  category: string | null;
  sums: Record<string, MetricSums>;
}

/** Rows per model over all series ('all', key '*') and per category. */
export function aggregateBacktests(items: SeriesSums[]): BacktestRow[] {
  const groups = new Map<string, { scope: 'all' | 'category'; key: string; acc: Map<string, { acc: MetricAcc; series: number }> }>();
  const add = (scope: 'all' | 'category', key: string, model: string, s: MetricSums): void => {
    const gk = `${scope}\u0000${key}`;
    let g = groups.get(gk);
    if (!g) groups.set(gk, (g = { scope, key, acc: new Map() }));
    let a = g.acc.get(model);
    if (!a) g.acc.set(model, (a = { acc: new MetricAcc(), series: 0 }));
    a.acc.merge(s);
    a.series++;
  };
  for (const it of items) {
    for (const [model, s] of Object.entries(it.sums)) {
      add('all', '*', model, s);
      add('category', it.category ?? '—', model, s);
    }
  }
  const rows: BacktestRow[] = [];
  for (const g of groups.values()) {
    for (const [model, { acc, series }] of g.acc) {
      const sc = acc.scores();
      rows.push({ scope: g.scope, key: g.key, model, wape: sc.wape, mase: sc.mase, bias: sc.bias, pinball10: sc.pinball10, pinball50: sc.pinball50, pinball90: sc.pinball90, coverage: sc.coverage, n: sc.n, series });
    }
  }
  return rows.sort((a, b) => (a.scope + a.key).localeCompare(b.scope + b.key) || (a.wape ?? Infinity) - (b.wape ?? Infinity));
}
