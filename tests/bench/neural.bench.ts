/**
 * Neural model benchmark: training time on the best backend present, and accuracy of neural alone, statistical
 * 'auto', and 'auto' keeping neural only where it won, on a final window that did NOT decide anything: the store
 * is rewound to `n − H` days; the neural holdout (trained on `n − 2H`) is scored on the window before, which
 * decides per SKU; the forecasts of the last H days are scored once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '../../models/backend';
import { DEFAULT_PARAMS, train, type HybridParams } from '../../models/forecast/hybrid';
import type { DemandItem, NeuralHoldoutRun } from '../../engine/db/queries/forecast';
import { openStore } from '../../engine/db/store';
import { loadStoreFeatures } from '../../engine/forecast/features';
import { MetricAcc, naiveScale } from '../../engine/forecast/metrics';
import { atMean, holdoutSplit, toModelSeries } from '../../engine/forecast/neural';
import { keepNeuralWhereItWins } from '../../engine/forecast/neural-auto';
import { combineQuantiles } from '../../engine/forecast/combine';
import { chooseMany } from '../../engine/forecast/pool';
import type { GlobalItem, Quantiles, Series } from '../../engine/forecast/types';
import { attachCalendar } from '../../engine/forecast/calendar-effects';
import { addDays } from '../../engine/forecast/dates';
import { loadCalendarRows } from '../../engine/db/queries/forecast';
import { synthSeries } from '../unit/neural-synth';
import { printTable, type BenchRow } from './table';

const H = 28;

/** The store's calendar rows and the product id of each loaded item (same order). */
type CalendarRows = ReturnType<typeof loadCalendarRows> & { ids: number[] };

/** The series with the store's calendar attached as the app attaches it (loadStoreDemand), as of their own end. */
function withCalendar(series: Series[], cal: CalendarRows | undefined): Series[] {
  if (!cal) return series;
  const end = series.reduce((m, s) => {
    const last = addDays(s.start, s.values.length - 1);
    return last > m ? last : m;
  }, '');
  return attachCalendar(series, cal.ids, cal.events, cal.promos, end);
}

/** `--name=N` (the bench runner takes bare words as benchmark names). */
function flag(args: string[], name: string): number | undefined {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  const v = a ? Number(a.slice(name.length + 3)) : NaN;
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

/** CPU seconds of this process (wall time on a shared machine overstates the cost). */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** The demo store (generated, or DESK_BENCH_STORE), else synthetic series of the same size (said so). */
function loadItems(): { items: GlobalItem[]; source: string; calendar?: CalendarRows } {
  const given = process.env.DESK_BENCH_STORE;
  let dir: string | null = null;
  let path = given ?? '';
  let why = '';
  if (!given) {
    dir = mkdtempSync(join(tmpdir(), 'desk-bench-neural-'));
    path = join(dir, 'demo.db');
    const r = spawnSync(process.execPath, ['bin/desk.js', 'demo', '--out', path, '--end', '2026-10-31', '--json'], { encoding: 'utf8', timeout: 600_000 });
    if (r.status !== 0 || !existsSync(path)) why = `\`desk demo\` failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().split('\n').filter((l) => /Error|error/.test(l)).slice(0, 1).join(' ')}`;
  }
  try {
    if (!why) {
      const store = openStore(path, { create: false, backup: false });
      try {
        const { items } = loadStoreFeatures(store.db, H);
        // The event calendar and the planned promotions, which the statistical models read as the app does.
        return { items, source: `demo store ${given ? path : '(desk demo defaults)'}: ${items.length} SKUs`, calendar: { ...loadCalendarRows(store.db), ids: items.map((it) => it.productId) } };
      } finally {
        store.close();
      }
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`SKIPPED demo store: ${why}\nUsing synthetic series of the demo size instead (300 SKUs x 912 days, weekly pattern, promotions x2).\n`);
  const { train: s, truth } = synthSeries({ series: 300, days: 912 - H, horizon: H, seed: 2024 });
  return {
    items: s.map((m) => ({ series: { id: m.id, start: m.start, values: [...m.values, ...(truth.get(m.id) ?? [])], category: m.category, seasonLength: 7 }, covariates: m.covariates })),
    source: 'synthetic (demo store unavailable)',
  };
}

/** Trains on the items and forecasts H days after each history; wall and CPU seconds. */
async function trainPredict(items: GlobalItem[], params: Partial<HybridParams>, label: string): Promise<{ fc: Map<string, Quantiles>; median: Map<string, Quantiles>; wall: number; cpu: number }> {
  const t0 = performance.now();
  const c0 = cpuSeconds();
  const series = items.map(toModelSeries);
  const model = await train(series, params, {
    onProgress: (d, t) => {
      if (d % Math.max(1, Math.round(t / (params.epochs ?? 1))) === 0) process.stderr.write(`${label}: ${d}/${t} batches, ${((performance.now() - t0) / 1000).toFixed(0)} s wall\n`);
    },
  });
  try {
    const raw = model.predict(series, H);
    // As the product reads it (the mean head's value as the point), and the quantile heads' median for contrast.
    return { fc: atMean(raw), median: new Map([...raw].map(([id, q]) => [id, { p10: q.p10, p50: q.p50, p90: q.p90 }])), wall: (performance.now() - t0) / 1000, cpu: cpuSeconds() - c0 };
  } finally {
    model.dispose();
  }
}

/** WAPE and coverage of forecasts (by series id) on actuals (by series id); MASE on the given scales. */
function scoreAll(actual: Map<string, number[]>, fc: Map<string, Quantiles>, scale: Map<string, number>): { wape: number; coverage: number; mase: number; is: number; bias: number; n: number } {
  const acc = new MetricAcc();
  for (const [id, a] of actual) {
    const f = fc.get(id);
    if (f) acc.add(a, f, scale.get(id) ?? NaN);
  }
  const s = acc.scores();
  return { wape: s.wape, coverage: s.coverage, mase: s.mase, is: 10 * (s.pinball10 + s.pinball90), bias: s.bias, n: s.n };
}

/**
 * Runs the benchmark: `npm run bench -- neural [--epochs=N] [--windows=N] [--skus=N] [--back=K]`. `--back=K` first
 * drops the store's last K × 28 days, so the scored window is an earlier one (each window is a fresh out-of-sample
 * check: both models are trained on what was known before it).
 */
export async function run(args: string[]): Promise<void> {
  const backend = await selectBackend();
  process.stdout.write(`backend: ${backend.name} (tf ${backend.tfBackend})${backend.override ? ` forced by DESK_BACKEND=${backend.override}` : ''}; skipped: ${backend.skipped.map((s) => `${s.name} (${s.reason})`).join('; ') || 'none'}\n`);
  const loaded = loadItems();
  const skus = flag(args, 'skus');
  const back = flag(args, 'back') ?? 0;
  const used = skus ? loaded.items.slice(0, skus) : loaded.items;
  const all = back > 0 ? holdoutSplit(used, back * H).train : used;
  process.stdout.write(`data: ${loaded.source}${skus ? `, first ${used.length} used` : ''}${back ? `, last ${back * H} days dropped (an earlier window)` : ''}\n`);
  const params: Partial<HybridParams> = { horizon: H, epochs: flag(args, 'epochs') ?? DEFAULT_PARAMS.epochs, windowsPerEpoch: flag(args, 'windows') ?? DEFAULT_PARAMS.windowsPerEpoch };

  // Rewind the store H days: `asOf` is what forecast.run would see; `final` holds the H days scored at the end.
  const { train: asOf, actual: final } = holdoutSplit(all, H);
  // The neural holdout as trainOnStore makes it at that point: trained on history minus another H days.
  const { train: decideTrain } = holdoutSplit(asOf, H);
  const A = await trainPredict(decideTrain, params, 'neural holdout model');
  const B = await trainPredict(asOf, params, 'neural final model');

  const t2 = performance.now();
  const asOfSeries = withCalendar(
    asOf.map((it) => ({ ...it.series, seasonLength: 7 })),
    loaded.calendar,
  );
  const stat = await chooseMany(asOfSeries, { horizon: H, folds: 3 }, { workers: 1 });
  const statS = (performance.now() - t2) / 1000;

  // The store code path: per-SKU decision on the window before `final`, neural forecasts from the final model.
  const items: DemandItem[] = asOf.map((it, i) => ({ productId: i + 1, sku: it.series.id, category: it.series.category ?? null, series: asOfSeries[i] }));
  const bySku: NeuralHoldoutRun['bySku'] = new Map();
  decideTrain.forEach((it) => {
    const i = asOf.findIndex((x) => x.series.id === it.series.id);
    const f = A.fc.get(it.series.id);
    if (i >= 0 && f) bySku.set(i + 1, { productId: i + 1, sums: new MetricAcc().sums(), forecast: f });
  });
  const t3 = performance.now();
  const kept = await keepNeuralWhereItWins({ runId: 'bench', artefactPath: null, bySku }, items, stat, H, async (ids) => new Map(ids.map((id) => [id, B.fc.get(items[id - 1].sku) as Quantiles])));
  const decideS = (performance.now() - t3) / 1000;

  const scale = new Map(asOf.map((it) => [it.series.id, naiveScale(it.series.values, 7)]));
  const statFc = new Map<string, Quantiles>();
  const mixFc = new Map<string, Quantiles>();
  asOf.forEach((it, i) => {
    if (stat[i]) statFc.set(it.series.id, (stat[i] as { forecast: Quantiles }).forecast);
    const k = kept.choices[i];
    if (k) mixFc.set(it.series.id, k.forecast);
  });
  // The same picks with the neural bands as the model gives them (before the holdout calibration), for contrast.
  const rawFc = new Map<string, Quantiles>();
  asOf.forEach((it, i) => {
    const k = kept.choices[i];
    const st = statFc.get(it.series.id);
    const nf = B.fc.get(it.series.id);
    if (!k || !st) return;
    if (k.model === 'neural' && nf) rawFc.set(it.series.id, nf);
    else if (k.model === 'neural-blend' && nf && k.weights) rawFc.set(it.series.id, combineQuantiles([{ f: nf, w: k.weights.neural }, { f: st, w: 1 - k.weights.neural }]));
    else rawFc.set(it.series.id, k.forecast);
  });
  const rS = scoreAll(final, rawFc, scale);
  const nS = scoreAll(final, B.fc, scale);
  // The quantile heads' median as the point (what the product read before the mean head): wins absolute error by
  // forecasting below the mean on days that mostly sell nothing.
  const medS = scoreAll(final, B.median, scale);
  const sS = scoreAll(final, statFc, scale);
  const mS = scoreAll(final, mixFc, scale);
  // For contrast, the same rule scored on the window that decided it (optimistic: selection on the test data).
  const dec = new MetricAcc();
  const decStat = new MetricAcc();
  for (const c of kept.choices) {
    const ns = c?.sums['neural-holdout'];
    const ss = c?.sums['statistical-holdout'];
    if (!ns || !ss) continue;
    decStat.merge(ss);
    dec.merge(c.model.startsWith('neural') ? ns : ss);
  }

  const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;
  const s = kept.summary;
  const rows: BenchRow[] = [
    { metric: `WAPE, final ${H} days (not used to decide)`, ours: mS.wape, peer: sS.wape, peerName: 'statistical auto (3 folds)' },
    { metric: `WAPE, final ${H} days, neural alone`, ours: nS.wape, peer: sS.wape, peerName: 'statistical auto (3 folds)' },
    { metric: 'P10-P90 coverage, auto + neural where it won', ours: mS.coverage, peer: sS.coverage, peerName: 'statistical auto', target: '0.80' },
    { metric: 'P10-P90 coverage, neural alone', ours: nS.coverage, peer: sS.coverage, peerName: 'statistical auto', target: '0.80' },
    { metric: 'P10-P90 coverage, auto + neural, kept bands calibrated on the holdout window', ours: mS.coverage, peer: rS.coverage, peerName: 'same picks, neural bands uncalibrated', target: '0.75-0.85' },
    { metric: '80% interval score, auto + neural (10 x (pinball10 + pinball90) / sum|y|)', ours: mS.is, peer: rS.is, peerName: 'same picks, neural bands uncalibrated' },
    { metric: 'MASE, auto + neural where it won', ours: mS.mase, peer: sS.mase, peerName: 'statistical auto' },
    // WAPE and MASE reward a P50 below the mean on skewed daily counts; the neural P50 is a median (pinball loss) and the
    // statistical one a mean, so their bias (Σ(P50 − y) / Σy) is shown beside the accuracy.
    { metric: 'bias of the P50, auto + neural where it won', ours: mS.bias, peer: sS.bias, peerName: 'statistical auto', ratio: '—' },
    { metric: 'bias of the P50, neural alone', ours: nS.bias, peer: sS.bias, peerName: 'statistical auto', ratio: '—' },
    { metric: `WAPE, final ${H} days, neural alone, its quantile median as the point`, ours: medS.wape, peer: sS.wape, peerName: 'statistical auto (3 folds)' },
    { metric: 'bias of that median, neural alone', ours: medS.bias, peer: sS.bias, peerName: 'statistical auto', ratio: '—' },
    { metric: `SKUs kept on neural (alone / blended) of ${s.considered}`, ours: `${s.neural} / ${s.blend}`, peer: pct((s.neural + s.blend) / Math.max(1, s.considered)), peerName: 'share', ratio: '—' },
    { metric: 'WAPE on the deciding window (optimistic, for contrast)', ours: dec.scores().wape, peer: decStat.scores().wape, peerName: 'statistical auto, same window' },
    { metric: `neural training, ${params.epochs} epochs x ${params.windowsPerEpoch} windows, CPU`, ours: B.cpu, peer: statS, peerName: 'statistical auto fit + forecast (1 worker, wall)', unit: 's' },
    { metric: 'neural training, same, wall', ours: B.wall, peer: '—', peerName: '—', ratio: '—', unit: 's' },
    { metric: 'holdout model training (the store trains it too), CPU', ours: A.cpu, peer: '—', peerName: '—', ratio: '—', unit: 's' },
    { metric: 'per-SKU decision (refit the choice on the window before)', ours: decideS, peer: statS, peerName: 'statistical auto fit + forecast', unit: 's' },
  ];
  printTable(`Neural model in 'auto' on ${backend.name} — ${loaded.source}, ${asOf.length} series, final window n=${mS.n} SKU-days; kept SKUs' band factors ${JSON.stringify(s.bandScale ?? null)}; profiles where neural lost over all their SKUs (kept statistical) ${JSON.stringify(s.gated)}`, rows);
  process.stdout.write(`\nAuto with neural where it won: WAPE ${mS.wape.toFixed(3)} vs statistical auto ${sS.wape.toFixed(3)} (${((mS.wape / sS.wape - 1) * 100).toFixed(1)}%); neural alone ${nS.wape.toFixed(3)}.\n`);
}
