/**
 * Development measurement (not a test): how can a photo search tell "no close match in your catalogue"? Each grocery
 * shelf photo (../shared/data/product_images/grocery_fruit/queries) is searched as the screen searches it (main object
 * detected and cropped, default backbone), once among the 28 fruit catalogue photos ("should match": its fruit is
 * there) and once among an indexed demo store's photos ("should not match": a fashion store sells no fruit). Each
 * product is scored by its closest photo, as visualSearch does. Writes every query's sorted product scores, and the demo
 * store's own calibration (each photo's closest photo of another product, and of the same product), as JSON; then
 * chooses how far the best match must stand out on the 'select' half of the labels and reports the shipped rule
 * (engine/vision/close-match.ts) on the 'report' half. With --reuse an existing OUT.json is read instead of searching.
 * Usage: [SHARED_DIR=DIR] node --import tsx scripts/vision/dev-no-match.ts DEMO_STORE_INDEXED.db OUT.json [--reuse]
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { closeness, REST, sameProductLevel } from '../../engine/vision/close-match';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadBackbone } from '../../models/vision/backbones';
import { decodeRgb } from '../../engine/vision/decode';
import { DEFAULT_BACKBONE, loadStoredVectors } from '../../engine/vision/embeddings';
import { labelHalf } from '../../engine/vision/evaluate';
import { embedQuery } from '../../engine/vision/query/embed';

// ../shared beside the checkout, or SHARED_DIR where the checkout lives elsewhere.
const ROOT = join(process.env.SHARED_DIR ?? join(process.cwd(), '../shared'), 'data/product_images/grocery_fruit');
const [storePath, outPath] = process.argv.slice(2);
if (!existsSync(ROOT) || !storePath || !outPath) {
  console.log(`usage: dev-no-match.ts STORE OUT (data at ${ROOT})`);
  process.exit(0);
}

const dot = (a: Float32Array, b: Float32Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** Product scores of a query, best first: each product by its closest image. */
function productScores(q: Float32Array, vecs: Float32Array[], prod: number[]): { p: number; s: number }[] {
  const best = new Map<number, number>();
  vecs.forEach((v, i) => best.set(prod[i], Math.max(best.get(prod[i]) ?? -2, dot(v, q))));
  return [...best.entries()].map(([p, s]) => ({ p, s })).sort((a, b) => b.s - a.s);
}

type Query = { label: string; file: string; half: string; cropSource: string; fruit: { s: number; own: boolean }[]; demo: number[] };

async function measure(): Promise<void> {
  const labels = readdirSync(join(ROOT, 'gallery')).sort();
  const bb = await loadBackbone(DEFAULT_BACKBONE);
  const gVecs: Float32Array[] = [];
  const gProd: number[] = [];
  for (const [i, l] of labels.entries()) {
    for (const f of readdirSync(join(ROOT, 'gallery', l)).sort()) {
      gVecs.push(bb.embed([await decodeRgb(readFileSync(join(ROOT, 'gallery', l, f)), bb.inputSize)])[0]);
      gProd.push(i);
    }
  }
  const db = new Database(storePath, { readonly: true });
  const demo = loadStoredVectors(db, DEFAULT_BACKBONE);
  const dProd = demo.productIds.map((p) => p ?? -1);
  // The store's own calibration: each photo's closest photo of another product and of the same product.
  const calib = demo.vectors.map((v, i) => {
    let other = -2, same = -2;
    demo.vectors.forEach((w, j) => {
      if (j === i) return;
      const s = dot(v, w);
      if (dProd[j] === dProd[i]) same = Math.max(same, s);
      else other = Math.max(other, s);
    });
    return { other, same: same > -2 ? same : null };
  });
  const queries: Query[] = [];
  for (const l of readdirSync(join(ROOT, 'queries')).sort()) {
    for (const f of readdirSync(join(ROOT, 'queries', l)).sort()) {
      const q = await embedQuery(readFileSync(join(ROOT, 'queries', l, f)), { backbone: DEFAULT_BACKBONE });
      const own = labels.indexOf(l);
      queries.push({
        label: l,
        file: f,
        half: labelHalf(l),
        cropSource: q.cropSource,
        fruit: productScores(q.vector, gVecs, gProd).map((r) => ({ s: r.s, own: r.p === own })),
        demo: productScores(q.vector, demo.vectors, dProd).map((r) => r.s),
      });
      process.stderr.write('.');
    }
  }
  writeFileSync(outPath, JSON.stringify({ backbone: DEFAULT_BACKBONE, demoImages: demo.vectors.length, calib, queries }));
  console.log(`\nwrote ${queries.length} queries, ${calib.length} calibration photos to ${outPath}`);
  bb.dispose();
  db.close();
}

/** The demo store's own JPEG views searched among its other photos (each view left out): they should all match. */
function demoViews(): number[][] {
  const db = new Database(storePath, { readonly: true });
  const s = loadStoredVectors(db, DEFAULT_BACKBONE);
  const jpeg = new Set((db.prepare("SELECT id FROM images WHERE mime = 'image/jpeg'").all() as { id: number }[]).map((r) => r.id));
  db.close();
  const prod = s.productIds.map((p) => p ?? -1);
  return s.vectors.flatMap((q, i) => (jpeg.has(s.imageIds[i]) ? [productScores(q, s.vectors.filter((_, j) => j !== i), prod.filter((_, j) => j !== i)).map((r) => r.s)] : []));
}

function analyse(): void {
  const data = JSON.parse(readFileSync(outPath, 'utf8')) as { calib: { same: number | null }[]; queries: Query[] };
  const db = new Database(storePath, { readonly: true });
  const demo = loadStoredVectors(db, DEFAULT_BACKBONE);
  db.close();
  const level = sameProductLevel(demo.productIds, demo.vectors);
  const demoProducts = new Set(demo.productIds).size;
  const fruitLevel = sameProductLevel([], []); // one catalogue photo per fruit: the default level
  const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
  const gap = (sc: number[]): number => sc[0] - mean(sc.slice(1, 1 + REST));
  const desc = (a: number[]): number[] => [...a].sort((x, y) => y - x);
  const sets = data.queries.map((q) => ({ half: q.half, fruit: q.fruit.map((r) => r.s), mixed: desc([...q.fruit.map((r) => r.s), ...q.demo]), demo: q.demo, top1: q.fruit[0].own }));
  const closeAt = (sc: number[], lv: number, t: number): boolean => sc[0] >= lv || gap(sc) >= t;
  const rate = (b: boolean[]): number => b.filter(Boolean).length / b.length;
  // Chosen on the select half: should-match (fruit among the fruit catalogue, and among fruit + demo, the same size as
  // the demo) against should-not-match (fruit among the demo store's products).
  const sel = sets.filter((x) => x.half === 'select');
  let best = { t: 0, j: -Infinity };
  for (const t of [...new Set(sel.flatMap((x) => [gap(x.fruit), gap(x.mixed), gap(x.demo)]))].sort((a, b) => a - b)) {
    const j = (rate(sel.map((x) => closeAt(x.fruit, fruitLevel, t))) + rate(sel.map((x) => closeAt(x.mixed, level, t)))) / 2 - rate(sel.map((x) => closeAt(x.demo, level, t)));
    if (j > best.j) best = { t, j };
  }
  console.log(`demo store level ${level.toFixed(4)} (${demoProducts} products); stands-out threshold chosen on select: ${best.t.toFixed(4)}`);
  // The shipped rule, as search applies it.
  const shipped = (sc: number[], lv: number, products: number): boolean => closeness(sc.slice(0, 1 + REST), lv, products)?.close ?? false;
  for (const half of ['select', 'report']) {
    const h = sets.filter((x) => x.half === half);
    const n = (b: boolean[]): string => `${b.filter(Boolean).length}/${b.length}`;
    console.log(`${half}: fruit catalogue, said close ${n(h.map((x) => shipped(x.fruit, fruitLevel, x.fruit.length)))} (and top-1 right ${n(h.map((x) => shipped(x.fruit, fruitLevel, x.fruit.length) && x.top1))}); fruit + demo catalogue, said close ${n(h.map((x) => shipped(x.mixed, level, x.mixed.length)))}; demo catalogue, said no close match ${n(h.map((x) => !shipped(x.demo, level, demoProducts)))}`);
  }
  const views = demoViews();
  console.log(`demo store's own views among its other photos: said close ${views.filter((v) => shipped(v, level, demoProducts)).length}/${views.length}`);
}

void (async () => {
  if (!(process.argv.includes('--reuse') && existsSync(outPath))) await measure();
  analyse();
})();
