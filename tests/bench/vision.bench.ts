/**
 * `npm run bench -- vision`: embedding speed, index query latency / recall / build cost at 1k, 10k and 100k vectors,
 * and retrieval quality on the grocery photos (../shared/data) for every backbone next to the colour histogram.
 */
import { join } from 'node:path';
import { loadBackbone } from '../../models/vision/backbones';
import { selectBackend } from '../../models/backend';
import { renderImages } from '../../engine/demo/images';
import { generateProducts } from '../../engine/demo/products';
import { decodeRgb } from '../../engine/vision/decode';
import { DEFAULT_BACKBONE } from '../../engine/vision/embeddings';
import { evaluateFolders, type EvaluateRow } from '../../engine/vision/evaluate';
import { VectorIndex } from '../../engine/vision/index/ann';
import { printTable, sharedData, type BenchRow } from './table';
import { graphRerank } from './vision-graph';
import { randomUnit } from '../unit/vector-fixture';

const p95 = (ms: number[]): number => [...ms].sort((a, b) => a - b)[Math.floor(ms.length * 0.95)];

async function speed(rows: BenchRow[]): Promise<void> {
  const backend = await selectBackend();
  const products = generateProducts(3, 32, 30);
  const rendered = await renderImages(products, () => undefined, () => false);
  for (const [name, peer] of [[DEFAULT_BACKBONE, 'colour']] as const) {
    const rate = async (n: string): Promise<number> => {
      const bb = await loadBackbone(n);
      try {
        const imgs = await Promise.all(rendered.map((r) => decodeRgb(r.png, bb.inputSize)));
        bb.embed(imgs.slice(0, 8));
        const t0 = performance.now();
        for (let i = 0; i < imgs.length; i += 8) bb.embed(imgs.slice(i, i + 8));
        return imgs.length / ((performance.now() - t0) / 1000);
      } finally {
        bb.dispose();
      }
    };
    rows.push({ metric: `embeddings/s, ${name} (${backend.name}, 32 demo images, batches of 8)`, ours: await rate(name), peer: await rate(peer), peerName: 'colour histogram', unit: '/s' });
  }
}

/**
 * Catalogue-like vectors: one centre per design and a few photos around it (noise 0.35), so neighbours exist as
 * they do for real embeddings (uniform random vectors have none: every point is about as far as every other).
 */
function clustered(n: number, dim: number, seed: number): Float32Array[] {
  const centres = randomUnit(Math.max(1, Math.floor(n / 4)), dim, seed);
  const noise = randomUnit(n, dim, seed + 1);
  return noise.map((e, i) => {
    const c = centres[i % centres.length];
    const v = c.map((x, k) => x + 0.35 * e[k]);
    let len = 0;
    for (const x of v) len += x * x;
    len = Math.sqrt(len);
    return v.map((x) => x / len);
  });
}

function indexScale(rows: BenchRow[], n: number, dim: number): void {
  const vecs = clustered(n, dim, n);
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const { index } = VectorIndex.fromVectors(dim, vecs.map((_, i) => i + 1), vecs);
  const build = (performance.now() - t0) / 1000;
  const mem = (process.memoryUsage().rss - rss0) / 1e6;
  const queries = clustered(200, dim, n).map((v, i) => {
    // A new photo of a catalogued design: its centre plus fresh noise.
    const e = randomUnit(1, dim, 1000 + i)[0];
    return v.map((x, k) => x + 0.2 * e[k]);
  });
  const annMs: number[] = [];
  const exactMs: number[] = [];
  let found = 0;
  for (const q of queries) {
    let t = performance.now();
    const a = index.search(q, 10);
    annMs.push(performance.now() - t);
    t = performance.now();
    const e = new Set(index.search(q, 10, { exact: true }).map((h) => h.key));
    exactMs.push(performance.now() - t);
    found += a.filter((h) => e.has(h.key)).length;
  }
  const tag = `${(n / 1000).toFixed(0)}k × ${dim}-d clustered`;
  rows.push({ metric: `query p95 top-10, ${tag} (${index.approximate ? 'HNSW' : 'exact'})`, ours: p95(annMs), peer: p95(exactMs), peerName: 'exact brute force', unit: 'ms', target: n === 100_000 ? '< 20 ms' : '' });
  rows.push({ metric: `query p50 top-10, ${tag} (${index.approximate ? 'HNSW' : 'exact'})`, ours: [...annMs].sort((a, b) => a - b)[Math.floor(annMs.length / 2)], peer: [...exactMs].sort((a, b) => a - b)[Math.floor(exactMs.length / 2)], peerName: 'exact brute force', unit: 'ms' });
  rows.push({ metric: `recall@10 vs exact, ${tag}`, ours: found / (queries.length * 10), peer: 1, peerName: 'exact', target: '≥ 0.95' });
  rows.push({ metric: `index build, ${tag}`, ours: build, peer: '—', peerName: `RSS +${mem.toFixed(0)} MB`, unit: 's', ratio: '—' });
}

function qualityRows(rows: BenchRow[], evals: EvaluateRow[]): void {
  const base = evals.find((r) => r.backbone === 'colour');
  if (!base) return;
  for (const r of evals) {
    for (const set of ['select', 'report'] as const) {
      rows.push({ metric: `${r.backbone}${r.finetuned ? ' fine-tuned' : ''} R@1 / R@5 / mAP (${set} half, ${r[set].queries} queries)`, ours: `${r[set].recallAt1.toFixed(3)} / ${r[set].recallAt5.toFixed(3)} / ${r[set].mAP.toFixed(3)}`, peer: `${base[set].recallAt1.toFixed(3)} / ${base[set].recallAt5.toFixed(3)} / ${base[set].mAP.toFixed(3)}`, peerName: 'colour histogram', ratio: base[set].mAP ? `${(r[set].mAP / base[set].mAP).toFixed(2)}x mAP` : '—' });
    }
    if (r.finetune) rows.push({ metric: `${r.backbone} fine-tuning: held-out augmented-view mAP, kept?`, ours: `${r.finetune.heldOutTuned.toFixed(3)} (mix ${r.finetune.mix}, ${r.finetune.kept ? 'kept' : 'not kept'}, ${r.finetune.seconds.toFixed(0)} s)`, peer: r.finetune.heldOutBase.toFixed(3), peerName: 'same backbone, no head', ratio: '—' });
    rows.push({ metric: `${r.backbone}${r.finetuned ? ' fine-tuned' : ''} ms per embedding / per query`, ours: `${r.msPerEmbedding.toFixed(0)} / ${r.msPerQuery.toFixed(0)}`, peer: `${base.msPerEmbedding.toFixed(0)} / ${base.msPerQuery.toFixed(0)}`, peerName: 'colour histogram', ratio: `${(r.msPerEmbedding / base.msPerEmbedding).toFixed(1)}x` });
  }
}

/**
 * Runs the vision benchmark. Args: `--skip-quality`, `--skip-scale`, `--skip-graph`, `--small`, `--dim N` (scale
 * vectors, default 464), `--graph-skus N` (demo store of the graph re-ranking rows, default 150).
 */
export async function run(args: string[]): Promise<void> {
  const rows: BenchRow[] = [];
  await speed(rows);
  if (!args.includes('--skip-scale')) {
    const dimArg = args.indexOf('--dim');
    // The default backbone's width (272 CNN + 192 colour).
    const dim = dimArg >= 0 ? Number(args[dimArg + 1]) : 464;
    const sizes = args.includes('--small') ? [1000, 10_000] : [1000, 10_000, 100_000];
    for (const n of sizes) indexScale(rows, n, dim);
  }
  printTable('Visual search: speed and index (synthetic catalogue-like vectors for the index rows)', rows);
  if (!args.includes('--skip-graph')) {
    const g: BenchRow[] = [];
    const skuArg = args.indexOf('--graph-skus');
    await graphRerank(g, skuArg >= 0 ? Number(args[skuArg + 1]) : 150);
    printTable('Visual search by product: co-view / co-purchase re-ranking on the demo store (weight chosen on Oct, reported on Nov)', g);
  }
  if (args.includes('--skip-quality')) return;
  const dir = await sharedData('product_images/grocery_fruit');
  if (!dir) return;
  // Fine-tuning is measured for the default backbone and the colour baseline (the CNNs cost minutes per run).
  const evals = await evaluateFolders(join(dir, 'gallery'), join(dir, 'queries'), undefined, (r) => process.stderr.write(`evaluated ${r.backbone}${r.finetuned ? ' fine-tuned' : ''}\n`), [DEFAULT_BACKBONE, 'colour']);
  const q: BenchRow[] = [];
  qualityRows(q, evals);
  printTable('Visual search: retrieval on grocery shelf photos → catalogue images (labels split in halves by hash; the default was picked on "select")', q);
}
