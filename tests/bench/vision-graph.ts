/**
 * Graph re-ranking on the demo store (part of `npm run bench -- vision`): a demo shop with images is indexed with the
 * default backbone; the weight of the co-view / co-purchase graph is chosen on a dev month and reported on the
 * following month, each month scored against the graph built from history before it.
 */
import { join } from 'node:path';
import { Engine } from '../../engine/engine';
import { DEFAULT_BACKBONE } from '../../engine/vision/embeddings';
import { chooseWeight, evaluateGraphRerank, type GraphEvalRow } from '../../engine/vision/graph/evaluate';
import { DEFAULT_GRAPH_WEIGHT } from '../../engine/vision/graph/rerank';
import { tempDir } from '../unit/helpers';
import type { BenchRow } from './table';

const WEIGHTS = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 1];
const END = '2026-11-30';
const DEV = { graphBefore: '2026-10-01', from: '2026-10-01', to: '2026-10-31' };
const REPORT = { graphBefore: '2026-10-31', from: '2026-10-31', to: '2026-12-01' };

const fmt = (r: GraphEvalRow): string => `${r.boughtTogether.toFixed(4)} / ${r.viewedTogether.toFixed(3)} / ${r.meanVisual.toFixed(3)} / ${r.keptVisual.toFixed(2)}`;
const gain = (g: number, se: number): string => `${g >= 0 ? '+' : ''}${g.toFixed(4)} ± ${se.toFixed(4)}`;

/** Adds the graph re-ranking rows: every weight on dev and report, the weight dev picks, and the shipped default. */
export async function graphRerank(rows: BenchRow[], skus: number): Promise<void> {
  const t = tempDir('desk-bench-vgraph-');
  const engine = new Engine({ dataDir: t.dir, lang: 'en' });
  try {
    const job = await engine.invoke('demo.create', { path: join(t.dir, 'demo.db'), skus, days: 240, end: END });
    if ((await engine.jobs.wait(job.jobId)).status !== 'succeeded') throw new Error('demo store generation failed');
    const t0 = performance.now();
    const ix = await engine.invoke('images.index', { backbone: DEFAULT_BACKBONE });
    const done = await engine.jobs.wait(ix.jobId);
    if (done.status !== 'succeeded') throw new Error(`indexing failed: ${JSON.stringify(done.error)}`);
    const images = (engine.store.db.prepare('SELECT count(*) AS n FROM images WHERE product_id IS NOT NULL').get() as { n: number }).n;
    process.stderr.write(`indexed ${images} demo images in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
    const dev = evaluateGraphRerank(engine.store.db, DEFAULT_BACKBONE, DEV, WEIGHTS, 10);
    const rep = evaluateGraphRerank(engine.store.db, DEFAULT_BACKBONE, REPORT, WEIGHTS, 10);
    const chosen = chooseWeight(dev, 'bought');
    const tag = `demo ${skus} SKUs, ${images} images, top 10 of ${DEFAULT_BACKBONE} neighbours ×3 re-ranked`;
    for (const [name, set] of [['dev Oct', dev], ['report Nov', rep]] as const) {
      const base = set[0];
      for (const r of set.slice(1)) {
        rows.push({ metric: `weight ${r.weight}, ${name}: bought-together / viewed-together / mean cosine / visual top-10 kept (${set[0].anchorsBought} / ${set[0].anchorsViewed} anchors)`, ours: fmt(r), peer: fmt(base), peerName: 'weight 0 (visual order)', ratio: `bought ${gain(r.boughtGain, r.boughtGainSe)}; viewed ${gain(r.viewedGain, r.viewedGainSe)}` });
      }
    }
    const pick = rep.find((r) => r.weight === chosen) ?? rep[0];
    rows.push({ metric: `weight chosen on dev (bought-together, gain > 2 SE): ${chosen}; report month, ${tag}`, ours: fmt(pick), peer: fmt(rep[0]), peerName: 'weight 0 (visual order)', ratio: chosen === DEFAULT_GRAPH_WEIGHT ? 'matches the shipped default' : `shipped default is ${DEFAULT_GRAPH_WEIGHT}` });
  } finally {
    await engine.close();
    t.cleanup();
  }
}
