/** Neural model benchmark: training time per epoch and total, and held-out accuracy vs seasonal naive and the statistical ensemble. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '../../models/backend';
import { DEFAULT_PARAMS, train, type HybridParams } from '../../models/forecast/hybrid';
import { openStore } from '../../engine/db/store';
import { loadStoreFeatures } from '../../engine/forecast/features';
import { holdoutSplit, scoreHoldout, toModelSeries, type HoldoutScores } from '../../engine/forecast/neural';
import type { GlobalItem, Quantiles } from '../../engine/forecast/types';
import { synthSeries } from '../unit/neural-synth';
import { printTable, type BenchRow } from './table';

const H = 28;

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
function loadItems(): { items: GlobalItem[]; source: string; cleanup: () => void } {
  const given = process.env.DESK_BENCH_STORE;
  let dir: string | null = null;
  let path = given ?? '';
  let why = '';
  if (!given) {
    dir = mkdtempSync(join(tmpdir(), 'desk-bench-neural-'));
    path = join(dir, 'demo.db');
    const r = spawnSync(process.execPath, ['bin/desk.js', 'demo', '--out', path, '--json'], { encoding: 'utf8', timeout: 600_000 });
    if (r.status !== 0 || !existsSync(path)) why = `\`desk demo\` failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().split('\n').filter((l) => /Error|error/.test(l)).slice(0, 1).join(' ')}`;
  }
  const cleanup = (): void => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  if (!why) {
    const store = openStore(path, { create: false, backup: false });
    try {
      const { items } = loadStoreFeatures(store.db, H);
      return { items, source: `demo store ${given ? path : '(desk demo defaults)'}: ${items.length} SKUs`, cleanup };
    } finally {
      store.close();
    }
  }
  process.stdout.write(`SKIPPED demo store: ${why}\nUsing synthetic series of the demo size instead (300 SKUs x 912 days, weekly pattern, promotions x2).\n`);
  const { train: s, truth } = synthSeries({ series: 300, days: 912 - H, horizon: H, seed: 2024 });
  cleanup();
  return {
    items: s.map((m) => ({ series: { id: m.id, start: m.start, values: [...m.values, ...(truth.get(m.id) ?? [])], category: m.category, seasonLength: 7 }, covariates: m.covariates })),
    source: 'synthetic (demo store unavailable)',
    cleanup: () => undefined,
  };
}

/** Runs the benchmark: `npm run bench -- neural [--epochs=N] [--windows=N] [--no-ensemble]`. */
export async function run(args: string[]): Promise<void> {
  const backend = await selectBackend();
  process.stdout.write(`backend: ${backend.name} (tf ${backend.tfBackend})${backend.override ? ` forced by DESK_BACKEND=${backend.override}` : ''}; skipped: ${backend.skipped.map((s) => `${s.name} (${s.reason})`).join('; ') || 'none'}\n`);
  const { items, source, cleanup } = loadItems();
  try {
    process.stdout.write(`data: ${source}\n`);
    const { train: trainItems, actual } = holdoutSplit(items, H);
    const params: Partial<HybridParams> = { horizon: H, epochs: flag(args, 'epochs') ?? DEFAULT_PARAMS.epochs, windowsPerEpoch: flag(args, 'windows') ?? DEFAULT_PARAMS.windowsPerEpoch };
    const series = trainItems.map(toModelSeries);
    const epochEnds: number[] = [];
    const t0 = performance.now();
    const c0 = cpuSeconds();
    const model = await train(series, params, {
      onProgress: (d, t) => {
        const per = t / (params.epochs ?? 1);
        if (d % per === 0) {
          epochEnds.push(performance.now());
          process.stderr.write(`neural epoch ${epochEnds.length}/${params.epochs}: ${((performance.now() - t0) / 1000).toFixed(1)} s wall, ${(cpuSeconds() - c0).toFixed(1)} s CPU\n`);
        }
      },
    });
    const trainS = (performance.now() - t0) / 1000;
    const trainCpu = cpuSeconds() - c0;
    const t1 = performance.now();
    const neural = model.predict(series, H);
    const predictMs = performance.now() - t1;
    model.dispose();
    const nScores = scoreHoldout(actual, neural);

    const { seasonalNaive } = await import('../../engine/forecast/models/simple');
    const naive = new Map<string, Quantiles>(trainItems.map((it) => [it.series.id, seasonalNaive.forecast({ ...it.series, seasonLength: 7 }, H)]));
    const sScores = scoreHoldout(actual, naive);

    let eScores: HoldoutScores | null = null;
    let ensembleS = 0;
    if (!args.includes('--no-ensemble')) {
      const { chooseMany } = await import('../../engine/forecast/pool');
      const t2 = performance.now();
      const choices = await chooseMany(trainItems.map((it) => ({ ...it.series, seasonLength: 7 })), { horizon: H, folds: 2, force: 'ensemble' }, { workers: 1 });
      ensembleS = (performance.now() - t2) / 1000;
      const ens = new Map<string, Quantiles>();
      choices.forEach((c, i) => c && ens.set(trainItems[i].series.id, c.forecast));
      eScores = scoreHoldout(actual, ens);
    }

    const perEpoch = epochEnds.length ? (epochEnds[epochEnds.length - 1] - t0) / 1000 / epochEnds.length : NaN;
    const rows: BenchRow[] = [
      { metric: `WAPE, last ${H} days held out (lower is better)`, ours: nScores.wape, peer: sScores.wape, peerName: 'seasonal naive (weekly)' },
      { metric: 'P10-P90 coverage (nominal 0.80)', ours: nScores.coverage, peer: sScores.coverage, peerName: 'seasonal naive (weekly)', target: '0.80' },
    ];
    if (eScores) {
      rows.push(
        { metric: `WAPE, last ${H} days held out (lower is better)`, ours: nScores.wape, peer: eScores.wape, peerName: 'statistical ensemble (2 folds)' },
        { metric: 'P10-P90 coverage (nominal 0.80)', ours: nScores.coverage, peer: eScores.coverage, peerName: 'statistical ensemble (2 folds)', target: '0.80' },
        { metric: 'fit + forecast time, all SKUs', ours: trainS + predictMs / 1000, peer: ensembleS, peerName: 'statistical ensemble (1 worker)', unit: 's' },
      );
    }
    rows.push(
      { metric: `training time per epoch (${params.windowsPerEpoch} windows), wall`, ours: perEpoch, peer: '—', peerName: '—', ratio: '—', unit: 's' },
      { metric: `training time per epoch (${params.windowsPerEpoch} windows), CPU`, ours: trainCpu / (params.epochs ?? 1), peer: '—', peerName: '—', ratio: '—', unit: 's', target: '≤ 30 s' },
      { metric: `training time total (${params.epochs} epochs), wall`, ours: trainS, peer: '—', peerName: '—', ratio: '—', unit: 's' },
      { metric: `training time total (${params.epochs} epochs), CPU of this process`, ours: trainCpu, peer: '—', peerName: '—', ratio: '—', unit: 's', target: '120–240 s' },
      { metric: `predict ${series.length} SKUs x ${H} days`, ours: predictMs, peer: '—', peerName: '—', ratio: '—', unit: 'ms' },
    );
    printTable(`Neural demand model on ${backend.name} — ${source}, ${series.length} series, n=${nScores.n} held-out days`, rows);
    const best = eScores && eScores.wape < sScores.wape ? { name: 'statistical ensemble', w: eScores.wape } : { name: 'seasonal naive', w: sScores.wape };
    process.stdout.write(`\nNeural ${nScores.wape < best.w ? 'wins' : 'does not win'}: WAPE ${nScores.wape.toFixed(3)} vs best baseline ${best.name} ${best.w.toFixed(3)}.\n`);
  } finally {
    cleanup();
  }
}
