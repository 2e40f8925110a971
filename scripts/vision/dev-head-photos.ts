/**
 * Development measurement (not a test): does the fine-tuned head help visual search on REAL photos when the store has
 * several real photos per product, so the job's keep-or-drop check uses held-out photos, not augmented views?
 * Data: ../shared/data/product_images/grocery_fruit. Per product: its catalogue photo plus its first two shelf photos
 * (file-name order) are the store's images (the second shelf photo is what the job holds out); its other shelf photos
 * are the searches, never seen by training or by the check. Usage: node --import tsx scripts/vision/dev-head-photos.ts
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBackbone } from '../../models/vision/backbones';
import { decodeRgb } from '../../engine/vision/decode';
import { finetuneCatalogue } from '../../engine/vision/finetune';

const ROOT = join(process.cwd(), '../shared/data/product_images/grocery_fruit');
if (!existsSync(ROOT)) {
  console.log(`skipped: ${ROOT} is absent`);
  process.exit(0);
}
const backbone = process.argv[2] ?? 'mb3_centernet+colour';
const labels = readdirSync(join(ROOT, 'gallery')).sort();
const catalogue: Buffer[] = [];
const others: Buffer[][] = [];
const searches: { item: number; b: Buffer }[] = [];
labels.forEach((l, i) => {
  const g = readdirSync(join(ROOT, 'gallery', l)).sort()[0];
  catalogue.push(readFileSync(join(ROOT, 'gallery', l, g)));
  // Products without shelf photos stay in the catalogue as distractors.
  const qd = join(ROOT, 'queries', l);
  const q = existsSync(qd) ? readdirSync(qd).sort().map((f) => readFileSync(join(qd, f))) : [];
  others.push(q.slice(0, 2));
  for (const b of q.slice(2)) searches.push({ item: i, b });
});

const dot = (a: Float32Array, b: Float32Array): number => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; };
/** Each search's reciprocal rank of its product, a product scored by its best image (as search does). */
function mrr(images: Float32Array[], imageItem: number[], qs: Float32Array[]): { map: number; r1: number } {
  let sum = 0, top = 0;
  qs.forEach((q, k) => {
    const best = new Map<number, number>();
    images.forEach((v, j) => best.set(imageItem[j], Math.max(best.get(imageItem[j]) ?? -2, dot(v, q))));
    const mine = best.get(searches[k].item)!;
    const rank = [...best.entries()].filter(([it, s]) => it !== searches[k].item && s > mine).length;
    sum += 1 / (rank + 1);
    if (rank === 0) top++;
  });
  return { map: sum / qs.length, r1: top / qs.length };
}

void (async () => {
  const bb = await loadBackbone(backbone);
  const t0 = performance.now();
  const r = await finetuneCatalogue(bb, catalogue, { otherPhotos: others });
  const emb = async (bufs: Buffer[]): Promise<Float32Array[]> => {
    const out: Float32Array[] = [];
    for (let i = 0; i < bufs.length; i += 8) out.push(...bb.embed(await Promise.all(bufs.slice(i, i + 8).map((b) => decodeRgb(b, bb.inputSize)))));
    return out;
  };
  const storeBufs = catalogue.flatMap((c, i) => [c, ...others[i]]);
  const storeItem = catalogue.flatMap((_, i) => [i, ...others[i].map(() => i)]);
  const store = await emb(storeBufs);
  const qs = await emb(searches.map((s) => s.b));
  const base = mrr(store, storeItem, qs);
  const mixes = [0.25, 0.5, 0.75].map((m) => ({ m, ...mrr(r.head.apply(store, m), storeItem, r.head.apply(qs, m)) }));
  console.log(JSON.stringify({ backbone, products: labels.length, storeImages: store.length, searches: qs.length, heldOutKind: r.heldOutKind, heldOutBase: r.heldOutBase, heldOutTuned: r.heldOutTuned, kept: r.kept, mixChosen: r.head.mix,
    searchBase: base, searchWithChosenHead: r.kept ? mrr(r.head.apply(store), storeItem, r.head.apply(qs)) : base, allMixes: mixes, seconds: (performance.now() - t0) / 1000 }, null, 1));
  r.head.dispose();
  bb.dispose();
})();
