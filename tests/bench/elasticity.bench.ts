/** Elasticity benchmark: demo store vs its true elasticities (ours vs a naive log-log fit), and the retail price CSV with and without competitor controls. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../engine/db/store';
import { readTable } from '../../engine/io/reader';
import { DEFAULT_ELASTICITY_OPTIONS, estimateElasticities } from '../../engine/pricing/elasticity';
import { buildDesign } from '../../engine/pricing/elasticity-design';
import { poisson } from '../../engine/pricing/glm';
import type { PriceSeries } from '../../engine/pricing/elasticity-types';
import { csvSeries } from '../../engine/pricing/elasticity-csv';
import { estimateStoreElasticities, loadStoreSeries, storeControlNames } from '../../engine/pricing/elasticity-store';
import type { ElasticityEstimate } from '../../engine/pricing/elasticity-types';
import { printTable, sharedData } from './table';

const median = (v: number[]): number => {
  if (!v.length) return NaN;
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function demoStore(): { path: string; cleanup: () => void } | null {
  const given = process.env.DESK_BENCH_STORE;
  if (given) return { path: given, cleanup: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'desk-bench-elast-'));
  const path = join(dir, 'demo.db');
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['bin/desk.js', 'demo', '--out', path, '--end', '2026-10-31', '--json'], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0 || !existsSync(path)) {
    const why = (r.stderr || r.stdout).split('\n').filter((l) => /Error|error:/.test(l)).slice(0, 2).join(' | ');
    process.stdout.write(`SKIPPED demo part: \`desk demo\` failed (exit ${r.status}): ${why || 'no message'}. Set DESK_BENCH_STORE=FILE to use an existing demo store.\n`);
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  process.stdout.write(`demo store generated in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Peer check of the solver: the same design matrices fitted by R's glm(quasipoisson); skipped without Rscript. */
function rPeer(series: PriceSeries[], controlNames: string[]): void {
  const which = spawnSync('Rscript', ['--version'], { encoding: 'utf8' });
  if (which.error || which.status !== 0) {
    process.stdout.write('SKIPPED R peer: Rscript is not installed\n');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'desk-bench-glm-'));
  try {
    const ours: { b: number; se: number; ms: number }[] = [];
    const files: string[] = [];
    for (const s of series) {
      const d = buildDesign(s, { ...DEFAULT_ELASTICITY_OPTIONS, controlNames });
      if (d.y.length < 60 || d.y.every((y) => y === 0)) continue;
      const t = performance.now();
      const fit = poisson(d.x, d.y, d.offset);
      const ms = performance.now() - t;
      if (!fit) continue;
      ours.push({ b: fit.beta[1], se: Math.sqrt(fit.cov[1][1]), ms });
      const f = join(dir, `s${files.length}.csv`);
      writeFileSync(f, ['y,off,' + d.names.map((_, j) => `x${j}`).join(','), ...d.y.map((y, i) => [y, d.offset[i], ...d.x[i]].join(','))].join('\n'));
      files.push(f);
    }
    const script = `files <- commandArgs(TRUE)[-1]; out <- commandArgs(TRUE)[1]; t0 <- proc.time()[["elapsed"]]
res <- t(sapply(files, function(f) { d <- read.csv(f); m <- glm(y ~ . - 1 - off + offset(off), family = quasipoisson(), data = d)
  s <- summary(m)$coefficients; c(s["x1", 1], s["x1", 2]) }))
write.csv(data.frame(b = res[, 1], se = res[, 2]), out, row.names = FALSE); cat(proc.time()[["elapsed"]] - t0)`;
    const rfile = join(dir, 'fit.R');
    writeFileSync(rfile, script);
    const outCsv = join(dir, 'out.csv');
    const r = spawnSync('Rscript', [rfile, outCsv, ...files], { encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0) {
      process.stdout.write(`SKIPPED R peer: Rscript failed: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}\n`);
      return;
    }
    const theirs = readFileSync(outCsv, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    const db = ours.map((o, i) => Math.abs(o.b - theirs[i][0]));
    const dse = ours.map((o, i) => Math.abs(o.se - theirs[i][1]) / theirs[i][1]);
    printTable(`Solver check: the same ${ours.length} demo SKU designs fitted by ours and by R glm(quasipoisson)`, [
      { metric: 'max |elasticity ours − R|', ours: Math.max(...db).toExponential(1), peer: '0', peerName: 'R glm (reference)', ratio: '—', target: '< 1e-4 (R stops at deviance tol 1e-8)' },
      { metric: 'max relative |SE ours − R|', ours: Math.max(...dse).toExponential(1), peer: '0', peerName: 'R glm (reference)', ratio: '—', target: '< 1e-4 (R stops at deviance tol 1e-8)' },
      { metric: 'fit time, all SKUs', ours: ours.reduce((a, o) => a + o.ms, 0), peer: Number(r.stdout.trim()) * 1000, peerName: 'R glm (incl. CSV reads)', unit: 'ms' },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function errors(est: ElasticityEstimate[], truth: Map<string, number>, onlyEstimated = false): number[] {
  return est.filter((e) => truth.has(e.key) && (!onlyEstimated || e.status === 'estimated')).map((e) => Math.abs(e.elasticity - (truth.get(e.key) as number)));
}

function benchDemo(): void {
  const demo = demoStore();
  if (!demo) return;
  const store = openStore(demo.path, { create: false });
  try {
    const truth = new Map((store.db.prepare(`SELECT key, value FROM demo_truth WHERE kind = 'elasticity' AND key NOT LIKE 'category:%'`).all() as { key: string; value: number }[]).map((r) => [r.key, r.value]));
    if (!truth.size) {
      process.stdout.write('SKIPPED demo part: the store has no demo_truth elasticities\n');
      return;
    }
    const t0 = Date.now();
    const ours = estimateStoreElasticities(store.db);
    const oursMs = Date.now() - t0;
    const series = loadStoreSeries(store.db);
    const t1 = Date.now();
    const naive = estimateElasticities(series, { useControls: false, shrink: false, method: 'ols' });
    const naiveMs = Date.now() - t1;
    const noShrink = estimateStoreElasticities(store.db, { shrink: false });
    rPeer(series, storeControlNames(store.db));
    const e = errors(ours.estimates, truth);
    const eEst = errors(ours.estimates, truth, true);
    const n = errors(naive.estimates, truth);
    const nEst = errors(naive.estimates, truth, true);
    const raw = errors(noShrink.estimates, truth, true);
    const covered = ours.estimates.filter((x) => truth.has(x.key) && x.lo <= (truth.get(x.key) as number) && (truth.get(x.key) as number) <= x.hi).length;
    const fallback = ours.estimates.filter((x) => x.status === 'fallback').length;
    printTable(`Elasticity on the demo store (${truth.size} SKUs with a true elasticity)`, [
      { metric: 'median |est − true|, all SKUs', ours: median(e), peer: median(n), peerName: 'naive log-log OLS (no controls, no shrinkage)', target: '≤ 0.3' },
      { metric: 'median |est − true|, SKUs estimated (not refused)', ours: median(eEst), peer: median(nEst), peerName: 'naive, SKUs it estimated' },
      { metric: 'median |est − true|, before shrinkage', ours: median(raw), peer: median(n), peerName: 'naive log-log OLS' },
      { metric: '90% interval covers the truth', ours: `${((100 * covered) / truth.size).toFixed(0)}%`, peer: '—', peerName: '(nominal 90%)', ratio: '—' },
      { metric: 'SKUs refused (prior used)', ours: String(fallback), peer: String(naive.estimates.filter((x) => x.status === 'fallback').length), peerName: 'naive refusals', ratio: '—' },
      { metric: 'time', ours: oursMs, peer: naiveMs, peerName: 'naive', unit: 'ms' },
    ]);
  } finally {
    store.close();
    demo.cleanup();
  }
}

/** Short, sparse demo stores (fresh seeds drawn now and printed): where pooling matters most and a bad prior shows. */
function benchShortStores(): void {
  const seeds = Array.from({ length: 3 }, () => 1000 + Math.floor(Math.random() * 1e6));
  process.stdout.write(`short demo stores, seeds drawn at run time: ${seeds.join(', ')}\n`);
  const rows = [];
  for (const [skus, days] of [[24, 200], [60, 400]]) {
    const ours: number[] = [];
    const naive: number[] = [];
    const alone: number[] = [];
    let covered = 0;
    let n = 0;
    for (const seed of seeds) {
      const dir = mkdtempSync(join(tmpdir(), 'desk-bench-elast-short-'));
      try {
        const path = join(dir, 'short.db');
        const r = spawnSync(process.execPath, ['bin/desk.js', 'demo', '--out', path, '--skus', String(skus), '--days', String(days), '--seed', String(seed), '--end', '2026-10-31', '--json'], { encoding: 'utf8', timeout: 600_000 });
        if (r.status !== 0) {
          process.stdout.write(`SKIPPED short store ${skus}×${days} seed ${seed}: desk demo failed (exit ${r.status})\n`);
          continue;
        }
        const store = openStore(path, { create: false });
        try {
          const truth = new Map((store.db.prepare(`SELECT key, value FROM demo_truth WHERE kind = 'elasticity' AND key NOT LIKE 'category:%'`).all() as { key: string; value: number }[]).map((x) => [x.key, x.value]));
          const o = estimateStoreElasticities(store.db);
          ours.push(...errors(o.estimates, truth));
          naive.push(...errors(estimateElasticities(loadStoreSeries(store.db), { useControls: false, shrink: false, method: 'ols' }).estimates, truth));
          alone.push(...errors(estimateStoreElasticities(store.db, { shrink: false }).estimates, truth, true));
          for (const e of o.estimates) {
            const t = truth.get(e.key);
            if (t === undefined) continue;
            n++;
            if (e.lo <= t && t <= e.hi) covered++;
          }
        } finally {
          store.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    if (!n) continue;
    rows.push(
      { metric: `median |est − true|, ${skus} SKUs × ${days} days`, ours: median(ours), peer: median(naive), peerName: 'naive log-log OLS', target: '≤ 0.5' },
      { metric: `same, each SKU fitted alone (no pooling)`, ours: median(ours), peer: median(alone), peerName: 'SKU fit alone (SKUs it estimated)' },
      { metric: `worst |est − true|, ${skus} SKUs × ${days} days`, ours: Math.max(...ours), peer: Math.max(...naive), peerName: 'naive log-log OLS' },
      { metric: `90% interval covers the truth, ${skus} × ${days}`, ours: `${((100 * covered) / n).toFixed(0)}%`, peer: '—', peerName: '(nominal 90%)', ratio: '—' },
    );
  }
  if (rows.length) printTable(`Elasticity on short demo stores (${seeds.length} fresh seeds each; all SKUs, refusals scored at their prior)`, rows);
}

async function benchRetail(): Promise<void> {
  const dir = await sharedData('pricing');
  if (!dir) return;
  const file = join(dir, 'retail_price.csv');
  if (!existsSync(file)) {
    process.stdout.write(`SKIPPED retail part: ${file} is absent\n`);
    return;
  }
  const table = await readTable(file);
  const cols = { price: 'unit_price', qty: 'qty', group: 'product_id', category: 'product_category_name', date: 'month_year' };
  const withC = csvSeries(table, { ...cols, controls: ['comp_1', 'comp_2', 'comp_3'] }, file);
  const without = csvSeries(table, cols, file);
  const a = estimateElasticities(withC.series, { controlNames: withC.controlNames });
  const b = estimateElasticities(without.series, {});
  const est = (r: typeof a): ElasticityEstimate[] => r.estimates.filter((e) => e.status === 'estimated');
  const neg = (r: typeof a): string => `${est(r).filter((e) => e.hi < 0).length}/${est(r).length}`;
  const width = (r: typeof a): number => median(est(r).map((e) => e.hi - e.lo));
  const rawMed = (r: typeof a): number => median(est(r).map((e) => e.raw as number));
  printTable(`Elasticity on retail_price.csv (${without.series.length} products, monthly)`, [
    { metric: 'products estimated (not refused)', ours: String(est(a).length), peer: String(est(b).length), peerName: 'without competitor controls' },
    { metric: 'median elasticity (shrunk)', ours: median(est(a).map((e) => e.elasticity)), peer: median(est(b).map((e) => e.elasticity)), peerName: 'without competitor controls' },
    { metric: 'median raw SKU estimate', ours: rawMed(a), peer: rawMed(b), peerName: 'without competitor controls' },
    { metric: '90% interval entirely below 0', ours: neg(a), peer: neg(b), peerName: 'without competitor controls', ratio: '—' },
    { metric: 'median 90% interval width', ours: width(a), peer: width(b), peerName: 'without competitor controls' },
  ]);
}

/** Runs both parts; DESK_BENCH_STORE=FILE uses an existing demo store instead of generating one. */
export async function run(): Promise<void> {
  benchDemo();
  benchShortStores();
  await benchRetail();
}
