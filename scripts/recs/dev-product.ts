/**
 * Development: trains the Transformer exactly as `desk recs evaluate --interactions FILE --format csv --user userId
 * --item movieId --time timestamp --models sasrec --seed N` does (the product's ensemble, time cap and threads) and
 * writes the ensemble's score rows for the validation and the test histories of every evaluated customer to
 * OUT/seed-N.valid.f32 and .test.f32 (Float32, customers × items, split.evalUsers order), plus OUT/seed-N.json with the
 * product's own tail-control report (chosen on validation, measured on test) — so tail-control forms can be compared
 * on the same trained model later (dev-tail.ts) without training again.
 * Usage: npx tsx scripts/recs/dev-product.ts ratings.csv SEED OUTDIR [MODEL] (MODEL: sasrec by default; a baseline's
 * rows, e.g. cooc, are quick to check this script and dev-tail.ts with)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRODUCT_ENSEMBLE } from '../../engine/recs/ensemble';
import { evaluateModels } from '../../engine/recs/evaluate';
import { isModelName } from '../../engine/recs/registry';
import { writeScoreRows } from './score-rows';
import { movieLens } from './dev-data';

async function main(): Promise<void> {
  const [file, seedArg, out, modelArg = 'sasrec'] = process.argv.slice(2);
  if (!isModelName(modelArg)) throw new Error(`unknown model ${modelArg}`);
  const seed = Number(seedArg);
  const d = await movieLens(file);
  const t0 = Date.now();
  const rows = await evaluateModels(d, {
    models: [modelArg],
    protocol: 'full',
    seed,
    tailControl: true,
    modelOptions: { sasrec: { ensemble: PRODUCT_ENSEMBLE } },
    onTrained: (_name, model, split) => writeScoreRows(model, d, split, out, seed),
  });
  const info = { seed, wallSeconds: (Date.now() - t0) / 1000, rssMb: process.memoryUsage().rss / 2 ** 20, row: rows[0] };
  writeFileSync(join(out, `seed-${seed}.json`), JSON.stringify(info, null, 1));
  const r = rows[0];
  process.stdout.write(`seed ${seed}: NDCG@10 ${r.ndcg.toFixed(4)} (validation ${r.validNdcg.toFixed(4)}), members ${r.members}, ${r.trainSeconds.toFixed(0)} s; tail ${r.tailControl?.form} γ ${r.tailControl?.gamma}\n`);
}
void main();
